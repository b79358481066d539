"""The required flow: a county officer logs in, browses their county, and cannot reach another county."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from safecampus.testing.factories import build_tree, people


@pytest.mark.browser
def test_county_officer_sees_own_county_and_gets_404_elsewhere(
    page: Page,
    transactional_db: None,
    log_in: Callable[..., None],
    shot: Callable[[Page, str], Path],
) -> None:
    tree = build_tree()
    people(tree)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.locator("main input[name=username]")).to_be_visible()
    shot(page, "scope-01-login")

    log_in(page, "bureau_safety_officer.370102")

    # One home node: the county page opens at once.
    expect(page).to_have_url(re.compile(rf"/org/{tree.county.pk}/$"))
    expect(page.locator("#org-name")).to_have_text("历下区")
    crumbs = page.locator("#breadcrumb li")
    expect(crumbs).to_have_text(["山东省", "济南市", "历下区"])
    # Province and city lie above the officer's scope: shown, but not links.
    expect(page.locator("#breadcrumb a")).to_have_count(0)
    expect(crumbs.nth(0)).to_have_class(re.compile(r"out-of-scope"))
    expect(crumbs.nth(1)).to_have_class(re.compile(r"out-of-scope"))
    expect(crumbs.nth(2)).to_have_attribute("aria-current", "page")
    table = page.locator("#children-table")
    expect(table).to_contain_text("历下实验小学")
    expect(table).to_contain_text("历下第一幼儿园")
    expect(table).not_to_contain_text("市中第一中学")
    expect(page.locator("#school-total")).to_have_text("2")
    shot(page, "scope-02-county")

    table.get_by_role("link", name="历下实验小学").click()
    expect(page).to_have_url(re.compile(rf"/org/{tree.school.pk}/$"))
    expect(page.locator("#org-name")).to_have_text("历下实验小学")
    expect(page.locator("main")).to_contain_text("3701020001")
    profile = page.locator("main dl")
    expect(profile).to_contain_text("900")  # students
    expect(page.locator("#breadcrumb li")).to_have_text(["山东省", "济南市", "历下区", "历下实验小学"])
    # The county is inside the officer's scope, so it is a link back.
    expect(page.locator("#breadcrumb a")).to_have_text(["历下区"])
    shot(page, "scope-03-school")

    # A school of another county, opened by URL: not found, and nothing of it leaks.
    response = page.goto(f"/org/{tree.foreign.pk}/")
    assert response is not None and response.status == 404
    expect(page.locator("body")).to_contain_text(re.compile(r"Not Found|404|找不到|不存在", re.IGNORECASE))
    expect(page.locator("body")).not_to_contain_text("市中第一中学")
    shot(page, "scope-04-foreign-school-404")

    # The API in the same session agrees: own school yes, foreign school 404.
    own = page.request.get(f"/api/v1/orgs/{tree.school.pk}/")
    assert own.status == 200, own.text()
    assert own.json()["name"] == "历下实验小学"
    foreign = page.request.get(f"/api/v1/orgs/{tree.foreign.pk}/")
    assert foreign.status == 404, foreign.text()
    assert "市中第一中学" not in foreign.text()
