"""The inspection API: start, record item by item, submit; checklists and due inspections."""

import pytest

from safecampus.hazards.models import Hazard
from safecampus.hazards.services import plans
from safecampus.testing.hazards import days, library, photo
from safecampus.testing.scope_contract import ListScopeContract

pytestmark = pytest.mark.django_db


class TestInspectionApiScope(ListScopeContract):
    api = True

    def record(self, tree, who):
        from safecampus.hazards.services import inspections

        return inspections.start_inspection(
            actor=who.school_safety, school=tree.school, kind="self_check", version=library(tree, who).published()
        )

    def detail_url(self, obj):
        return f"/api/v1/inspections/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/inspections/?page_size=500"


def test_inspection_loop_through_the_api(tree, who, api):
    checklist = library(tree, who)
    client = api(who.school_safety)
    listed = client.get("/api/v1/checklists/").json()["results"]
    assert [row["code"] for row in listed] == ["T-GENERAL"]
    items = client.get(f"/api/v1/checklists/{checklist.pk}/").json()["items"]
    assert {item["code"] for item in items} >= {"FIRE-01", "DORM-01"}
    response = client.post(
        "/api/v1/inspections/",
        {"school": tree.school.pk, "kind": "self_check", "checklist": checklist.pk},
        format="json",
    )
    assert response.status_code == 201
    inspection = response.json()
    by_code = {row["item"]["code"]: row["item"]["id"] for row in inspection["results"]}
    assert set(by_code) == {"FIRE-01", "FIRE-02", "ELEC-01"}
    url = f"/api/v1/inspections/{inspection['id']}"
    assert client.post(f"{url}/submit/", {}, format="json").status_code == 409, "items are left: not possible yet"
    client.post(f"{url}/results/", {"item": by_code["FIRE-02"], "outcome": "pass"}, format="json")
    client.post(f"{url}/results/", {"item": by_code["ELEC-01"], "outcome": "na"}, format="json")
    response = client.post(
        f"{url}/results/",
        {"item": by_code["FIRE-01"], "outcome": "fail", "note": "无责任制", "photos": [photo()]},
        format="multipart",
    )
    assert response.status_code == 200
    done = client.post(f"{url}/submit/", {}, format="json").json()
    assert done["status"] == "submitted" and done["major_failed_count"] == 1 and len(done["hazards"]) == 1
    assert Hazard.objects.get(pk=done["hazards"][0]).level == "major"
    assert (
        client.post(
            f"{url}/results/", {"item": by_code["FIRE-02"], "outcome": "fail", "note": "x"}, format="json"
        ).status_code
        == 409
    )
    assert (
        api(who.staff)
        .post(
            "/api/v1/inspections/",
            {"school": tree.school.pk, "kind": "self_check", "checklist": checklist.pk},
            format="json",
        )
        .status_code
        == 403
    )


def test_due_inspections_in_the_api(tree, who, api):
    checklist = library(tree, who)
    plans.create_plan(
        actor=who.county_officer,
        owner=tree.county,
        name="自查",
        kind="self_check",
        checklist=checklist,
        start_date=days(0),
        due_date=days(5),
    )
    rows = api(who.principal).get("/api/v1/inspection-tasks/?open=1").json()["results"]
    assert [row["school"] for row in rows] == [tree.school.pk]
    assert api(who.foreign_principal).get("/api/v1/inspection-tasks/").json()["count"] == 0
