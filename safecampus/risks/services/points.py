"""Risk points and the identification of risks (辨识): the records a school's register is made of."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import clock, counting
from safecampus.core.history import stamp
from safecampus.core.text import LINE, TEXT, check_texts

from ..models import AccidentType, FactorClass, PointCategory, PointKind, Risk, RiskPoint
from .common import event, may_manage_school, refresh_register

POINT_FIELDS = (
    "name",
    "kind",
    "category",
    "place",
    "responsible_post",
    "responsible_person",
    "responsible_phone",
    "plan_x",
    "plan_y",
)
RISK_FIELDS = ("factor", "factor_class", "accident_type", "consequences", "emergency_steps")


def check_point(school: Any, values: dict[str, Any], point: RiskPoint | None = None) -> None:
    """Every problem of a risk point's fields at once."""
    errors: dict[str, Any] = {}
    if "kind" in values and values["kind"] not in PointKind.values:
        errors["kind"] = _("Choose a place/facility or an activity.")
    if "category" in values and values["category"] not in PointCategory.values:
        errors["category"] = _("Choose a category.")
    for axis in ("plan_x", "plan_y"):
        value = values.get(axis)
        if value is not None and not 0 <= value <= 1:
            errors[axis] = _("A position on the plan lies between 0 and 1.")
    if (values.get("plan_x") is None) != (values.get("plan_y") is None):
        errors.setdefault("plan_y", _("Give both coordinates on the plan, or neither."))
    name = (values.get("name") or "").strip()
    clash = RiskPoint.objects.filter(school=school, name=name)
    if point is not None:
        clash = clash.exclude(pk=point.pk)
    if name and clash.exists():
        errors["name"] = _("This school already has a risk point of that name.")
    check_texts(
        values,
        required={
            "name": _("Name the risk point."),
            "responsible_post": _("Name the post responsible for it."),
            "responsible_person": _("Name the person responsible for it."),
        },
        limits={"name": 80, "place": LINE, "responsible_post": 60, "responsible_person": 40, "responsible_phone": 20},
        errors=errors,
    )


def _require_manager(actor: Any, school: Any) -> None:
    if not may_manage_school(actor, school):
        raise PermissionDenied(_("Only the school's principal, safety lead or safety officer keeps its risk register."))


def create_point(school: Any, *, actor: Any, **values: Any) -> RiskPoint:
    _require_manager(actor, school)
    values = {key: values.get(key) for key in POINT_FIELDS if key in values}
    for key in ("name", "place", "responsible_post", "responsible_person", "responsible_phone"):
        if key in values:
            values[key] = (values[key] or "").strip()
    check_point(school, values)
    with transaction.atomic():
        point = RiskPoint(school=school, created_at=clock.now(), **values)
        stamp(point, actor, "create")
        point.save()
        refresh_register(school)
    return point


def edit_point(point: RiskPoint, *, actor: Any, **values: Any) -> RiskPoint:
    """Change a point's fields; a point that moves asks its risks for reassessment (a change of place)."""
    _require_manager(actor, point.school)
    changes = {key: values[key] for key in POINT_FIELDS if key in values}
    merged = {key: getattr(point, key) for key in POINT_FIELDS} | changes
    check_point(point.school, merged, point)
    with transaction.atomic():
        locked = RiskPoint.objects.select_for_update().get(pk=point.pk)
        moved = merged["place"] != locked.place
        for key, value in changes.items():
            setattr(locked, key, value)
        stamp(locked, actor, "edit")
        locked.save()
        if moved:
            from .steps import ask_reassessment

            for risk in locked.risks.exclude(state="retired"):
                ask_reassessment(risk, _("The place of the risk point changed."), actor=actor)
    return locked


def identify_risk(point: RiskPoint, *, actor: Any, **values: Any) -> Risk:
    """Record a risk found at a point (辨识); it is then evaluated, approved and published."""
    _require_manager(actor, point.school)
    if not point.is_active:
        raise ValidationError({"point": _("This risk point is no longer in use.")})
    values = {key: (values.get(key) or "").strip() for key in RISK_FIELDS}
    errors: dict[str, Any] = {}
    if values["factor_class"] not in FactorClass.values:
        errors["factor_class"] = _("Choose the class of the hazard factor.")
    if values["accident_type"] not in AccidentType.values:
        errors["accident_type"] = _("Choose the accident that could happen.")
    check_texts(
        values,
        required={"factor": _("Describe the hazard factor.")},
        limits={"factor": 200, "consequences": TEXT, "emergency_steps": TEXT},
        errors=errors,
    )
    with transaction.atomic():
        risk = Risk(point=point, school=point.school, created_by=actor, created_at=clock.now(), **values)
        stamp(risk, actor, "identify")
        risk.save()
        counting.created(risk)
        event(risk, "identify", actor)
    return risk
