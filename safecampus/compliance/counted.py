"""What duty occurrences add to the counter store (core.counting): per duty and period, expected and each state.

Each key is dated on the period's first day, so a bureau reads any range of periods by summing days; "missing" is
read as the open occurrences of periods that closed before today, and needs no job when a period closes.
"""

from __future__ import annotations

from collections import Counter as Tally
from typing import Any

from safecampus.core import recount as sql
from safecampus.core.counting import CountedKind, register

from .models import Occurrence, OccurrenceState

PREFIX = "compliance."


def occurrence_keys(occurrence: Any) -> Tally:
    keys: Tally = Tally()
    code, day = occurrence.obligation, occurrence.period_start
    if occurrence.state != OccurrenceState.EXCUSED:
        keys[(f"{PREFIX}{code}.expected", day)] += 1
    keys[(f"{PREFIX}{code}.{occurrence.state}", day)] += 1
    return keys


def occurrence_sql(path: str | None) -> tuple[str, list[Any]]:
    """`occurrence_keys` as GROUP BYs (held equal to it by the drift tests)."""
    where, params = sql.subtree_sql("org_path", path)
    rows = f"SELECT org_path, obligation, period_start, state FROM {Occurrence._meta.db_table} WHERE 1 = 1 {where}"
    parts = [
        (
            f"'{PREFIX}' || obligation || '.expected'",
            "period_start",
            "COUNT(*)",
            f"state <> '{OccurrenceState.EXCUSED}'",
            ["obligation", "period_start"],
        ),
        (
            f"'{PREFIX}' || obligation || '.' || state",
            "period_start",
            "COUNT(*)",
            "",
            ["obligation", "period_start", "state"],
        ),
    ]
    return f"WITH r AS ({rows}) {sql.union('r', parts)}", params


OCCURRENCES = register(
    CountedKind(
        key="duty_occurrence",
        model=Occurrence,
        keys=occurrence_keys,
        fields=("org_path", "obligation", "period_start", "state"),
        prefixes=(PREFIX,),
        sql=occurrence_sql,
    )
)
