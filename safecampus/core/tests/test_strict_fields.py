"""PATCH bodies with keys the endpoint does not take answer 400 naming them, and change nothing."""

import pytest

from safecampus.orgs.models import OrgUnit, School

pytestmark = pytest.mark.django_db


def test_org_patch_names_unknown_and_read_only_fields(tree, who, api):
    client = api(who.county_admin)
    url = f"/api/v1/orgs/{tree.school.pk}/"
    response = client.patch(url, {"name": "新名称", "nmae": "typo", "code": "999"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"nmae", "code"}
    assert body["nmae"] == ["未知字段：此接口不接受该字段。"] and body["code"] == ["该字段为只读。"]
    assert OrgUnit.objects.get(pk=tree.school.pk).name == tree.school.name


def test_school_profile_patch_names_unknown_nested_fields(tree, who, api):
    before = School.objects.get(org=tree.school).student_count
    response = api(who.county_admin).patch(
        f"/api/v1/orgs/{tree.school.pk}/", {"school": {"student_count": 10, "students": 10}}, format="json"
    )
    assert response.status_code == 400 and "students" in response.json()["school"]
    assert School.objects.get(org=tree.school).student_count == before


def test_a_known_patch_still_works(tree, who, api):
    response = api(who.county_admin).patch(
        f"/api/v1/orgs/{tree.school.pk}/", {"school": {"student_count": 321}}, format="json"
    )
    assert response.status_code == 200 and response.json()["school"]["student_count"] == 321


def test_user_patch_names_unknown_fields(tree, who, api):
    client = api(who.province_admin)
    url = f"/api/v1/users/{who.staff.pk}/"
    response = client.patch(url, {"full_name": "新名字", "mobile": "13800000000", "is_active": False}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"mobile", "is_active"}
    who.staff.refresh_from_db()
    assert who.staff.full_name != "新名字" and who.staff.is_active
    assert client.patch(url, {"full_name": "新名字"}, format="json").status_code == 200
