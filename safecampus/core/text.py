"""Limits on free text, the same in forms, the API and imports (a 120,000-character description was once saved).

Forms use `Text`/`Line` fields; services check with `too_long` so commands and imports meet the same limits.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

LINE = 120  # a place, a title, a name
TEXT = 2000  # a description, measures, a reason, a comment
LONG = 5000  # an incident's account, cause, handling, lessons


def Text(label: Any, *, limit: int = TEXT, rows: int = 3, **options: Any) -> forms.CharField:  # noqa: N802
    """A multi-line text field with a length limit."""
    return forms.CharField(label=label, max_length=limit, widget=forms.Textarea(attrs={"rows": rows}), **options)


def too_long(errors: dict[str, Any], values: dict[str, Any], limits: dict[str, int]) -> None:
    """Add an error for each text longer than its limit (fields not given are skipped)."""
    for name, limit in limits.items():
        value = values.get(name)
        if isinstance(value, str) and len(value) > limit:
            errors.setdefault(
                name, _("At most %(limit)d characters (this has %(length)d).") % {"limit": limit, "length": len(value)}
            )


def check_texts(
    values: dict[str, Any],
    *,
    required: dict[str, Any] | None = None,
    limits: dict[str, int] | None = None,
    errors: dict[str, Any] | None = None,
) -> None:
    """Raise one ValidationError with every problem: the required texts left empty, the texts too long, and
    whatever other errors the caller found already."""
    from django.core.exceptions import ValidationError

    errors = dict(errors or {})
    for name, message in (required or {}).items():
        if not (values.get(name) or "").strip():
            errors.setdefault(name, message)
    too_long(errors, values, limits or {})
    if errors:
        raise ValidationError(errors)
