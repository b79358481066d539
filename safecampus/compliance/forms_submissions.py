"""The forms of submissions: asking (a bureau), sending (a unit), returning (the bureau)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy

from safecampus.core.forms import DateInput
from safecampus.core.text import LINE, TEXT, Text

from .models import Accepts, Target


class AskForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=LINE)
    description = Text(gettext_lazy("What to send"), limit=TEXT, required=False)
    target = forms.ChoiceField(label=gettext_lazy("Ask"), choices=Target.choices, initial=Target.CHILDREN)
    accepts = forms.ChoiceField(label=gettext_lazy("File accepted"), choices=Accepts.choices, initial=Accepts.ANY)
    deadline = forms.DateField(label=pgettext_lazy("submission", "Deadline"), widget=DateInput)
    template = forms.FileField(
        label=gettext_lazy("Template"),
        required=False,
        help_text=gettext_lazy("The form to fill in, if there is one; it must be of the kind accepted."),
    )


class SubmitForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"), required=False)
    note = Text(gettext_lazy("Note"), limit=TEXT, required=False, rows=2)


class ReturnForm(forms.Form):
    reason = Text(gettext_lazy("What to correct"), limit=TEXT, rows=2)


def ask_values(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "template" or v is not None}
