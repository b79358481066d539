"""Early warning end to end: the demo's test-pattern stream plays in a camera's page; a county officer walks a
video patrol, snapshots a finding and it becomes a hazard; a fire alarm sent by a gateway appears on the school's
console by itself, is acknowledged with one tap on a phone, dispatched, resolved as real and reviewed, and the
school shows on the county's map layer."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import BrowserContext, Page, expect

from safecampus.alerts.models import Alarm
from safecampus.alerts.services import patrols
from safecampus.hazards.models import Hazard
from safecampus.rules.services import set_rule
from safecampus.testing import alerts as ax
from safecampus.testing.factories import build_tree, people

DEMO = "/alerts/demo-stream/{id}/index.m3u8"


@pytest.fixture
def stream(settings: Any, tmp_path: Path) -> Path:
    settings.SAFECAMPUS_DEMO_STREAM_DIR = tmp_path
    call_command("demo_stream", seconds=4)
    return tmp_path


def _errors(page: Page, errors: list[str]) -> Page:
    """Collect the page's script errors (a form refused on purpose answers 400, which the console reports too)."""
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "(Bad Request)" not in m.text else None)
    return page


@pytest.mark.browser
def test_the_demo_stream_plays_and_a_patrol_finding_becomes_a_hazard(
    new_context: Callable[..., BrowserContext],
    log_in: Callable[..., None],
    transactional_db: None,
    shot: Callable[[Page, str], Path],
    stream: Path,
) -> None:
    errors: list[str] = []
    tree = build_tree()
    who = people(tree)
    site = ax.setup(tree, who)
    set_rule("alerts.camera.stream_url", DEMO, actor=who.province_admin, org=tree.province)
    patrols.create_route(
        actor=who.county_officer, org=tree.county, name="校门巡查", cameras=[site.camera.pk], checklist="校门是否关闭"
    )

    page = _errors(new_context().new_page(), errors)
    log_in(page, "bureau_safety_officer.370102")
    page.goto(f"/alerts/camera/{site.camera.pk}/")
    expect(page.locator("#live-video")).to_have_attribute("data-played", "yes", timeout=20_000)
    assert page.evaluate("document.getElementById('live-video').currentTime") > 0
    shot(page, "alerts-01-camera-live")

    page.goto(f"/alerts/org/{tree.county.pk}/patrols/")
    with page.expect_navigation():
        page.locator("#routes button[type=submit]").first.click()
    expect(page.locator("#live-video")).to_have_attribute("data-played", "yes", timeout=20_000)
    page.check("input[name=ok][value=False]")
    page.fill("#id_finding", "校门未关闭，无人值守")
    page.click("#take-snapshot")
    expect(page.locator("#snapshot-preview")).to_be_visible()
    shot(page, "alerts-02-patrol-finding")
    with page.expect_navigation():
        page.click("#look-form button[type=submit]")
    expect(page.locator("#round-done")).to_be_visible()
    hazard = Hazard.objects.get(source="video_patrol")
    assert hazard.school == tree.school and hazard.photos.count() == 1
    expect(page.locator("#looks")).to_contain_text(hazard.number)
    shot(page, "alerts-03-patrol-done")
    assert errors == []


@pytest.mark.browser
def test_a_fire_alarm_is_seen_acknowledged_on_a_phone_dispatched_resolved_and_reviewed(
    new_context: Callable[..., BrowserContext],
    log_in: Callable[..., None],
    transactional_db: None,
    shot: Callable[[Page, str], Path],
) -> None:
    errors: list[str] = []
    tree = build_tree()
    who = people(tree)
    site = ax.setup(tree, who)

    console = _errors(new_context().new_page(), errors)
    log_in(console, "principal.3701020001")
    console.goto(f"/alerts/org/{tree.school.pk}/")
    expect(console.locator("#no-alarms")).to_be_visible()
    assert ax.signed_post(site.gateway, [ax.msg(site.smoke, "alarm", id="fire-1")]).status_code == 200
    alarm = Alarm.objects.get()
    row = console.locator(f"[data-alarm='{alarm.pk}']")
    expect(row).to_be_visible(timeout=12_000)  # the list refreshes itself
    expect(console).to_have_title(re.compile(r"^\(1\) "))
    shot(console, "alerts-04-console-new-alarm")

    phone = _errors(
        new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page(), errors
    )
    log_in(phone, "guard.3701020001")
    phone.goto(f"/alerts/alarm/{alarm.pk}/")
    with phone.expect_navigation():
        phone.locator("#step-acknowledge button[data-step=acknowledge]").tap()
    expect(phone.locator("#alarm-state")).to_contain_text("已确认")
    shot(phone, "alerts-05-phone-acknowledged")
    phone.locator("#step-dispatch summary").click()
    phone.select_option("#id_dispatch-person", str(who.school_safety.pk))
    phone.fill("#id_dispatch-note", "到宿舍二楼查看")
    with phone.expect_navigation():
        phone.click("#step-dispatch button[type=submit]")
    expect(phone.locator("#alarm-state")).to_contain_text("已派单")
    phone.locator("#step-resolve summary").click()
    phone.select_option("#id_resolve-outcome", "real")
    phone.fill("#id_resolve-note", "宿舍插线板冒烟，已断电")
    with phone.expect_navigation():
        phone.click("#step-resolve button[type=submit]")
    expect(phone.locator("#alarm-state")).to_contain_text("真实报警")

    console.goto(f"/alerts/alarm/{alarm.pk}/")
    console.locator("#step-review summary").click()
    with console.expect_navigation():
        console.click("#step-review button[type=submit]")  # empty: refused with the fields named
    expect(console.locator("#step-review .invalid-feedback").first).to_be_visible()
    console.fill("#id_review-cause", "学生在宿舍使用劣质插线板")
    console.fill("#id_review-lessons", "宿舍用电每周检查，更换插线板")
    with console.expect_navigation():
        console.click("#step-review button[type=submit]")
    expect(console.locator("#alarm-state")).to_contain_text("已复盘")
    expect(console.locator("#response-times")).to_be_visible()
    shot(console, "alerts-06-reviewed")

    county = _errors(new_context().new_page(), errors)
    log_in(county, "bureau_safety_officer.370102")
    Alarm.objects.filter(pk=alarm.pk).update(state="acknowledged")  # an open alarm again, for the map layer
    from safecampus.core import recount

    recount.rebuild()
    county.goto(f"/org/{tree.county.pk}/map/")
    county.select_option("#map-layer", "alerts")
    expect(county.locator(f"#layer-schools a[data-school='{tree.school.pk}']")).to_be_visible()
    shot(county, "alerts-07-county-map")
    assert errors == []
