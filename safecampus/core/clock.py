"""The platform's clock. Code asks `clock.now()`; tests move it with `travel_to`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

_offset = timedelta(0)


def now() -> datetime:
    return timezone.now() + _offset


@contextmanager
def travel_to(moment: datetime) -> Iterator[None]:
    """Run the block as if the wall clock read `moment` (aware datetime)."""
    global _offset
    previous = _offset
    _offset = moment - timezone.now()
    try:
        yield
    finally:
        _offset = previous


def today() -> date:
    """Today's date in the platform's time zone (Asia/Shanghai)."""
    return timezone.localdate(now())


def local_bound(day: date, moment: time) -> datetime:
    """The instant a filter's day starts or ends in the platform's time zone."""
    # A hand-typed year 1 or 9999 would overflow when converted to UTC; keep filters within sane years.
    day = min(max(day, date(2000, 1, 1)), date(2100, 12, 31))
    return datetime.combine(day, moment, ZoneInfo(settings.TIME_ZONE))
