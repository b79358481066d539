"""The shapes a rule's value may take: its bounds, unit, allowed values and which way is stricter.

A shape checks a value (`clean`, collecting messages that name the rule and
the bound), normalises it (sorted lists, whole numbers) and shows it
(`describe`, `bounds`). Which way is stricter is declared by `stricter`; it is
evaluated in one place, `specs.tighten`.
"""

from .common import (
    DAYS,
    HIGHER,
    HOURS,
    LEVEL,
    LOWER,
    MB,
    MINUTES,
    MORE,
    NONE,
    ORDERED,
    PARTS,
    PEOPLE,
    PERCENT,
    POINTS,
    TEN_THOUSAND_YUAN,
    is_number,
    joined,
    number,
    with_unit,
)
from .structured import Part, Table, Verifier, VerifierLevel
from .values import Choice, ChoiceSet, DayList, MonthDays, Number, Pattern

__all__ = [
    "DAYS",
    "HIGHER",
    "HOURS",
    "LEVEL",
    "LOWER",
    "MB",
    "MINUTES",
    "MORE",
    "NONE",
    "ORDERED",
    "PARTS",
    "PEOPLE",
    "PERCENT",
    "POINTS",
    "TEN_THOUSAND_YUAN",
    "Choice",
    "ChoiceSet",
    "DayList",
    "MonthDays",
    "Number",
    "Part",
    "Pattern",
    "Table",
    "Verifier",
    "VerifierLevel",
    "is_number",
    "joined",
    "number",
    "with_unit",
]
