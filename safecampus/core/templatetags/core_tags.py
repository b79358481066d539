from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for paging links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.filter
def bs_widget(field: Any) -> str:
    """Render a form field's widget with Bootstrap classes and its error state."""
    input_type = getattr(field.field.widget, "input_type", "")
    css = "form-select" if input_type == "select" else "form-control"
    if field.errors:
        css += " is-invalid"
    existing = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """mapping[key] in a template, where the key is a variable (a figure chosen by a declaration)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
