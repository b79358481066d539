from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from safecampus.core.access import Role
from safecampus.orgs.models import OrgUnit

from .models import User


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class OtpForm(forms.Form):
    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and "code" in data:
            data = data.copy()
            data["code"] = "".join(str(data["code"]).split())
        super().__init__(data, *args, **kwargs)

    code = forms.RegexField(
        label=_("Six-digit code"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the six digits shown in your authenticator app.")},
        widget=forms.TextInput(attrs={"autofocus": True, "inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Current password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    new_password2 = forms.CharField(
        label=_("New password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("The two new passwords differ."))
        return data


PHONE = forms.RegexField(
    label=_("Phone"),
    regex=r"^[0-9+\- ]{5,20}$",
    required=False,
    max_length=20,
    error_messages={"invalid": _("Enter a phone number: digits, spaces, + and - only.")},
)


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Letters, digits and . @ + - _ only."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=60)
    phone = PHONE
    email = forms.EmailField(label=_("E-mail"), required=False)
    org_code = forms.CharField(
        label=_("Unit code"), max_length=20, help_text=_("Division code or school code of the unit.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("— choose a role —")), *Role.choices])
    password = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )

    def __init__(self, *args: Any, actor: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_org_code(self) -> OrgUnit:
        return resolve_org_code(self.actor, self.cleaned_data["org_code"])

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username


class UserEditForm(forms.ModelForm):
    phone = PHONE

    class Meta:
        model = User
        fields = ["full_name", "phone", "email"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True


class MembershipForm(forms.Form):
    org_code = forms.CharField(
        label=_("Unit code"), max_length=20, help_text=_("Division code or school code of the unit.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args: Any, actor: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_org_code(self) -> OrgUnit:
        return resolve_org_code(self.actor, self.cleaned_data["org_code"])


def resolve_org_code(actor: Any, code: str) -> OrgUnit:
    org = OrgUnit.objects.visible_to(actor).filter(code=(code or "").strip()).first()
    if org is None:
        raise forms.ValidationError(_("No unit with this code in your area."))
    return org


class PasswordResetForm(forms.Form):
    password = forms.CharField(
        label=_("Temporary password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
