"""Login, lockout, forced password change, idle timeout, password rules and the security log."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from safecampus.accounts.models import AuthEvent
from safecampus.testing.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def post_login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_lands_on_the_users_own_node(client, tree, who):
    response = post_login(client, who.county_officer.username, PASSWORD)
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == f"/org/{tree.county.pk}/"
    assert AuthEvent.objects.filter(kind="login", user=who.county_officer).count() == 1


def test_wrong_password_is_refused_without_saying_which_part(client, tree, who):
    response = post_login(client, who.county_officer.username, "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    response_unknown = post_login(client, "nobody", "wrong")
    assert response.content.count(b"alert-danger") == response_unknown.content.count(b"alert-danger")
    assert AuthEvent.objects.filter(kind="login_failed").count() == 2


def test_five_failures_lock_the_account_for_thirty_minutes(client, tree, who):
    username = who.county_officer.username
    for _ in range(5):
        post_login(client, username, "wrong")
    response = post_login(client, username, PASSWORD)
    assert response.status_code == 403
    assert b"locked-message" in response.content
    assert "_auth_user_id" not in client.session
    assert AuthEvent.objects.filter(kind="locked_out", username=username).exists()
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    # Another account from the same address is not locked.
    assert post_login(client, who.principal.username, PASSWORD).status_code == 302


def test_lock_ends_after_the_cool_off(client, tree, who):
    from datetime import timedelta

    from axes.models import AccessAttempt

    username = who.county_officer.username
    for _ in range(5):
        post_login(client, username, "wrong")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=31))
    assert post_login(client, username, PASSWORD).status_code == 302


def test_idle_sessions_end_after_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_imported_account_must_change_password_first(client, tree):
    user = UserFactory(must_change_password=True)
    from safecampus.orgs.models import Membership

    Membership.objects.create(user=user, org=tree.school, role="staff")
    post_login(client, user.username, PASSWORD)
    response = client.get(f"/org/{tree.school.pk}/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password": "short", "new_password2": "short"}
    )
    assert response.status_code == 200 and b"invalid-feedback" in response.content
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": "Better#Pass9", "new_password2": "Better#Pass9"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password("Better#Pass9")
    assert client.get(f"/org/{tree.school.pk}/").status_code == 200
    assert AuthEvent.objects.filter(kind="password_changed", user=user).exists()


@pytest.mark.parametrize(
    "password, ok",
    [
        ("Kx7mPq2zw", True),  # upper, lower, digit
        ("abcdefg#1", True),  # lower, symbol, digit
        ("abcdefgh1", False),  # two classes
        ("ABCDEFGH", False),  # one class
        ("Ab#1", False),  # too short
        ("Password1", False),  # a common password
    ],
)
def test_password_rules(password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_logout_is_post_only_and_recorded(client, tree, who):
    client.force_login(who.principal)
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session
    assert AuthEvent.objects.filter(kind="logout", user=who.principal).exists()


def test_security_events_are_append_only(tree, who):
    from safecampus.accounts.services import record_event

    event = record_event("login", user=who.principal)
    event.detail = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_security_log_is_scoped(client, tree, who):
    from safecampus.accounts.services import record_event

    record_event("login", user=who.principal)
    record_event("login", user=who.foreign_principal)
    client.force_login(who.county_admin)
    page = client.get("/accounts/security-log/", {"q": "principal"}).content.decode()
    assert who.principal.username in page and who.foreign_principal.username not in page
    client.force_login(who.county_officer)
    assert client.get("/accounts/security-log/").status_code == 403


def test_open_redirects_are_refused(client, tree, who):
    response = client.post(
        "/accounts/login/?next=https://evil.example/", {"username": who.principal.username, "password": PASSWORD}
    )
    assert response["Location"] == "/"
