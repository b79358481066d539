"""Registering what watches a school: cameras (by GB/T 28181 id), gateways (with their secret) and devices;
live views logged from the first frame to the last heartbeat of the page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import clock, counting
from safecampus.core.access import Perm, has_perm
from safecampus.core.history import stamp
from safecampus.orgs.models import OrgUnit
from safecampus.rules.services import rule_value

from .. import gbt28181
from ..models import Camera, Device, Gateway, LiveView
from .common import require_keeper
from .signing import new_secret

CAMERA_FIELDS = (
    "gb_id",
    "name",
    "place",
    "online",
    "plan_x",
    "plan_y",
    "lng",
    "lat",
    "ptz",
    "police_linked",
    "retention_days",
)
DEVICE_FIELDS = ("gateway", "vendor_id", "kind", "name", "place", "risk_point", "thresholds")


def _school(org: OrgUnit) -> None:
    if not org.is_school:
        raise ValidationError({"school": _("Cameras and devices belong to a school.")})


def check_camera(school: OrgUnit, values: dict[str, Any], camera: Camera | None = None) -> None:
    """Every problem with a camera's values at once."""
    errors: dict[str, Any] = {}
    gb_id = (values.get("gb_id") or "").strip()
    try:
        device = gbt28181.parse(gb_id)
        gbt28181.check_within(device, school)
        if not device.is_camera:
            errors["gb_id"] = _("Digits 11–13 say %(type)s: register a camera (131 or 132) here.") % {
                "type": device.type_label
            }
    except ValidationError as error:
        errors["gb_id"] = error.messages
    taken = Camera.objects.filter(gb_id=gb_id).exclude(pk=getattr(camera, "pk", None))
    if gb_id and "gb_id" not in errors and taken.exists():
        errors["gb_id"] = _("Another camera already has this id.")
    least = rule_value("alerts.camera.retention_days", school)
    if values.get("retention_days") is not None and values["retention_days"] < least:
        errors["retention_days"] = _("Recordings must be kept at least %(days)d days here.") % {"days": least}
    for name, low, high in (("plan_x", 0, 1), ("plan_y", 0, 1), ("lng", 73, 136), ("lat", 3, 54)):
        value = values.get(name)
        if value is not None and not low <= value <= high:
            errors[name] = _("Give a value between %(low)s and %(high)s.") % {"low": low, "high": high}
    if errors:
        raise ValidationError(errors)


def _save(model: type, record: Any, school: OrgUnit, names: tuple[str, ...], values: dict, actor: Any, why: str) -> Any:
    """Write a registry record (new or locked) and move its counters: what cameras and devices share."""
    if record is None:
        record, before = model(school=school), None
    else:
        record = model.objects.select_for_update().get(pk=record.pk)
        before = counting.track(record)
    for name in names:
        if name in values:
            setattr(record, name, values[name].strip() if isinstance(values[name], str) else values[name])
    stamp(record, actor, why)
    record.save()
    if before is None:
        counting.created(record)
    else:
        counting.changed(record, before)
    return record


@transaction.atomic
def save_camera(*, actor: Any, school: OrgUnit, camera: Camera | None = None, **values: Any) -> Camera:
    """Add a camera to the school's registry, or correct one."""
    require_keeper(actor, school)
    _school(school)
    check_camera(school, values, camera)
    return _save(Camera, camera, school, CAMERA_FIELDS, values, actor, "save_camera")


@transaction.atomic
def set_camera_online(camera: Camera, online: bool, actor: Any = None) -> Camera:
    """The media platform reports a camera on- or offline."""
    locked = Camera.objects.select_for_update().get(pk=camera.pk)
    if locked.online == online:
        return locked
    before = counting.track(locked)
    locked.online = online
    stamp(locked, actor, "online" if online else "offline")
    locked.save()
    counting.changed(locked, before)
    return locked


@transaction.atomic
def create_gateway(*, actor: Any, school: OrgUnit, name: str, key: str, vendor: str = "") -> Gateway:
    """A new gateway with a fresh secret (shown to its keeper once, to configure the gateway)."""
    require_keeper(actor, school)
    _school(school)
    key = key.strip()
    if Gateway.objects.filter(key=key).exists():
        raise ValidationError({"key": _("Another gateway already has this id.")})
    gateway = Gateway(school=school, name=name.strip(), key=key, vendor=vendor.strip(), secret=new_secret())
    stamp(gateway, actor, "create_gateway")
    gateway.save()
    return gateway


@transaction.atomic
def new_gateway_secret(gateway: Gateway, *, actor: Any) -> str:
    """A new secret (the old one stops working at once)."""
    require_keeper(actor, gateway.school)
    gateway.secret = new_secret()
    stamp(gateway, actor, "new_secret")
    gateway.save()
    return gateway.secret


def check_device(school: OrgUnit, values: dict[str, Any], device: Device | None = None) -> None:
    errors: dict[str, Any] = {}
    gateway = values.get("gateway")
    if gateway is not None and gateway.school_id != school.pk:
        errors["gateway"] = _("Choose a gateway of this school.")
    point = values.get("risk_point")
    if point is not None and point.school_id != school.pk:
        errors["risk_point"] = _("Choose a risk point of this school.")
    vendor_id = (values.get("vendor_id") or "").strip()
    if gateway is not None and vendor_id:
        taken = Device.objects.filter(gateway=gateway, vendor_id=vendor_id).exclude(pk=getattr(device, "pk", None))
        if taken.exists():
            errors["vendor_id"] = _("The gateway already has a device with this id.")
    thresholds = values.get("thresholds") or {}
    if not isinstance(thresholds, dict) or any(
        not isinstance(v, int | float) or isinstance(v, bool) for v in thresholds.values()
    ):
        errors["thresholds"] = _('Own thresholds are named numbers, e.g. {"residual_current_ma": 500}.')
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_device(*, actor: Any, school: OrgUnit, device: Device | None = None, **values: Any) -> Device:
    """Add an IoT device to the school (on one of its gateways), or correct one."""
    require_keeper(actor, school)
    _school(school)
    check_device(school, values, device)
    return _save(Device, device, school, DEVICE_FIELDS, values, actor, "save_device")


# --- live views ------------------------------------------------------------------------------

BEAT_SECONDS = 15  # the page's heartbeat while the video plays


def start_view(camera: Camera, *, viewer: Any, remote: str = "", purpose: str = "live") -> LiveView:
    """Someone opens a camera: refused without the right to watch, else logged before the first frame."""
    if not has_perm(viewer, Perm.WATCH_CAMERAS, camera.school):
        raise PermissionDenied(_("Your role does not allow watching this school's cameras."))
    now = clock.now()
    return LiveView.objects.create(
        camera=camera,
        org_path=camera.org_path,
        viewer=viewer,
        started_at=now,
        last_seen_at=now,
        remote=remote[:64],
        purpose=purpose[:20],
    )


def beat(view: LiveView, *, viewer: Any) -> LiveView:
    """The page still plays: the view lasts until now (a beat from someone else's view changes nothing)."""
    if view.viewer_id != viewer.pk:
        raise PermissionDenied(_("This is not your view."))
    now = clock.now()
    if now - view.last_seen_at > timedelta(seconds=BEAT_SECONDS * 4):
        return view  # the page slept; a new beat after a long gap does not stretch the old view
    LiveView.objects.filter(pk=view.pk).update(last_seen_at=now)
    view.last_seen_at = now
    return view
