"""Rule specs: each rule key declared once, by the app that uses it, in its own `rulebook.py`.

    from safecampus.rules.specs import declare
    from safecampus.rules.shapes import DAYS, LOWER, Number

    declare(
        "hazard.deadline_days.general", 7, Number(1, 365, DAYS, stricter=LOWER),
        title="一般隐患默认整改期限（天）", title_en="Default days to fix a general hazard",
        source="…",
    )

The spec gives the default, the shape (type, bounds, unit, allowed values)
and which way is stricter; `tighten` is the one place that direction is
evaluated: a lower level's value may tighten the rule in force above it,
never weaken it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.registry import Registry

from .shapes import HIGHER, LEVEL, LOWER, MORE, NONE, ORDERED, PARTS, Table, joined

DIRECTIONS = {
    LOWER: gettext_lazy("A unit below may lower (shorten) it, never raise it."),
    HIGHER: gettext_lazy("A unit below may raise it, never lower it."),
    MORE: gettext_lazy("A unit below may add values, never remove those of the level above."),
    ORDERED: gettext_lazy("A unit below may only choose a stricter option (listed last)."),
    LEVEL: gettext_lazy(
        "A unit below may move verification up to a higher level, or accept fewer of the roles "
        "the level above accepts, never the reverse."
    ),
    PARTS: gettext_lazy("Each part may only be tightened, in its own direction."),
    NONE: gettext_lazy("No direction: any value within the bounds."),
}


@dataclass(frozen=True)
class RuleSpec:
    key: str
    default: Any
    shape: Any
    title: str  # Chinese, as the policy says it
    title_en: str = ""
    source: str = ""  # the law, standard or policy the default comes from

    @property
    def stricter(self) -> str:
        return self.shape.stricter

    @property
    def display_title(self) -> str:
        return self.title_en if translation.get_language() == "en" and self.title_en else self.title

    @property
    def name(self) -> str:
        """The title without its explanation in brackets, to name the rule in messages."""
        return re.sub(r"\s*[（(].*[）)]\s*$", "", self.display_title) or self.key

    @property
    def direction(self) -> str:
        return str(DIRECTIONS[self.stricter])

    def problems(self, value: Any, org: Any = None) -> tuple[Any, list[str]]:
        """The value normalised, and what is wrong with its shape (empty when nothing)."""
        errors: list[str] = []
        cleaned = self.shape.clean(value, self.name, errors, org)
        return cleaned, errors

    def clean(self, value: Any, org: Any = None) -> Any:
        cleaned, errors = self.problems(value, org)
        if errors:
            raise ValidationError({"value": errors})
        return cleaned

    def is_valid(self, value: Any) -> bool:
        return not self.problems(value)[1]

    def tighten(self, value: Any, upper: Any) -> tuple[Any, list[str]]:
        return tighten(self.shape, value, upper, self.name)

    def describe(self, value: Any) -> str:
        return self.shape.describe(value)

    def bounds(self) -> str:
        return self.shape.bounds()


RULES: Registry[RuleSpec] = Registry("rule")


def declare(key: str, default: Any, shape: Any, *, title: str, title_en: str = "", source: str = "") -> RuleSpec:
    """Declare a rule key (once; a second declaration of the same key is an error)."""
    return RULES.register(key, RuleSpec(key, default, shape, title, title_en, source))


def spec_for(key: str) -> RuleSpec:
    spec = RULES.get(key)
    if spec is None:
        raise ValidationError({"key": _("There is no rule %(key)s.") % {"key": key}})
    return spec


def tighten(shape: Any, value: Any, upper: Any, name: str) -> tuple[Any, list[str]]:
    """`value` made at least as strict as `upper` (the rule in force above), and where it was weaker.

    The one place the direction a shape declares is evaluated. Both values
    have passed the shape. A part left out (None) that the level above sets
    is a weakening, unless the shape has no direction.
    """
    kind = shape.stricter
    if upper is None or kind == NONE or value == upper:
        return value, []
    if value is None:
        return upper, [
            _("%(name)s: the level above sets %(upper)s; it may not be left out.")
            % {"name": name, "upper": shape.describe(upper)}
        ]
    if kind == PARTS:
        return _tighten_parts(shape, value, upper, name)

    def above(**more: Any) -> dict[str, Any]:  # message arguments, built only when there is something to say
        return {"name": name, "upper": shape.describe(upper), **more}

    if kind == LOWER and value > upper:
        return upper, [_("%(name)s may not be more than %(upper)s, the value in force above.") % above()]
    if kind == HIGHER and value < upper:
        return upper, [_("%(name)s may not be less than %(upper)s, the value in force above.") % above()]
    if kind == MORE:
        missing = [item for item in upper if item not in value]
        if missing:
            return shape.normalise([*value, *missing]), [
                _("%(name)s must keep %(missing)s, set by the level above; a unit below may add, not remove.")
                % above(missing=joined(missing))
            ]
    if kind == ORDERED and shape.rank(value) < shape.rank(upper):
        return upper, [
            _("%(name)s may not be %(value)s; the level above requires %(upper)s or stricter.")
            % above(value=shape.describe(value))
        ]
    if kind == LEVEL:
        rank, upper_rank = shape.rank(value["level"]), shape.rank(upper["level"])
        if rank < upper_rank:
            return upper, [
                _(
                    "%(name)s: verification may not move down to the %(level)s level; "
                    "the level above requires %(upper)s."
                )
                % above(level=shape.at(value["level"]).label)
            ]
        extra = [role for role in value["roles"] if role not in upper["roles"]]
        if rank == upper_rank and extra:
            return upper, [
                _("%(name)s: %(roles)s may not verify; at this level the level above accepts only %(allowed)s.")
                % above(roles=shape.role_labels(extra), allowed=shape.role_labels(upper["roles"]))
            ]
    return value, []


def _tighten_parts(shape: Table, value: dict[str, Any], upper: dict[str, Any], name: str) -> tuple[Any, list[str]]:
    """Each part against the same part above (as it applies, after falling back), the fallback part first."""
    result = dict(value)
    problems: list[str] = []
    keys = shape.keys()
    if shape.fallback:
        keys = [shape.fallback, *(key for key in keys if key != shape.fallback)]
    for key in keys:
        theirs = shape.effective(upper, key)
        if theirs is None:
            continue
        part = shape.part(key)
        merged, found = tighten(part.shape, shape.effective(result, key), theirs, f"{name}·{part.label}")
        if found:
            result[key] = merged
            problems += found
    return result, problems
