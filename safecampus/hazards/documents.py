"""Printable documents: the rectification notice (整改通知书) and the closure form (销号单), as PDF."""

from __future__ import annotations

import base64
from typing import Any

import segno

from safecampus.core import clock
from safecampus.core.pdf import render_pdf
from safecampus.orgs.models import OrgUnit

from .models import Hazard
from .permissions import parent_path, verifier_rule

MAX_PHOTOS = 6


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4)


def _photo_uri(photo: Any) -> str | None:
    try:
        with photo.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        return None
    return f"data:{photo.content_type};base64," + base64.b64encode(data).decode()


def _context(hazard: Hazard, url: str) -> dict[str, Any]:
    issuer = OrgUnit.objects.filter(path=parent_path(hazard)).first()
    roles, verifier_path = verifier_rule(hazard)
    return {
        "hazard": hazard,
        "school": hazard.school,
        "issuer": hazard.listed_by or issuer,
        "verifier": OrgUnit.objects.filter(path=verifier_path).first(),
        "qr": qr_data_uri(url),
        "url": url,
        "today": clock.today(),
        "events": hazard.events.select_related("actor"),
        "findings": [u for u in (_photo_uri(p) for p in hazard.photos.filter(kind="finding")[:MAX_PHOTOS]) if u],
        "evidence": [u for u in (_photo_uri(p) for p in hazard.photos.filter(kind="evidence")[:MAX_PHOTOS]) if u],
        "listing": hazard.listings.order_by("-listed_at").first(),
    }


def rectification_notice(hazard: Hazard, url: str) -> bytes:
    return render_pdf("hazards/pdf/notice.html", _context(hazard, url))


def closure_form(hazard: Hazard, url: str) -> bytes:
    return render_pdf("hazards/pdf/closure.html", _context(hazard, url))
