"""The forms of responsibility: a published document, a 办实事 task and its progress, a letter's signature, a post's
duty wording, and a supervision plan. The same for the pages and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy

from safecampus.core.forms import DateInput
from safecampus.core.text import LINE, LONG, TEXT, Text

from .forms import check_day
from .models import DocumentKind, Post


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of document"), choices=DocumentKind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=LINE)
    held_on = forms.DateField(label=gettext_lazy("Published on"), widget=DateInput)
    file = forms.FileField(
        label=gettext_lazy("File"), help_text=gettext_lazy("The document as published: PDF, Word or a scan.")
    )

    def clean_held_on(self) -> Any:
        return check_day(self.cleaned_data.get("held_on"))


class TaskForm(forms.Form):
    problem = forms.CharField(label=gettext_lazy("Problem to solve"), max_length=200)
    measure = Text(gettext_lazy("What will be done"), limit=TEXT, required=False, rows=2)
    lead = forms.CharField(label=gettext_lazy("Leader in charge"), max_length=40)
    due_on = forms.DateField(label=gettext_lazy("To be solved by"), widget=DateInput)


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=gettext_lazy("Progress (%)"), min_value=0, max_value=99)
    note = Text(gettext_lazy("Progress note"), limit=TEXT, rows=2)


class SolveForm(forms.Form):
    done_on = forms.DateField(label=gettext_lazy("Solved on"), widget=DateInput)
    result = Text(gettext_lazy("Result"), limit=TEXT, rows=2)

    def clean_done_on(self) -> Any:
        return check_day(self.cleaned_data.get("done_on"))


class SignForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I have read the duties and sign this letter with my account"),
        help_text=gettext_lazy("The platform records who signed, when and from which account."),
    )


class ScanForm(forms.Form):
    scan = forms.FileField(label=gettext_lazy("Signed scan"), help_text=gettext_lazy("A PDF or a photo of each page."))
    signer_name = forms.CharField(label=gettext_lazy("Signed by (name)"), max_length=40)
    held_on = forms.DateField(label=gettext_lazy("Signed on"), widget=DateInput)

    def clean_held_on(self) -> Any:
        return check_day(self.cleaned_data.get("held_on"))


class IssueForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)


class TemplateForm(forms.Form):
    post = forms.ChoiceField(
        label=pgettext_lazy("letter", "Post"),
        choices=[("school", gettext_lazy("The school as a whole (bureau ↔ school)")), *Post.choices],
    )
    school_kind = forms.ChoiceField(label=gettext_lazy("School kind"), required=False)
    duties = Text(pgettext_lazy("letter", "Duties"), limit=LONG, rows=10)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from safecampus.orgs.models import SchoolKind

        super().__init__(*args, **kwargs)
        self.fields["school_kind"].choices = [("", gettext_lazy("Every kind")), *SchoolKind.choices]


class PlanForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=LINE)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    checklist = forms.IntegerField(label=gettext_lazy("Checklist"), widget=forms.Select)


class AssignmentForm(forms.Form):
    school = forms.IntegerField(label=gettext_lazy("School"), widget=forms.Select)
    supervisor = forms.IntegerField(label=gettext_lazy("Supervisor"), widget=forms.Select)
    visits = forms.IntegerField(label=gettext_lazy("Visits a year"), min_value=1, max_value=12, initial=2)
    focus = forms.CharField(label=gettext_lazy("What is checked"), max_length=200, required=False)
