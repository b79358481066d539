"""Password rules of 等保 level-3 practice: three of four character classes."""

from __future__ import annotations

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    @staticmethod
    def classes_in(password: str) -> int:
        checks = (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(c in string.punctuation or c == " " for c in password),
        )
        return sum(checks)

    def validate(self, password: str, user: object = None) -> None:
        if self.classes_in(password) < self.min_classes:
            raise ValidationError(
                _(
                    "The password must contain at least %(min)d of these: lower-case letters, "
                    "upper-case letters, digits, symbols."
                )
                % {"min": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("Use at least %(min)d of these: lower-case letters, upper-case letters, digits, symbols.") % {
            "min": self.min_classes
        }


class MinimumLengthValidator:
    """Django's length rule with the platform's own wording (so it is translated with the rest)."""

    def __init__(self, min_length: int = 8) -> None:
        self.min_length = min_length

    def validate(self, password: str, user: object = None) -> None:
        from django.utils.translation import ngettext

        if len(password) < self.min_length:
            raise ValidationError(
                ngettext(
                    "The password is too short: it needs at least %(min)d character.",
                    "The password is too short: it needs at least %(min)d characters.",
                    self.min_length,
                )
                % {"min": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        from django.utils.translation import ngettext

        return ngettext("Use at least %(min)d character.", "Use at least %(min)d characters.", self.min_length) % {
            "min": self.min_length
        }
