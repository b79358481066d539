"""Shapes made of parts: who verifies (a level and its roles) and tables of parts (per grade, per type)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .common import LEVEL, PARTS, joined


@dataclass(frozen=True)
class VerifierLevel:
    level: str
    label: Any
    depth: int  # where the level sits in the tree (province 1 … school 4)
    roles: tuple[tuple[str, Any], ...]  # (role, label) that may verify at this level


@dataclass(frozen=True)
class Verifier:
    """Who verifies: a level and the roles accepted there ({"roles": [...], "level": "county"}).

    Levels are listed from the lowest up. Only the roles declared for a level are
    offered and accepted there; a unit may not hand the work to a level above itself.
    """

    levels: tuple[VerifierLevel, ...]
    stricter: str = LEVEL
    control = "roles"

    def at(self, level: str) -> VerifierLevel | None:
        return next((entry for entry in self.levels if entry.level == level), None)

    def rank(self, level: str) -> int:
        return [entry.level for entry in self.levels].index(level)

    def role_labels(self, roles: list[str]) -> str:
        labels = {role: label for entry in self.levels for role, label in entry.roles}
        return joined([labels.get(role, role) for role in roles])

    def clean(self, value: Any, name: str, errors: list[str], org: Any = None) -> Any:
        if not isinstance(value, dict) or set(value) - {"roles", "level"}:
            errors.append(_("%(name)s must name a level and the roles that verify there.") % {"name": name})
            return value
        entry = self.at(value.get("level"))
        if entry is None:
            errors.append(
                _("%(name)s: choose the level that verifies (%(allowed)s).")
                % {"name": name, "allowed": joined([e.label for e in self.levels])}
            )
            return value
        roles = value.get("roles")
        if not isinstance(roles, list) or not roles:
            errors.append(_("%(name)s: choose at least one role that verifies.") % {"name": name})
            return value
        accepted = [role for role, _label in entry.roles]
        refused = [str(role) for role in roles if role not in accepted]
        if refused:
            from safecampus.core.access import Role

            shown = [str(Role(role).label) if role in Role.values else role for role in refused]
            errors.append(
                _("%(name)s: at the %(level)s level only %(allowed)s may verify, not %(refused)s.")
                % {
                    "name": name,
                    "level": entry.label,
                    "allowed": self.role_labels(accepted),
                    "refused": joined(shown),
                }
            )
        if org is not None and entry.depth < org.depth:
            errors.append(
                _("%(name)s: %(org)s may not hand verification to the %(level)s level above it.")
                % {"name": name, "org": org.name, "level": entry.label}
            )
        return {"roles": [role for role in accepted if role in roles], "level": entry.level}

    def describe(self, value: Any) -> str:
        entry = self.at(value.get("level"))
        label = entry.label if entry else value.get("level")
        return pgettext("verifier", "%(roles)s (%(level)s)") % {
            "roles": self.role_labels(value.get("roles", [])),
            "level": label,
        }

    def bounds(self) -> str:
        return pgettext("list separator", "; ").join(
            pgettext("rule part", "%(part)s: %(value)s")
            % {"part": entry.label, "value": self.role_labels([role for role, _label in entry.roles])}
            for entry in self.levels
        )


@dataclass(frozen=True)
class Part:
    key: str
    label: Any
    shape: Any


@dataclass(frozen=True)
class Table:
    """A value made of named parts (per grade, per incident type…), each with its own shape.

    `fallback` names the part that any other part falls back to, entry by
    entry (the "default" row of a clock table); it must be given. `required`
    parts must all be given. `monotone` ("up"/"down") says that along the
    declared order of the parts their values may only rise / only fall.
    """

    parts: tuple[Part, ...]
    fallback: str | None = None
    required: bool = False
    min_parts: int = 0
    monotone: str = ""
    stricter: str = PARTS
    control = "table"

    def part(self, key: str) -> Part | None:
        return next((part for part in self.parts if part.key == key), None)

    def keys(self) -> list[str]:
        return [part.key for part in self.parts]

    def effective(self, value: dict[str, Any], key: str) -> Any:
        """The part as it applies: given, or taken (entry by entry) from the fallback part."""
        own = value.get(key)
        if self.fallback is None or key == self.fallback:
            return own
        base = value.get(self.fallback)
        if isinstance(base, dict):
            return {**base, **(own or {})}
        return base if own is None else own

    def clean(self, value: Any, name: str, errors: list[str], org: Any = None) -> Any:
        if not isinstance(value, dict):
            errors.append(
                _("%(name)s must be a table of: %(parts)s.")
                % {"name": name, "parts": joined([part.label for part in self.parts])}
            )
            return value
        unknown = [str(key) for key in value if self.part(key) is None]
        if unknown:
            errors.append(
                _("%(name)s: unknown parts %(items)s (known: %(known)s).")
                % {"name": name, "items": joined(unknown), "known": joined(self.keys())}
            )
        cleaned: dict[str, Any] = {}
        for part in self.parts:
            given = value.get(part.key)
            if given is None or given == {}:
                if self.required or part.key == self.fallback:
                    errors.append(_("%(name)s: %(part)s is missing.") % {"name": name, "part": part.label})
                continue
            cleaned[part.key] = part.shape.clean(given, f"{name}·{part.label}", errors, org)
        if len(cleaned) < self.min_parts:
            errors.append(
                _("%(name)s: give at least %(count)s of %(parts)s.")
                % {"name": name, "count": self.min_parts, "parts": joined([part.label for part in self.parts])}
            )
        if not errors:
            self.check_order(cleaned, name, errors)
        return cleaned

    def check_order(self, value: dict[str, Any], name: str, errors: list[str]) -> None:
        """Parts in declared order rise (or fall); for a table of tables, entry by entry."""
        base = self.part(self.fallback).shape if self.fallback else None
        if isinstance(base, Table) and base.monotone:
            # Rows that fall back to the default row keep its order once filled in.
            for part in self.parts:
                if part.key != self.fallback and part.key in value:
                    base.check_order(self.effective(value, part.key), f"{name}·{part.label}", errors)
        if not self.monotone:
            return
        # series of (label, leaf shape, value) per entry ("" for a table of single values)
        series: dict[str, list[tuple[str, Any, Any]]] = {}
        for part in self.parts:
            if part.key not in value:
                continue
            if isinstance(part.shape, Table):
                for inner in part.shape.parts:
                    if inner.key in value[part.key]:
                        label = f"{part.label}·{inner.label}"
                        series.setdefault(inner.key, []).append((label, inner.shape, value[part.key][inner.key]))
            else:
                series.setdefault("", []).append((str(part.label), part.shape, value[part.key]))
        for points in series.values():
            for (before, shape_a, a), (after, shape_b, b) in zip(points, points[1:], strict=False):
                ra, rb = shape_a.rank(a), shape_b.rank(b)
                if (rb < ra) if self.monotone == "up" else (rb > ra):
                    message = (
                        _("%(name)s: %(after)s (%(b)s) may not be below %(before)s (%(a)s).")
                        if self.monotone == "up"
                        else _("%(name)s: %(after)s (%(b)s) may not be above %(before)s (%(a)s).")
                    )
                    errors.append(
                        message
                        % {
                            "name": name,
                            "after": after,
                            "before": before,
                            "a": shape_a.describe(a),
                            "b": shape_b.describe(b),
                        }
                    )

    def leaves(self) -> list[Part]:
        """The parts that hold single values, once per key (the columns of a table of tables)."""
        found: dict[str, Part] = {}
        for part in self.parts:
            for leaf in part.shape.leaves() if isinstance(part.shape, Table) else [part]:
                found.setdefault(leaf.key, leaf)
        return list(found.values())

    def describe(self, value: Any) -> str:
        separator = pgettext("list separator", "; ") if any(isinstance(p.shape, Table) for p in self.parts) else None
        shown = [
            pgettext("rule part", "%(part)s: %(value)s")
            % {"part": part.label, "value": part.shape.describe(value[part.key])}
            for part in self.parts
            if part.key in value
        ]
        return (separator or pgettext("list separator", ", ")).join(shown)

    def bounds(self) -> str:
        leaves = self.leaves()
        shown = {leaf.shape.bounds() for leaf in leaves}
        if len(shown) == 1:
            return shown.pop()
        return pgettext("list separator", "; ").join(
            pgettext("rule part", "%(part)s: %(value)s") % {"part": leaf.label, "value": leaf.shape.bounds()}
            for leaf in leaves
        )
