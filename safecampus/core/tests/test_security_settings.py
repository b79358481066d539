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


def test_production_can_insist_on_a_secret_key_from_the_environment():
    env = {
        **production_env(),
        "DJANGO_SETTINGS_MODULE": "safecampus.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "",
        "SAFECAMPUS_REQUIRE_SECRET_KEY": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_error_pages_are_the_platforms_own(client, tree, who):
    client.force_login(who.county_officer)
    missing = client.get(f"/org/{tree.foreign.pk}/")
    assert missing.status_code == 404 and 'id="error-404"' in missing.content.decode()
    forbidden = client.get(f"/org/{tree.school.pk}/edit/")
    assert forbidden.status_code == 403 and 'id="error-403"' in forbidden.content.decode()
