"""Registering what watches a school — cameras, gateways, devices — the duty roster, and the log of who watched
which camera (for the principal and the bureau's administrator)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import clock
from safecampus.core.access import Perm, has_perm
from safecampus.core.forms import add_service_errors
from safecampus.core.steps import add_more_errors
from safecampus.orgs.views import breadcrumb

from .forms import CameraForm, DeviceForm, GatewayForm, ShiftForm
from .models import Camera, CameraPlace, Device, DutyShift, Gateway, LiveView
from .services import duty, registry
from .views import PER_PAGE, org_of


def _school(request: HttpRequest, pk: int) -> Any:
    org = org_of(request, pk)
    if not org.is_school:
        raise Http404
    return org


def _keeper(request: HttpRequest, org: Any) -> None:
    if not has_perm(request.user, Perm.KEEP_DEVICES, org):
        raise PermissionDenied(_("Your role does not allow registering cameras and devices here."))


def _form_page(request: HttpRequest, school: Any, form: Any, title: str, back: str) -> HttpResponse:
    """A registry form of a school: 400 with every error when the input was refused."""
    context = {"org": school, "crumbs": breadcrumb(request.user, school), "form": form, "title": title}
    context["back"] = reverse(back, args=[school.pk])
    return render(request, "alerts/form.html", context, status=400 if form.errors else 200)


@login_required
def cameras(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_of(request, pk)
    rows = Camera.objects.visible_within(request.user, org.path).filter(is_active=True).select_related("school")
    place, online, text = request.GET.get("place", ""), request.GET.get("online", ""), request.GET.get("q", "")[:60]
    if place in CameraPlace.values:
        rows = rows.filter(place=place)
    if online in ("yes", "no"):
        rows = rows.filter(online=online == "yes")
    if text.strip():
        rows = rows.filter(
            Q(name__icontains=text) | Q(gb_id__startswith=text.strip()) | Q(school__name__icontains=text)
        )
    page = Paginator(rows.order_by("org_path", "name", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "alerts/cameras.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "page": page,
            "places": CameraPlace.choices,
            "chosen": {"place": place, "online": online, "q": text},
            "keeps": org.is_school and has_perm(request.user, Perm.KEEP_DEVICES, org),
            "watches": has_perm(request.user, Perm.WATCH_CAMERAS, org),
        },
    )


@login_required
def camera_form(request: HttpRequest, pk: int | None = None, camera_pk: int | None = None) -> HttpResponse:
    camera = None
    if camera_pk is not None:
        camera = get_object_or_404(Camera.objects.visible_to(request.user).select_related("school"), pk=camera_pk)
        school = camera.school
    else:
        school = _school(request, pk)
    _keeper(request, school)
    form = CameraForm(request.POST or None, instance=camera, initial={"retention_days": 30} if camera is None else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                registry.save_camera(actor=request.user, school=school, camera=camera, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Camera saved."))
                return redirect("alerts:cameras", pk=school.pk)
        else:
            try:
                registry.check_camera(school, {**form.cleaned_data, "gb_id": request.POST.get("gb_id", "")}, camera)
            except ValidationError as error:
                add_more_errors(form, error)
    return _form_page(request, school, form, _("Correct the camera") if camera else _("Add a camera"), "alerts:cameras")


@login_required
def devices(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_of(request, pk)
    rows = Device.objects.visible_within(request.user, org.path).filter(is_active=True)
    rows = rows.select_related("school", "gateway", "risk_point")
    if request.GET.get("online") in ("yes", "no"):
        rows = rows.filter(online=request.GET["online"] == "yes")
    page = Paginator(rows.order_by("online", "org_path", "name"), PER_PAGE)  # offline first
    keeps = org.is_school and has_perm(request.user, Perm.KEEP_DEVICES, org)
    gateways = Gateway.objects.filter(school=org) if org.is_school else Gateway.objects.none()
    return render(
        request,
        "alerts/devices.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "page": page.get_page(request.GET.get("page")),
            "gateways": gateways,
            "keeps": keeps,
            "gateway_form": GatewayForm() if keeps else None,
            "secret": request.session.pop("alerts_new_secret", None),
            "online": request.GET.get("online", ""),
        },
    )


@login_required
@require_POST
def add_gateway(request: HttpRequest, pk: int) -> HttpResponse:
    school = _school(request, pk)
    _keeper(request, school)
    form = GatewayForm(request.POST)
    if form.is_valid():
        try:
            gateway = registry.create_gateway(actor=request.user, school=school, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Shown once, on the next page: the secret never appears again.
            request.session["alerts_new_secret"] = {"key": gateway.key, "secret": gateway.secret}
            return redirect(reverse("alerts:devices", args=[school.pk]) + "#gateways")
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, problem)
    return redirect(reverse("alerts:devices", args=[school.pk]) + "#gateways")


@login_required
@require_POST
def gateway_secret(request: HttpRequest, pk: int) -> HttpResponse:
    gateway = get_object_or_404(Gateway.objects.visible_to(request.user).select_related("school"), pk=pk)
    secret = registry.new_gateway_secret(gateway, actor=request.user)
    request.session["alerts_new_secret"] = {"key": gateway.key, "secret": secret}
    return redirect(reverse("alerts:devices", args=[gateway.school_id]) + "#gateways")


@login_required
def device_form(request: HttpRequest, pk: int | None = None, device_pk: int | None = None) -> HttpResponse:
    device = None
    if device_pk is not None:
        device = get_object_or_404(Device.objects.visible_to(request.user).select_related("school"), pk=device_pk)
        school = device.school
    else:
        school = _school(request, pk)
    _keeper(request, school)
    form = DeviceForm(request.POST or None, instance=device, school=school)
    if request.method == "POST" and form.is_valid():
        try:
            registry.save_device(actor=request.user, school=school, device=device, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Device saved."))
            return redirect("alerts:devices", pk=school.pk)
    return _form_page(
        request, school, form, _("Correct the device") if device else _("Add an IoT device"), "alerts:devices"
    )


@login_required
def duty_roster(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_of(request, pk)
    keeps = has_perm(request.user, Perm.KEEP_DEVICES, org)
    form = ShiftForm(request.POST or None, org=org) if keeps else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                duty.add_shift(actor=request.user, org=org, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Shift added."))
                return redirect("alerts:duty", pk=org.pk)
    now = clock.now()
    shifts = DutyShift.objects.filter(
        org=org, ends_at__gt=now - timedelta(days=1), starts_at__lt=now + timedelta(days=14)
    )
    return render(
        request,
        "alerts/duty.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "shifts": shifts.select_related("person").order_by("starts_at"),
            "form": form,
            "now": now,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def remove_shift(request: HttpRequest, pk: int) -> HttpResponse:
    shift = get_object_or_404(DutyShift.objects.visible_to(request.user).select_related("org"), pk=pk)
    duty.remove_shift(shift, actor=request.user)
    messages.success(request, _("Shift removed."))
    return redirect("alerts:duty", pk=shift.org_id)


@login_required
def live_views(request: HttpRequest, pk: int) -> HttpResponse:
    """Who watched which camera, when and how long: for those who audit (the principal, the bureau's admin)."""
    org = org_of(request, pk)
    if not (has_perm(request.user, Perm.KEEP_DEVICES, org) or has_perm(request.user, Perm.VIEW_AUDIT, org)):
        raise PermissionDenied(_("Your role does not allow reading the live view log."))
    rows = LiveView.objects.visible_within(request.user, org.path).select_related("camera", "camera__school", "viewer")
    page = Paginator(rows.order_by("-started_at", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "alerts/views_log.html", {"org": org, "crumbs": breadcrumb(request.user, org), "page": page})
