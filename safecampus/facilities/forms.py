"""Forms of the ledgers (one per ledger, made from its declared columns), the baseline item and the profile.

The ledger form is the one check of a record's input: pages show it, and the services run the values of the API
and of Excel imports through it too, so every field at fault is named at once, whatever the channel.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock, uploads
from safecampus.core.forms import DateInput
from safecampus.core.text import LINE, Text

from .ledgers import LEDGERS, Ledger
from .models import BaselineKind, Bus, BusDriver, BusEscort, Canteen
from .windows import add_years

# Days that have happened: a future inspection, review or training is a typing slip.
PAST = {
    "birth_date",
    "hired_on",
    "trained_on",
    "inspected_on",
    "licensed_on",
    "reviewed_on",
    "commissioned_on",
    "registered_on",
    "maintained_on",
    "checked_on",
}
# The records of the same school a record may point to.
SIBLINGS = {"bus": Bus, "driver": BusDriver, "escort": BusEscort, "canteen": Canteen}


class LedgerForm(forms.ModelForm):
    ledger: Ledger

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school = school
        for name, model in SIBLINGS.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.filter(school=school, is_active=True)  # type: ignore[attr-defined]
        for name in ("plate", "licence_no"):
            if name in self.fields:
                self.fields[name].widget.attrs.setdefault("autocapitalize", "characters")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = clock.today()
        for name in PAST & set(self.fields):
            value = data.get(name)
            if value and value > today:
                self.add_error(name, _("This day has not come yet."))
        if data.get("plate"):
            data["plate"] = data["plate"].upper()
        birth = data.get("birth_date")
        if birth and not (16 <= (today - birth).days // 365 <= 90):
            age = (today - birth).days // 365
            self.add_error("birth_date", _("Check the date of birth: the person would be %(age)d.") % {"age": age})
        licensed = data.get("licensed_on")
        if birth and licensed and licensed < add_years(birth, 18):
            self.add_error("licensed_on", _("A driving licence is given from the age of 18."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The cover cannot end before it starts."))
        self._unique(data)
        return data

    def _unique(self, data: dict[str, Any]) -> None:
        """A plate, policy or licence number once per school among the records in use."""
        for name in ("plate", "number", "registration_no"):
            value = data.get(name)
            if not value or name not in self.fields:
                continue
            twins = self._meta.model.objects.filter(school=self.school, is_active=True, **{name: value})
            if self.instance.pk:
                twins = twins.exclude(pk=self.instance.pk)
            if twins.exists():
                self.add_error(name, _("The school already has a record in use with this number."))


@cache
def form_class(key: str) -> type[LedgerForm]:
    ledger = LEDGERS[key]
    fields = [name for name in ledger.columns if name != "school"]
    dates = {
        field.name: DateInput()
        for field in ledger.model._meta.fields
        if field.get_internal_type() == "DateField" and field.name in fields
    }
    widgets: dict[str, Any] = {**dates, "stops": forms.Textarea(attrs={"rows": 4})}
    meta = type("Meta", (), {"model": ledger.model, "fields": fields, "widgets": widgets})
    return type(f"{ledger.model.__name__}Form", (LedgerForm,), {"Meta": meta, "ledger": ledger})


def ledger_form(key: str, school: Any, data: Any = None, instance: Any = None) -> LedgerForm:
    return form_class(key)(data=data, instance=instance, school=school)


class RetireForm(forms.Form):
    retired_on = forms.DateField(label=gettext_lazy("Out of use since"), widget=DateInput())
    reason = Text(gettext_lazy("Why it is out of use"), limit=LINE, rows=2)

    def clean_retired_on(self) -> Any:
        day = self.cleaned_data["retired_on"]
        if day > clock.today():
            raise forms.ValidationError(_("This day has not come yet."))
        return day


class BaselineForm(forms.Form):
    item = forms.ChoiceField(label=gettext_lazy("Item"), choices=BaselineKind.choices)
    met = forms.TypedChoiceField(
        label=gettext_lazy("Met"),
        choices=((True, gettext_lazy("Met")), (False, gettext_lazy("Not met"))),
        coerce=lambda value: value in (True, "True", "true", "1", 1),
        widget=forms.RadioSelect,
    )
    checked_on = forms.DateField(label=gettext_lazy("Checked on"), widget=DateInput())
    evidence = uploads.UploadField(
        label=gettext_lazy("Evidence"),
        required=False,
        max_bytes=20 * 1024 * 1024,
        help_text=gettext_lazy("A photo, the contract or the acceptance record (image, PDF or office document)."),
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)

    def clean_checked_on(self) -> Any:
        day = self.cleaned_data["checked_on"]
        if day > clock.today():
            raise forms.ValidationError(_("This day has not come yet."))
        return day


class ProfileForm(forms.Form):
    boarders = forms.IntegerField(
        label=gettext_lazy("Boarding students"),
        min_value=0,
        max_value=100_000,
        help_text=gettext_lazy("The guard rules count the students who do not board."),
    )
