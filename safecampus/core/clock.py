"""The platform's clock. Code asks `clock.now()`; tests move it with `travel_to`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

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
