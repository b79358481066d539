"""Incident direct reporting end to end: a school reports, the county and city forward, the province receives."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from safecampus.core import clock
from safecampus.incidents.models import Incident, PersonalDataAccess
from safecampus.testing.factories import build_tree, people


@pytest.mark.browser
def test_school_county_city_province_report_chain(
    new_context: Callable[..., BrowserContext],
    transactional_db: None,
    log_in: Callable[..., None],
    shot: Callable[[Page, str], Path],
) -> None:
    tree = build_tree()
    people(tree)
    errors: list[str] = []

    def user_page(username: str, **options: object) -> Page:
        page = new_context(**options).new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        log_in(page, username)
        return page

    # The principal reports on a phone: first with a missing title, then properly.
    school = user_page("principal.3701020001", viewport={"width": 390, "height": 844}, is_mobile=True)
    school.goto(f"/org/{tree.school.pk}/incidents/new/")
    occurred = (clock.now() - timedelta(minutes=15)).astimezone().strftime("%Y-%m-%dT%H:%M")
    school.select_option("#id_category", "accident")
    school.select_option("#id_subtype", "drowning")
    school.fill("#id_occurred_at", occurred)
    school.fill("#id_place", "学校西侧河道")
    school.fill("#id_description", "三名学生放学后结伴下河游泳，发生溺水。")
    school.fill("#id_measures", "已报警并送医，通知家长。")
    school.fill("#id_deaths", "3")
    school.fill("#id_student_deaths", "3")
    school.fill("#id_students_involved", "4")
    school.fill("#id_p-0-name", "张小明")
    school.fill("#id_p-0-id_number", "370102201203041234")
    school.select_option("#id_p-0-harm", "death")
    school.click("#incident-form button[type=submit]")
    expect(school.locator("#id_title + .invalid-feedback, .invalid-feedback").first).to_be_visible()
    assert Incident.objects.count() == 0
    shot(school, "incident-01-school-form-error")
    school.fill("#id_title", "学生课外溺水")
    school.click("#incident-form button[type=submit]")
    expect(school).to_have_url(re.compile(r"/incidents/\d+/$"))
    incident = Incident.objects.get()
    assert incident.grade == "large" and incident.route_level == "province"
    expect(school.locator("#person-table")).to_contain_text("张**")
    expect(school.locator("#person-table")).not_to_contain_text("张小明")
    shot(school, "incident-02-school-reported")

    # The county officer sees it on the desk with a countdown, acknowledges and forwards.
    county = user_page("bureau_safety_officer.370102")
    county.goto("/desk/")
    desk = county.locator("#desk-incidents")
    expect(desk).to_contain_text(incident.number)
    expect(desk.locator("[data-countdown]").first).to_contain_text("剩余")
    shot(county, "incident-03-county-desk")
    desk.get_by_role("link", name=re.compile(incident.number)).click()
    county.locator("#step-acknowledge summary").click()
    county.locator("#step-acknowledge button[type=submit]").click()
    county.locator("#step-forward summary").click()
    county.locator("#step-forward button[type=submit]").click()
    expect(county.locator("#receipt-chain")).to_contain_text("济南市")
    shot(county, "incident-04-county-forwarded")

    city = user_page("bureau_admin.370100")
    city.goto(f"/incidents/{incident.pk}/")
    city.locator("#step-forward summary").click()
    city.locator("#step-forward button[type=submit]").click()
    expect(city.locator("#receipt-chain")).to_contain_text("山东省")

    province = user_page("bureau_safety_officer.370000")
    province.goto("/desk/")
    expect(province.locator("#desk-incidents")).to_contain_text(incident.number)
    province.goto(f"/incidents/{incident.pk}/")
    province.locator("#step-acknowledge summary").click()
    province.locator("#step-acknowledge button[type=submit]").click()
    expect(province.locator("#receipt-chain tbody tr")).to_have_count(3)
    shot(province, "incident-05-province-chain")

    # The school ends the handling and sends the final report; the principal unmasks (logged).
    school.goto(f"/incidents/{incident.pk}/")
    school.locator("#step-mark_handled summary").click()
    school.locator("#step-mark_handled button[type=submit]").click()
    school.locator("#step-final summary").click()
    school.fill("#id_final-cause", "学生私自下河游泳")
    school.fill("#id_final-handling", "送医抢救，家校沟通，配合调查")
    school.fill("#id_final-lessons", "加强防溺水教育和巡查")
    school.locator("#step-final button[type=submit]").click()
    expect(school.locator("#report-stages li")).to_have_count(2)
    school.fill("#id_purpose", "通知家长")
    school.locator("#reveal-form button[type=submit]").click()
    expect(school.locator("#person-table")).to_contain_text("张小明")
    assert PersonalDataAccess.objects.filter(incident=incident).count() == 1
    shot(school, "incident-06-school-closed")

    # The province ledger lists it; a neighbour county never sees it.
    province.goto(f"/org/{tree.province.pk}/incidents/")
    expect(province.locator("#incident-table")).to_contain_text(incident.number)
    shot(province, "incident-07-province-ledger")
    assert not errors, errors  # (the neighbour's 404 below is expected)
    neighbour = user_page("bureau_safety_officer.370103")
    neighbour.goto(f"/incidents/{incident.pk}/")
    expect(neighbour.locator("h1")).to_contain_text("页面不存在")


@pytest.mark.browser
def test_report_form_offers_only_the_types_of_the_chosen_category(
    new_context: Callable[..., BrowserContext],
    transactional_db: None,
    log_in: Callable[..., None],
    shot: Callable[[Page, str], Path],
) -> None:
    from safecampus.incidents.models import SUBTYPES

    tree = build_tree()
    people(tree)
    errors: list[str] = []
    page = new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, "principal.3701020001")
    page.goto(f"/org/{tree.school.pk}/incidents/new/")
    types = page.locator("#id_subtype option")

    def offered() -> list[str]:
        return [value for value in types.evaluate_all("options => options.map(o => o.value)") if value]

    # Before a category is chosen: only the prompt.
    expect(types).to_have_count(1)
    expect(types.first).to_have_text("—请先选择类别—")
    page.select_option("#id_category", "public_health")
    expect(types).to_have_count(1 + len(SUBTYPES["public_health"]))
    assert offered() == [code for code, _label in SUBTYPES["public_health"]]
    expect(types.first).to_have_text("—请选择—")
    page.select_option("#id_subtype", "food_poisoning")
    shot(page, "incident-form-01-types-of-public-health")

    # Another category: only its types, and the choice of the other category is cleared.
    page.select_option("#id_category", "accident")
    assert offered() == [code for code, _label in SUBTYPES["accident"]]
    expect(page.locator("#id_subtype")).to_have_value("")
    page.select_option("#id_subtype", "fire")
    # Back to no category: only the prompt again.
    page.select_option("#id_category", "")
    expect(types).to_have_count(1)
    expect(page.locator("#id_subtype")).to_have_value("")

    # After a refused send the page comes back filtered, the type still chosen.
    page.select_option("#id_category", "accident")
    page.select_option("#id_subtype", "fire")
    page.click("#incident-form button[type=submit]")
    expect(page.locator("#id_title + .invalid-feedback, .invalid-feedback").first).to_be_visible()
    assert offered() == [code for code, _label in SUBTYPES["accident"]]
    expect(page.locator("#id_subtype")).to_have_value("fire")
    shot(page, "incident-form-02-refused-keeps-the-type")
    assert not errors, errors
