"""Forms of the logs kept on a ledger record: a chemical's movements, a canteen's meals and deliveries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.forms import DateInput

from .models import ChemicalMovement, GateDuty, GuardTraining, MaintenanceRecord, MealLog, MovementKind, SupplyRecord


class _Dated(forms.ModelForm):
    def clean_day(self) -> Any:
        day = self.cleaned_data["day"]
        if day > clock.today():
            raise forms.ValidationError(_("This day has not come yet."))
        return day


class MovementForm(_Dated):
    class Meta:
        model = ChemicalMovement
        fields = ["kind", "quantity", "day", "handled_by", "second_person", "purpose", "contractor", "manifest_no"]
        fields += ["note"]
        widgets = {"day": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        first, second = (data.get("handled_by") or "").strip(), (data.get("second_person") or "").strip()
        if not second:
            self.add_error("second_person", _("Hazardous chemicals move only with two people (双人): name the second."))
        elif second == first:
            self.add_error("second_person", _("The second person must be someone else."))
        quantity = data.get("quantity")
        if quantity is not None and quantity <= 0 and kind not in (MovementKind.COUNT, MovementKind.ADJUST):
            self.add_error("quantity", _("Give the quantity moved (more than 0)."))
        if kind == MovementKind.DISPOSE:
            for name in ("contractor", "manifest_no"):
                if not data.get(name):
                    self.add_error(name, _("Waste goes to a licensed contractor with a transfer manifest."))
        if kind == MovementKind.ISSUE and not data.get("purpose"):
            self.add_error("purpose", _("Say which class or experiment it is issued for."))
        if kind == MovementKind.ADJUST and not data.get("note"):
            self.add_error("note", _("Say why the book is adjusted (what the investigation found)."))
        return data


class MealLogForm(_Dated):
    class Meta:
        model = MealLog
        fields = ["day", "meal", "leader", "dishes", "sample_grams", "sample_hours", "samples_by", "note"]
        widgets = {"day": DateInput()}


class SupplyForm(_Dated):
    class Meta:
        model = SupplyRecord
        fields = ["day", "supplier", "supplier_licence", "items", "checked_by", "second_checker"]
        widgets = {"day": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("checked_by") and data.get("checked_by") == data.get("second_checker"):
            self.add_error("second_checker", _("The second checker must be someone else."))
        return data


class GateDutyForm(_Dated):
    class Meta:
        model = GateDuty
        fields = ["day", "period", "people", "police"]
        widgets = {"day": DateInput()}


class TrainingForm(_Dated):
    class Meta:
        model = GuardTraining
        fields = ["day", "course", "hours", "provider"]
        widgets = {"day": DateInput()}


class MaintenanceForm(_Dated):
    class Meta:
        model = MaintenanceRecord
        fields = ["day", "contractor", "work"]
        widgets = {"day": DateInput()}
