"""The register's forms: the same ones check the pages, the API's bodies and the Excel rows."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.core.text import TEXT, Text

from .models import (
    AccidentType,
    DirectReason,
    FactorClass,
    MeasureKind,
    Method,
    PointCategory,
    PointKind,
    Stage,
)
from .scoring import CONSEQUENCE, EXPOSURE, LIKELIHOOD, MATRIX_LIKELIHOOD, MATRIX_SEVERITY


def _options(table: dict) -> list[tuple[str, str]]:
    return [("", "—"), *((value, f"{value} · {label}") for value, label in table.items())]


class PointForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80, help_text=_("e.g. Dormitory block 2, canteen gas room"))
    kind = forms.ChoiceField(label=_("Type"), choices=PointKind.choices)
    category = forms.ChoiceField(label=_("Category"), choices=PointCategory.choices)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    responsible_post = forms.CharField(label=_("Responsible post"), max_length=60)
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=40)
    responsible_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    plan_x = forms.FloatField(
        label=_("Position on the plan (across)"),
        required=False,
        min_value=0,
        max_value=1,
        help_text=_("0 = left edge, 1 = right edge; set it by clicking on the four-colour map."),
    )
    plan_y = forms.FloatField(
        label=_("Position on the plan (down)"),
        required=False,
        min_value=0,
        max_value=1,
        help_text=_("0 = top edge, 1 = bottom edge."),
    )


class RiskForm(forms.Form):
    factor = forms.CharField(
        label=_("Hazard factor"), max_length=200, help_text=_("What could cause harm, e.g. gas pipe leaks")
    )
    factor_class = forms.ChoiceField(label=_("Factor class"), choices=FactorClass.choices)
    accident_type = forms.ChoiceField(label=_("Possible accident"), choices=AccidentType.choices)
    consequences = Text(_("Possible consequences"), required=False)
    emergency_steps = Text(_("Emergency steps"), required=False, help_text=_("Printed on the risk notice card."))


class EvaluateForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=Stage.choices,
        initial=Stage.CURRENT,
        required=False,
        help_text=_(
            "Score the current risk first; the residual risk is scored once measures are in place. "
            "Empty means the current risk."
        ),
    )
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices, initial=Method.LEC)
    # Factors are checked against the method's table by the service, which names the allowed values.
    l = forms.CharField(  # noqa: E741 - the method's own letter
        label=_("L (likelihood)"), required=False, widget=forms.Select(choices=_options(LIKELIHOOD))
    )
    e = forms.CharField(label=_("E (exposure)"), required=False, widget=forms.Select(choices=_options(EXPOSURE)))
    c = forms.CharField(label=_("C (consequence)"), required=False, widget=forms.Select(choices=_options(CONSEQUENCE)))
    ml = forms.CharField(
        label=_("Matrix L (likelihood 1–5)"), required=False, widget=forms.Select(choices=_options(MATRIX_LIKELIHOOD))
    )
    ms = forms.CharField(
        label=_("Matrix S (severity 1–5)"), required=False, widget=forms.Select(choices=_options(MATRIX_SEVERITY))
    )
    direct_reason = forms.ChoiceField(
        label=_("Direct determination: why"), choices=[("", "—"), *DirectReason.choices], required=False
    )
    reason = Text(_("Basis and remarks"), required=False, help_text=_("Required for a direct determination."))


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=MeasureKind.choices)
    text = forms.CharField(label=_("Measure"), max_length=300)
    owner_post = forms.CharField(label=_("Owner post"), max_length=60)
    check_every_days = forms.IntegerField(
        label=_("Checked every (days)"),
        required=False,
        min_value=1,
        max_value=366,
        help_text=_("e.g. 7 for a weekly test of the gas alarm; leave empty when no check is needed."),
    )


class ReviewForm(forms.Form):
    comment = Text(_("What the review found"), limit=TEXT)


class RetireForm(forms.Form):
    reason = Text(_("Why the risk no longer exists"), limit=TEXT)


class ControlForm(forms.Form):
    reason = Text(_("What happened"), limit=TEXT)


class CheckForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("The measure works")), ("0", _("The measure does not work"))],
        coerce=lambda value: value in ("1", 1, True, "true", "True"),
    )
    note = Text(_("What the check found"), required=False, help_text=_("Required when the measure does not work."))


class LinkHazardForm(forms.Form):
    number = forms.CharField(
        label=_("Hazard number"),
        max_length=20,
        help_text=_("As printed on the rectification notice, e.g. YH20260000123"),
    )
