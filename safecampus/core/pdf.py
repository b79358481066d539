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


def pdf_response(template: str, context: dict[str, Any], filename: str) -> Any:
    """An official form as an inline PDF download named `filename`."""
    from django.http import HttpResponse

    response = HttpResponse(render_pdf(template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
