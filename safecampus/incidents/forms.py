"""Forms of the incident pages and API actions. They check types; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core import uploads
from safecampus.core.text import LINE, LONG, Text
from safecampus.hazards.models import Area, HazardLevel

from .models import ID_NUMBER, SUBTYPE_CATEGORY, SUBTYPES, Category, Fault, Grade, Harm, PersonRole


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker (value always ISO, whatever the UI language)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def subtype_choices() -> list[tuple[Any, Any]]:
    return [("", _("— choose —"))] + [(Category(category).label, rows) for category, rows in SUBTYPES.items()]


class SubtypeSelect(forms.Select):
    """The type select: each option says its category (`data-category`), so the page can offer only the types
    of the chosen category (static/js/incident_form.js). Without the script every type stays listed and the
    service refuses a type of another category."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        attrs = {
            "data-category-field": "category",
            "data-prompt-empty": _("— choose a category first —"),
            **(attrs or {}),
        }
        super().__init__(attrs=attrs)

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        category = SUBTYPE_CATEGORY.get(str(value)) if value not in (None, "") else None
        if category:
            option["attrs"]["data-category"] = str(category)
        return option


class FiguresMixin(forms.Form):
    students_involved = forms.IntegerField(label=_("Students involved"), min_value=0, initial=0)
    student_grades = forms.CharField(label=_("Their grades"), max_length=60, required=False)
    staff_involved = forms.IntegerField(label=_("Staff involved"), min_value=0, initial=0)
    deaths = forms.IntegerField(label=_("Deaths"), min_value=0, initial=0)
    student_deaths = forms.IntegerField(label=_("Of whom students"), min_value=0, initial=0)
    serious_injuries = forms.IntegerField(label=_("Serious injuries"), min_value=0, initial=0)
    injuries = forms.IntegerField(label=_("Other injuries"), min_value=0, initial=0)
    missing = forms.IntegerField(label=_("Missing"), min_value=0, initial=0)
    direct_loss = forms.DecimalField(
        label=_("Estimated direct loss (10,000 yuan)"), min_value=0, max_digits=12, decimal_places=2, initial=0
    )


class InitialReportForm(FiguresMixin):
    category = forms.ChoiceField(label=_("Category"), choices=[("", _("— choose —")), *Category.choices])
    subtype = forms.ChoiceField(label=_("Type"), choices=subtype_choices, widget=SubtypeSelect())
    title = forms.CharField(label=_("Title"), max_length=120, help_text=_("e.g. 学生课间摔伤"))
    occurred_at = forms.DateTimeField(label=_("Occurred at"), widget=DateTimeInput())
    known_at = forms.DateTimeField(
        label=_("Known at"),
        widget=DateTimeInput(),
        required=False,
        help_text=_("When your unit learned of it, if later; the reporting clock starts here."),
    )
    place = forms.CharField(label=_("Place"), max_length=LINE)
    description = Text(_("What happened"), limit=LONG, rows=4)
    measures = Text(_("Measures taken"))
    grade = forms.ChoiceField(
        label=_("Grade"),
        choices=[("", _("As suggested by the figures")), *Grade.choices],
        required=False,
        help_text=_("The platform suggests a grade from the figures; you may choose a more serious one."),
    )


class PersonForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PersonRole.choices, initial=PersonRole.STUDENT, required=False)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=40, required=False)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        required=False,
        validators=[RegexValidator(ID_NUMBER, _("An ID number has 18 characters (17 digits and a digit or X)."))],
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), ("男", _("Male")), ("女", _("Female"))], required=False
    )
    age = forms.IntegerField(label=_("Age"), min_value=0, max_value=120, required=False)
    grade_class = forms.CharField(label=_("Grade and class"), max_length=30, required=False)
    harm = forms.ChoiceField(label=_("Harm"), choices=Harm.choices, initial=Harm.INJURED, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["role"] = data.get("role") or PersonRole.STUDENT
        data["harm"] = data.get("harm") or Harm.INJURED
        return data


PersonFormSet = forms.formset_factory(PersonForm, extra=3, max_num=50)


class FollowUpForm(FiguresMixin):
    """New facts or corrections: a figure or text left empty stays as reported before."""

    note = Text(_("What is new or corrected"))
    description = Text(_("What happened"), limit=LONG, required=False)
    measures = Text(_("Measures taken"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in FiguresMixin.base_fields:
            self.fields[name].required = False


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    reason = Text(_("Reason"), rows=2)


class EmptyForm(forms.Form):
    pass


class ForwardForm(forms.Form):
    to = forms.ChoiceField(label=_("Forward to"), choices=[], required=False)
    comment = Text(_("Comment"), required=False, rows=2)

    def __init__(self, *args: Any, targets: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [("", _("The next level"))] + [(str(o.pk), o.name) for o in targets or []]


class FinalForm(forms.Form):
    cause = Text(_("Cause"), limit=LONG)
    handling = Text(_("Handling"), limit=LONG)
    lessons = Text(_("Lessons"), limit=LONG)
    hazards = forms.CharField(
        label=_("Linked hazard numbers"),
        required=False,
        help_text=_("Ids of hazards of this unit found as causes, separated by commas (e.g. 12, 15)."),
    )

    def clean_hazards(self) -> list[int]:
        text = self.cleaned_data.get("hazards") or ""
        parts = [part.strip().lstrip("#") for part in text.replace("，", ",").split(",") if part.strip()]
        if any(not part.isdigit() for part in parts):
            raise forms.ValidationError(_("Give hazard ids as numbers separated by commas."))
        return [int(part) for part in parts]


class FaultForm(forms.Form):
    fault = forms.ChoiceField(
        label=_("Fault"), choices=[(f.value, f.label) for f in (Fault.OMITTED, Fault.FALSE, Fault.CONCEALED)]
    )
    reason = Text(_("Finding of the investigation"))
    evidence = uploads.UploadField(kinds=uploads.DOCUMENTS, label=_("Evidence (file)"), required=False)


class RevealForm(forms.Form):
    purpose = forms.CharField(label=_("Why you need the full personal data"), max_length=200)


class HazardForm(forms.Form):
    place = forms.CharField(label=_("Place"), max_length=LINE)
    area = forms.ChoiceField(label=_("Category"), choices=[("", _("— choose —")), *Area.choices])
    level = forms.ChoiceField(label=_("Level"), choices=HazardLevel.choices)
    description = Text(_("Hazard found"))
