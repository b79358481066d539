"""Which way is stricter, the units, and how values are shown."""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext, pgettext_lazy

# Which way is stricter.
LOWER = "lower"  # a smaller number is stricter: deadlines, report clocks, grade thresholds
HIGHER = "higher"  # a larger number is stricter: sample shares, reporting windows
MORE = "more"  # a list or set: keeping every item of the level above and adding more is stricter
ORDERED = "ordered"  # a choice: the later of the declared choices is stricter
LEVEL = "level"  # who verifies: a higher level, or fewer of the accepted roles, is stricter
PARTS = "parts"  # a table: each part by its own direction
NONE = "none"  # no direction (weights, display settings): anything within the bounds

DAYS = pgettext_lazy("rule unit", "days")
HOURS = pgettext_lazy("rule unit", "hours")
MINUTES = pgettext_lazy("rule unit", "minutes")
PEOPLE = pgettext_lazy("rule unit", "people")
POINTS = pgettext_lazy("rule unit", "points")
TEN_THOUSAND_YUAN = pgettext_lazy("rule unit", "10,000 yuan")
PERCENT = "%"
MB = "MB"


def number(value: Any) -> str:
    """2.0 → "2", 2.5 → "2.5"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def joined(items: list[Any]) -> str:
    return pgettext("list separator", ", ").join(str(item) for item in items)


def with_unit(value: Any, unit: Any) -> str:
    if not unit:
        return number(value)
    return f"{number(value)}{unit}" if str(unit) == PERCENT else f"{number(value)} {unit}"


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
