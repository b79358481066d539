"""Forms of the hazard pages. They check types; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core.forms import DateInput, DateTimeInput, MultipleFileInput, PhotosField
from safecampus.core.text import LINE, Text

from .models import Area, HazardLevel, HazardSource, InspectionKind

__all__ = ["DateInput", "DateTimeInput", "MultipleFileInput", "PhotosField"]


class ReportForm(forms.Form):
    place = forms.CharField(label=_("Place"), max_length=LINE, help_text=_("e.g. 2nd floor of the teaching building"))
    area = forms.ChoiceField(label=_("Category"), choices=[("", _("— choose —")), *Area.choices])
    level = forms.ChoiceField(
        label=pgettext_lazy("hazard", "Level"),
        choices=HazardLevel.choices,
        initial=HazardLevel.GENERAL,
        required=False,
        help_text=_("Major: needs a stop of use, time and money to fix, or outside help."),
    )
    source = forms.ChoiceField(
        label=_("Found by"),
        required=False,
        initial=HazardSource.STAFF,
        choices=[
            (HazardSource.STAFF, HazardSource.STAFF.label),
            (HazardSource.SUPERVISION, HazardSource.SUPERVISION.label),
            (HazardSource.PUBLIC, HazardSource.PUBLIC.label),
        ],
    )
    reporter_name = forms.CharField(
        label=_("Reported by (public)"),
        max_length=60,
        required=False,
        help_text=_("Name and phone of the person, if the public reported it."),
    )
    description = Text(_("Description"))
    found_at = forms.DateTimeField(
        label=_("Found at"), required=False, widget=DateTimeInput(), help_text=_("Empty: now.")
    )
    photos = PhotosField(label=_("Photos"))

    def __init__(self, *args: Any, bureau: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not bureau:  # school staff find hazards themselves or take a public report
            self.fields["source"].choices = [
                (HazardSource.STAFF, HazardSource.STAFF.label),
                (HazardSource.PUBLIC, HazardSource.PUBLIC.label),
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["level"] = data.get("level") or HazardLevel.GENERAL
        data["source"] = data.get("source") or HazardSource.STAFF
        if data.get("source") == HazardSource.PUBLIC and not (data.get("reporter_name") or "").strip():
            self.add_error("reporter_name", _("Name the person who reported it."))
        return data


class DraftForm(forms.Form):
    place = forms.CharField(label=_("Place"), max_length=LINE)
    area = forms.ChoiceField(label=_("Category"), choices=Area.choices)
    level = forms.ChoiceField(label=pgettext_lazy("hazard", "Level"), choices=HazardLevel.choices)
    description = Text(_("Description"))


class CommentForm(forms.Form):
    comment = Text(_("Comment"), required=False, rows=2)


class RectifyForm(forms.Form):
    owner_name = forms.CharField(label=_("Person responsible"), max_length=60, required=False)
    measures = Text(_("Measures"), required=False)
    funds = forms.DecimalField(label=_("Funds (yuan)"), required=False, min_value=0, max_digits=12, decimal_places=2)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput)
    contingency = Text(
        _("Contingency plan"),
        required=False,
        rows=2,
        help_text=_("What keeps people safe until the fix is done. Required for major hazards."),
    )


class SubmitForm(forms.Form):
    rectification = Text(_("What was done"), required=False)
    photos = PhotosField(label=_("Evidence photos"))


class ReasonForm(forms.Form):
    reason = Text(_("Reason"), required=False, rows=2)


class ExtensionForm(forms.Form):
    new_deadline = forms.DateField(label=_("New deadline"), required=False, widget=DateInput)
    reason = Text(_("Reason"), required=False, rows=2)


class DecisionForm(forms.Form):
    note = Text(_("Note"), required=False, rows=2)


class ListForm(forms.Form):
    listed_by = forms.TypedChoiceField(
        label=_("Listing bureau"),
        coerce=int,
        choices=[],
        required=False,
        empty_value=None,
        help_text=_("Empty: your highest bureau above the school."),
    )
    notice_no = forms.CharField(label=_("Notice number"), max_length=60, required=False)
    supervising_unit = forms.CharField(label=_("Supervising unit"), max_length=LINE, required=False)
    deadline = forms.DateField(label=_("Rectification deadline"), required=False, widget=DateInput)

    def __init__(self, *args: Any, orgs: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["listed_by"].choices = [(org.pk, org.name) for org in orgs or []]


class ReopenForm(forms.Form):
    reason = Text(_("What the re-check found"), required=False, rows=2)
    deadline = forms.DateField(label=_("New deadline"), required=False, widget=DateInput)


class PhotosForm(forms.Form):
    photos = PhotosField(label=_("Evidence photos"))


class StartInspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Inspection kind"), choices=InspectionKind.choices)
    checklist = forms.TypedChoiceField(label=_("Checklist"), coerce=int, choices=[])
    date = forms.DateField(label=_("Date"), widget=DateInput)
    is_unannounced = forms.BooleanField(label=_("Unannounced visit (四不两直)"), required=False)

    def __init__(self, *args: Any, checklists: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checklist"].choices = [(c.pk, c.name) for c in checklists or []]


class PlanForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("e.g. Spring term self-check 2027"))
    kind = forms.ChoiceField(label=_("Inspection kind"), choices=InspectionKind.choices)
    checklist = forms.TypedChoiceField(label=_("Checklist"), coerce=int, choices=[])
    start_date = forms.DateField(label=_("From"), widget=DateInput)
    due_date = forms.DateField(label=_("Due by"), widget=DateInput)
    school_kinds = forms.MultipleChoiceField(
        label=_("School kinds"),
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all."),
    )
    sample_percent = forms.IntegerField(
        label=_("Share of schools (%)"),
        min_value=1,
        max_value=100,
        initial=100,
        help_text=_("100 = every school; 10 = a random tenth of each county."),
    )
    repeat_months = forms.IntegerField(
        label=_("Repeat every (months)"), min_value=0, max_value=24, initial=0, help_text=_("0 = once.")
    )

    def __init__(self, *args: Any, checklists: list[Any] | None = None, **kwargs: Any) -> None:
        from safecampus.orgs.models import SchoolKind

        super().__init__(*args, **kwargs)
        self.fields["checklist"].choices = [(c.pk, c.name) for c in checklists or []]
        self.fields["school_kinds"].choices = SchoolKind.choices


class RecheckForm(forms.Form):
    start = forms.DateField(label=_("Closed from"), widget=DateInput)
    end = forms.DateField(label=_("Closed until"), widget=DateInput)
    percent = forms.IntegerField(label=_("Share (%)"), min_value=1, max_value=100)


class CheckpointForm(forms.Form):
    name = forms.CharField(label=_("Place"), max_length=80, help_text=_("e.g. Dorm block 2, kitchen, chemistry lab"))
    areas = forms.MultipleChoiceField(
        label=_("Areas checked there"), choices=Area.choices, widget=forms.CheckboxSelectMultiple
    )


class ChecklistUploadForm(forms.Form):
    code = forms.RegexField(
        label=_("Code"),
        regex=r"^[A-Za-z0-9-]{2,40}$",
        max_length=40,
        help_text=_("Letters, digits and -, e.g. LX-2027"),
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    extends = forms.TypedChoiceField(
        label=_("Extends"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[],
        help_text=_("All items of the list above stay in force; yours are added."),
    )
    file = forms.FileField(label=_("Items (.xlsx)"))

    def __init__(self, *args: Any, checklists: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["extends"].choices = [("", "—"), *[(c.pk, c.name) for c in checklists or []]]


class ResultForm(forms.Form):
    """One checklist item's result, saved as the inspector walks (the phone page posts it item by item)."""

    item = forms.IntegerField(label=_("Checklist item"), min_value=1)
    outcome = forms.ChoiceField(
        label=_("Result"), choices=[("pass", _("Pass")), ("fail", _("Fail")), ("na", _("Not applicable"))]
    )
    note = Text(_("Note"), required=False, rows=2)
    place = forms.CharField(label=_("Place"), max_length=80, required=False)
    photos = PhotosField(label=_("Photos"))


class InspectorForm(forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=150, help_text=_("An expert of the pool, or a colleague who inspects.")
    )


class CancelForm(forms.Form):
    reason = Text(_("Why it is cancelled"), rows=2)
