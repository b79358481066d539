"""Token login, /me, expiry, anonymous 401 and the account-state checks of the API."""

from datetime import timedelta

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from safecampus.core import clock
from safecampus.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db


def token_for(username, password=PASSWORD):
    return APIClient().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")


def test_token_login_and_me(tree, who):
    response = token_for(who.county_officer.username)
    assert response.status_code == 200
    client = APIClient(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get("/api/v1/me/").json()
    assert me["username"] == who.county_officer.username
    assert me["memberships"][0]["org"]["code"] == "370102"
    assert me["memberships"][0]["role"] == "bureau_safety_officer"
    assert "org.view" in me["memberships"][0]["permissions"]
    assert [node["code"] for node in me["home_nodes"]] == ["370102"]


def test_bad_credentials_and_validation(tree, who):
    assert token_for(who.county_officer.username, "nope").status_code == 400
    response = APIClient().post("/api/v1/auth/token/", {"username": ""}, format="json")
    assert response.status_code == 400 and "password" in response.json()


def test_api_lockout_after_five_failures(tree, who):
    for _ in range(5):
        token_for(who.county_officer.username, "nope")
    response = token_for(who.county_officer.username)
    assert response.status_code == 403 and "detail" in response.json()


def test_anonymous_gets_401_everywhere(tree):
    client = APIClient()
    for url in ["/api/v1/me/", "/api/v1/orgs/", "/api/v1/users/", "/api/v1/memberships/"]:
        assert client.get(url).status_code == 401, url


def test_tokens_expire(tree, who, settings):
    key = token_for(who.principal.username).json()["token"]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").status_code == 200
    with clock.travel_to(clock.now() + timedelta(hours=settings.SAFECAMPUS_TOKEN_TTL_HOURS, seconds=1)):
        assert client.get("/api/v1/me/").status_code == 401
    assert not Token.objects.filter(key=key).exists()


def test_forced_password_change_blocks_the_api(tree, who):
    who.principal.must_change_password = True
    who.principal.save()
    assert token_for(who.principal.username).status_code == 403
    client = APIClient()
    client.force_authenticate(who.principal)
    assert client.get("/api/v1/me/").status_code == 403


def test_org_filters(tree, who, api):
    client = api(who.city_leader)
    codes = lambda url: {row["code"] for row in client.get(url).json()["results"]}  # noqa: E731
    assert codes(f"/api/v1/orgs/?org={tree.county.pk}") == {"370102", "3701020001", "3701020002"}
    assert codes("/api/v1/orgs/?level=county") == {"370102", "370103"}
    assert codes("/api/v1/orgs/?kind=kindergarten") == {"3701020002"}
    assert codes("/api/v1/orgs/?q=历下") == {"370102", "3701020001", "3701020002"}
    assert codes(f"/api/v1/orgs/?parent={tree.city.pk}") == {"370102", "370103", "370100901"}
    assert client.get(f"/api/v1/orgs/?org={tree.county3.pk}").status_code == 404
    row = client.get(f"/api/v1/orgs/{tree.school.pk}/").json()
    assert row["parent"] == tree.county.pk and row["school"]["kind"] == "primary"
    page = client.get("/api/v1/orgs/?page_size=2").json()
    assert page["count"] == 8 and len(page["results"]) == 2 and page["next"]


def test_school_profile_update_through_the_api(tree, who, api):
    response = api(who.principal).patch(
        f"/api/v1/orgs/{tree.school.pk}/", {"school": {"student_count": 950}}, format="json"
    )
    assert response.status_code == 200 and response.json()["school"]["student_count"] == 950
    response = api(who.principal).patch(f"/api/v1/orgs/{tree.school.pk}/", {"name": "改名"}, format="json")
    assert response.status_code == 403
    response = api(who.county_admin).patch(
        f"/api/v1/orgs/{tree.school.pk}/", {"school": {"kind": "castle"}}, format="json"
    )
    assert response.status_code == 400 and "school" in response.json()
    response = api(who.county_officer).patch(
        f"/api/v1/orgs/{tree.school.pk}/", {"school": {"student_count": 1}}, format="json"
    )
    assert response.status_code == 403


def test_users_and_memberships_api(tree, who, api):
    client = api(who.county_admin)
    response = client.post(
        "/api/v1/users/",
        {
            "username": "api.user",
            "full_name": "接口",
            "password": "Kx7mPq2z#",
            "org_id": tree.school.pk,
            "role": "staff",
        },
        format="json",
    )
    assert response.status_code == 201
    user_id = response.json()["id"]
    response = client.post(
        "/api/v1/users/",
        {
            "username": "api.user2",
            "full_name": "接口",
            "password": "Kx7mPq2z#",
            "org_id": tree.foreign.pk,
            "role": "staff",
        },
        format="json",
    )
    assert response.status_code == 404
    response = client.post(
        "/api/v1/memberships/", {"user_id": user_id, "org_id": tree.sibling.pk, "role": "guard"}, format="json"
    )
    assert response.status_code == 201
    membership_id = response.json()["id"]
    assert api(who.county_officer).delete(f"/api/v1/memberships/{membership_id}/").status_code == 403
    assert client.delete(f"/api/v1/memberships/{membership_id}/").status_code == 204
    listed = client.get(f"/api/v1/users/?org={tree.school.pk}&role=staff").json()["results"]
    assert {row["username"] for row in listed} >= {"api.user", who.staff.username}


def test_schema_and_docs(tree, who, client):
    client.force_login(who.principal)
    schema = client.get("/api/schema/")
    assert (
        schema.status_code == 200
        and b"/api/v1/orgs/" in schema.content
        and b"/api/v1/hazards/{id}/verify/" in schema.content
    )
    assert client.get("/api/docs/").status_code == 200
