"""PDF rendering of official forms with WeasyPrint and the packaged CJK fonts."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Official forms are always in Chinese, whatever language the user reads the site in."""
    from django.utils import translation
    from weasyprint import HTML

    with translation.override("zh-hans"):
        return HTML(string=render_to_string(template, context)).write_pdf()
