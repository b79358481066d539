"""Service errors land on the form field they name, or on top of the form."""

from django import forms
from django.core.exceptions import ValidationError

from safecampus.core.forms import add_service_errors


class NameForm(forms.Form):
    name = forms.CharField()
    new_password = forms.CharField(required=False)


def test_errors_go_to_named_fields_renamed_fields_or_the_top():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_service_errors(
        form, ValidationError({"name": "bad", "password": "weak", "elsewhere": "odd"}), {"password": "new_password"}
    )
    assert form.errors["name"] == ["bad"] and form.errors["new_password"] == ["weak"]
    assert form.non_field_errors() == ["odd"]
    plain = NameForm({"name": "x"})
    plain.is_valid()
    add_service_errors(plain, ValidationError("whole form"))
    assert plain.non_field_errors() == ["whole form"]
