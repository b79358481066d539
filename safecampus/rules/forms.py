"""One fitting control per rule shape: a number with its unit, a list of days, a role picker, a table of parts.

The form only turns inputs into a value; the rule's shape and direction are
checked by the service (`set_rule`), whose messages name the rule and the bound.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .shapes import (
    Choice,
    ChoiceSet,
    DayList,
    MonthDays,
    Number,
    Table,
    Verifier,
    number,
)
from .specs import RuleSpec

SEPARATORS = re.compile(r"[\s,，、;；]+")


def tokens(text: str) -> list[str]:
    return [token for token in SEPARATORS.split(text or "") if token]


class DayListField(forms.CharField):
    """Whole numbers typed as "3, 1" (Chinese commas and spaces also separate)."""

    def to_python(self, value: Any) -> list[int]:
        items = []
        for token in tokens(super().to_python(value)):
            try:
                items.append(int(token))
            except ValueError:
                raise forms.ValidationError(
                    _("“%(token)s” is not a whole number; separate the days with commas, e.g. 3, 1.") % {"token": token}
                ) from None
        return items


class MonthDaysField(forms.CharField):
    """Dates typed as "03-01, 09-01"; the rule's shape checks each date."""

    def to_python(self, value: Any) -> list[str]:
        return tokens(super().to_python(value))


class AnyChoiceField(forms.ChoiceField):
    """Offers some choices but passes any other value on, so the rule's own message explains the refusal."""

    def valid_value(self, value: Any) -> bool:
        return True


class AnyMultipleChoiceField(forms.MultipleChoiceField):
    def valid_value(self, value: Any) -> bool:
        return True


def number_field(
    shape: Number, *, label: Any = "", required: bool = True, placeholder: Any = None, small: bool = False
) -> forms.Field:
    attrs = {"min": number(shape.min), "max": number(shape.max), "step": "1" if shape.whole else "any"}
    if small:
        attrs["class"] = "form-control-sm"
    if placeholder is not None:
        attrs["placeholder"] = number(placeholder)
    widget = forms.NumberInput(attrs=attrs)
    field_class = forms.IntegerField if shape.whole else forms.FloatField
    return field_class(label=label, required=required, widget=widget)


def choice_field(shape: Choice, *, label: Any = "", required: bool = True, small: bool = False) -> forms.Field:
    choices = list(shape.choices) if required else [("", "—"), *shape.choices]
    widget = forms.Select(attrs={"class": "form-select-sm"} if small else {})
    return AnyChoiceField(label=label, required=required, choices=choices, widget=widget)


