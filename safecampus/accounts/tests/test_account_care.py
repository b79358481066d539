"""Looking after accounts: peers, last roles, lifting locks, lost phones, disabled logins, privacy."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from safecampus.accounts.models import AuthEvent
from safecampus.accounts.services import (
    can_manage_user,
    grant_membership,
    is_locked,
    reset_password,
    reset_second_factor,
    revoke_membership,
    unlock_account,
)
from safecampus.core.access import Role
from safecampus.orgs.models import Membership
from safecampus.testing.factories import PASSWORD, member

pytestmark = pytest.mark.django_db
STRONG = "Kx7mPq2z#"


def test_an_admin_never_manages_a_peer_admin(tree, who):
    peer = member(tree.county, Role.BUREAU_ADMIN, username="peer.admin")
    assert not can_manage_user(who.county_admin, peer)
    with pytest.raises(PermissionDenied):
        reset_password(peer, actor=who.county_admin, password=STRONG)
    with pytest.raises(PermissionDenied):
        grant_membership(actor=who.county_admin, user=who.county_officer, org=tree.county, role=Role.BUREAU_ADMIN)
    assert can_manage_user(who.city_admin, peer)
    grant_membership(actor=who.city_admin, user=who.county_officer, org=tree.county, role=Role.BUREAU_ADMIN)


def test_the_last_role_cannot_be_removed(tree, who):
    with pytest.raises(ValidationError):
        revoke_membership(Membership.objects.get(user=who.staff), actor=who.county_admin)
    grant_membership(actor=who.county_admin, user=who.staff, org=tree.sibling, role=Role.GUARD)
    revoke_membership(Membership.objects.get(user=who.staff, role=Role.STAFF), actor=who.county_admin)
    assert list(Membership.objects.filter(user=who.staff).values_list("role", flat=True)) == ["guard"]


def test_an_admin_lifts_a_lock(client, tree, who):
    for _ in range(5):
        client.post("/accounts/login/", {"username": who.staff.username, "password": "wrong"})
    assert is_locked(who.staff)
    client.force_login(who.county_admin)
    page = client.get(f"/accounts/users/{who.staff.pk}/").content.decode()
    assert 'id="locked-badge"' in page
    unlock_account(who.staff, actor=who.county_admin)
    assert not is_locked(who.staff)
    assert AuthEvent.objects.filter(kind="unlocked", user=who.staff).exists()
    client.logout()
    assert client.post("/accounts/login/", {"username": who.staff.username, "password": PASSWORD}).status_code == 302


def test_a_password_reset_also_lifts_the_lock(client, tree, who):
    for _ in range(5):
        client.post("/accounts/login/", {"username": who.staff.username, "password": "wrong"})
    reset_password(who.staff, actor=who.county_admin, password=STRONG)
    assert not is_locked(who.staff)


def test_lost_phone_second_factor_reset(tree, who):
    TOTPDevice.objects.create(user=who.staff, name="phone", confirmed=True)
    with pytest.raises(PermissionDenied):
        reset_second_factor(who.staff, actor=who.principal)
    reset_second_factor(who.staff, actor=who.county_admin)
    assert not TOTPDevice.objects.filter(user=who.staff).exists()


def test_disabled_account_is_told_so_only_with_the_right_password(client, tree, who):
    who.staff.is_active = False
    who.staff.save()
    client.cookies["django_language"] = "en"
    wrong = client.post("/accounts/login/", {"username": who.staff.username, "password": "wrong"}).content.decode()
    right = client.post("/accounts/login/", {"username": who.staff.username, "password": PASSWORD}).content.decode()
    assert "disabled" not in wrong and "This account is disabled" in right
    assert AuthEvent.objects.filter(kind="disabled_login", user=who.staff).exists()


def test_logins_add_no_empty_history_rows(client, tree, who):
    before = who.staff.history.count()
    client.post("/accounts/login/", {"username": who.staff.username, "password": PASSWORD})
    who.staff.refresh_from_db()
    assert who.staff.last_login is not None and who.staff.history.count() == before


def test_colleagues_accounts_are_not_everyones_business(client, api, tree, who):
    rows = api(who.staff).get("/api/v1/users/").json()["results"]
    assert [row["username"] for row in rows] == [who.staff.username]
    client.force_login(who.staff)
    assert client.get(f"/history/accounts.User/{who.principal.pk}/").status_code == 404
    rows = api(who.county_admin).get("/api/v1/users/?page_size=100").json()["results"]
    assert who.staff.username in {row["username"] for row in rows}
