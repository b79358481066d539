"""What the risk register adds to the counter store (core.counting): colours, control, reviews, registers.

Reviews count on their due day, so "overdue" is the dated total less the days
from today on and needs no job when a day passes (as hazards' deadlines do).
"""

from __future__ import annotations

from collections import Counter as Tally
from typing import Any

from safecampus.core.counting import CountedKind, register

from .models import LIVE_STATES, Assessment, AssessmentState, Register, Risk, RiskState

RISK_FIELDS = ("org_path", "state", "grade", "out_of_control", "review_due")


def risk_keys(risk: Any) -> Tally:
    keys: Tally = Tally()
    if risk.state not in LIVE_STATES:
        return keys
    keys[("risk.live", None)] += 1
    if risk.grade:
        keys[(f"risk.grade.{risk.grade}", None)] += 1
    else:
        keys[("risk.unassessed", None)] += 1
    if risk.out_of_control:
        keys[("risk.out_of_control", None)] += 1
        if risk.grade:
            keys[(f"risk.out_of_control.{risk.grade}", None)] += 1
    if risk.state == RiskState.PUBLISHED and risk.review_due is not None:
        keys[("risk.review_due", risk.review_due)] += 1
        keys[("risk.review_dated", None)] += 1
    return keys


def register_keys(register_row: Any) -> Tally:
    """A school counts as having a register while it has a risk point in use, and as overdue from its earliest
    review's due day."""
    keys: Tally = Tally()
    if register_row.points_live:
        keys[("risk.register", None)] += 1
        if register_row.next_review_due is not None:
            keys[("risk.register_review_due", register_row.next_review_due)] += 1
            keys[("risk.register_dated", None)] += 1
    return keys


RISKS = register(
    CountedKind(
        key="risk",
        model=Risk,
        keys=risk_keys,
        fields=RISK_FIELDS,
        prefixes=("risk.live", "risk.grade.", "risk.unassessed", "risk.out_of_control", "risk.review_"),
    )
)
REGISTERS = register(
    CountedKind(
        key="risk_register",
        model=Register,
        keys=register_keys,
        fields=("org_path", "points_live", "next_review_due"),
        prefixes=("risk.register",),
    )
)


def assessment_keys(assessment: Any) -> Tally:
    """An assessment counts by state; a pass counts on its last valid day, so "valid now" needs no job."""
    keys: Tally = Tally()
    kind = assessment.scheme_kind
    keys[(f"acceptance.{kind}.state.{assessment.state}", None)] += 1
    if assessment.state == AssessmentState.PASSED and assessment.valid_until is not None:
        keys[(f"acceptance.{kind}.valid_until", assessment.valid_until)] += 1
        keys[(f"acceptance.{kind}.passed", None)] += 1
    return keys


ASSESSMENTS = register(
    CountedKind(
        key="assessment",
        model=Assessment,
        keys=assessment_keys,
        fields=("org_path", "state", "valid_until", "scheme_kind"),
        prefixes=("acceptance.",),
    )
)
