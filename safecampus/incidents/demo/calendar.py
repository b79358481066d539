"""When demo incidents happen: seasons, school hours, school days, and the kind of incident (Case)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

SECONDARY = frozenset({"junior", "senior", "nine_year", "twelve_year", "vocational"})
# Month factors, January first.
ALL_YEAR = (1,) * 12
SWIMMING = (0, 0, 0, 0.4, 1.2, 2.5, 3, 3, 0.8, 0.2, 0, 0)  # no one swims from November to March
RAINSTORM = (0, 0, 0, 0.05, 0.3, 1, 3, 3, 0.5, 0.05, 0, 0)
FLU = (3, 2.5, 1.5, 0.6, 0.3, 0.2, 0.1, 0.1, 0.3, 0.8, 1.8, 3)
NOROVIRUS = (2, 2, 1.5, 0.8, 0.4, 0.2, 0.1, 0.1, 0.4, 1, 2, 2.5)
HAND_FOOT_MOUTH = (0.1, 0.1, 0.4, 1.5, 3, 3, 1.5, 0.5, 0.6, 0.8, 0.3, 0.1)
CHICKENPOX = (1.5, 0.8, 1, 1.2, 1.2, 0.8, 0.2, 0.1, 0.5, 1, 1.5, 1.5)
WARM = (0.5, 0.5, 0.7, 0.9, 1.2, 1.6, 1.2, 1, 1.5, 1.2, 0.8, 0.5)
DARK = (1.3, 1.1, 1, 1, 1, 1, 0.8, 0.8, 1, 1, 1.2, 1.4)
SCHOOL_HOURS = ((8, 11.8), (13.5, 17))
BREAKS = ((9.6, 10.2), (10.9, 11.1), (14.5, 15.6), (15.9, 16.5))
COMMUTE = ((6.6, 8), (16.6, 18.5))


@dataclass(frozen=True)
class Case:
    """One kind of incident: where it can happen, when, and how it goes (see `build`)."""

    category: str
    subtype: str
    weight: Callable[[Any], float]  # by school profile; 0 where it cannot happen
    season: tuple[float, ...]
    hours: tuple[tuple[float, float], ...]
    build: Callable[[random.Random, Any, datetime], dict[str, Any]]
    in_term: bool = False  # on a school day during term only
    after_school: tuple[tuple[float, float], ...] = ()  # its hours on a school day, if not the same
    free_days: float = 1.0  # how much likelier on weekends and holidays (children out of school)


def school_day(day: date) -> bool:
    """A weekday in term: not in the summer (mid-July to August) or winter holidays, nor the May and October weeks."""
    if day.weekday() >= 5:
        return False
    month, dom = day.month, day.day
    return not (
        (month == 7 and dom >= 10) or month == 8 or (month == 1 and (dom >= 20 or dom == 1))
        or (month == 2 and dom < 20)
        or (month == 10 and dom <= 7) or (month == 5 and dom <= 5)
    )  # fmt: skip


def _when(rng: random.Random, case: Case, start: datetime, end: datetime, tz: ZoneInfo) -> datetime | None:
    """A moment between start and end when this can happen (its season, term days, hours), or None."""
    peak = max(case.season) * max(case.free_days, 1.0)
    span = (end - start).total_seconds()
    for _attempt in range(60):
        day = (start + timedelta(seconds=rng.uniform(0, span))).astimezone(tz).date()
        free = not school_day(day)
        if case.in_term and free:
            continue
        factor = case.season[day.month - 1] * (case.free_days if free else 1.0)
        if rng.random() * peak >= factor:
            continue
        low, high = rng.choice(case.after_school if case.after_school and not free else case.hours)
        moment = datetime.combine(day, time(0), tz) + timedelta(hours=rng.uniform(low, high))
        if start <= moment <= end:
            return moment
    return None
