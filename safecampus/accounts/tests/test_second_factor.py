"""TOTP second factor: enrolment, the code step at login, the admin requirement, the API."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from safecampus.accounts.models import AuthEvent
from safecampus.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db


def code_for(device, ahead=0):
    """The code the app shows now, or `ahead` steps later (a used code is never accepted twice)."""
    t0 = device.t0 - ahead * device.step
    return f"{totp(device.bin_key, step=device.step, t0=t0, digits=device.digits):06d}"


def enrol(client, user):
    client.force_login(user)
    page = client.get("/accounts/2fa/enrol/")
    assert page.status_code == 200 and b"data:image/svg+xml;charset=utf-8,%3Csvg%20xmlns" in page.content
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/accounts/2fa/enrol/", {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_bureau_admin_must_enrol_before_anything_else(client, tree, who, settings):
    settings.SAFECAMPUS_REQUIRE_ADMIN_2FA = True
    client.post("/accounts/login/", {"username": who.county_admin.username, "password": PASSWORD})
    response = client.get(f"/org/{tree.county.pk}/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/enrol/"
    client.get("/accounts/2fa/enrol/")
    device = TOTPDevice.objects.get(user=who.county_admin)
    assert client.post("/accounts/2fa/enrol/", {"code": "000000"}).status_code == 200
    client.post("/accounts/2fa/enrol/", {"code": code_for(device)})
    assert client.get(f"/org/{tree.county.pk}/").status_code == 200
    assert AuthEvent.objects.filter(kind="otp_enrolled", user=who.county_admin).exists()


def test_requirement_can_be_switched_off_for_the_demo(client, tree, who, settings):
    settings.SAFECAMPUS_REQUIRE_ADMIN_2FA = False
    client.post("/accounts/login/", {"username": who.county_admin.username, "password": PASSWORD})
    assert client.get(f"/org/{tree.county.pk}/").status_code == 200


def test_login_asks_for_the_code_once_enrolled(client, tree, who):
    device = enrol(client, who.principal)
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"username": who.principal.username, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/login/code/")
    assert "_auth_user_id" not in client.session, "not logged in before the code"
    assert client.get(f"/org/{tree.school.pk}/").status_code == 302
    wrong = client.post("/accounts/login/code/", {"code": "123456"})
    assert wrong.status_code == 200 and b"invalid-feedback" in wrong.content
    assert AuthEvent.objects.filter(kind="otp_failed", user=who.principal).exists()
    device.refresh_from_db()
    response = client.post("/accounts/login/code/", {"code": code_for(device, ahead=1)})
    assert response.status_code == 302
    assert client.get(f"/org/{tree.school.pk}/").status_code == 200


def test_five_wrong_codes_end_the_attempt(client, tree, who):
    enrol(client, who.principal)
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": who.principal.username, "password": PASSWORD})
    for _ in range(5):
        response = client.post("/accounts/login/code/", {"code": "999999"})
    assert response["Location"] == "/accounts/login/"
    assert client.get("/accounts/login/code/")["Location"] == "/accounts/login/"


def test_anyone_may_enrol_and_remove_unless_required(client, tree, who, settings):
    settings.SAFECAMPUS_REQUIRE_ADMIN_2FA = True
    enrol(client, who.principal)
    client.post("/accounts/2fa/remove/", {"password": "wrong"})
    assert TOTPDevice.objects.filter(user=who.principal).exists()
    client.post("/accounts/2fa/remove/", {"password": PASSWORD})
    assert not TOTPDevice.objects.filter(user=who.principal).exists()
    admin_device = enrol(client, who.county_admin)
    client.post("/accounts/2fa/remove/", {"password": PASSWORD})
    assert TOTPDevice.objects.filter(pk=admin_device.pk).exists(), "required for bureau admins"


def test_api_token_needs_the_code_when_enrolled(client, tree, who, settings):
    settings.SAFECAMPUS_REQUIRE_ADMIN_2FA = True
    api = APIClient()
    response = api.post(
        "/api/v1/auth/token/", {"username": who.county_admin.username, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403 and "second factor" in response.json()["detail"]
    device = enrol(client, who.county_admin)
    response = api.post("/api/v1/auth/token/", {"username": who.county_admin.username, "password": PASSWORD})
    assert response.status_code == 400 and "otp" in response.json()
    device.refresh_from_db()
    response = api.post(
        "/api/v1/auth/token/",
        {"username": who.county_admin.username, "password": PASSWORD, "otp": code_for(device, ahead=1)},
    )
    assert response.status_code == 200 and response.json()["token"]
