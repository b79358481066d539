"""Forms of the hazard pages. They check types; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Area, HazardLevel, HazardSource, InspectionKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once; phones offer the camera or the gallery (evidence is often taken earlier)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class DateInput(forms.DateInput):
    """The browser's date picker; its value is always ISO (Y-m-d), whatever the UI language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")


class ReportForm(forms.Form):
    place = forms.CharField(label=_("Place"), max_length=120, help_text=_("e.g. 2nd floor of the teaching building"))
    area = forms.ChoiceField(label=_("Category"), choices=[("", _("— choose —")), *Area.choices])
    level = forms.ChoiceField(
        label=pgettext_lazy("hazard", "Level"),
        choices=HazardLevel.choices,
        initial=HazardLevel.GENERAL,
        help_text=_("Major: needs a stop of use, time and money to fix, or outside help."),
    )
    source = forms.ChoiceField(
        label=_("Found by"),
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
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
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
        if data.get("source") == HazardSource.PUBLIC and not (data.get("reporter_name") or "").strip():
            self.add_error("reporter_name", _("Name the person who reported it."))
        return data


class DraftForm(forms.Form):
    place = forms.CharField(label=_("Place"), max_length=120)
    area = forms.ChoiceField(label=_("Category"), choices=Area.choices)
    level = forms.ChoiceField(label=pgettext_lazy("hazard", "Level"), choices=HazardLevel.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RectifyForm(forms.Form):
    owner_name = forms.CharField(label=_("Person responsible"), max_length=60, required=False)
    measures = forms.CharField(label=_("Measures"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    funds = forms.DecimalField(label=_("Funds (yuan)"), required=False, min_value=0, max_digits=12, decimal_places=2)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput)
    contingency = forms.CharField(
        label=_("Contingency plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What keeps people safe until the fix is done. Required for major hazards."),
    )


class SubmitForm(forms.Form):
    rectification = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotosField(label=_("Evidence photos"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(forms.Form):
    new_deadline = forms.DateField(label=_("New deadline"), required=False, widget=DateInput)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ListForm(forms.Form):
    listed_by = forms.TypedChoiceField(label=_("Listing bureau"), coerce=int, choices=[])
    notice_no = forms.CharField(label=_("Notice number"), max_length=60, required=False)
    supervising_unit = forms.CharField(label=_("Supervising unit"), max_length=120, required=False)
    deadline = forms.DateField(label=_("Rectification deadline"), required=False, widget=DateInput)

    def __init__(self, *args: Any, orgs: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["listed_by"].choices = [(org.pk, org.name) for org in orgs or []]


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("What the re-check found"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
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
