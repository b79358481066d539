"""The hazard API: scope, one POST per step, 400/403/404/409, photo uploads, concurrent verification."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from safecampus.hazards.models import Hazard, HazardState
from safecampus.testing.hazards import days, photo, walk
from safecampus.testing.scope_contract import ListScopeContract

pytestmark = pytest.mark.django_db
S = HazardState


class TestHazardApiScope(ListScopeContract):
    api = True

    def record(self, tree, who):
        return walk(tree, who, S.REPORTED)

    def detail_url(self, obj):
        return f"/api/v1/hazards/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/hazards/?page_size=500"


def test_full_loop_through_the_api(tree, who, api):
    staff = api(who.staff)
    response = staff.post(
        "/api/v1/hazards/",
        {
            "school": tree.school.pk,
            "place": "食堂后厨",
            "area": "gas",
            "level": "general",
            "description": "燃气报警器失灵",
            "photos": [photo("a.png")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    hazard = response.json()
    assert hazard["state"] == "reported" and len(hazard["photos"]) == 1 and hazard["events"][0]["verb"] == "report"
    url = f"/api/v1/hazards/{hazard['id']}"
    officer = api(who.school_safety)
    response = officer.post(
        f"{url}/rectify/",
        {"owner_name": "李师傅", "measures": "更换报警器", "deadline": days(3).isoformat()},
        format="json",
    )
    assert response.status_code == 200 and response.json()["state"] == "rectifying"
    assert "submit" in response.json()["allowed_steps"]
    response = officer.post(
        f"{url}/submit/", {"rectification": "已更换", "photos": [photo("b.jpg", "JPEG")]}, format="multipart"
    )
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    assert api(who.principal).get(f"{url}/").json()["allowed_steps"] == ["reject", "verify"]
    response = api(who.principal).post(f"{url}/verify/", {"comment": "验收合格"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "closed"
    assert [e["verb"] for e in response.json()["events"]] == ["report", "rectify", "submit", "verify"]


def test_status_codes_of_steps(tree, who, api):
    hazard = walk(tree, who, S.REPORTED)
    url = f"/api/v1/hazards/{hazard.pk}"
    assert api(who.principal).post(f"{url}/verify/", {}, format="json").status_code == 409
    assert (
        api(who.staff)
        .post(f"{url}/rectify/", {"owner_name": "x", "measures": "x", "deadline": None}, format="json")
        .status_code
        == 403
    )
    response = api(who.school_safety).post(
        f"{url}/rectify/",
        {"owner_name": "", "measures": "", "deadline": None},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and {"owner_name", "measures", "deadline"} <= set(response.json())
    assert api(who.foreign_county_officer).post(f"{url}/verify/", {}, format="json").status_code == 404
    assert APIClient().post(f"{url}/verify/", {}, format="json").status_code == 401
    assert Hazard.objects.get(pk=hazard.pk).state == S.REPORTED


def test_evidence_upload_validation(tree, who, api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    hazard = walk(tree, who, S.RECTIFYING)
    url = f"/api/v1/hazards/{hazard.pk}/submit/"
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4 not an image", content_type="application/pdf")
    response = api(who.school_safety).post(
        url, {"rectification": "已整改", "photos": [pdf]}, format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400 and "report.pdf" in response.json()["photos"][0]
    response = api(who.school_safety).post(url, {"rectification": "已整改"}, format="multipart")
    assert response.status_code == 400 and "photos" in response.json()
    assert Hazard.objects.get(pk=hazard.pk).state == S.RECTIFYING


def test_ledger_filters_in_the_api(tree, who, api):
    from safecampus.core import clock

    open_one = walk(tree, who, S.RECTIFYING)
    walk(tree, who, S.CLOSED)
    major = walk(tree, who, S.REPORTED, "major")
    client = api(who.county_officer)
    ids = lambda query: {row["id"] for row in client.get(f"/api/v1/hazards/?{query}").json()["results"]}  # noqa: E731
    assert ids("state=open") == {open_one.pk, major.pk}
    assert ids("level=major") == {major.pk}
    assert ids("overdue=true") == set()
    from datetime import timedelta

    with clock.travel_to(clock.now() + timedelta(days=8)):
        assert ids("overdue=true") == {open_one.pk}
    assert ids(f"org={tree.sibling.pk}") == set()
    assert client.get(f"/api/v1/hazards/?org={tree.county3.pk}").status_code == 404
    assert ids("q=配电箱") >= {open_one.pk}


def test_second_verifier_gets_409(tree, who, api):
    hazard = walk(tree, who, S.SUBMITTED)
    from safecampus.core.access import Role
    from safecampus.testing.factories import member

    vice = member(tree.school, Role.SAFETY_LEAD, username="vice.principal")
    url = f"/api/v1/hazards/{hazard.pk}/verify/"
    assert api(who.principal).post(url, {}, format="json").status_code == 200
    assert api(vice).post(url, {}, format="json").status_code == 409


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_verification_one_wins(tree, who):
    from safecampus.core.access import Role
    from safecampus.testing.factories import member

    hazard = walk(tree, who, S.SUBMITTED)
    vice = member(tree.school, Role.SAFETY_LEAD, username="vice.principal")
    barrier = threading.Barrier(2)
    codes = []

    def verify(user):
        client = APIClient()
        client.force_authenticate(user)
        barrier.wait()
        codes.append(client.post(f"/api/v1/hazards/{hazard.pk}/verify/", {}, format="json").status_code)
        connection.close()

    threads = [threading.Thread(target=verify, args=(user,)) for user in (who.principal, vice)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200, 409]
    assert Hazard.objects.get(pk=hazard.pk).events.filter(verb="verify").count() == 1
