"""The scene the dashboard browser tests look at, their logged-in pages, and link-following helpers.

Records are made at BUILT and users look at SEEN; every figure that links to records is followed
and its count compared with the records the link opens.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from safecampus.core import clock
from safecampus.core.access import Role
from safecampus.hazards.models import HazardState, InspectionTask
from safecampus.hazards.services import inspections, oversight, plans, workflow
from safecampus.orgs.models import OrgUnit
from safecampus.testing.factories import build_tree, member, people
from safecampus.testing.hazards import days, library, walk

TZ = ZoneInfo("Asia/Shanghai")
BUILT = datetime(2026, 10, 12, 10, 0, tzinfo=TZ)  # the records are made on this day …
SEEN = datetime(2026, 10, 20, 10, 0, tzinfo=TZ)  # … and the users look eight days later
PERIOD = "2026-5"  # September–October 2026, the period SEEN falls in
S = HazardState

PROVINCE_OFFICER = "bureau_safety_officer.370000"
CITY_LEADER = "bureau_leader.370100"
COUNTY_OFFICER = "bureau_safety_officer.370102"
PRINCIPAL = "principal.3701020001"
FOREIGN_OFFICER = "bureau_safety_officer.370103"

# Where the test schools stand (the factory tree has no coordinates).
PLACES = {
    "school": (117.03, 36.66),  # 历下
    "sibling": (117.10, 36.69),  # 历下
    "foreign": (116.98, 36.62),  # 市中
    "far": (120.38, 36.07),  # 青岛市南
}
IN_JINAN_AWAY_FROM_SCHOOLS = (117.45, 36.45)


def finish(task: InspectionTask, actor: Any) -> None:
    version = task.plan.checklist.published()
    inspection = inspections.start_inspection(
        actor=actor, school=task.school, kind="self_check", version=version, task=task
    )
    for result in inspection.results.all():
        inspections.record_result(inspection, actor=actor, item=result.item_id, outcome="pass")
    inspections.submit_inspection(inspection, actor=actor)


def build_scene() -> SimpleNamespace:
    """Hazards in every state that shows on these pages, and a city plan with done, late and missing tasks."""
    tree = build_tree()
    who = people(tree)
    far_principal = member(tree.far, Role.PRINCIPAL)
    checklist = library(tree, who)
    plan = plans.create_plan(
        actor=who.city_admin,
        owner=tree.city,
        name="秋季开学安全自查",
        kind="self_check",
        checklist=checklist,
        start_date=days(0),
        due_date=days(3),
    )
    finish(InspectionTask.objects.get(plan=plan, school=tree.school), who.school_safety)  # on time
    walk(tree, who, S.CLOSED)  # found and closed on time
    walk(tree, who, S.REPORTED, "major")  # open major
    listed = walk(tree, who, S.RECTIFYING, "major")
    oversight.list_hazard(
        listed, actor=who.city_admin, notice_no="济教督〔2026〕1号", supervising_unit="济南市教育局", deadline=days(10)
    )
    walk(tree, who, S.RECTIFYING)  # deadline today: overdue when the users look
    for actor, school, level in (
        (who.sibling_principal, tree.sibling, "general"),
        (who.foreign_principal, tree.foreign, "general"),
        (far_principal, tree.far, "major"),
    ):
        workflow.report_hazard(
            actor=actor, school=school, place="东门", area="fire", level=level, description="消防通道堆放杂物"
        )
    with clock.travel_to(BUILT + timedelta(days=5)):  # two days after the due date: late
        finish(InspectionTask.objects.get(plan=plan, school=tree.foreign), who.foreign_principal)
    for name, (lng, lat) in PLACES.items():
        OrgUnit.objects.filter(pk=getattr(tree, name).pk).update(lng=lng, lat=lat)
    return SimpleNamespace(tree=tree, who=who)


@pytest.fixture
def scene(transactional_db: None, settings: Any) -> Iterator[SimpleNamespace]:
    """The records, made at BUILT; the clock (shared with the live server's thread) then stays at SEEN."""
    settings.SAFECAMPUS_REQUIRE_ADMIN_2FA = False
    with clock.travel_to(BUILT):
        built = build_scene()
    with clock.travel_to(SEEN):
        yield built


@pytest.fixture
def user_page(
    new_context: Callable[..., BrowserContext], log_in: Callable[..., None]
) -> Iterator[Callable[[str], Page]]:
    """A logged-in page per user; at the end, no page of theirs may have logged a console error."""
    errors: list[str] = []

    def open_as(username: str) -> Page:
        context = new_context()
        context.on(
            "console",
            lambda m: errors.append(f"{username} {m.location.get('url')}: {m.text}") if m.type == "error" else None,
        )
        context.on("weberror", lambda e: errors.append(f"{username}: {e.error}"))
        page = context.new_page()
        log_in(page, username)
        expect(page.locator("main input[name=password]")).to_have_count(0)
        return page

    yield open_as
    assert errors == [], "console errors:\n" + "\n".join(errors)


# ── Reading figures and the lists they link to ───────────────────────────────────────────────────


FIGURE_TABS: weakref.WeakKeyDictionary[Page, Page] = weakref.WeakKeyDictionary()
COUNT_RECORDS = """table => ({
    rows: table.querySelectorAll("tbody tr:not(:has(td[colspan]))").length,
    text: document.querySelector("main").innerText,
})"""


def records(page: Page) -> int:
    """The record count of the ledger or due-inspection list on the page (one page of rows here)."""
    table = page.locator("#task-table" if "/inspection-tasks/" in page.url else "#ledger-table")
    found = table.evaluate(COUNT_RECORDS)
    summary = re.search(r"共\s*(\d+)\s*条记录|(\d+) records?", found["text"])
    total = int(summary.group(1) or summary.group(2)) if summary else 0
    assert total == found["rows"], f"{page.url}: the list says {total} records but shows {found['rows']} rows"
    return total


def follow(page: Page, link: Locator) -> int:
    """Open a figure's link and return the record count of the list it opens.

    The link's address is opened in a second tab, kept from one figure to the next: the figures' page
    stays put and in front (a hidden page draws slowly). Clicking each link into a new tab took twice as
    long (~90 links); `click_through` clicks some of them for real.
    """
    tab = FIGURE_TABS.get(page)
    if tab is None or tab.is_closed():
        tab = FIGURE_TABS[page] = page.context.new_page()
        page.bring_to_front()
    tab.goto(urljoin(page.url, link.get_attribute("href")))
    return records(tab)


def click_through(page: Page, link: Locator) -> int:
    """Click a figure's link in the page itself, count the records it opens, and come back."""
    back = page.url
    with page.expect_navigation():
        link.click()
    try:
        return records(page)
    finally:
        page.goto(back)


def check_links(page: Page, scope: Locator) -> int:
    """Every link inside `scope` whose text is a count above zero leads to exactly that many records
    (zeros are checked on the KPI cards; following every zero in every table made the file too slow).
    Returns the number of links followed."""
    checked = 0
    for link in scope.locator("a").all():
        text = link.inner_text().strip()
        if not text.isdigit() or text == "0":
            continue
        assert follow(page, link) == int(text), f"{link.get_attribute('href')} shows {text}"
        checked += 1
    return checked


# ── The pages ────────────────────────────────────────────────────────────────────────────────────
