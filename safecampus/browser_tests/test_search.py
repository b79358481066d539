"""The top bar's search box: type a number or a name, see the results grouped by kind, open one."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from safecampus.hazards.models import Hazard
from safecampus.testing.factories import build_tree, people
from safecampus.testing.hazards import new_hazard

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
def test_top_bar_search_finds_and_opens_a_hazard(
    page: Page, transactional_db: None, log_in: Callable[..., None], shot: Callable[[Page, str], Path]
) -> None:
    tree = build_tree()
    who = people(tree)
    hazard = Hazard.objects.get(pk=new_hazard(tree, who).pk)

    log_in(page, "bureau_safety_officer.370102")
    box = page.locator("#topbar-search input[name=q]")
    box.fill(hazard.number.lower())
    with page.expect_navigation():
        box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    group = page.locator("#search-hazards")
    expect(group).to_contain_text(hazard.number)
    expect(group.locator(".search-count")).to_have_text("1")
    expect(page.locator(".search-group")).to_have_count(1)
    shot(page, "search-01-by-number")

    with page.expect_navigation():
        group.get_by_role("link", name=re.compile(hazard.number)).click()
    expect(page).to_have_url(re.compile(rf"/hazards/{hazard.pk}/$"))
    expect(page.locator("main h1")).to_contain_text(hazard.number)


@pytest.mark.browser
def test_search_on_a_phone_finds_a_school_by_name(
    new_context: Callable[..., BrowserContext],
    transactional_db: None,
    log_in: Callable[..., None],
    shot: Callable[[Page, str], Path],
) -> None:
    tree = build_tree()
    people(tree)
    page = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True).new_page()

    log_in(page, "bureau_safety_officer.370102")
    with page.expect_navigation():
        page.locator("#nav-search-phone").click()  # visible without opening the menu
    box = page.locator("#search-page-form input[name=q]")
    expect(box).to_be_focused()
    expect(page.locator("#search-help")).to_be_visible()
    box.fill("实验小学")
    with page.expect_navigation():
        box.press("Enter")
    schools = page.locator("#search-orgs")
    expect(schools).to_contain_text("历下实验小学")
    expect(schools).not_to_contain_text("市南实验小学")  # another city's school
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px screen"
    shot(page, "search-02-phone")

    with page.expect_navigation():
        schools.get_by_role("link", name=re.compile("历下实验小学")).click()
    expect(page).to_have_url(re.compile(rf"/org/{tree.school.pk}/$"))
