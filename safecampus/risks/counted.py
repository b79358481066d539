"""What the risk register adds to the counter store (core.counting): colours, control, reviews, registers.

Reviews count on their due day, so "overdue" is the dated total less the days
from today on and needs no job when a day passes (as hazards' deadlines do).
"""

from __future__ import annotations

from collections import Counter as Tally
from typing import Any

from safecampus.core import recount as sql
from safecampus.core.counting import CountedKind, local_day, register

from .models import LIVE_STATES, Assessment, AssessmentState, MeasureCheck, Register, Risk, RiskState

RISK_FIELDS = ("org_path", "state", "grade", "out_of_control", "review_due", "listed_by_id")


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
    if risk.listed_by_id:
        keys[("risk.listed", None)] += 1
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


def risk_sql(path: str | None) -> tuple[str, list[Any]]:
    """`risk_keys` as GROUP BYs, so a recount of a province's risks runs inside the database (held equal to
    `risk_keys` by every test that checks the counters for drift)."""
    where, params = sql.subtree_sql("org_path", path)
    live = ", ".join(f"'{state}'" for state in LIVE_STATES)
    rows = (
        "SELECT org_path, state, grade, out_of_control, review_due, listed_by_id "
        f"FROM {Risk._meta.db_table} WHERE state IN ({live}) {where}"
    )
    published = f"state = '{RiskState.PUBLISHED}' AND review_due IS NOT NULL"
    # The dated part first: PostgreSQL types a UNION's column from its first branches (NULL alone reads as text).
    parts = [
        ("'risk.review_due'", "review_due", "COUNT(*)", published, ["review_due"]),
        ("'risk.live'", "NULL", "COUNT(*)", "", []),
        ("'risk.grade.' || grade", "NULL", "COUNT(*)", "grade <> ''", ["grade"]),
        ("'risk.unassessed'", "NULL", "COUNT(*)", "grade = ''", []),
        ("'risk.out_of_control'", "NULL", "COUNT(*)", "out_of_control", []),
        ("'risk.out_of_control.' || grade", "NULL", "COUNT(*)", "out_of_control AND grade <> ''", ["grade"]),
        ("'risk.listed'", "NULL", "COUNT(*)", "listed_by_id IS NOT NULL", []),
        ("'risk.review_dated'", "NULL", "COUNT(*)", published, []),
    ]
    # One CTE, so the subtree's parameters are given once whatever the number of groups.
    return f"WITH r AS ({rows}) {sql.union('r', parts)}", params


RISKS = register(
    CountedKind(
        key="risk",
        model=Risk,
        keys=risk_keys,
        fields=RISK_FIELDS,
        prefixes=("risk.live", "risk.grade.", "risk.unassessed", "risk.out_of_control", "risk.review_", "risk.listed"),
        sql=risk_sql,
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


def check_keys(check: Any) -> Tally:
    """A due check counts on its due day (overdue = dated less the days from today on); a done one as on time or
    late (completeness and timeliness, as due inspections count)."""
    keys: Tally = Tally()
    if check.status == "due":
        keys[("risk.check_due", check.due_on)] += 1
        keys[("risk.check_dated", None)] += 1
    elif check.status == "done":
        keys[("risk.check_done", None)] += 1
        if check.done_at is not None and local_day(check.done_at) <= check.due_on:
            keys[("risk.check_on_time", None)] += 1
    return keys


CHECKS = register(
    CountedKind(
        key="measure_check",
        model=MeasureCheck,
        keys=check_keys,
        fields=("org_path", "status", "due_on", "done_at"),
        prefixes=("risk.check_",),
    )
)
