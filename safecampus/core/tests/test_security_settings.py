"""Security headers, CSP, language, and `check --deploy` with production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def test_security_headers_and_csp(client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=(self)" in response["Permissions-Policy"]


def test_pages_have_no_inline_scripts(client, tree, who):
    client.force_login(who.county_officer)
    for url in ["/accounts/login/", f"/org/{tree.county.pk}/", "/accounts/me/"]:
        html = client.get(url, follow=True).content.decode()
        assert "<script>" not in html and " onclick=" not in html and " style=" not in html, url


def test_chinese_by_default_and_english_on_request(client):
    assert '<html lang="zh-hans">' in client.get("/accounts/login/").content.decode()
    english_browser = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in english_browser and "登录" in english_browser
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert '<html lang="en">' in client.get("/accounts/login/").content.decode()


def production_env(**extra: str) -> dict[str, str]:
    # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment never does.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, **extra}


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **production_env(),
        "DJANGO_SETTINGS_MODULE": "safecampus.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789-abcdefghijkl",
        "DJANGO_ALLOWED_HOSTS": "safecampus.example.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def run_settings(code: str = "print('ok')", **env: str) -> subprocess.CompletedProcess:
    """Load the real settings in a fresh interpreter with the given environment."""
    full = {**production_env(), "DJANGO_SETTINGS_MODULE": "safecampus.settings", **env}
    for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "SAFECAMPUS_ENV", "DJANGO_DEBUG"):
        if name not in env:
            full.pop(name, None)
    script = f"import django; django.setup(); from django.conf import settings; {code}"
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=full, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("value", ["ture", "enabled", "2"])
def test_an_unrecognised_yes_no_value_stops_the_start(value):
    result = run_settings(SAFECAMPUS_REQUIRE_ADMIN_2FA=value)
    assert result.returncode != 0
    assert f"SAFECAMPUS_REQUIRE_ADMIN_2FA='{value}' is not understood" in result.stderr
    assert "true" in result.stderr and "false" in result.stderr


@pytest.mark.parametrize("value, expected", [("false", False), ("OFF", False), ("0", False), ("yes", True), ("", True)])
def test_recognised_yes_no_values(value, expected):
    result = run_settings("print(settings.SAFECAMPUS_REQUIRE_ADMIN_2FA)", SAFECAMPUS_REQUIRE_ADMIN_2FA=value)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(expected)


def test_an_unrecognised_number_stops_the_start():
    result = run_settings(SAFECAMPUS_LOCKOUT_FAILURES="five")
    assert result.returncode != 0 and "SAFECAMPUS_LOCKOUT_FAILURES='five' is not understood" in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    said = run_settings(SAFECAMPUS_ENV="production")
    assert said.returncode != 0 and "DJANGO_SECRET_KEY must be set" in said.stderr
    # A deployment answering to a real host name is production without saying so.
    deployed = run_settings(DJANGO_ALLOWED_HOSTS="safecampus.example.gov.cn")
    assert deployed.returncode != 0 and "DJANGO_SECRET_KEY must be set" in deployed.stderr
    short = run_settings(SAFECAMPUS_ENV="production", DJANGO_SECRET_KEY="short")
    assert short.returncode != 0 and "at least 50 characters" in short.stderr
    key = "k" * 20 + "a-long-random-production-secret-key-0123456789"
    ok = run_settings("print(settings.SECRET_KEY)", SAFECAMPUS_ENV="production", DJANGO_SECRET_KEY=key)
    assert ok.returncode == 0 and ok.stdout.strip() == key


def test_production_refuses_debug():
    key = "a-long-random-production-secret-key-for-the-check-0123456789-abcdefghijkl"
    result = run_settings(SAFECAMPUS_ENV="production", DJANGO_SECRET_KEY=key, DJANGO_DEBUG="true")
    assert result.returncode != 0 and "DJANGO_DEBUG=true is not allowed in production" in result.stderr


def test_the_demo_and_a_developer_machine_start_with_no_settings():
    """`make run` sets no secret and no hosts: a key is kept in var/secret_key, debug stays off."""
    result = run_settings("print(settings.SAFECAMPUS_ENV, settings.DEBUG, len(settings.SECRET_KEY) >= 50)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["development", "False", "True"]
    assert (ROOT / "var" / "secret_key").exists()


def test_the_shared_cache_is_the_database_unless_redis_is_configured():
    backend = "print(settings.CACHES['default']['BACKEND'])"
    result = run_settings(backend)
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache", result.stderr
    redis = run_settings(backend, SAFECAMPUS_REDIS_URL="redis://127.0.0.1:6379/1")
    assert redis.stdout.strip() == "django.core.cache.backends.redis.RedisCache", redis.stderr
    bad = run_settings(backend, SAFECAMPUS_REDIS_URL="127.0.0.1:6379")
    assert bad.returncode != 0 and "SAFECAMPUS_REDIS_URL" in bad.stderr


def test_error_pages_are_the_platforms_own(client, tree, who):
    client.force_login(who.county_officer)
    missing = client.get(f"/org/{tree.foreign.pk}/")
    assert missing.status_code == 404 and 'id="error-404"' in missing.content.decode()
    forbidden = client.get(f"/org/{tree.school.pk}/edit/")
    assert forbidden.status_code == 403 and 'id="error-403"' in forbidden.content.decode()
