"""Under /api/ every error is JSON and bad input is a 400 naming what is wrong, never a 500."""

import pytest
from django.test import Client
from django.urls import path
from rest_framework.decorators import api_view
from rest_framework.test import APIClient

from safecampus import urls as project_urls

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"


@api_view(["GET"])
def broken(request):
    raise RuntimeError("unexpected")


def broken_page(request):
    raise RuntimeError("unexpected")


urlpatterns = [
    path("api/v1/broken/", broken),
    path("broken/", broken_page),
    *project_urls.urlpatterns,
]
handler404 = project_urls.handler404
handler500 = project_urls.handler500


def test_unknown_api_urls_answer_json_404(tree, who, api):
    for client in (api(who.province_admin), APIClient()):
        response = client.get("/api/v1/no-such-thing/")
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "未找到。"}
    page = Client().get("/no-such-page/")
    assert page.status_code == 404 and 'id="error-404"' in page.content.decode()


@pytest.mark.urls(__name__)
def test_unexpected_errors_under_the_api_answer_json_500(tree, who, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(who.province_admin)
    response = client.get("/api/v1/broken/")
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    assert "detail" in response.json() and "RuntimeError" not in response.content.decode()
    assert any("unexpected" in str(record.exc_info) for record in caplog.records if record.exc_info)
    page = client.get("/broken/")
    assert page.status_code == 500 and "text/html" in page["Content-Type"]


@pytest.mark.parametrize(
    "url, parameter",
    [
        (f"/api/v1/memberships/?user={HUGE}", "user"),
        (f"/api/v1/memberships/?org=-{HUGE}", "org"),
        (f"/api/v1/users/?org={HUGE}", "org"),
        (f"/api/v1/orgs/?parent={HUGE}", "parent"),
        (f"/api/v1/hazards/?org={HUGE}", "org"),
    ],
)
def test_an_out_of_range_integer_in_a_filter_is_400_naming_it(tree, who, api, url, parameter):
    response = api(who.province_admin).get(url)
    assert response.status_code == 400, response.content
    assert parameter in response.json()


@pytest.mark.parametrize("collection", ["hazards", "orgs", "users", "memberships", "incidents", "inspections"])
def test_an_out_of_range_primary_key_in_a_url_is_404(tree, who, api, collection):
    client = api(who.province_admin)
    for key in (HUGE, f"-{HUGE}", "abc"):
        response = client.get(f"/api/v1/{collection}/{key}/")
        assert response.status_code == 404 and response["Content-Type"] == "application/json", (key, response)


@pytest.mark.parametrize("body, kind", [("[]", "列表"), ('"x"', "字符串"), ("1", "数字"), ("null", "null")])
def test_a_json_body_that_is_not_an_object_is_400(tree, who, api, body, kind):
    client = api(who.province_admin)
    targets = [
        ("post", "/api/v1/auth/token/"),
        ("patch", f"/api/v1/orgs/{tree.school.pk}/"),
        ("patch", f"/api/v1/users/{who.staff.pk}/"),
        ("post", "/api/v1/memberships/"),
        ("post", "/api/v1/incidents/"),
    ]
    for method, url in targets:
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code == 400, (url, response.content)
        assert "JSON 对象" in response.json()["detail"] and kind in response.json()["detail"], url


def test_a_number_the_database_cannot_hold_is_400_not_500(tree, who, api):
    response = api(who.province_admin).post(
        "/api/v1/memberships/", {"user_id": int(HUGE), "org_id": tree.school.pk, "role": "staff"}, format="json"
    )
    assert response.status_code in (400, 404), response.content


def test_not_found_reads_the_same_in_the_readers_language(tree, who, api):
    response = api(who.principal).get(f"/api/v1/orgs/{tree.foreign.pk}/")
    assert response.status_code == 404 and response.json() == {"detail": "未找到，或不在您的辖区内。"}
