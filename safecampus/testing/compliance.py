"""Compliance records for tests: drills and activities at a school, on a day, recorded at a moment."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from safecampus.compliance.models import Occurrence
from safecampus.compliance.services import records
from safecampus.core import clock

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), SHANGHAI)


def drill(
    school: Any, actor: Any, day: date, kind: str = "fire", *, recorded: datetime | None = None, **values: Any
) -> Any:
    data = {"kind": kind, "held_on": day, "students": 300, "staff": 20} | values
    with clock.travel_to(recorded or at(day, 16)):
        return records.record_drill(school, actor=actor, **data)


def activity(school: Any, actor: Any, day: date, kind: str, *, recorded: datetime | None = None, **values: Any) -> Any:
    data = {"kind": kind, "held_on": day, "participants": 300, "summary": "全校师生参加"} | values
    with clock.travel_to(recorded or at(day, 16)):
        return records.record_activity(school, actor=actor, **data)


def states(school: Any, code: str, today: date) -> dict[date, str]:
    """{period start: the state shown on `today`} for one school and duty."""
    rows = Occurrence.objects.filter(org=school, obligation=code).order_by("period_start")
    return {row.period_start: row.shown_state(today) for row in rows}
