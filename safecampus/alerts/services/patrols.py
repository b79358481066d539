"""Online video patrols (网上巡查 / 鼠标巡逻): a route of cameras with what to look for, walked as a round camera
by camera; a finding with its snapshot becomes a hazard (source: video patrol) at the camera's school."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import clock, counting
from safecampus.core.access import Perm, has_perm, require_perm
from safecampus.core.history import stamp
from safecampus.core.text import check_texts

from ..models import Camera, PatrolLook, PatrolRound, PatrolRoute


def may_patrol(user: Any, org: Any) -> bool:
    return has_perm(user, Perm.WATCH_CAMERAS, org)


@transaction.atomic
def create_route(*, actor: Any, org: Any, name: str, cameras: list[int], checklist: str) -> PatrolRoute:
    """A route of the unit's own cameras (a county's route may take any school's below it)."""
    require_perm(actor, Perm.KEEP_DEVICES, org)
    errors: dict[str, Any] = {}
    check_texts(
        {"name": name, "checklist": checklist},
        required={"name": _("Name the route."), "checklist": _("Say what to look for.")},
        limits={"name": 60, "checklist": 2000},
        errors=errors,
    )
    found = Camera.objects.within(org.path).filter(pk__in=cameras, is_active=True).values_list("pk", flat=True)
    if not cameras:
        errors["cameras"] = _("Choose the cameras of the route.")
    elif set(found) != set(cameras) or len(set(cameras)) != len(cameras):
        errors["cameras"] = _("Choose each camera once, and only cameras of %(org)s.") % {"org": org.name}
    if errors:
        raise ValidationError(errors)
    route = PatrolRoute(
        org=org, name=name.strip(), cameras=list(cameras), checklist=checklist.strip(), created_by=actor
    )
    stamp(route, actor, "create_route")
    route.save()
    return route


def route_cameras(route: PatrolRoute) -> list[Camera]:
    by_id = {camera.pk: camera for camera in Camera.objects.filter(pk__in=route.cameras).select_related("school")}
    return [by_id[pk] for pk in route.cameras if pk in by_id]


@transaction.atomic
def start_round(route: PatrolRoute, *, actor: Any) -> PatrolRound:
    if not may_patrol(actor, route.org):
        raise PermissionDenied(_("Your role does not allow video patrols here."))
    return PatrolRound.objects.create(route=route, org_path=route.org_path, patroller=actor, started_at=clock.now())


def next_camera(patrol: PatrolRound) -> Camera | None:
    done = set(patrol.looks.values_list("camera_id", flat=True))
    return next((camera for camera in route_cameras(patrol.route) if camera.pk not in done), None)


@transaction.atomic
def look(
    patrol: PatrolRound, camera: Camera, *, actor: Any, ok: bool, finding: str = "", snapshot: Any = None
) -> PatrolLook:
    """One camera looked at: nothing wrong, or a finding (with its snapshot) registered as a hazard at once."""
    patrol = PatrolRound.objects.select_for_update().select_related("route").get(pk=patrol.pk)
    if patrol.patroller_id != actor.pk:
        raise PermissionDenied(_("This round is someone else's."))
    if patrol.finished_at is not None:
        raise ValidationError(_("The round is finished."))
    if camera.pk not in patrol.route.cameras:
        raise ValidationError({"camera": _("The camera is not on this route.")})
    if patrol.looks.filter(camera=camera).exists():
        raise ValidationError({"camera": _("This camera was already looked at on this round.")})
    if not ok:
        check_texts({"finding": finding}, required={"finding": _("Say what you found.")}, limits={"finding": 500})
    entry = PatrolLook(round=patrol, camera=camera, org_path=camera.org_path, at=clock.now(), ok=ok)
    entry.finding = finding.strip()
    if snapshot:
        entry.snapshot = snapshot
    entry.save()
    if not ok:
        entry.hazard = _hazard(camera, entry, actor, snapshot)
        entry.save(update_fields=["hazard"])
    if next_camera(patrol) is None:
        before = counting.track(patrol)
        patrol.finished_at = clock.now()
        patrol.save(update_fields=["finished_at"])
        counting.changed(patrol, before)
    return entry


def _hazard(camera: Camera, entry: PatrolLook, actor: Any, snapshot: Any) -> Any:
    from safecampus.hazards.models import HazardLevel, HazardSource
    from safecampus.hazards.services.workflow import report_hazard

    photos = []
    if snapshot:  # the same picture, stored again as the hazard's finding photo
        snapshot.seek(0)
        photos = [snapshot]
    return report_hazard(
        actor=actor,
        school=camera.school,
        place=f"{camera.get_place_display()} · {camera.name}"[:100],
        area=AREA.get(camera.place, "security"),
        level=HazardLevel.GENERAL,
        description=entry.finding,
        source=HazardSource.VIDEO_PATROL,
        photos=photos,
    )


AREA = {"kitchen": "canteen", "dorm": "dorm", "lab": "lab", "surroundings": "surroundings", "playground": "crowd"}
