"""Shapes of single values and lists: numbers with bounds and unit, lists of days or dates, choices."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from .common import DAYS, MORE, NONE, is_number, joined, number, with_unit

MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")


@dataclass(frozen=True)
class Number:
    """A number within bounds, with a unit: days, minutes, MB, %, points…"""

    min: int | float
    max: int | float
    unit: Any = ""
    stricter: str = NONE
    whole: bool = True
    control = "number"

    def clean(self, value: Any, name: str, errors: list[str], org: Any = None) -> Any:
        if not is_number(value):
            errors.append(_("%(name)s must be a number.") % {"name": name})
            return value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if self.whole and not isinstance(value, int):
            errors.append(_("%(name)s must be a whole number.") % {"name": name})
            return value
        if not self.min <= value <= self.max:
            errors.append(
                _("%(name)s must be between %(min)s and %(max)s %(unit)s.")
                % {"name": name, "min": number(self.min), "max": number(self.max), "unit": self.unit}
            )
        return value

    def describe(self, value: Any) -> str:
        return with_unit(value, self.unit)

    def bounds(self) -> str:
        return f"{number(self.min)}–{with_unit(self.max, self.unit)}"

    def rank(self, value: Any) -> Any:
        return value


@dataclass(frozen=True)
class DayList:
    """Whole numbers of days (e.g. reminders before a deadline): each within bounds, no duplicates, largest first."""

    min: int = 0
    max: int = 365
    unit: Any = DAYS
    max_items: int = 10
    stricter: str = MORE
    control = "days"

    def normalise(self, items: list[int]) -> list[int]:
        return sorted(set(items), reverse=True)

    def clean(self, value: Any, name: str, errors: list[str], org: Any = None) -> Any:
        if not isinstance(value, list):
            errors.append(_("%(name)s must be a list of whole numbers of days.") % {"name": name})
            return value
        bad = [item for item in value if not is_number(item) or (isinstance(item, float) and not item.is_integer())]
        if bad:
            errors.append(_("%(name)s: %(items)s are not whole numbers.") % {"name": name, "items": joined(bad)})
            return value
        items = [int(item) for item in value]
        outside = [item for item in items if not self.min <= item <= self.max]
        if outside:
            errors.append(
                _("%(name)s: each value must be between %(min)s and %(max)s %(unit)s (%(items)s is not).")
                % {"name": name, "min": self.min, "max": self.max, "unit": self.unit, "items": joined(outside)}
            )
        twice = sorted({item for item in items if items.count(item) > 1})
        if twice:
            errors.append(_("%(name)s: %(items)s appear more than once.") % {"name": name, "items": joined(twice)})
        if len(items) > self.max_items:
            errors.append(_("%(name)s: at most %(count)s values.") % {"name": name, "count": self.max_items})
        return self.normalise(items)

    def describe(self, value: Any) -> str:
        return with_unit(joined(value), self.unit) if value else _("(none)")

    def bounds(self) -> str:
        return _("each %(min)s–%(max)s, at most %(count)s values") % {
            "min": self.min,
            "max": with_unit(self.max, self.unit),
            "count": self.max_items,
        }


@dataclass(frozen=True)
class MonthDays:
    """Dates of the year written month-day ("03-01"), no duplicates, in calendar order."""

    min_items: int = 1
    max_items: int = 12
    stricter: str = MORE
    control = "monthdays"

    def normalise(self, items: list[str]) -> list[str]:
        return sorted(set(items))

    def clean(self, value: Any, name: str, errors: list[str], org: Any = None) -> Any:
        if not isinstance(value, list):
            errors.append(_("%(name)s must be a list of dates written month-day, e.g. 03-01.") % {"name": name})
            return value
        items, bad = [], []
        for item in value:
            match = MONTH_DAY.match(item.strip()) if isinstance(item, str) else None
            try:
                day = date(2000, int(match.group(1)), int(match.group(2))) if match else None  # 2000: 02-29 exists
            except ValueError:
                day = None
            if day is None:
                bad.append(item)
            else:
                items.append(day.strftime("%m-%d"))
        if bad:
            errors.append(
                _("%(name)s: %(items)s are not dates written month-day, e.g. 03-01.")
                % {"name": name, "items": joined(bad)}
            )
        twice = sorted({item for item in items if items.count(item) > 1})
        if twice:
            errors.append(_("%(name)s: %(items)s appear more than once.") % {"name": name, "items": joined(twice)})
        if not self.min_items <= len(value) <= self.max_items:
            errors.append(
                _("%(name)s: give %(min)s to %(max)s dates.")
                % {"name": name, "min": self.min_items, "max": self.max_items}
            )
        return self.normalise(items)

    def describe(self, value: Any) -> str:
        return joined(value)

    def bounds(self) -> str:
        return _("%(min)s to %(max)s dates, month-day") % {"min": self.min_items, "max": self.max_items}


@dataclass(frozen=True)
class Choice:
    """One of the allowed values; with `stricter=ORDERED` they are listed from the least strict to the strictest."""

    choices: tuple[tuple[str, Any], ...]
    stricter: str = NONE
    control = "choice"

    def values(self) -> list[str]:
        return [value for value, _label in self.choices]

    def label(self, value: Any) -> str:
        return str(dict(self.choices).get(value, value))

    def rank(self, value: Any) -> int:
        return self.values().index(value)

    def clean(self, value: Any, name: str, errors: list[str], org: Any = None) -> Any:
        if value not in self.values():
            errors.append(
                _("%(name)s must be one of: %(allowed)s.")
                % {"name": name, "allowed": joined([self.label(v) for v in self.values()])}
            )
        return value

    def describe(self, value: Any) -> str:
        return self.label(value)

    def bounds(self) -> str:
        return joined([label for _value, label in self.choices])


@dataclass(frozen=True)
class ChoiceSet:
    """Some of the allowed values (e.g. the grades reported to every level at once), in the declared order."""

    choices: tuple[tuple[str, Any], ...]
    stricter: str = MORE
    control = "choices"

    def values(self) -> list[str]:
        return [value for value, _label in self.choices]

    def normalise(self, items: list[str]) -> list[str]:
        return [value for value in self.values() if value in items]

    def clean(self, value: Any, name: str, errors: list[str], org: Any = None) -> Any:
        if not isinstance(value, list):
            errors.append(_("%(name)s must be a list.") % {"name": name})
            return value
        unknown = [item for item in value if item not in self.values()]
        if unknown:
            errors.append(
                _("%(name)s: %(items)s are not allowed; choose from %(allowed)s.")
                % {"name": name, "items": joined(unknown), "allowed": self.bounds()}
            )
        twice = sorted({str(item) for item in value if value.count(item) > 1})
        if twice:
            errors.append(_("%(name)s: %(items)s appear more than once.") % {"name": name, "items": joined(twice)})
        return self.normalise(value)

    def describe(self, value: Any) -> str:
        labels = dict(self.choices)
        return joined([labels[item] for item in value]) if value else _("(none)")

    def bounds(self) -> str:
        return joined([label for _value, label in self.choices])


@dataclass(frozen=True)
class Pattern:
    """A line of text holding a placeholder (e.g. a media server's stream address with `{id}` for the camera),
    starting with one of the allowed prefixes."""

    placeholder: str
    prefixes: tuple[str, ...] = ("http://", "https://", "/")
    max_length: int = 300
    stricter: str = NONE
    control = "text"

    def clean(self, value: Any, name: str, errors: list[str], org: Any = None) -> Any:
        if not isinstance(value, str):
            errors.append(_("%(name)s must be text.") % {"name": name})
            return value
        value = value.strip()
        if len(value) > self.max_length:
            limit = {"name": name, "count": self.max_length}
            errors.append(_("%(name)s may hold at most %(count)d characters.") % limit)
        if self.placeholder not in value:
            errors.append(_("%(name)s must contain %(placeholder)s.") % {"name": name, "placeholder": self.placeholder})
        if not value.startswith(self.prefixes):
            errors.append(
                _("%(name)s must start with %(prefixes)s.") % {"name": name, "prefixes": joined(list(self.prefixes))}
            )
        if any(character.isspace() or ord(character) < 32 for character in value):
            errors.append(_("%(name)s may not contain spaces.") % {"name": name})
        return value

    def describe(self, value: Any) -> str:
        return str(value)

    def bounds(self) -> str:
        return _("an address with %(placeholder)s, starting with %(prefixes)s") % {
            "placeholder": self.placeholder,
            "prefixes": joined(list(self.prefixes)),
        }

    def rank(self, value: Any) -> Any:
        return 0
