"""Hazard figures read from the counter store: what the dashboards, the map and the warnings show of hazards."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from safecampus.core.counting import dated_sums, figures

LEVELS = ("general", "major")


def overdue_counts(org_ids: Iterable[int], today: date, levels: Iterable[str] = LEVELS) -> dict[int, int]:
    """Open hazards past their deadline on `today`, per node: open with a deadline − those due today or later.

    The counter side of the one definition of overdue (`Hazard.overdue_q`): exact the moment a deadline passes.
    """
    ids, levels = list(org_ids), list(levels)
    dated = figures(ids, [f"hazard.open_dated.{level}" for level in levels])
    future = dated_sums(ids, [f"hazard.open_deadline.{level}" for level in levels], first=today)
    return {org: sum(dated.get(org, {}).values()) - sum(future.get(org, {}).values()) for org in ids}


def overdue_count(org: Any, today: date, level: str | None = None) -> int:
    return overdue_counts([org.pk], today, [level] if level else LEVELS)[org.pk]
