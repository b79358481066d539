from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .imports import IMPORTERS


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


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker (value always ISO, whatever the UI language)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    """The browser's date picker; its value is always ISO (Y-m-d), whatever the UI language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to import"), choices=[])
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args: Any, kinds: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = list(IMPORTERS) if kinds is None else kinds
        self.fields["kind"].choices = [(kind, IMPORTERS[kind].upload_label or kind) for kind in offered]

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel .xlsx file (save older .xls files as .xlsx first)."))
        if upload.size > settings.SAFECAMPUS_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": settings.SAFECAMPUS_IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


def add_service_errors(form: forms.Form, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: on the named field when the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        target = (rename or {}).get(field, field)
        form.add_error(target if target in form.fields else None, messages)


def cleaned(form: forms.Form) -> dict[str, Any]:
    """A bound form's cleaned values for a service, or a ValidationError naming every field at fault at once."""
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    return form.cleaned_data
