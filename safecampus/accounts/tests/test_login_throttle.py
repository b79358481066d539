"""Failed logins are counted per client address in the shared cache, on the web login and the token endpoint."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from safecampus.accounts.models import AuthEvent
from safecampus.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db
LIMIT = 5


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.SAFECAMPUS_LOGIN_FAILURES_PER_ADDRESS = LIMIT
    settings.SAFECAMPUS_LOGIN_WINDOW_MINUTES = 10
    settings.SAFECAMPUS_BEHIND_PROXY = False


def web_login(client, username, password="wrong", **meta):
    return client.post("/accounts/login/", {"username": username, "password": password}, **meta)


def token_login(username, password="wrong", **meta):
    return APIClient().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json", **meta)


def test_many_usernames_from_one_address_are_refused_before_any_password_is_checked(client, tree, who):
    for number in range(LIMIT):
        assert web_login(client, f"guess{number}", REMOTE_ADDR="203.0.113.7").status_code == 200
    refused = web_login(client, "guess-next", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    page = refused.content.decode()
    assert 'id="locked-message"' in page and "登录失败次数过多" in page
    # Not even the right password of a real account gets through from there...
    assert web_login(client, who.principal.username, PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert "_auth_user_id" not in client.session
    # ...because nothing was authenticated: only the first LIMIT attempts reached the password check.
    assert AuthEvent.objects.filter(kind="login_failed").count() == LIMIT
    # Another address is not affected.
    assert web_login(client, who.principal.username, PASSWORD, REMOTE_ADDR="198.51.100.1").status_code == 302


def test_a_forged_forwarded_header_does_not_reset_the_count_without_a_proxy(client, tree):
    for number in range(LIMIT):
        web_login(client, f"guess{number}", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    response = web_login(client, "again", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429


def test_behind_the_proxy_the_address_it_appended_counts(client, tree, settings):
    settings.SAFECAMPUS_BEHIND_PROXY = True
    settings.SAFECAMPUS_PROXY_HOPS = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for number in range(LIMIT):
        # The client forges the left part; nginx appends the real address on the right.
        web_login(client, f"guess{number}", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, 203.0.113.7", **proxy)
    forged = web_login(client, "again", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7", **proxy)
    assert forged.status_code == 429
    # Other clients behind the same proxy are other addresses.
    assert web_login(client, "someone", HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy).status_code == 200


def test_two_trusted_hops_take_the_second_entry_from_the_right(rf, settings):
    from safecampus.core.middleware import client_address

    settings.SAFECAMPUS_BEHIND_PROXY = True
    settings.SAFECAMPUS_PROXY_HOPS = 2
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.0.0.2", REMOTE_ADDR="10.0.0.3")
    assert client_address(request) == "203.0.113.7"
    request = rf.get("/", HTTP_X_FORWARDED_FOR="not-an-address, 10.0.0.2", REMOTE_ADDR="10.0.0.3")
    assert client_address(request) == "10.0.0.3"


def test_ipv6_addresses_count_per_64_network(client, tree):
    for number in range(LIMIT):
        web_login(client, f"guess{number}", REMOTE_ADDR=f"2001:db8:1:2::{number + 1}")
    assert web_login(client, "again", REMOTE_ADDR="2001:db8:1:2:ffff::9").status_code == 429
    assert web_login(client, "other", REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_the_token_endpoint_answers_429_json_and_ignores_forged_headers(tree, who):
    for number in range(LIMIT):
        response = token_login(f"guess{number}", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
        assert response.status_code == 400
    refused = token_login(who.principal.username, PASSWORD, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert refused.status_code == 429 and refused["Content-Type"] == "application/json"
    assert "登录失败次数过多" in refused.json()["detail"] and int(refused["Retry-After"]) > 0
    assert AuthEvent.objects.filter(kind="login_failed").count() == LIMIT
    assert token_login(who.principal.username, PASSWORD, REMOTE_ADDR="198.51.100.1").status_code == 200


def test_web_and_api_failures_share_one_count(client, tree):
    for number in range(LIMIT - 1):
        token_login(f"guess{number}", REMOTE_ADDR="203.0.113.7")
    web_login(client, "one-more", REMOTE_ADDR="203.0.113.7")
    assert token_login("last", REMOTE_ADDR="203.0.113.7").status_code == 429


def test_the_count_ends_with_its_window(client, tree):
    from unittest import mock

    for number in range(LIMIT):
        web_login(client, f"guess{number}", REMOTE_ADDR="203.0.113.7")
    assert web_login(client, "again", REMOTE_ADDR="203.0.113.7").status_code == 429
    import time

    later = time.time() + 10 * 60 + 1
    with mock.patch("time.time", return_value=later):
        assert web_login(client, "again", REMOTE_ADDR="203.0.113.7").status_code == 200


def test_the_count_lives_in_the_shared_database_cache(client, tree, settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    web_login(client, "guess", REMOTE_ADDR="203.0.113.7")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {settings.SAFECAMPUS_CACHE_TABLE}")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("login-failures:203.0.113.7" in key for key in keys)
