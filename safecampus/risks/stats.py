"""A node's register figures, read from the counter store (O(1) per node, whatever the subtree's size)."""

from __future__ import annotations

from typing import Any

from safecampus.core import clock
from safecampus.core.counting import dated_sums, figures

from .models import GRADES_UP

METRICS = (
    "risk.live",
    "risk.unassessed",
    "risk.out_of_control",
    "risk.review_dated",
    "risk.register",
    "risk.register_dated",
    *(f"risk.grade.{grade.value}" for grade in GRADES_UP),
    *(f"risk.out_of_control.{grade.value}" for grade in GRADES_UP),
)


def colour_counts(org: Any) -> dict[str, Any]:
    """Risks per colour, out of control, reviews overdue, and schools with a register or overdue reviews."""
    row = figures([org.pk], METRICS).get(org.pk, {})
    today = clock.today()
    upcoming = dated_sums([org.pk], ("risk.review_due", "risk.register_review_due"), first=today)
    ahead = upcoming.get(org.pk, {})
    return {
        "live": row.get("risk.live", 0),
        "unassessed": row.get("risk.unassessed", 0),
        "out_of_control": row.get("risk.out_of_control", 0),
        "red_out_of_control": row.get("risk.out_of_control.red", 0),
        "grades": {grade.value: row.get(f"risk.grade.{grade.value}", 0) for grade in reversed(GRADES_UP)},
        "review_overdue": row.get("risk.review_dated", 0) - ahead.get("risk.review_due", 0),
        "schools_with_register": row.get("risk.register", 0),
        "schools_overdue": row.get("risk.register_dated", 0) - ahead.get("risk.register_review_due", 0),
    }
