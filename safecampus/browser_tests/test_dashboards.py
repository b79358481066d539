"""The dashboard, map, warning list, bimonthly review and due-inspection pages, seen by four users.

A province officer, a city leader, a county officer and a principal log in through the form and open
the pages of their own unit, moving between them with the buttons above each page. Every figure
that links to records (counts above zero in the tables, every KPI card) must equal the record count
of the ledger or due-inspection list its link opens; the map draws, opens a school's card and goes
down a level; the review changes period and exports a PDF and an xlsx; an officer of another county
gets the 404 page. No page may log a console error (a CSP violation would show there). Full-page
screenshots go to test-results/screenshots/<page>-<level>.png.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import BrowserContext, Page, expect

from safecampus.dashboards.registry import warning_parts as WARNING_PARTS
from safecampus.orgs.models import OrgUnit

from .dashboard_scene import (
    CITY_LEADER,
    COUNTY_OFFICER,
    FOREIGN_OFFICER,
    IN_JINAN_AWAY_FROM_SCHOOLS,
    PERIOD,
    PLACES,
    PRINCIPAL,
    PROVINCE_OFFICER,
    check_links,
    click_through,
    follow,
    records,
)


def check_dashboard(page: Page, org: OrgUnit, shot: Callable[[Page, str], Path], who: str) -> None:
    page.goto(f"/org/{org.pk}/dashboard/")
    expect(page.locator("main h1")).to_contain_text(org.name)
    nav = page.locator("#views-nav")
    expect(nav.locator(f"a[href='/org/{org.pk}/hazards/']")).to_be_visible()
    for view in ("map", "warnings", "review"):
        expect(nav.locator(f"a[href='/org/{org.pk}/{view}/']")).to_have_count(0 if org.is_school else 1)
    # The trend chart draws on a canvas from the JSON block (no inline script).
    expect(page.locator("#trend-chart canvas")).to_have_count(1)
    open_major = page.locator("#kpis a:has(#kpi-open-major)")
    assert click_through(page, open_major) == int(page.locator("#kpi-open-major").inner_text())
    for kpi in ("kpi-open-major", "kpi-open-general", "kpi-overdue", "kpi-listed"):
        figure = page.locator(f"#{kpi}")
        assert follow(page, page.locator(f"#kpis a:has(#{kpi})")) == int(figure.inner_text()), kpi
    for kpi, state in (("kpi-completeness", "done"), ("kpi-timeliness", "on_time")):
        card = page.locator(f"#{kpi}")
        assert f"state={state}" in (card.get_attribute("href") or "")
        # "本年应检查 4 项，已完成 2 项" / "应检查 4 项，按时完成 1 项": the total comes first in Chinese.
        due, done = (int(n) for n in re.findall(r"应检查 (\d+) 项.*完成 (\d+) 项", card.inner_text())[0])
        assert follow(page, card) == done, kpi
        percent = card.locator("div").nth(1).inner_text()
        assert percent == (f"{round(done * 100 / due, 1)}%" if due else "—"), (kpi, percent, done, due)
    page.locator("#trend-table").locator("xpath=ancestor::details").locator("summary").click()
    expect(page.locator("#trend-table")).to_be_visible()
    october = page.locator("#trend-table tbody tr").last
    expect(october.locator("td").first).to_have_text("2026-10")
    assert check_links(page, october) == 2
    # The chart's data (a JSON block) and the table below it agree.
    trend = json.loads(page.locator("#trend-data").text_content() or "{}")
    table = [
        [cell.strip() for cell in row]
        for row in page.locator("#trend-table tbody tr").evaluate_all(
            "rows => rows.map(r => Array.from(r.cells, c => c.innerText))"
        )
    ]
    assert table == [
        [m, str(f), str(c)] for m, f, c in zip(trend["months"], trend["found"], trend["closed"], strict=True)
    ]
    for item in page.locator("#top-categories li:has(a)").all():
        assert follow(page, item.locator("a")) == int(item.locator(".badge").inner_text())
    if not org.is_school:
        assert check_links(page, page.locator("#children-figures tbody")) > 0
    shot(page, f"dashboard-{who}")


def open_view(page: Page, org: OrgUnit, view: str) -> None:
    """Go to another view of the unit with the buttons above the page."""
    with page.expect_navigation():
        page.locator(f"#views-nav a[href='/org/{org.pk}/{view}/']").click()
    expect(page.locator(f"#views-nav a[aria-current=page][href='/org/{org.pk}/{view}/']")).to_be_visible()


def check_map(page: Page, org: OrgUnit, shot: Callable[[Page, str], Path], who: str) -> dict[str, Any]:
    open_view(page, org, "map")
    expect(page.locator("#map-chart")).to_have_attribute("data-ready", "true")
    expect(page.locator("#map-chart canvas").first).to_be_visible()
    data = page.evaluate(f"fetch('/org/{org.pk}/map/data.json').then(r => r.json())")
    expect(page.locator("#region-table tbody tr")).to_have_count(len(data["regions"]))
    expect(page.locator("#region-figure-head")).to_have_text(data["figure"]["label"])
    legend = {s.get_attribute("data-count"): s.inner_text() for s in page.locator("#map-legend [data-count]").all()}
    assert legend == {state: f"({n})" for state, n in data["states"].items()}
    schools = OrgUnit.objects.within(org.path).filter(level="school").count()
    assert sum(data["states"].values()) == schools
    shot(page, f"map-{who}")
    return data


def pixel(page: Page, lng: float, lat: float) -> tuple[float, float]:
    """Where a longitude/latitude is drawn on the page (the map's own projection)."""
    box = page.locator("#map-chart").bounding_box()
    assert box
    x, y = page.evaluate(
        "([lng, lat]) => echarts.getInstanceByDom(document.getElementById('map-chart'))"
        ".convertToPixel({geoIndex: 0}, [lng, lat])",
        [lng, lat],
    )
    return box["x"] + x, box["y"] + y


def check_warnings(page: Page, org: OrgUnit, shot: Callable[[Page, str], Path], who: str) -> int:
    open_view(page, org, "warnings")
    expect(page.locator("#warning-weights li")).to_have_count(len(list(WARNING_PARTS)))
    checked = 0
    for part in page.locator("#warning-table tbody td a[href*='?']").all():
        count, weight, points = (int(n) for n in re.findall(r"(\d+) × (\d+) = (\d+)", part.inner_text())[0])
        assert count * weight == points
        assert follow(page, part) == count, part.get_attribute("href")
        checked += 1
    shot(page, f"warnings-{who}")
    return checked


def check_review(page: Page, org: OrgUnit, shot: Callable[[Page, str], Path], who: str) -> None:
    open_view(page, org, "review")
    expect(page.locator("#review-period")).not_to_have_value(PERIOD)  # the last period that has ended
    with page.expect_navigation():
        page.locator("#review-period").select_option(PERIOD)
    expect(page).to_have_url(re.compile(rf"/review/\?period={PERIOD}$"))
    rows = page.locator("#review-table tbody tr")
    children = OrgUnit.objects.within(org.path).filter(depth=org.depth + 1).count()
    expect(rows).to_have_count(children)
    expect(page.locator("#review-best li").first).to_be_visible()
    assert check_links(page, page.locator("#review-table tbody")) > 0
    shot(page, f"review-{who}")
    pdf = page.request.get(page.locator("#review-pdf").get_attribute("href") or "")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    with page.expect_download() as download:
        page.locator("#review-xlsx").click()
    assert download.value.suggested_filename == f"review-{org.code}-{PERIOD}.xlsx"
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert org.name in str([row for sheet in book for row in sheet.iter_rows(values_only=True)])


# ── The tests, one per user ──────────────────────────────────────────────────────────────────────


@pytest.mark.browser
def test_province_officer(scene: SimpleNamespace, user_page: Callable[[str], Page], shot: Callable[..., Path]) -> None:
    tree = scene.tree
    page = user_page(PROVINCE_OFFICER)
    check_dashboard(page, tree.province, shot, "province")
    expect(page.locator("#kpi-open-major")).to_have_text("3")
    expect(page.locator("#children-figures tbody tr")).to_have_count(2)

    data = check_map(page, tree.province, shot, "province")
    assert {r["name"] for r in data["regions"]} == {"济南市", "青岛市"}
    # Clicking the city's region goes down to the city's map.
    with page.expect_navigation():
        page.mouse.click(*pixel(page, *IN_JINAN_AWAY_FROM_SCHOOLS))
    expect(page).to_have_url(re.compile(rf"/org/{tree.city.pk}/map/\?figure=open_major_per_100$"))
    expect(page.locator("#map-chart")).to_have_attribute("data-ready", "true")
    expect(page.locator("main h1")).to_contain_text("济南市")
    page.go_back()
    expect(page).to_have_url(re.compile(rf"/org/{tree.province.pk}/map/$"))

    assert check_warnings(page, tree.province, shot, "province") >= 4
    check_review(page, tree.province, shot, "province")


@pytest.mark.browser
def test_city_leader(scene: SimpleNamespace, user_page: Callable[[str], Page], shot: Callable[..., Path]) -> None:
    tree = scene.tree
    page = user_page(CITY_LEADER)
    check_dashboard(page, tree.city, shot, "city")
    expect(page.locator("#children-figures tbody tr")).to_have_count(3)

    check_map(page, tree.city, shot, "city")
    # A school's point opens its card beside the map; the card's figures match the ledger too.
    page.mouse.click(*pixel(page, *PLACES["school"]))
    card = page.locator(f"#card-slot #school-card[data-school='{tree.school.pk}']")
    expect(card).to_contain_text("历下实验小学")
    assert check_links(page, card.locator("dl")) == 4  # open major, open general, overdue, listed
    shot(page, "map-city-card")
    # Another figure reloads the page with it.
    with page.expect_navigation():
        page.locator("#map-figure").select_option("overdue_per_100")
    expect(page).to_have_url(re.compile(r"\?figure=overdue_per_100$"))
    expect(page.locator("#map-chart")).to_have_attribute("data-ready", "true")
    expect(page.locator("#region-figure-head")).to_have_text(page.locator("#map-figure option:checked").inner_text())

    assert check_warnings(page, tree.city, shot, "city") >= 4
    check_review(page, tree.city, shot, "city")
    expect(page.locator("#review-notable tbody tr")).to_have_count(2)  # the two major hazards of 历下


@pytest.mark.browser
def test_county_officer_and_an_outsider(
    scene: SimpleNamespace,
    user_page: Callable[[str], Page],
    new_context: Callable[..., BrowserContext],
    log_in: Callable[..., None],
    shot: Callable[..., Path],
) -> None:
    tree = scene.tree
    page = user_page(COUNTY_OFFICER)
    check_dashboard(page, tree.county, shot, "county")
    # The completeness figure opens the due-inspection list.
    with page.expect_navigation():
        page.locator("#kpi-completeness").click()
    expect(page).to_have_url(re.compile(rf"/org/{tree.county.pk}/inspection-tasks/\?"))
    expect(page.locator("#t-state")).to_have_value("done")
    assert records(page) == 1
    shot(page, "tasks-county")
    page.go_back()

    data = check_map(page, tree.county, shot, "county")
    assert data["regions"] == [] and len(data["schools"]) == 2
    assert check_warnings(page, tree.county, shot, "county") >= 3
    check_review(page, tree.county, shot, "county")

    # An officer of the neighbouring county: the 404 page, and nothing of 历下 in it.
    outsider = new_context().new_page()
    log_in(outsider, FOREIGN_OFFICER)
    for view in ("map/", "map/data.json", "warnings/", f"review/?period={PERIOD}", "review.xlsx", "dashboard/"):
        response = outsider.goto(f"/org/{tree.county.pk}/{view}")
        assert response is not None and response.status == 404, view
        if not view.endswith((".json", ".xlsx")):
            expect(outsider.locator("#error-404")).to_be_visible()
            expect(outsider.locator("body")).not_to_contain_text("历下")
    shot(outsider, "outsider-404")


@pytest.mark.browser
def test_principal(scene: SimpleNamespace, user_page: Callable[[str], Page], shot: Callable[..., Path]) -> None:
    tree = scene.tree
    page = user_page(PRINCIPAL)
    check_dashboard(page, tree.school, shot, "school")
    expect(page.locator("#kpi-open-major")).to_have_text("2")
    expect(page.locator("#children-figures")).to_have_count(0)
    # The bureau views are not for a school: back to its dashboard.
    for view in ("map", "warnings", "review"):
        page.goto(f"/org/{tree.school.pk}/{view}/")
        expect(page).to_have_url(re.compile(rf"/org/{tree.school.pk}/dashboard/$"))
