from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from safecampus.core.access import Perm, has_perm
from safecampus.core.forms import add_service_errors

from .filters import OrgUnitFilter
from .forms import SchoolProfileForm
from .models import Level, Membership, OrgUnit, School, SchoolKind
from .services import update_school


def breadcrumb(user: object, org: OrgUnit) -> list[dict[str, object]]:
    """The node's ancestors; only those inside the user's scope are links."""
    visible = set(OrgUnit.objects.visible_to(user).filter(path__in=org.ancestor_paths()).values_list("pk", flat=True))
    ancestors = OrgUnit.objects.filter(path__in=org.ancestor_paths()).order_by("depth")
    return [{"org": node, "link": node.pk in visible and node.pk != org.pk} for node in ancestors]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    nodes = OrgUnit.objects.home_nodes(request.user)
    if len(nodes) == 1:
        return redirect("orgs:detail", pk=nodes[0].pk)
    return render(request, "orgs/home.html", {"nodes": nodes})


@login_required
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    user = request.user
    context: dict[str, object] = {"org": org, "crumbs": breadcrumb(user, org)}
    if org.is_school:
        context["school"] = School.objects.filter(org=org).first()
        context["can_edit"] = has_perm(user, Perm.EDIT_SCHOOL_PROFILE, org)
    else:
        schools = School.objects.within(org.path)
        context["kind_counts"] = _kind_counts(schools)
        context["school_total"] = sum(row["count"] for row in context["kind_counts"])
    context["members"] = Membership.objects.filter(org=org).select_related("user")
    context["can_manage_users"] = has_perm(user, Perm.MANAGE_USERS, org)
    context.update(_children_context(request, org))
    if request.htmx and request.htmx.target == "children":
        return render(request, "orgs/_children.html", context)
    return render(request, "orgs/detail.html", context)


@login_required
def org_children(request: HttpRequest, pk: int) -> HttpResponse:
    """The children table alone, for htmx search and paging."""
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    return render(request, "orgs/_children.html", {"org": org, **_children_context(request, org)})


def _children_context(request: HttpRequest, org: OrgUnit) -> dict[str, object]:
    params = request.GET.copy()
    searching = bool(params.get("q", "").strip() or params.get("kind"))
    if not searching:
        params["parent"] = str(org.pk)
    else:
        params["org"] = str(org.pk)  # a search looks through the whole subtree
    params.pop("page", None)
    base = OrgUnit.objects.visible_to(request.user).exclude(pk=org.pk).select_related("school")
    filtered = OrgUnitFilter(params, queryset=base, request=request)
    if not filtered.is_valid():
        # A hand-made URL with an unknown kind or level finds nothing rather than everything.
        queryset = base.none()
    else:
        queryset = filtered.qs.order_by("level", "code") if searching else filtered.qs.order_by("code")
    if searching:
        queryset = queryset.with_parent()
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return {
        "page": page,
        "searching": searching,
        "q": request.GET.get("q", ""),
        "kind": request.GET.get("kind", ""),
        "kinds": SchoolKind.choices,
        "levels": dict(Level.choices),
    }


def _kind_counts(schools: object) -> list[dict[str, object]]:
    labels = dict(SchoolKind.choices)
    rows = schools.values("kind").annotate(count=Count("org")).order_by("-count")  # type: ignore[attr-defined]
    return [{"kind": row["kind"], "label": labels.get(row["kind"], row["kind"]), "count": row["count"]} for row in rows]


@login_required
def school_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk, level=Level.SCHOOL)
    school = get_object_or_404(School, org=org)
    if not has_perm(request.user, Perm.EDIT_SCHOOL_PROFILE, org):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("You may not edit this school's profile."))
    form = SchoolProfileForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        try:
            update_school(School.objects.get(pk=school.pk), actor=request.user, fields=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The school profile was saved."))
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/school_edit.html", {"org": org, "form": form, "crumbs": breadcrumb(request.user, org)})
