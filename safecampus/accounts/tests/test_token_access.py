"""A token request reads its user, their grants and (when required) their device in one query, and every change
to any of them holds from the next request on: nothing about a token is kept between requests."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from safecampus.accounts.services import grant_membership, revoke_membership, set_user_active
from safecampus.core import clock
from safecampus.core.access import Role, access
from safecampus.orgs.models import Membership

pytestmark = pytest.mark.django_db


def token_client(user):
    return APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")


def dashboard(client, org):
    return client.get(f"/api/v1/dashboard/?org={org.pk}")


def test_the_user_and_their_grants_come_in_one_query(tree, who):
    client = token_client(who.county_officer)
    dashboard(client, tree.county)
    with CaptureQueriesContext(connection) as queries:
        assert dashboard(client, tree.county).status_code == 200
    first, *rest = (q["sql"] for q in queries.captured_queries)
    assert "authtoken_token" in first and "orgs_membership" in first
    assert not any("orgs_membership" in sql or "authtoken_token" in sql for sql in rest)


def test_grants_read_with_the_token_equal_those_read_alone(tree, who):
    from safecampus.accounts.authentication import ExpiringTokenAuthentication

    officer = who.county_officer
    Membership.objects.create(user=officer, org=tree.far, role=Role.PRINCIPAL)
    Membership.objects.create(user=officer, org=tree.province, role=Role.EXPERT)
    key = Token.objects.create(user=officer).key
    user, token = ExpiringTokenAuthentication().authenticate_credentials(key)
    assert token.key == key and token.user == user and token.created is not None
    assert access(user).grants == tuple(Membership.objects.filter(user=officer).values_list("org_path", "role"))
    user._access = None
    assert access(user) == access(officer.__class__.objects.get(pk=officer.pk))


def test_a_user_without_roles_has_no_grants(tree, who):
    from safecampus.accounts.authentication import ExpiringTokenAuthentication

    lonely = who.staff.__class__.objects.create(username="nobody")
    user, _token = ExpiringTokenAuthentication().authenticate_credentials(Token.objects.create(user=lonely).key)
    assert access(user).grants == () and access(user).scope() == []


def test_revoking_anything_holds_from_the_next_request(tree, who):
    officer = who.city_leader
    client = token_client(officer)
    assert dashboard(client, tree.county).status_code == 200
    # A second role, then the first one revoked: the county is out of reach at once.
    grant_membership(actor=who.province_admin, user=officer, org=tree.city2, role=Role.BUREAU_LEADER)
    assert dashboard(client, tree.county3).status_code == 200
    revoke_membership(Membership.objects.get(user=officer, org=tree.city), actor=who.province_admin)
    assert dashboard(client, tree.county).status_code == 404
    assert dashboard(client, tree.county3).status_code == 200
    set_user_active(officer, actor=who.province_admin, active=False)
    assert dashboard(client, tree.county3).status_code == 401
    set_user_active(officer, actor=who.province_admin, active=True)
    assert dashboard(client, tree.county3).status_code == 200
    Token.objects.filter(user=officer).delete()  # logged out
    assert dashboard(client, tree.county3).status_code == 401


def test_a_forced_password_change_and_an_expired_token_hold_at_once(tree, who, settings):
    client = token_client(who.principal)
    assert client.get("/api/v1/me/").status_code == 200
    who.principal.__class__.objects.filter(pk=who.principal.pk).update(must_change_password=True)
    assert client.get("/api/v1/me/").status_code == 403
    who.principal.__class__.objects.filter(pk=who.principal.pk).update(must_change_password=False)
    with clock.travel_to(clock.now() + timedelta(hours=settings.SAFECAMPUS_TOKEN_TTL_HOURS, seconds=1)):
        assert client.get("/api/v1/me/").status_code == 401


def test_the_second_factor_is_checked_in_the_same_query(tree, who, settings):
    settings.SAFECAMPUS_REQUIRE_ADMIN_2FA = True
    client = token_client(who.county_admin)
    answer = client.get(f"/api/v1/dashboard/?org={tree.county.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 403 and "second factor" in answer.json()["detail"]
    TOTPDevice.objects.create(user=who.county_admin, name="phone", confirmed=False)
    assert dashboard(client, tree.county).status_code == 403, "an unconfirmed device is no second factor"
    TOTPDevice.objects.filter(user=who.county_admin).update(confirmed=True)
    dashboard(client, tree.county)
    with CaptureQueriesContext(connection) as queries:
        assert dashboard(client, tree.county).status_code == 200
    assert not any("otp_totp" in q["sql"] for q in queries.captured_queries[1:])
    assert "otp_totp" in queries.captured_queries[0]["sql"]
    TOTPDevice.objects.filter(user=who.county_admin).delete()
    assert dashboard(client, tree.county).status_code == 403
