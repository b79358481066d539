"""Letters end to end: the county issues this year's letters to its schools from its responsibility page; the
principal opens the letter on a phone, tries to sign without ticking (refused), ticks and signs; the county sees
its coverage go to 1 of 2 and prints the letter as a PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from safecampus.compliance.models import Letter
from safecampus.core import clock
from safecampus.testing.factories import build_tree, people


@pytest.mark.browser
def test_the_county_issues_letters_and_the_principal_signs_on_a_phone(
    new_context: Callable[..., BrowserContext],
    log_in: Callable[..., None],
    transactional_db: None,
    shot: Callable[[Page, str], Path],
) -> None:
    errors: list[str] = []
    tree = build_tree()
    people(tree)

    county = new_context().new_page()
    county.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(county, "bureau_safety_officer.370102")
    county.goto(f"/org/{tree.county.pk}/responsibility/")
    county.click("#issue-form button[type=submit]")
    expect(county.locator("#letter-table tbody tr")).to_have_count(2)
    shot(county, "letter-01-county-issued")

    letter = Letter.objects.get(org=tree.school, year=clock.today().year)
    phone = new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(phone, "principal.3701020001")
    phone.goto(f"/letters/{letter.pk}/")
    expect(phone.locator("#letter-duties")).to_contain_text("第一责任人")
    phone.click("#step-sign button[type=submit]")
    expect(phone.locator("#step-sign .invalid-feedback, #step-sign .alert-danger").first).to_be_visible()
    letter.refresh_from_db()
    assert letter.state == "issued"
    phone.check("#id_sign-confirm")
    phone.click("#step-sign button[type=submit]")
    expect(phone.locator("#signature")).to_contain_text("principal.3701020001")
    shot(phone, "letter-02-principal-signed")

    county.goto(f"/org/{tree.county.pk}/responsibility/")
    expect(county.locator("#coverage")).to_contain_text("1")
    answer = county.request.get(f"/letters/{letter.pk}/pdf/")
    assert answer.ok and answer.headers["content-type"] == "application/pdf" and answer.body().startswith(b"%PDF")
    assert not [e for e in errors if "status of 400" not in e], errors  # the unticked signature answers 400
