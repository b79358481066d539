"""Printable PDFs with Chinese fonts, and the three lists in Excel."""

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from safecampus.core import clock
from safecampus.hazards.models import HazardState
from safecampus.testing.hazards import walk

pytestmark = pytest.mark.django_db
S = HazardState


def pdf_text(data):
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return text.replace(" ", "")  # the titles are letter-spaced


def pdf_fonts(data):
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            names.add(str(font.get_object().get("/BaseFont")))
    return names


def test_rectification_notice_and_closure_form(client, tree, who):
    hazard = walk(tree, who, S.CLOSED)
    client.force_login(who.county_officer)
    notice = client.get(f"/hazards/{hazard.pk}/notice.pdf")
    assert notice.status_code == 200 and notice["Content-Type"] == "application/pdf"
    text = pdf_text(notice.content)
    assert "安全隐患整改通知书" in text and tree.school.name in text and hazard.number in text
    assert any("CJK" in name for name in pdf_fonts(notice.content)), "a CJK font is embedded"
    closure = client.get(f"/hazards/{hazard.pk}/closure.pdf")
    assert closure.status_code == 200 and "安全隐患整改销号单" in pdf_text(closure.content)
    assert "整改后照片" in pdf_text(closure.content)
    client.force_login(who.foreign_county_officer)
    assert client.get(f"/hazards/{hazard.pk}/notice.pdf").status_code == 404


def test_three_lists_cover_the_period_and_the_open_stock(client, tree, who):
    old_open = walk(tree, who, S.RECTIFYING)
    with clock.travel_to(clock.now() + timedelta(days=120)):
        new = walk(tree, who, S.REPORTED)
        today = clock.today()
        client.force_login(who.county_officer)
        page = client.get(f"/org/{tree.county.pk}/hazards/three-lists/")
        assert page.status_code == 200
        response = client.get(
            f"/org/{tree.county.pk}/hazards/three-lists/",
            {"download": "1", "from": (today - timedelta(days=5)).isoformat(), "to": today.isoformat()},
        )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["三个清单", "问题清单", "任务清单", "责任清单"]
    annex = list(workbook["三个清单"].iter_rows(min_row=3, values_only=True))
    assert len(annex) == 2, "the new hazard and the one still open from before"
    assert {row[3] for row in annex} == {old_open.description, new.description}
    bad = client.get(
        f"/org/{tree.county.pk}/hazards/three-lists/", {"download": "1", "from": "2026-05-01", "to": "2026-01-01"}
    )
    assert bad.status_code == 400
