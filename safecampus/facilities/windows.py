"""Failing windows: when a ledger record falls short of a rule, as spans of days, so no job runs when a day passes.

A record's check gives the days on which it fails, as windows [start, end):
from `start` (inclusive) until `end` (exclusive; None: until the record is
fixed). An inspection valid until 30 June fails from 1 July; a driver born on
2 March 1966 is over 60 from 2 March 2027; a driver under 25 fails until his
25th birthday. A check that fails whatever the day (no licence number, a
missing fire extinguisher) fails from `EARLIEST`.

Windows count on the tree (core.counting) as +1 on their start day and −1 on
their end day, so the records failing on a day are the dated counters summed
up to that day, and the ones that will fail within N days the same sum up to
the day N days ahead.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Iterable
from datetime import date, timedelta

# Before any record the platform holds: "failing already, whatever the day".
EARLIEST = date(2000, 1, 1)

Window = tuple[date, date | None]


def always() -> list[Window]:
    return [(EARLIEST, None)]


def after(last_good: date | None) -> list[Window]:
    """Fails from the day after `last_good` (a validity's last day); never given: fails already."""
    if last_good is None:
        return always()
    return [(last_good + timedelta(days=1), None)]


def before(first_good: date) -> list[Window]:
    """Fails until `first_good` (a minimum age or experience reached that day)."""
    return [(EARLIEST, first_good)] if first_good > EARLIEST else []


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def union(windows: Iterable[Window]) -> list[Window]:
    """The windows merged where they overlap or touch, in order."""
    merged: list[list[date | None]] = []
    for start, end in sorted(windows, key=lambda w: w[0]):
        if end is not None and end <= start:
            continue
        if merged:
            last = merged[-1]
            if last[1] is None or start <= last[1]:  # type: ignore[operator]
                if last[1] is not None and (end is None or end > last[1]):  # type: ignore[operator]
                    last[1] = end
                continue
        merged.append([start, end])
    return [(start, end) for start, end in merged]  # type: ignore[misc]


def fails_on(windows: Iterable[Window], day: date) -> bool:
    return any(start <= day and (end is None or day < end) for start, end in windows)


def next_failure(windows: Iterable[Window], day: date) -> date | None:
    """The first day from `day` on that the record fails (`day` itself when it fails now)."""
    found = [max(start, day) for start, end in windows if end is None or end > day]
    return min(found) if found else None


def dump(windows: Iterable[Window]) -> list[list[str | None]]:
    """As stored (JSON): [["2027-07-01", null], …]."""
    return [[start.isoformat(), end.isoformat() if end else None] for start, end in windows]


def load(stored: Iterable[Iterable[str | None]]) -> list[Window]:
    return [
        (date.fromisoformat(start), date.fromisoformat(end) if end else None)  # type: ignore[arg-type]
        for start, end in stored
    ]


def keys(metric: str, windows: Iterable[Window]) -> Tally:
    """What the windows add to the dated counters: +1 on each start day, −1 on each end day."""
    found: Tally = Tally()
    for start, end in windows:
        found[(metric, start)] += 1
        if end is not None:
            found[(metric, end)] -= 1
    return found
