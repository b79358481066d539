"""Account pages: my security settings, user management within one's area, the security log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from safecampus.core.access import Perm, Role, holds_any_perm, needs_second_factor, perm_paths, scope_q
from safecampus.core.forms import add_service_errors
from safecampus.core.views_history import history_rows
from safecampus.orgs.models import Membership, OrgUnit

from .forms import MembershipForm, PasswordResetForm, UserCreateForm, UserEditForm
from .models import AuthEvent, User
from .services import (
    can_manage_user,
    create_user,
    grant_membership,
    is_locked,
    reset_password,
    reset_second_factor,
    revoke_membership,
    set_user_active,
    unlock_account,
    update_user,
)


def _require_manager(user: User) -> None:
    if not holds_any_perm(user, Perm.MANAGE_USERS):
        raise PermissionDenied(_("Your role does not manage accounts."))


@login_required
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "memberships": Membership.objects.filter(user=user).select_related("org"),
        "has_device": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "second_factor_required": needs_second_factor(user),
        "events": AuthEvent.objects.filter(user=user)[:10],
    }
    return render(request, "accounts/security.html", context)


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    users = User.objects.visible_to(request.user).exclude(is_superuser=True)
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(phone__startswith=q))
    org_id = request.GET.get("org")
    org = None
    if org_id and org_id.isdigit():
        org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=org_id)
        users = users.filter(pk__in=Membership.objects.within(org.path).values("user_id"))
    role = request.GET.get("role", "")
    # Only the roles held inside the viewer's area count, for the filter and for what the rows show.
    visible_roles = Membership.objects.visible_to(request.user)
    if role in Role.values:
        users = users.filter(pk__in=visible_roles.filter(role=role).values("user_id"))
    page = Paginator(users.order_by("username"), 50).get_page(request.GET.get("page"))
    memberships = visible_roles.filter(user__in=[u.pk for u in page]).select_related("org")
    by_user: dict[int, list[Membership]] = {}
    for membership in memberships:
        by_user.setdefault(membership.user_id, []).append(membership)
    rows = [{"user": u, "memberships": by_user.get(u.pk, [])} for u in page]
    template = "accounts/_user_rows.html" if request.htmx else "accounts/user_list.html"
    return render(
        request, template, {"page": page, "rows": rows, "q": q, "org": org, "role": role, "roles": Role.choices}
    )


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    initial = {}
    if request.GET.get("org"):
        org = OrgUnit.objects.visible_to(request.user).filter(pk=request.GET["org"]).first()
        initial["org_code"] = org.code if org else ""
    form = UserCreateForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = create_user(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                org=data["org_code"],
                role=data["role"],
                fields={k: data[k] for k in ("full_name", "phone", "email")},
            )
        except ValidationError as error:
            add_service_errors(form, error, {"org": "org_code"})
        else:
            messages.success(
                request,
                _(
                    "Account %(username)s created. Give the user the initial password; "
                    "they must change it at first login."
                )
                % {"username": user.username},
            )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "title": _("New user")})


def _managed_user(request: HttpRequest, pk: int) -> User:
    """The account, if in the viewer's area (else 404), for a viewer who manages accounts (else 403)."""
    user = get_object_or_404(User.objects.visible_to(request.user).exclude(is_superuser=True), pk=pk)
    _require_manager(request.user)
    return user


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _managed_user(request, pk)
    # Roles the account holds outside the viewer's area are not the viewer's business.
    memberships = Membership.objects.visible_to(request.user).filter(user=user).select_related("org", "granted_by")
    manageable = set(
        Membership.objects.restrict(request.user, Perm.MANAGE_USERS).filter(user=user).values_list("pk", flat=True)
    )
    membership_history = (
        Membership.history.filter(user_id=user.pk)
        .filter(scope_q(request.user, "org_path"))
        .select_related("history_user", "org")
    )
    context = {
        "target": user,
        "memberships": memberships,
        "manageable": manageable,
        "can_manage": can_manage_user(request.user, user),
        "membership_form": MembershipForm(actor=request.user),
        "reset_form": PasswordResetForm(),
        "history": history_rows(user)[:50],
        "membership_history": membership_history.order_by("-history_date")[:50],
        "events": AuthEvent.objects.filter(user=user)[:20],
        "locked": is_locked(user),
        "has_device": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
    }
    return render(request, "accounts/user_detail.html", context)


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _managed_user(request, pk)
    form = UserEditForm(request.POST or None, instance=User.objects.get(pk=user.pk))
    if request.method == "POST" and form.is_valid():
        try:
            update_user(user, actor=request.user, fields=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "title": _("Edit %(name)s") % {"name": user}})


@login_required
@require_POST
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _managed_user(request, pk)
    form = MembershipForm(request.POST, actor=request.user)
    if form.is_valid():
        org, role = form.cleaned_data["org_code"], form.cleaned_data["role"]
        if Membership.objects.filter(user=user, org=org, role=role).exists():
            messages.info(request, _("The account already holds this role."))
            return redirect("accounts:user_detail", pk=user.pk)
        try:
            grant_membership(actor=request.user, user=user, org=org, role=role)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Role granted."))
    else:
        messages.error(request, " ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()))
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def membership_revoke(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    user = _managed_user(request, pk)
    membership = get_object_or_404(Membership.objects.visible_to(request.user), pk=membership_id, user=user)
    try:
        revoke_membership(membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:user_detail", pk=user.pk)
    messages.success(request, _("Role removed. The change is kept in the history."))
    if not User.objects.visible_to(request.user).filter(pk=user.pk).exists():
        return redirect("accounts:user_list")
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    user = _managed_user(request, pk)
    unlock_account(user, actor=request.user)
    messages.success(request, _("The lock is lifted; the user can log in again."))
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def user_reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    user = _managed_user(request, pk)
    reset_second_factor(user, actor=request.user)
    messages.success(
        request,
        _(
            "The authenticator app was removed; if their role requires a second factor, "
            "the user sets up a new one at next login."
        ),
    )
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    user = _managed_user(request, pk)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            reset_password(user, actor=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Temporary password set; the user must change it at next login."))
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    user = _managed_user(request, pk)
    active = request.POST.get("active") == "1"
    set_user_active(user, actor=request.user, active=active)
    messages.success(request, _("Account enabled.") if active else _("Account disabled."))
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    """Security events of accounts in the viewer's area (all events for the top level)."""
    paths = perm_paths(request.user, Perm.VIEW_AUDIT)
    if paths is not None and not paths:
        raise PermissionDenied(_("Your role does not include the security log."))
    events = AuthEvent.objects.select_related("user")
    if paths is not None:
        events = events.filter(user_id__in=Membership.objects.restrict(request.user, Perm.VIEW_AUDIT).values("user_id"))
    kind = request.GET.get("kind", "")
    if kind in AuthEvent.Kind.values:
        events = events.filter(kind=kind)
    q = request.GET.get("q", "").strip()
    if q:
        events = events.filter(username__icontains=q)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit.html", {"page": page, "kind": kind, "q": q, "kinds": AuthEvent.Kind.choices})
