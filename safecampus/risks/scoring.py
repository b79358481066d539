"""Scoring a risk: LEC, the 5 × 5 matrix and direct determination, banded by the rule table in force.

The value tables of the methods are part of the method (its version is stored
with each evaluation); the bands that turn a score into a colour are rule rows
(`risk.bands.*`), which a bureau may set for its area — each evaluation keeps
the band table it was scored with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.rules.services import resolve

from .models import DirectReason, Grade, Method

METHOD_VERSION = {Method.LEC: "LEC-GK-1", Method.MATRIX: "LS-5x5-1", Method.DIRECT: "DIRECT-1"}

# Graham–Kinney values (domain/standards.md §3).
LIKELIHOOD = {
    "10": gettext_lazy("Fully expected"),
    "6": gettext_lazy("Quite possible"),
    "3": gettext_lazy("Possible but unusual"),
    "1": gettext_lazy("Unlikely"),
    "0.5": gettext_lazy("Very unlikely"),
    "0.2": gettext_lazy("Extremely unlikely"),
    "0.1": gettext_lazy("Practically impossible"),
}
EXPOSURE = {
    "10": gettext_lazy("Continuous"),
    "6": gettext_lazy("Daily, in working hours"),
    "3": gettext_lazy("Weekly"),
    "2": gettext_lazy("Monthly"),
    "1": gettext_lazy("A few times a year"),
    "0.5": gettext_lazy("Very rare"),
}
CONSEQUENCE = {
    "100": gettext_lazy("Catastrophe, many deaths"),
    "40": gettext_lazy("Disaster, several deaths"),
    "15": gettext_lazy("Very serious, one death"),
    "7": gettext_lazy("Serious, serious injury"),
    "3": gettext_lazy("Major, disability"),
    "1": gettext_lazy("Noticeable"),
}
MATRIX_LIKELIHOOD = {
    "5": gettext_lazy("Almost certain"),
    "4": gettext_lazy("Likely"),
    "3": gettext_lazy("Possible"),
    "2": gettext_lazy("Unlikely"),
    "1": gettext_lazy("Rare"),
}
MATRIX_SEVERITY = {
    "5": gettext_lazy("Deaths"),
    "4": gettext_lazy("Serious injury or disability"),
    "3": gettext_lazy("Injury needing treatment"),
    "2": gettext_lazy("Minor injury"),
    "1": gettext_lazy("No injury"),
}
TABLES = {
    Method.LEC: (("l", LIKELIHOOD), ("e", EXPOSURE), ("c", CONSEQUENCE)),
    Method.MATRIX: (("l", MATRIX_LIKELIHOOD), ("s", MATRIX_SEVERITY)),
}
FACTOR_NAMES = {
    "l": gettext_lazy("likelihood (L)"),
    "e": gettext_lazy("exposure (E)"),
    "c": gettext_lazy("consequence (C)"),
    "s": gettext_lazy("severity (S)"),
}


@dataclass(frozen=True)
class Result:
    method: str
    grade: str
    score: Decimal | None
    factors: dict[str, str]
    bands: dict[str, Any] = field(default_factory=dict)
    bands_source: str = ""
    direct_reason: str = ""

    @property
    def version(self) -> str:
        return METHOD_VERSION[Method(self.method)]


def canonical(value: Any) -> str:
    """A factor as its table writes it ("0.5", "6"), whatever form it came in (6, 6.0, "6.0")."""
    try:
        number = Decimal(str(value).strip())
    except Exception:  # noqa: BLE001 - any unreadable value is simply not in the table
        return str(value)
    text = format(number.normalize(), "f")
    return text


def band(score: Decimal, table: dict[str, Any]) -> str:
    """The colour of a score: the first colour from red down whose lower bound it reaches; else blue."""
    for grade in (Grade.RED, Grade.ORANGE, Grade.YELLOW):
        if score >= Decimal(str(table[grade.value])):
            return grade.value
    return Grade.BLUE.value


def band_table(method: str, school: Any) -> tuple[dict[str, Any], str]:
    """The band table in force at the school, and who set it (the platform, or the bureau of an override)."""
    resolution = resolve(f"risk.bands.{method}", school)
    layer = resolution.set_by()
    source = layer.rule.org.name if layer.rule is not None and layer.rule.org_id else _("Platform default")
    return dict(resolution.value), str(source)


def evaluate(method: str, school: Any, factors: dict[str, Any], reason: str = "", direct_reason: str = "") -> Result:
    """Score and colour, or a ValidationError naming each factor that is not in its method's table."""
    if method not in Method.values:
        raise ValidationError({"method": _("Choose LEC, the risk matrix or direct determination.")})
    if method == Method.DIRECT:
        errors = {}
        if direct_reason not in DirectReason.values:
            errors["direct_reason"] = _("Say why the risk is red at once.")
        if not (reason or "").strip():
            errors["reason"] = _("Describe what was found.")
        if errors:
            raise ValidationError(errors)
        return Result(method, Grade.RED.value, None, {}, direct_reason=direct_reason)
    errors: dict[str, str] = {}
    clean: dict[str, str] = {}
    for key, table in TABLES[Method(method)]:
        value = canonical(factors.get(key, ""))
        if value not in table:
            errors[key] = _("%(factor)s must be one of %(values)s.") % {
                "factor": FACTOR_NAMES[key],
                "values": "、".join(table),
            }
        else:
            clean[key] = value
    if errors:
        raise ValidationError(errors)
    score = Decimal(1)
    for value in clean.values():
        score *= Decimal(value)
    score = score.quantize(Decimal("0.1"))
    table, source = band_table(method, school)
    return Result(method, band(score, table), score, clean, table, source)
