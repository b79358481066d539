"""The school's site plan and where its risk points sit on it (the four-colour map, 风险四色图)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import clock, svg, uploads
from safecampus.core.history import stamp

from ..models import Register, RiskPoint
from .common import may_manage_school, refresh_register

PLAN_BYTES = 10 * 1024 * 1024
PLAN_PIXELS = 40_000_000


def _require_manager(actor: Any, school: Any) -> None:
    if not may_manage_school(actor, school):
        raise PermissionDenied(_("Only the school's principal, safety lead or safety officer keeps its risk register."))


def set_site_plan(school: Any, *, actor: Any, upload: Any) -> Register:
    """Store the school's site plan: an image (JPEG, PNG, WebP or GIF; checked by content, bounded decoding) or an
    SVG drawing (kept as `core.svg.clean` rewrites it: shapes and text only)."""
    _require_manager(actor, school)
    if upload is None:
        raise ValidationError({"plan": _("Choose an image of the site plan.")})
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if svg.looks_like_svg(head):
        if upload.size > PLAN_BYTES:
            raise ValidationError({"plan": _("The site plan is larger than 10 MB.")})
        drawing = svg.clean(upload.read(), field="plan")
        upload, kind, width, height = ContentFile(drawing.data), uploads.SVG, drawing.width, drawing.height
    else:
        kind = uploads.check(upload, uploads.IMAGES, field="plan", max_bytes=PLAN_BYTES, max_pixels=PLAN_PIXELS)
        width, height = _image_size(upload)
    with transaction.atomic():
        row = refresh_register(school)
        uploads.save(row.plan, upload, kind)
        row.plan_width, row.plan_height, row.plan_uploaded_at = width, height, clock.now()
        row.save(update_fields=["plan", "plan_width", "plan_height", "plan_uploaded_at"])
    return row


def _image_size(upload: Any) -> tuple[int, int]:
    from PIL import Image

    upload.seek(0)
    with Image.open(upload) as image:
        size = image.size
    upload.seek(0)
    return size


def place_point(point: RiskPoint, *, actor: Any, x: Any, y: Any) -> RiskPoint:
    """Put a risk point on the plan (fractions of the plan's width and height, 0–1), or take it off (None)."""
    _require_manager(actor, point.school)
    values: dict[str, float | None] = {}
    errors = {}
    for name, value in (("plan_x", x), ("plan_y", y)):
        if value in (None, ""):
            values[name] = None
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            errors[name] = _("A position on the plan lies between 0 and 1.")
            continue
        if not 0 <= number <= 1:
            errors[name] = _("A position on the plan lies between 0 and 1.")
        values[name] = round(number, 4)
    if not errors and (values.get("plan_x") is None) != (values.get("plan_y") is None):
        errors["plan_y"] = _("Give both coordinates on the plan, or neither.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = RiskPoint.objects.select_for_update().get(pk=point.pk)
        locked.plan_x, locked.plan_y = values["plan_x"], values["plan_y"]
        stamp(locked, actor, "place")
        locked.save()
    return locked
