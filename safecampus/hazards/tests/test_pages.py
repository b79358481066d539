"""Hazard and inspection pages: scope, steps through forms, the ledger and its Excel export."""

import io

import pytest
from openpyxl import load_workbook

from safecampus.hazards.models import Hazard, HazardState, InspectionResult
from safecampus.hazards.services import inspections
from safecampus.testing.hazards import days, library, photo, walk
from safecampus.testing.scope_contract import ListScopeContract, ScopeContract

pytestmark = pytest.mark.django_db
S = HazardState


class TestHazardPage(ScopeContract):
    def record(self, tree, who):
        return walk(tree, who, S.REPORTED)

    def detail_url(self, obj):
        return f"/hazards/{obj.pk}/"


class TestLedgerPage(ListScopeContract):
    def record(self, tree, who):
        return walk(tree, who, S.REPORTED)

    def detail_url(self, obj):
        return f"/org/{obj.school_id}/hazards/"

    def list_url(self, obj, user):
        from safecampus.orgs.models import OrgUnit

        homes = OrgUnit.objects.home_nodes(user)
        return f"/org/{homes[0].pk}/hazards/" if homes else f"/org/{obj.school_id}/hazards/"

    def marker(self, obj):
        return f"/hazards/{obj.pk}/"


class TestInspectionPage(ScopeContract):
    def record(self, tree, who):
        return inspections.start_inspection(
            actor=who.school_safety, school=tree.school, kind="self_check", version=library(tree, who).published()
        )

    def detail_url(self, obj):
        return f"/inspections/{obj.pk}/"


def test_steps_through_the_pages(client, tree, who):
    client.force_login(who.staff)
    response = client.post(
        f"/org/{tree.school.pk}/hazards/new/",
        {
            "place": "操场东侧",
            "area": "buildings",
            "level": "general",
            "source": "staff",
            "description": "围栏松动",
            "photos": [photo()],
        },
    )
    hazard = Hazard.objects.get(place="操场东侧")
    assert response["Location"] == f"/hazards/{hazard.pk}/" and hazard.photos.count() == 1
    client.force_login(who.school_safety)
    page = client.get(f"/hazards/{hazard.pk}/").content.decode()
    assert 'id="step-rectify"' in page and 'id="step-verify"' not in page
    response = client.post(
        f"/hazards/{hazard.pk}/step/rectify/",
        {"rectify-owner_name": "", "rectify-measures": "", "rectify-deadline": ""},
    )
    assert response.status_code == 400 and "invalid-feedback" in response.content.decode()
    client.post(
        f"/hazards/{hazard.pk}/step/rectify/",
        {"rectify-owner_name": "张工", "rectify-measures": "加固", "rectify-deadline": days(2).isoformat()},
    )
    client.post(f"/hazards/{hazard.pk}/step/submit/", {"submit-rectification": "已加固", "submit-photos": photo()})
    assert Hazard.objects.get(pk=hazard.pk).state == S.SUBMITTED
    response = client.post(f"/hazards/{hazard.pk}/step/verify/", {})
    assert response.status_code == 403, "the submitter cannot verify"
    client.force_login(who.principal)
    client.post(f"/hazards/{hazard.pk}/step/verify/", {"verify-comment": "合格"})
    assert Hazard.objects.get(pk=hazard.pk).state == S.CLOSED
    response = client.post(f"/hazards/{hazard.pk}/step/verify/", {})
    assert response.status_code == 409
    assert client.get(f"/hazards/photos/{hazard.photos.first().pk}/").status_code == 200
    client.force_login(who.sibling_principal)
    assert client.get(f"/hazards/photos/{hazard.photos.first().pk}/").status_code == 404


def test_ledger_filters_and_export_agree(client, tree, who):
    open_one = walk(tree, who, S.RECTIFYING)
    walk(tree, who, S.CLOSED)
    from safecampus.hazards.services import workflow

    workflow.report_hazard(
        actor=who.sibling_principal,
        school=tree.sibling,
        place="厨房",
        area="gas",
        level="major",
        description="燃气管道被占压",
    )
    client.force_login(who.county_officer)
    page = client.get(f"/org/{tree.county.pk}/hazards/", {"state": "open", "level": "general"}).content.decode()
    assert f"/hazards/{open_one.pk}/" in page and "1 record" in page or "1 条" in page
    export = client.get(f"/org/{tree.county.pk}/hazards/export.xlsx", {"state": "open", "level": "general"})
    rows = list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][0] == "编号" and len(rows) == 2 and rows[1][1] == tree.school.name
    all_rows = client.get(f"/org/{tree.county.pk}/hazards/export.xlsx")
    assert len(list(load_workbook(io.BytesIO(b"".join(all_rows.streaming_content))).active.iter_rows())) == 4


def test_inspection_walk_saves_item_by_item(client, tree, who):
    inspection = inspections.start_inspection(
        actor=who.school_safety, school=tree.school, kind="self_check", version=library(tree, who).published()
    )
    client.force_login(who.school_safety)
    page = client.get(f"/inspections/{inspection.pk}/").content.decode()
    assert 'capture="environment"' in page and "inspection.js" in page
    item = inspection.results.get(item__code="FIRE-02").item_id
    response = client.post(f"/inspections/{inspection.pk}/items/{item}/", {"outcome": "pass"})
    assert response.json()["ok"] and response.json()["counts"]["pass"] == 1
    bad = client.post(f"/inspections/{inspection.pk}/items/{item}/", {"outcome": "fail"})
    assert bad.status_code == 400 and "note" in bad.json()["errors"]
    for code in ("FIRE-01", "ELEC-01"):
        item = inspection.results.get(item__code=code).item_id
        client.post(
            f"/inspections/{inspection.pk}/items/{item}/", {"outcome": "fail", "note": "不合格", "photos": photo()}
        )
    client.post(f"/inspections/{inspection.pk}/submit/")
    inspection.refresh_from_db()
    assert inspection.status == "submitted" and Hazard.objects.filter(inspection=inspection).count() == 2
    assert InspectionResult.objects.filter(inspection=inspection, photos__isnull=False).count() == 2
    late = client.post(f"/inspections/{inspection.pk}/items/{item}/", {"outcome": "pass"})
    assert late.status_code == 409
