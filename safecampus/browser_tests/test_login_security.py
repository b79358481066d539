"""Login security in the browser: lockout, forced password change, TOTP enrolment and the code step."""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from safecampus.accounts.models import User
from safecampus.testing.factories import PASSWORD, build_tree, people

WRONG = "Wrong#Pass2026"
NEW_PASSWORD = "Neues#Kennwort-2027"


def current_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + steps_ahead)
    return f"{code:0{device.digits}d}"


def wait_until_verification_allowed(device: TOTPDevice, limit: float = 10.0) -> None:
    deadline = time.monotonic() + limit
    while True:
        device.refresh_from_db()
        if device.verify_is_allowed()[0]:
            return
        assert time.monotonic() < deadline, "the device stayed throttled"
        time.sleep(0.1)


@pytest.mark.browser
def test_five_wrong_passwords_lock_the_account(
    page: Page,
    transactional_db: None,
    settings: Any,
    log_in: Callable[..., None],
    shot: Callable[[Page, str], Path],
) -> None:
    settings.SAFECAMPUS_REQUIRE_ADMIN_2FA = False
    tree = build_tree()
    people(tree)
    username = "principal.3701020001"

    for attempt in range(1, 6):
        log_in(page, username, WRONG)
        expect(page).to_have_url(re.compile(r"/accounts/login/"))
        if attempt < 5:
            expect(page.locator("main .alert-danger")).to_be_visible()
            expect(page.locator("#locked-message")).to_have_count(0)
    shot(page, "lockout-01-fifth-wrong-password")

    # The sixth attempt is refused even with the right password.
    log_in(page, username, PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    locked = page.locator("#locked-message")
    expect(locked).to_be_visible()
    expect(locked).to_contain_text("30")
    expect(page.locator("nav .dropdown-toggle")).to_have_count(0)  # not logged in
    shot(page, "lockout-02-locked")

    # The lock is per account: a colleague behind the same address still logs in.
    log_in(page, "safety_officer.3701020001", PASSWORD)
    expect(page).to_have_url(re.compile(rf"/org/{tree.school.pk}/$"))
    expect(page.locator("#org-name")).to_have_text("历下实验小学")


@pytest.mark.browser
def test_forced_password_change_before_anything_else(
    page: Page,
    transactional_db: None,
    log_in: Callable[..., None],
    log_out: Callable[[Page], None],
    shot: Callable[[Page, str], Path],
) -> None:
    tree = build_tree()
    who = people(tree)
    User.objects.filter(pk=who.staff.pk).update(must_change_password=True)

    log_in(page, "staff.3701020001")
    expect(page).to_have_url(re.compile(r"/accounts/password/$"))
    expect(page.locator("main .alert-warning")).to_be_visible()
    expect(page.locator("main input[name=new_password2]")).to_be_visible()
    shot(page, "password-01-forced-change")

    # Every other page sends the user back here until the password is changed.
    for url in ("/", f"/org/{tree.school.pk}/", "/accounts/me/"):
        page.goto(url)
        expect(page).to_have_url(re.compile(r"/accounts/password/$"))

    # A weak new password is refused and nothing changes.
    page.locator("input[name=old_password]").fill(PASSWORD)
    page.locator("input[name=new_password]").fill("12345678")
    page.locator("input[name=new_password2]").fill("12345678")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/$"))
    expect(page.locator("main .invalid-feedback, main .errorlist, main .text-danger").first).to_be_visible()
    shot(page, "password-02-weak-refused")

    page.locator("input[name=old_password]").fill(PASSWORD)
    page.locator("input[name=new_password]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/org/{tree.school.pk}/$"))
    expect(page.locator("#org-name")).to_have_text("历下实验小学")
    expect(page.locator("main .alert-success")).to_be_visible()
    shot(page, "password-03-changed-on-school")
    staff = User.objects.get(pk=who.staff.pk)
    assert not staff.must_change_password
    assert staff.check_password(NEW_PASSWORD)

    # The new password works for the next login; the old one no longer does.
    log_out(page)
    log_in(page, "staff.3701020001", PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    log_in(page, "staff.3701020001", NEW_PASSWORD)
    expect(page).to_have_url(re.compile(rf"/org/{tree.school.pk}/$"))


@pytest.mark.browser
def test_bureau_admin_enrols_totp_then_is_asked_for_a_code(
    page: Page,
    transactional_db: None,
    settings: Any,
    log_in: Callable[..., None],
    log_out: Callable[[Page], None],
    shot: Callable[[Page, str], Path],
) -> None:
    settings.SAFECAMPUS_REQUIRE_ADMIN_2FA = True
    tree = build_tree()
    who = people(tree)
    admin = who.county_admin

    log_in(page, "bureau_admin.370102")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/enrol/"))
    qr = page.locator("img.qr-code")
    expect(qr).to_be_visible()
    assert (qr.get_attribute("src") or "").startswith("data:image/")
    secret = page.locator("#otp-secret")
    expect(secret).to_be_visible()
    shot(page, "totp-01-enrol")

    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    shown = (secret.text_content() or "").replace(" ", "").strip()
    assert shown == base64.b32encode(device.bin_key).decode().rstrip("=")

    # Until enrolled, the admin cannot open their area.
    page.goto(f"/org/{tree.county.pk}/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/enrol/"))

    # A wrong code is refused.
    page.locator("main input[name=code]").fill("000000" if current_code(device) != "000000" else "111111")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/enrol/"))
    expect(page.locator("main .invalid-feedback, main .errorlist, main .text-danger").first).to_be_visible()

    # django-otp throttles a device after a failure (1 s, doubling): a person takes longer to type.
    wait_until_verification_allowed(device)
    page.locator("main input[name=code]").fill(current_code(device))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/org/{tree.county.pk}/$"))
    expect(page.locator("#org-name")).to_have_text("历下区")
    expect(page.locator("main .alert-success")).to_be_visible()
    shot(page, "totp-02-enrolled-county")
    device.refresh_from_db()
    assert device.confirmed

    # Next login: the password alone is not enough, a code is asked for.
    log_out(page)
    log_in(page, "bureau_admin.370102")
    expect(page).to_have_url(re.compile(r"/accounts/login/code/"))
    expect(page.locator("main input[name=code]")).to_be_visible()
    shot(page, "totp-03-code-step")
    page.goto(f"/org/{tree.county.pk}/")  # not logged in yet
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    log_in(page, "bureau_admin.370102")
    expect(page).to_have_url(re.compile(r"/accounts/login/code/"))
    device.refresh_from_db()
    # The code just used for enrolment may not be replayed: use the next step's code.
    page.locator("main input[name=code]").fill(current_code(device, steps_ahead=1))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/org/{tree.county.pk}/$"))
    expect(page.locator("#org-name")).to_have_text("历下区")
    shot(page, "totp-04-logged-in-with-code")


@pytest.mark.browser
def test_enrolment_qr_code_is_a_renderable_image(
    page: Page,
    transactional_db: None,
    settings: Any,
    log_in: Callable[..., None],
    shot: Callable[[Page, str], Path],
) -> None:
    """The phone must be able to scan the QR code: the browser has to actually draw it."""
    settings.SAFECAMPUS_REQUIRE_ADMIN_2FA = True
    people(build_tree())
    log_in(page, "bureau_admin.370102")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/enrol/"))
    qr = page.locator("img.qr-code")
    expect(qr).to_be_visible()
    page.wait_for_load_state("load")
    shot(page, "totp-00-qr-code")
    width = qr.evaluate("img => img.complete ? img.naturalWidth : -1")
    assert width > 0, "the QR code <img> is broken: the browser could not decode its data: URI"
