"""Shared pieces of the risk services: the workflow, who may act, step rows, the school's register row."""

from __future__ import annotations

from collections import Counter as Tally
from typing import Any

from django.db.models import Min
from django.utils.translation import gettext_lazy

from safecampus.core import clock, counting
from safecampus.core.access import Perm, Role, access
from safecampus.core.history import register_reasons
from safecampus.core.steps import Workflow
from safecampus.rules.services import rule_value

from ..models import Register, Risk, RiskEvent, RiskPoint, RiskState

# `who` checks read the risk's school; it comes with the risk, outside the lock.
flow = Workflow(
    "risk",
    Risk,
    related=("school", "point"),
    display=(
        "evaluate",
        "add_measure",
        "approve",
        "publish",
        "review",
        "link_hazard",
        "lose_control",
        "regain_control",
        "list_for_supervision",
        "end_supervision",
        "retire",
    ),
)

# From the least senior approver up (rulebook APPROVERS).
APPROVER_RANK = (Role.SAFETY_OFFICER, Role.SAFETY_LEAD, Role.PRINCIPAL)


def manages(user: Any, record: Any) -> bool:
    """The user keeps the register of the record's school (its principal, safety lead or safety officer)."""
    return access(user).holds(Perm.MANAGE_RISK, record.org_path)


def may_manage_school(user: Any, school: Any) -> bool:
    return school.level == "school" and access(user).holds(Perm.MANAGE_RISK, school.path)


def approver_role(risk: Risk) -> str:
    """The least senior role that approves a risk of its colour (rule `risk.approver`)."""
    return rule_value("risk.approver", risk.school)[risk.grade or "blue"]


def approves(user: Any, risk: Risk) -> bool:
    """The user holds, at the school, the approver role the colour asks for or a more senior one."""
    wanted = approver_role(risk)
    senior = [role for role in APPROVER_RANK[[r.value for r in APPROVER_RANK].index(wanted) :]]
    return access(user).has_role_on(senior, risk.org_path)


def event(risk: Risk, verb: str, actor: Any, comment: str = "", **data: Any) -> RiskEvent:
    return RiskEvent.objects.create(risk=risk, verb=verb, actor=actor, at=clock.now(), comment=comment, data=data)


def risk_url(risk: Risk) -> str:
    return f"/risks/{risk.pk}/"


def refresh_register(school: Any) -> Register:
    """Recompute the school's register row (points in use, earliest review due) and move its counters."""
    row, created = Register.objects.select_for_update().get_or_create(school=school, defaults={"org_path": school.path})
    before = Tally() if created else counting.track(row)
    row.points_live = RiskPoint.objects.filter(school=school, is_active=True).count()
    row.next_review_due = Risk.objects.filter(
        school=school, state=RiskState.PUBLISHED, review_due__isnull=False
    ).aggregate(first=Min("review_due"))["first"]
    row.save()
    counting.changed(row, before)
    return row


VERB_LABELS = {
    "identify": gettext_lazy("Identified"),
    "evaluate": gettext_lazy("Evaluated"),
    "add_measure": gettext_lazy("Control measure added"),
    "approve": gettext_lazy("Approved"),
    "publish": gettext_lazy("Published"),
    "review": gettext_lazy("Reviewed"),
    "retire": gettext_lazy("Retired"),
    "ask_reassessment": gettext_lazy("Reassessment asked for"),
    "lose_control": gettext_lazy("Flagged out of control"),
    "list_for_supervision": gettext_lazy("Listed for supervision"),
    "end_supervision": gettext_lazy("Supervision ended"),
    "link_hazard": gettext_lazy("Hazard linked"),
    "regain_control": gettext_lazy("Back under control"),
}
register_reasons(VERB_LABELS)
