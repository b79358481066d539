"""Grade suggestion from casualty and loss thresholds, and the clocks of each reporting duty.

Thresholds and clocks are rule rows (seeded from domain/standards.md §1), read
for the incident's own unit so a region can set its own values.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from safecampus.rules.services import rule_value

from .models import GRADE_RANK, Grade

MEASURES = ("deaths", "serious_injuries", "injured", "direct_loss")


def measure(figures: dict[str, Any], key: str) -> Decimal:
    if key == "injured":
        return Decimal(figures.get("serious_injuries") or 0) + Decimal(figures.get("injuries") or 0)
    return Decimal(str(figures.get(key) or 0))


def suggest_grade(figures: dict[str, Any], org: Any) -> tuple[str, str]:
    """The most serious grade any threshold reaches ("以上" counts), and why (in the platform's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _suggest(figures, org)


def _suggest(figures: dict[str, Any], org: Any) -> tuple[str, str]:
    which = rule_value("incident.grade.threshold_set", org)
    thresholds = rule_value(f"incident.grade.thresholds.{which}", org)
    labels = {
        "deaths": _("deaths"),
        "serious_injuries": _("serious injuries"),
        "injured": _("injured"),
        "direct_loss": _("direct loss (10,000 yuan)"),
    }
    for grade in (Grade.EXTRAORDINARY, Grade.MAJOR, Grade.LARGE):
        for key, limit in (thresholds.get(grade) or {}).items():
            if key in MEASURES and measure(figures, key) >= Decimal(str(limit)):
                basis = _("%(what)s %(value)s ≥ %(limit)s") % {
                    "what": labels[key],
                    "value": measure(figures, key).normalize(),
                    "limit": limit,
                }
                return grade, basis
    return Grade.ORDINARY, _("below every threshold")


def more_serious(a: str, b: str) -> bool:
    return GRADE_RANK[a] > GRADE_RANK[b]


def initial_due(known_at: datetime, grade: str, subtype: str, org: Any) -> datetime:
    table = rule_value("incident.clock.initial_minutes", org)
    minutes = (table.get(subtype) or table["default"]).get(grade) or table["default"][grade]
    return known_at + timedelta(minutes=minutes)


def forward_due(arrived_at: datetime, org: Any) -> datetime:
    return arrived_at + timedelta(minutes=rule_value("incident.clock.forward_minutes", org))


def final_due(handled_at: datetime, org: Any) -> datetime:
    return handled_at + timedelta(days=rule_value("incident.clock.final_days", org))


def casualty_window_end(occurred_at: datetime, subtype: str, org: Any) -> datetime:
    table = rule_value("incident.clock.casualty_window_days", org)
    return occurred_at + timedelta(days=table.get(subtype, table["default"]))
