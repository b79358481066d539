"""A phone-sized screen: the navbar collapses behind its toggler and the page does not overflow."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from safecampus.testing.factories import build_tree, people

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
def test_county_page_on_a_phone(
    new_context: Callable[..., BrowserContext],
    transactional_db: None,
    log_in: Callable[..., None],
    shot: Callable[[Page, str], Path],
) -> None:
    tree = build_tree()
    people(tree)
    page = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True).new_page()

    log_in(page, "bureau_safety_officer.370102")
    expect(page).to_have_url(re.compile(rf"/org/{tree.county.pk}/$"))
    expect(page.locator("#org-name")).to_have_text("历下区")

    toggler = page.locator("nav .navbar-toggler")
    menu = page.locator("#nav")
    expect(toggler).to_be_visible()
    expect(menu).to_be_hidden()
    expect(page.locator("#children-table")).to_contain_text("历下实验小学")
    shot(page, "mobile-01-county-collapsed")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px screen"

    toggler.click()
    expect(menu).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(menu.locator("a[href='/']").first).to_be_visible()
    shot(page, "mobile-02-county-menu-open")
