from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class RuleValueForm(forms.Form):
    value = forms.CharField(
        label=_("Value"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "font-monospace"}),
        help_text=_("A number, or a list or object written as JSON, in the same form as the default."),
    )

    def clean_value(self) -> Any:
        text = self.cleaned_data["value"].strip()
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(_("This is not valid JSON: %(error)s") % {"error": error.msg}) from error
