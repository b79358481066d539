"""The forms of drills, education activities and duty steps: the same for the pages and the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock
from safecampus.core.forms import DateInput, PhotosField
from safecampus.core.text import LINE, LONG, TEXT, Text

from .models import Activity, ActivityKind, Drill, DrillKind

# A record may be entered late, but not for a day in the future or long past (a typo in the year).
PAST_DAYS = 400


def check_day(day: Any) -> Any:
    today = clock.today()
    if day is not None and day > today:
        raise forms.ValidationError(_("The day cannot be in the future."))
    if day is not None and day < today - timedelta(days=PAST_DAYS):
        raise forms.ValidationError(_("The day is more than %(days)s days ago.") % {"days": PAST_DAYS})
    return day


def zero_counts(data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """A head count left empty is 0 (a field given but wrong keeps its error)."""
    for name in names:
        if name in data and data[name] is None:
            data[name] = 0
    return data


class DrillForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of drill"), choices=DrillKind.choices)
    held_on = forms.DateField(label=gettext_lazy("Held on"), widget=DateInput)
    unannounced = forms.BooleanField(
        label=gettext_lazy("Unannounced (四不) drill"),
        required=False,
        help_text=Drill._meta.get_field("unannounced").help_text,
    )
    buildings = forms.CharField(label=gettext_lazy("Buildings"), max_length=LINE, required=False)
    floors = forms.IntegerField(
        label=gettext_lazy("Highest floor evacuated"), min_value=1, max_value=60, required=False
    )
    students = forms.IntegerField(
        label=gettext_lazy("Students taking part"), min_value=0, max_value=50000, initial=0, required=False
    )
    staff = forms.IntegerField(
        label=gettext_lazy("Staff taking part"), min_value=0, max_value=5000, initial=0, required=False
    )
    evacuation_seconds = forms.IntegerField(
        label=gettext_lazy("Evacuation time (seconds)"),
        min_value=0,
        max_value=3600,
        required=False,
        help_text=gettext_lazy("From the alarm until the last person reached the assembly point."),
    )
    observers = forms.CharField(label=gettext_lazy("Observers invited"), max_length=LINE, required=False)
    review = Text(gettext_lazy("Review"), limit=TEXT, required=False)
    lessons = Text(gettext_lazy("Lessons and problems found"), limit=LONG, required=False)
    photos = PhotosField(label=gettext_lazy("Photos"))

    def clean_held_on(self) -> Any:
        return check_day(self.cleaned_data.get("held_on"))

    def clean(self) -> dict[str, Any]:
        return zero_counts(super().clean(), ("students", "staff"))


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of activity"), choices=ActivityKind.choices)
    held_on = forms.DateField(label=gettext_lazy("Held on"), widget=DateInput)
    audience = forms.CharField(label=gettext_lazy("Audience"), max_length=LINE, required=False)
    participants = forms.IntegerField(
        label=gettext_lazy("Participants"), min_value=0, max_value=50000, initial=0, required=False
    )
    summary = Text(gettext_lazy("What was done"), limit=TEXT, required=False)

    def clean_held_on(self) -> Any:
        return check_day(self.cleaned_data.get("held_on"))

    def clean(self) -> dict[str, Any]:
        return zero_counts(super().clean(), ("participants",))


class ReasonForm(forms.Form):
    reason = Text(gettext_lazy("Reason"), limit=TEXT, rows=2)


DRILL_FIELDS = [name for name in DrillForm.base_fields if name != "photos"]
ACTIVITY_FIELDS = list(ActivityForm.base_fields)
MODELS = {"drill": Drill, "activity": Activity}
