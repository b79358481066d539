"""Sane bounds for dates people type: no year 1, no year 9999 (they break arithmetic and reports)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from safecampus.core import clock

EARLIEST = date(2000, 1, 1)
YEARS_AHEAD = 5


def check_future_date(field: str, value: date | None, *, allow_past: bool = False) -> None:
    """A deadline: not in the past (unless allowed) and not more than five years ahead."""
    if value is None:
        return
    if not allow_past and value < clock.today():
        raise ValidationError({field: _("The date cannot be in the past.")})
    if value > clock.today() + timedelta(days=365 * YEARS_AHEAD) or value < EARLIEST:
        raise ValidationError({field: _("Give a date within the next %(years)d years.") % {"years": YEARS_AHEAD}})


def check_period_date(field: str, value: date | None) -> None:
    """A date of a period or a filter: from 2000 to five years ahead."""
    if value is None:
        return
    if value < EARLIEST or value > clock.today() + timedelta(days=365 * YEARS_AHEAD):
        raise ValidationError({field: _("Give a date between 2000 and five years from now.")})
