"""Forms of acceptance (达标验收): scoring an indicator, deciding, returning, titles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import PhotosField
from safecampus.core.text import TEXT, Text


class ScoreForm(forms.Form):
    indicator = forms.TypedChoiceField(label=_("Indicator"), coerce=int, choices=[])
    points = forms.DecimalField(
        label=_("Points"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
        help_text=_("Leave empty when not applicable."),
    )
    not_applicable = forms.BooleanField(label=_("Not applicable to this school"), required=False)
    veto_hit = forms.BooleanField(
        label=_("The veto applies (the assessment fails)"), required=False, help_text=_("Only for veto indicators.")
    )
    note = Text(_("Note"), required=False)
    evidence = PhotosField(label=_("Evidence (photos)"))

    def __init__(self, *args: Any, indicators: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [
            (i.pk, f"{i.code} {i.title}（{i.points}分{'，一票否决' if i.is_veto else ''}）") for i in indicators or []
        ]


class DecideForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=[("pass", _("Pass")), ("fail", _("Fail"))])
    reason = Text(_("Reasons"), required=False, limit=TEXT, help_text=_("Required when the assessment fails."))


class ReasonForm(forms.Form):
    reason = Text(_("Reason"), limit=TEXT)


class StartForm(forms.Form):
    scheme = forms.TypedChoiceField(label=_("Index system"), coerce=int, choices=[])

    def __init__(self, *args: Any, schemes: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [(s.pk, str(s)) for s in schemes or []]


class StartApiForm(forms.Form):
    school = forms.IntegerField(label=_("School"), help_text=_("Id of the school."))
    scheme = forms.IntegerField(label=_("Index system"), help_text=_("Id of the index system."))


class AdoptForm(forms.Form):
    scheme = forms.TypedChoiceField(label=_("Index system in force"), coerce=int, choices=[])
    pass_score = forms.DecimalField(
        label=_("Pass mark for this area"),
        max_digits=5,
        decimal_places=1,
        help_text=_("No lower than the level above."),
    )

    def __init__(self, *args: Any, schemes: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [(s.pk, f"{s}（{s.org.name}，{s.pass_score}）") for s in schemes or []]


class AdoptApiForm(forms.Form):
    org = forms.IntegerField(label=_("Bureau"), help_text=_("Id of the bureau that publishes it for its area."))
    pass_score = forms.DecimalField(label=_("Pass mark for this area"), max_digits=5, decimal_places=1)
