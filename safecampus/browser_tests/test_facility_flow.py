"""The sector ledgers end to end: a county officer opens the map, shows the schools without a full-time guard, opens
one school's ledger from the layer's list and sees what it lacks; the school's safety officer, on a phone, adds a
guard (a bad date is refused first) and the county's figure drops to none."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from safecampus.facilities.models import Guard
from safecampus.facilities.services import profile
from safecampus.testing.factories import build_tree, people


@pytest.mark.browser
def test_the_county_finds_a_school_without_a_guard_and_the_school_adds_one(
    new_context: Callable[..., BrowserContext],
    log_in: Callable[..., None],
    transactional_db: None,
    shot: Callable[[Page, str], Path],
) -> None:
    errors: list[str] = []
    tree = build_tree()
    people(tree)
    for school in (tree.school, tree.sibling):
        profile.profile_of(school)

    county = new_context().new_page()
    county.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(county, "bureau_safety_officer.370102")
    county.goto(f"/org/{tree.county.pk}/map/")
    county.select_option("#map-layer", "no_guard")
    expect(county.locator("#map-layer-count")).to_contain_text("2")
    link = county.locator(f"#layer-schools a[data-school='{tree.school.pk}']")
    expect(link).to_be_visible()
    shot(county, "facility-01-map-layer")
    link.click()
    expect(county.locator("#no-guard")).to_be_visible()
    expect(county.locator("#guard-figure")).to_contain_text("0 / 2")
    expect(county.locator("#insurance-state")).to_be_visible()
    expect(county.locator("#school-problems")).to_contain_text("0")
    shot(county, "facility-02-school-ledger")

    phone = new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(phone, "safety_officer.3701020001")
    phone.goto(f"/facilities/school/{tree.school.pk}/guard/new/")
    phone.fill("#id_name", "张建国")
    phone.fill("#id_birth_date", "2090-01-01")
    phone.fill("#id_licence_no", "鲁0120210012345")
    phone.fill("#id_employer", "济南保安服务公司")
    phone.fill("#id_hired_on", "2024-09-01")
    phone.fill("#id_trained_on", "2026-10-01")
    phone.click("#ledger-form button[type=submit]")
    expect(phone.locator(".invalid-feedback").first).to_be_visible()
    assert Guard.objects.count() == 0
    phone.fill("#id_birth_date", "1980-05-01")
    phone.click("#ledger-form button[type=submit]")
    expect(phone.locator("#guard-figure")).to_contain_text("1 / 2")
    shot(phone, "facility-03-guard-added")

    county.goto(f"/facilities/org/{tree.county.pk}/")
    expect(county.locator("#no-guard-link")).to_contain_text("1")
    assert not [e for e in errors if "status of 400" not in e], errors
