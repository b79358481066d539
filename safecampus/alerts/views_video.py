"""Watching cameras: the live view (logged from the first frame to the page's last heartbeat), the demo's local
test stream, and online video patrols walked camera by camera."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import Perm, has_perm
from safecampus.core.forms import add_service_errors
from safecampus.orgs.views import breadcrumb
from safecampus.rules.services import rule_value

from . import gbt28181
from .forms import LookForm, RouteForm
from .models import Camera, LiveView, PatrolRound, PatrolRoute
from .services import patrols, registry
from .views import org_of


def stream_url(camera: Camera) -> str:
    """The camera's HLS address at the media server (the area's rule), with its GB/T 28181 id put in."""
    return rule_value("alerts.camera.stream_url", camera.school).replace("{id}", camera.gb_id)


def _camera(request: HttpRequest, pk: int) -> Camera:
    return get_object_or_404(Camera.objects.visible_to(request.user).select_related("school"), pk=pk)


@login_required
def camera_page(request: HttpRequest, pk: int) -> HttpResponse:
    camera = _camera(request, pk)
    view = registry.start_view(camera, viewer=request.user, remote=request.META.get("REMOTE_ADDR", ""))
    return render(
        request,
        "alerts/camera.html",
        {
            "camera": camera,
            "org": camera.school,
            "crumbs": breadcrumb(request.user, camera.school),
            "parsed": gbt28181.parse(camera.gb_id),
            "stream": stream_url(camera),
            "beat_url": reverse("alerts:beat", args=[view.pk]),
            "beat_seconds": registry.BEAT_SECONDS,
            "keeps": has_perm(request.user, Perm.KEEP_DEVICES, camera.school),
        },
    )


@login_required
@require_POST
def beat(request: HttpRequest, pk: int) -> JsonResponse:
    view = get_object_or_404(LiveView.objects.visible_to(request.user), pk=pk)
    view = registry.beat(view, viewer=request.user)
    return JsonResponse({"seconds": view.seconds})


@login_required
def demo_stream(request: HttpRequest, gb_id: str, name: str) -> HttpResponse:
    """The demo's looping test pattern (made by `manage.py demo_stream`), served to those who may watch the camera
    the address names — as a media server would."""
    camera = get_object_or_404(Camera.objects.visible_to(request.user).select_related("school"), gb_id=gb_id)
    if not has_perm(request.user, Perm.WATCH_CAMERAS, camera.school):
        raise PermissionDenied
    if "/" in name or name.startswith(".") or not name.endswith((".m3u8", ".ts")):
        raise Http404
    path = settings.SAFECAMPUS_DEMO_STREAM_DIR / name
    if not path.is_file():
        raise Http404(_("The demo stream has not been made: run manage.py demo_stream."))
    kind = "application/vnd.apple.mpegurl" if name.endswith(".m3u8") else mimetypes.guess_type(name)[0] or "video/mp2t"
    response = FileResponse(path.open("rb"), content_type=kind)
    response["Cache-Control"] = "no-store" if name.endswith(".m3u8") else "private, max-age=3600"
    return response


# --- video patrols -------------------------------------------------------------------------------


@login_required
def routes(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_of(request, pk)
    keeps = has_perm(request.user, Perm.KEEP_DEVICES, org)
    cameras = Camera.objects.within(org.path).filter(is_active=True).order_by("org_path", "name")
    form = RouteForm(request.POST or None, cameras=cameras) if keeps else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                patrols.create_route(actor=request.user, org=org, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Route saved."))
                return redirect("alerts:routes", pk=org.pk)
    return render(
        request,
        "alerts/routes.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "routes": PatrolRoute.objects.visible_within(request.user, org.path).filter(is_active=True),
            "rounds": PatrolRound.objects.visible_within(request.user, org.path).select_related("route", "patroller")[
                :20
            ],
            "form": form,
            "may_patrol": patrols.may_patrol(request.user, org),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def start_round(request: HttpRequest, pk: int) -> HttpResponse:
    route = get_object_or_404(PatrolRoute.objects.visible_to(request.user).select_related("org"), pk=pk)
    patrol = patrols.start_round(route, actor=request.user)
    return redirect("alerts:round", pk=patrol.pk)


def _round(request: HttpRequest, pk: int) -> PatrolRound:
    return get_object_or_404(
        PatrolRound.objects.visible_to(request.user).select_related("route", "route__org", "patroller"), pk=pk
    )


@login_required
def round_page(request: HttpRequest, pk: int, form: Any = None, status: int = 200) -> HttpResponse:
    patrol = _round(request, pk)
    camera = patrols.next_camera(patrol) if patrol.finished_at is None else None
    view = None
    if camera is not None and patrol.patroller_id == request.user.pk:
        view = registry.start_view(
            camera, viewer=request.user, remote=request.META.get("REMOTE_ADDR", ""), purpose="patrol"
        )
    cameras = patrols.route_cameras(patrol.route)
    return render(
        request,
        "alerts/round.html",
        {
            "patrol": patrol,
            "org": patrol.route.org,
            "crumbs": breadcrumb(request.user, patrol.route.org),
            "camera": camera,
            "step": cameras.index(camera) + 1 if camera else len(cameras),
            "total": len(cameras),
            "stream": stream_url(camera) if camera else "",
            "beat_url": reverse("alerts:beat", args=[view.pk]) if view else "",
            "beat_seconds": registry.BEAT_SECONDS,
            "form": form or LookForm(),
            "looks": patrol.looks.select_related("camera", "hazard"),
            "points": patrol.route.points(),
        },
        status=status,
    )


@login_required
@require_POST
def look(request: HttpRequest, pk: int, camera_pk: int) -> HttpResponse:
    patrol = _round(request, pk)
    camera = get_object_or_404(Camera.objects.visible_to(request.user).select_related("school"), pk=camera_pk)
    form = LookForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            patrols.look(patrol, camera, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("alerts:round", pk=patrol.pk)
    return round_page(request, pk, form=form, status=400)