class RuleForm(forms.Form):
    """The control of one rule, filled with `value` (the value in force where it is edited)."""

    def __init__(self, spec: RuleSpec, value: Any, *, org: Any = None, upper: Any = None, data: Any = None) -> None:
        super().__init__(data)
        self.spec, self.org, self.upper = spec, org, upper
        shape = spec.shape
        self.kind = shape.control
        self.unit = getattr(shape, "unit", "")
        build = getattr(self, f"_build_{self.kind}")
        build(shape, value)

    # --- building -----------------------------------------------------------------------------

    def _build_number(self, shape: Number, value: Any) -> None:
        self.fields["value"] = number_field(shape, label=self.spec.display_title)
        self.initial["value"] = value

    def _build_days(self, shape: DayList, value: Any) -> None:
        self.fields["value"] = DayListField(
            label=self.spec.display_title,
            required=False,
            help_text=_("Whole numbers of days separated by commas, e.g. 3, 1."),
        )
        self.initial["value"] = ", ".join(str(day) for day in value)

    def _build_monthdays(self, shape: MonthDays, value: Any) -> None:
        self.fields["value"] = MonthDaysField(
            label=self.spec.display_title,
            required=False,
            help_text=_("Dates written month-day, separated by commas, e.g. 03-01, 09-01."),
        )
        self.initial["value"] = ", ".join(value)

    def _build_choice(self, shape: Choice, value: Any) -> None:
        self.fields["value"] = AnyChoiceField(label=self.spec.display_title, choices=list(shape.choices))
        self.initial["value"] = value

    def _build_text(self, shape: Any, value: Any) -> None:
        self.fields["value"] = forms.CharField(label=self.spec.display_title, max_length=shape.max_length, strip=True)
        self.initial["value"] = value

    def _build_choices(self, shape: ChoiceSet, value: Any) -> None:
        self.fields["value"] = forms.MultipleChoiceField(
            label=self.spec.display_title,
            required=False,
            choices=list(shape.choices),
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        )
        self.initial["value"] = list(value)

    def _build_roles(self, shape: Verifier, value: Any) -> None:
        """A level select (levels this unit may choose, none below the level above) and role checkboxes."""
        lowest = shape.rank(self.upper["level"]) if isinstance(self.upper, dict) and "level" in self.upper else 0
        levels = [
            entry
            for entry in shape.levels
            if shape.rank(entry.level) >= lowest and (self.org is None or entry.depth >= self.org.depth)
        ]
        self.no_levels = not levels  # the level above put verification above this unit: nothing to choose here
        self.fields["level"] = AnyChoiceField(
            label=gettext_lazy("Level that verifies"), choices=[(entry.level, entry.label) for entry in levels]
        )
        roles: dict[str, dict[str, Any]] = {}
        for entry in levels:
            for role, label in entry.roles:
                roles.setdefault(role, {"value": role, "label": label, "levels": []})["levels"].append(entry.level)
        self.role_options = list(roles.values())
        self.fields["roles"] = AnyMultipleChoiceField(
            label=gettext_lazy("Roles that may verify"),
            required=False,
            choices=[(role["value"], role["label"]) for role in self.role_options],
            widget=forms.CheckboxSelectMultiple,
        )
        self.initial.update({"level": value.get("level"), "roles": list(value.get("roles", []))})

    def _build_table(self, shape: Table, value: Any) -> None:
        """One row per part; a table of tables gets one column per inner part. Empty cells are not set."""
        nested = any(isinstance(part.shape, Table) for part in shape.parts)
        columns = shape.leaves() if nested else []
        self.columns = [{"label": column.label, "bounds": column.shape.bounds()} for column in columns] or [
            {"label": _("Value"), "bounds": self.spec.bounds()}
        ]
        self.fallback_label = shape.part(shape.fallback).label if shape.fallback else None
        self.cells_optional = nested or not shape.required
        base = value.get(shape.fallback) if shape.fallback else None
        self.table_rows = []
        for part in shape.parts:
            given = value.get(part.key)
            # Rows that fall back show the fallback row's value as a placeholder.
            shown_base = base if shape.fallback and part.key != shape.fallback else None
            names = []
            for column in columns or [None]:
                if column is None:
                    name, leaf, current, placeholder = part.key, part.shape, given, shown_base
                else:
                    inner = part.shape.part(column.key)
                    if inner is None:
                        names.append(None)
                        continue
                    name, leaf = f"{part.key}__{column.key}", inner.shape
                    current = (given or {}).get(column.key)
                    placeholder = (shown_base or {}).get(column.key)
                if isinstance(leaf, Number):
                    self.fields[name] = number_field(
                        leaf, label=part.label, required=False, placeholder=placeholder, small=True
                    )
                else:
                    self.fields[name] = choice_field(leaf, label=part.label, required=shape.required, small=True)
                self.initial[name] = current
                names.append(name)
            self.table_rows.append({"label": part.label, "names": names, "part": part})

    # --- reading ------------------------------------------------------------------------------

    def table(self) -> list[dict[str, Any]]:
        """Rows of bound fields (None where a part has no such entry), for the template."""
        return [
            {"label": row["label"], "cells": [self[name] if name else None for name in row["names"]]}
            for row in self.table_rows
        ]

    def role_boxes(self) -> list[dict[str, Any]]:
        chosen = set(self["roles"].value() or [])
        return [
            {**role, "checked": role["value"] in chosen, "levels": " ".join(role["levels"])}
            for role in self.role_options
        ]

    def rule_value(self) -> Any:
        """The value the inputs describe (call after `is_valid`); empty cells are left out."""
        data = self.cleaned_data
        if self.kind == "roles":
            return {"roles": list(data.get("roles") or []), "level": data.get("level")}
        if self.kind != "table":
            return data["value"]
        value: dict[str, Any] = {}
        for row in self.table_rows:
            key = row["part"].key
            if isinstance(row["part"].shape, Table):
                cells = {name.split("__", 1)[1]: data.get(name) for name in row["names"] if name}
                cells = {inner: cell for inner, cell in cells.items() if cell not in (None, "")}
                if cells:
                    value[key] = cells
            elif data.get(key) not in (None, ""):
                value[key] = data[key]
        return value
