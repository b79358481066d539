"""The forms of the training roster and of a training record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy

from safecampus.core.forms import DateInput

from .forms import check_day
from .models import Post
from .models.training import posts_at


class TraineeForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=40)
    post = forms.ChoiceField(label=pgettext_lazy("letter", "Post"), choices=Post.choices)
    appointed_on = forms.DateField(
        label=gettext_lazy("Appointed on (new principals)"), required=False, widget=DateInput
    )

    def __init__(self, *args: Any, level: str = "school", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post"].choices = posts_at(level)
        if level != "school":
            del self.fields["appointed_on"]


class TrainingForm(forms.Form):
    course = forms.CharField(label=gettext_lazy("Course"), max_length=120)
    provider = forms.CharField(label=gettext_lazy("Provider"), max_length=120, required=False)
    held_on = forms.DateField(label=gettext_lazy("Held on"), widget=DateInput)
    hours = forms.DecimalField(
        label=gettext_lazy("Hours"),
        max_digits=4,
        decimal_places=1,
        min_value=0.5,
        max_value=12,
        help_text=gettext_lazy("Class hours of the training (at most 12 in a day)."),
    )
    attendees = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Who attended"), coerce=int, choices=[], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, trainees: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [(t.pk, str(t)) for t in trainees or []]

    def clean_held_on(self) -> Any:
        return check_day(self.cleaned_data.get("held_on"))
