"""Year figures of the clear-to-zero drive: stock, increment, cleared (动态清零)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet

from .models import HazardLevel, HazardState


def year_start(year: int) -> datetime:
    return datetime(year, 1, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))


def registered(queryset: QuerySet) -> QuerySet:
    return queryset.exclude(state=HazardState.DRAFT)


def stock(queryset: QuerySet, year: int) -> QuerySet:
    """Found before 1 January of `year` and still open at that moment."""
    start = year_start(year)
    return registered(queryset).filter(found_at__lt=start).filter(Q(closed_at__isnull=True) | Q(closed_at__gte=start))


def increment(queryset: QuerySet, year: int) -> QuerySet:
    """Found during `year`."""
    return registered(queryset).filter(found_at__gte=year_start(year), found_at__lt=year_start(year + 1))


def clear_to_zero(queryset: QuerySet, year: int) -> dict[str, Any]:
    """Per node: open major hazards now, the year's stock and how much of it is cleared, the increment."""
    stock_qs = stock(queryset, year)
    end = year_start(year + 1)
    cleared = stock_qs.filter(state=HazardState.CLOSED, closed_at__lt=end).count()
    stock_count = stock_qs.count()
    return {
        "year": year,
        "open_major": registered(queryset).filter(level=HazardLevel.MAJOR).exclude(state=HazardState.CLOSED).count(),
        "stock": stock_count,
        "stock_cleared": cleared,
        "stock_cleared_rate": round(cleared * 100 / stock_count, 1) if stock_count else None,
        "increment": increment(queryset, year).count(),
        "increment_closed": increment(queryset, year).filter(state=HazardState.CLOSED).count(),
    }
