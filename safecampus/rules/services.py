"""Reading and changing rules. Code asks `rule_value(key, org)`; it never hard-codes the number.

The value in force at a node is folded from the top: the platform default,
then each override on the way down to the node. Each override may only
tighten the rule in force above it (`set_rule` refuses a weaker one); if the
level above tightens later, an override that is now weaker is flagged and
the stricter value applies until the unit below changes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.history import stamp
from safecampus.core.paths import ancestor_paths

from .models import Rule
from .specs import RULES, RuleSpec, spec_for


@dataclass
class Layer:
    """One level's part in the value in force: the platform default, or one unit's override."""

    rule: Rule | None  # None: the packaged default (no row yet)
    value: Any  # the value in force at this layer's node
    weaker: list[str] = field(default_factory=list)  # the row was weaker than the rule above; the stricter applies
    invalid: list[str] = field(default_factory=list)  # the row does not fit the rule's shape; it is ignored

    @property
    def flagged(self) -> bool:
        return bool(self.weaker or self.invalid)


@dataclass
class Resolution:
    """How the value in force at a node comes about: the default, then overrides from the top down."""

    key: str
    spec: RuleSpec | None
    layers: list[Layer]

    @property
    def value(self) -> Any:
        return self.layers[-1].value

    @property
    def default(self) -> Layer:
        return self.layers[0]

    def here(self, path: str) -> Layer | None:
        last = self.layers[-1]
        return last if last.rule is not None and last.rule.org_id and last.rule.org_path == path else None

    def above(self, path: str) -> Any:
        """The value in force at the node's parent (what an override here may not weaken)."""
        return self.layers[-2].value if self.here(path) else self.value

    def set_by(self) -> Layer:
        """The nearest layer whose own value counts (an ignored row does not)."""
        return next((layer for layer in reversed(self.layers) if not layer.invalid), self.layers[0])

    @property
    def flagged(self) -> list[Layer]:
        return [layer for layer in self.layers if layer.flagged]


def _fold(key: str, spec: RuleSpec | None, rows: Iterable[Rule]) -> Resolution:
    rows = sorted(rows, key=lambda row: row.org_path)
    default_row = rows[0] if rows and not rows[0].org_id else None
    overrides = rows[1:] if default_row else rows
    if spec is None:  # a row of a key no app declares any more: nearest row wins, unchecked
        layers = [Layer(row, row.value) for row in rows]
        return Resolution(key, None, layers)
    default = Layer(default_row, spec.default)
    if default_row is not None and default_row.value != spec.default:
        cleaned, default.invalid = spec.problems(default_row.value)
        default.value = spec.default if default.invalid else cleaned
    layers = [default]
    for row in overrides:
        above = layers[-1].value
        cleaned, invalid = spec.problems(row.value)
        if invalid:
            layers.append(Layer(row, above, invalid=invalid))
            continue
        value, weaker = spec.tighten(cleaned, above)
        layers.append(Layer(row, value, weaker=weaker))
    return Resolution(key, spec, layers)


def resolve(key: str, org: Any = None) -> Resolution:
    """The value in force at `org` (None: the platform default) and where it comes from, in one query."""
    spec = RULES.get(key)
    paths = ancestor_paths(org.path) if org is not None else []
    rows = list(Rule.objects.filter(key=key, org_path__in=["", *paths]).select_related("org"))
    if spec is None and not any(not row.org_id for row in rows):
        raise KeyError(f"unknown rule {key!r}")
    return _fold(key, spec, rows)


def resolve_all(org: Any = None) -> list[Resolution]:
    """Every declared rule at `org`, in one query."""
    paths = ancestor_paths(org.path) if org is not None else []
    by_key: dict[str, list[Rule]] = {}
    for row in Rule.objects.filter(org_path__in=["", *paths]).select_related("org"):
        by_key.setdefault(row.key, []).append(row)
    return [_fold(spec.key, spec, by_key.get(spec.key, [])) for spec in sorted(RULES, key=lambda s: s.key)]


def rule_value(key: str, org: Any = None) -> Any:
    """The value in force at `org`: the nearest override on it or an ancestor, else the default.

    An override is never weaker than the rule in force above it: one the level
    above has since outgrown gives way to the stricter value.
    """
    spec = RULES.get(key)
    paths = ancestor_paths(org.path) if org is not None else []
    rows = list(Rule.objects.filter(key=key, org_path__in=["", *paths]))
    if spec is None and not any(not row.org_id for row in rows):
        raise KeyError(f"unknown rule {key!r}")
    return _fold(key, spec, rows).value


def rule_values(key: str, paths: Iterable[str]) -> dict[str, Any]:
    """The value in force at each node (by path), in one query: for jobs that walk thousands of schools."""
    spec = RULES.get(key)
    rows = list(Rule.objects.filter(key=key))
    folded: dict[tuple[int, ...], Any] = {}
    found = {}
    for path in set(paths):
        chain = {"", *ancestor_paths(path)}
        mine = [row for row in rows if row.org_path in chain]
        ids = tuple(sorted(row.pk for row in mine))
        if ids not in folded:
            folded[ids] = _fold(key, spec, mine).value
        found[path] = folded[ids]
    return found


def ensure_default_rules(**kwargs: Any) -> int:
    """Insert declared defaults that are missing; never overwrite a value an administrator changed."""
    existing = set(Rule.objects.filter(org__isnull=True).values_list("key", flat=True))
    created = 0
    for spec in RULES:
        meta = {"title": spec.title, "title_en": spec.title_en, "source": spec.source}
        if spec.key not in existing:
            Rule.objects.create(key=spec.key, value=spec.default, **meta)
            created += 1
        else:
            # Titles and sources follow the declared text; values stay as administrators set them.
            Rule.objects.filter(key=spec.key).exclude(**meta).update(**meta)
    return created


def check_value(key: str, value: Any, org: Any = None) -> Any:
    """The value normalised, if it fits the rule's shape and (for an override) does not weaken the rule above."""
    spec = spec_for(key)
    value = spec.clean(value, org)
    if org is not None:
        upper = _fold(key, spec, Rule.objects.filter(key=key, org_path__in=["", *ancestor_paths(org.path)[:-1]]))
        _value, weaker = spec.tighten(value, upper.value)
        if weaker:
            raise ValidationError({"value": weaker})
    return value


@transaction.atomic
def set_rule(key: str, value: Any, *, actor: Any, org: Any = None) -> Rule:
    """Change the default (platform operators) or set a bureau's override for its subtree."""
    from safecampus.core.access import Perm, require_perm

    spec = spec_for(key)
    if org is None:
        if not actor.is_superuser:
            raise PermissionDenied(_("Only platform operators change the platform defaults."))
    else:
        require_perm(actor, Perm.MANAGE_ORGS, org)
    value = check_value(key, value, org)
    rule = Rule.objects.filter(key=key, org=org).first() or Rule(key=key, org=org)
    rule.title, rule.title_en, rule.source = spec.title, spec.title_en, spec.source
    rule.value = value
    stamp(rule, actor, "rule_changed")
    rule.save()
    return rule


@transaction.atomic
def clear_override(rule: Rule, *, actor: Any) -> None:
    """Remove a bureau's override; the level above applies again. The history keeps it."""
    from safecampus.core.access import Perm, require_perm

    if rule.org is None:
        raise ValidationError(_("The platform default cannot be removed."))
    require_perm(actor, Perm.MANAGE_ORGS, rule.org)
    stamp(rule, actor, "override_removed")
    rule.delete()
