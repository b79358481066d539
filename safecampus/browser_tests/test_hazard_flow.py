"""One hazard from a failed checklist item to closure, walked by three users in the browser.

The school safety officer inspects on a phone, fails the major criterion FIRE-01 with a photo,
registers the draft, plans the rectification (all five parts), the city lists it for supervision,
the county officer may not verify it (the listing bureau does), the city rejects once and then
verifies; the closure form is a PDF.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import BrowserContext, Locator, Page, expect

from safecampus.core import clock
from safecampus.hazards.models import Hazard, HazardState
from safecampus.testing.factories import build_tree, people
from safecampus.testing.hazards import library

PHONE = {"width": 390, "height": 844}
SCHOOL_OFFICER = "safety_officer.3701020001"
CITY_ADMIN = "bureau_admin.370100"
COUNTY_OFFICER = "bureau_safety_officer.370102"


def make_png(path: Path, color: tuple[int, int, int]) -> Path:
    Image.new("RGB", (64, 48), color).save(path, "PNG")
    return path


def state_badge(page: Page) -> Locator:
    """The hazard's state badge, right after its heading."""
    return page.locator("main h1 ~ span.badge").first


def item_card(page: Page, code: str) -> Locator:
    return page.locator("form.item-card").filter(has_text=code)


def accept_dialogs(page: Page) -> Page:
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def submit_step(page: Page, verb: str) -> None:
    """Submit the step form #step-<verb> and wait for the redirect back to the hazard page."""
    with page.expect_navigation():
        page.locator(f"#step-{verb} form button[type=submit]").click()
    expect(page.locator("main .alert-success")).to_be_visible()


@pytest.mark.browser
def test_hazard_from_failed_item_to_closure(
    new_context: Callable[..., BrowserContext],
    transactional_db: None,
    settings: Any,
    tmp_path: Path,
    log_in: Callable[..., None],
    shot: Callable[[Page, str], Path],
) -> None:
    settings.SAFECAMPUS_REQUIRE_ADMIN_2FA = False
    tree = build_tree()
    who = people(tree)
    library(tree, who)
    today = clock.today().isoformat()
    finding = make_png(tmp_path / "finding.png", (200, 30, 30))
    evidence = make_png(tmp_path / "evidence.png", (30, 160, 60))
    evidence2 = make_png(tmp_path / "evidence-2.png", (30, 60, 200))

    # ── User 1 on a phone: the school safety officer walks a self-check ─────────────────────────
    phone = accept_dialogs(
        new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True).new_page()
    )
    log_in(phone, SCHOOL_OFFICER)
    expect(phone).to_have_url(re.compile(rf"/org/{tree.school.pk}/$"))
    expect(phone.locator("#org-name")).to_have_text("历下实验小学")
    shot(phone, "hazard-01-school-phone")

    phone.locator(f"main a[href='/org/{tree.school.pk}/inspections/']").click()
    expect(phone).to_have_url(re.compile(rf"/org/{tree.school.pk}/inspections/$"))
    expect(phone.locator("main h1")).to_contain_text("历下实验小学")
    phone.locator(f"main a[href='/org/{tree.school.pk}/inspections/new/']").click()
    expect(phone).to_have_url(re.compile(rf"/org/{tree.school.pk}/inspections/new/$"))
    phone.locator("main select[name=kind]").select_option("self_check")
    phone.locator("main select[name=checklist]").select_option(label="测试清单")
    phone.locator("main input[name=date]").fill(today)
    shot(phone, "hazard-02-start-inspection")
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").click()
    expect(phone).to_have_url(re.compile(r"/inspections/\d+/$"))
    inspection_url = phone.url

    # Only the three items that apply to a primary school are listed.
    cards = phone.locator("form.item-card")
    expect(cards).to_have_count(3)
    for code in ("FIRE-01", "FIRE-02", "ELEC-01"):
        expect(item_card(phone, code)).to_be_visible()
    expect(phone.locator("main")).not_to_contain_text("DORM-01")
    expect(phone.locator("main")).not_to_contain_text("KG-01")
    expect(phone.locator("#count-pending")).to_have_text("3")
    sync = phone.locator("#sync-state")
    shot(phone, "hazard-03-walk-empty")

    # Passing an item saves it at once.
    item_card(phone, "FIRE-02").locator("label.btn-outline-success").click()
    expect(phone.locator("#count-pass")).to_have_text("1")
    expect(item_card(phone, "FIRE-02").locator(".item-state .bi-check2-circle")).to_be_visible()
    item_card(phone, "ELEC-01").locator("label.btn-outline-success").click()
    expect(phone.locator("#count-pass")).to_have_text("2")
    expect(phone.locator("#count-pending")).to_have_text("1")
    expect(sync).to_have_text("已全部保存")
    expect(sync).to_have_class(re.compile(r"text-bg-success"))

    # Failing one opens the details: place, note, photo, and an explicit Save.
    fire = item_card(phone, "FIRE-01")
    expect(fire).to_contain_text("重大")  # major criterion badge
    fire.locator("label.btn-outline-danger").click()
    details = fire.locator(".fail-details")
    expect(details).to_be_visible()
    expect(phone.locator("#count-fail")).to_have_text("0")  # not sent before Save
    details.locator("input[name=place]").fill("行政楼一层")
    details.locator("textarea[name=note]").fill("未建立消防安全责任制，责任人不明确")
    details.locator("input[type=file][name=photos]").set_input_files(str(finding))
    shot(phone, "hazard-04-walk-fail-filled")
    details.locator("button.save-fail").click()
    expect(phone.locator("#count-fail")).to_have_text("1")
    expect(phone.locator("#count-pending")).to_have_text("0")
    expect(details.locator(".photo-count")).to_contain_text("1")
    expect(fire.locator(".item-state .bi-check2-circle")).to_be_visible()
    expect(fire.locator(".item-error")).to_have_text("")
    expect(sync).to_have_text("已全部保存")
    expect(sync).to_have_class(re.compile(r"text-bg-success"))
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the walk page is {width}px wide on a {PHONE['width']}px screen"
    shot(phone, "hazard-05-walk-saved")

    with phone.expect_navigation():
        phone.locator("#submit-inspection").click()
    expect(phone).to_have_url(inspection_url)
    expect(phone.locator("main .alert-success").first).to_contain_text("已提交")
    expect(phone.locator("main .alert-success").first).to_contain_text("1 个不合格项已生成隐患草稿")
    drafts = phone.locator("main ul.list-group li")
    expect(drafts).to_have_count(1)
    expect(drafts.first).to_contain_text("行政楼一层")
    expect(drafts.first).to_contain_text("草稿")
    expect(phone.locator("#submit-inspection")).to_have_count(0)
    expect(phone.locator("form.item-card input[name=outcome]").first).to_be_disabled()
    shot(phone, "hazard-06-inspection-submitted")

    hazard = Hazard.objects.get(inspection__school=tree.school)
    assert hazard.level == "major" and hazard.state == HazardState.DRAFT
    hazard_url = f"/hazards/{hazard.pk}/"
    expect(drafts.first.locator(f"a[href='{hazard_url}']")).to_have_text(hazard.number)

    # ── User 1 on a desktop: register and plan ──────────────────────────────────────────────────
    officer = accept_dialogs(new_context().new_page())
    log_in(officer, SCHOOL_OFFICER)
    officer.goto(inspection_url)
    with officer.expect_navigation():
        officer.locator(f"main a[href='{hazard_url}']").click()
    expect(officer.locator("main h1")).to_contain_text(hazard.number)
    expect(officer.locator("main h1")).to_contain_text("行政楼一层")
    expect(state_badge(officer)).to_have_text("草稿")
    expect(officer.locator("#hazard-description")).to_contain_text("未建立消防安全责任制")
    expect(officer.locator("main img.photo-thumb")).to_have_count(1)
    shot(officer, "hazard-07-draft")

    submit_step(officer, "report")
    expect(state_badge(officer)).to_have_text("已登记")
    expect(officer.locator("#hazard-steps [data-verb=report]")).to_have_count(1)

    # A major hazard's plan needs all five parts: an incomplete one is refused, field by field.
    plan = officer.locator("#step-rectify")
    plan.locator("[name=rectify-owner_name]").fill("张校长")
    plan.locator("[name=rectify-measures]").fill("建立消防安全责任制，明确各级责任人")
    plan.locator("[name=rectify-deadline]").fill(today)
    with officer.expect_navigation():
        plan.locator("button[type=submit]").click()
    plan = officer.locator("#step-rectify")
    expect(plan.locator(".invalid-feedback")).to_have_count(2)  # funds and contingency
    expect(state_badge(officer)).to_have_text("已登记")
    shot(officer, "hazard-08-plan-incomplete")

    plan.locator("[name=rectify-owner_name]").fill("张校长")
    plan.locator("[name=rectify-measures]").fill("建立消防安全责任制，明确各级责任人")
    plan.locator("[name=rectify-funds]").fill("3000")
    plan.locator("[name=rectify-deadline]").fill(today)
    plan.locator("[name=rectify-contingency]").fill("整改期间由安全员每日巡查")
    submit_step(officer, "rectify")
    expect(state_badge(officer)).to_have_text("整改中")
    main = officer.locator("main")
    expect(main).to_contain_text("张校长")
    expect(main).to_contain_text("3000")
    expect(main).to_contain_text("整改期间由安全员每日巡查")
    expect(officer.locator("#step-submit")).to_be_visible()
    shot(officer, "hazard-09-rectifying")

    # ── User 2, the city admin, lists it for supervision while it is open ───────────────────────
    city = accept_dialogs(new_context().new_page())
    log_in(city, CITY_ADMIN)
    expect(city).to_have_url(re.compile(rf"/org/{tree.city.pk}/$"))
    city.goto(hazard_url)
    expect(state_badge(city)).to_have_text("整改中")
    expect(city.locator("#step-verify")).to_have_count(0)
    listing = city.locator("#step-list")
    expect(listing).to_be_visible()
    expect(listing.locator("[name=list-listed_by] option")).to_have_text(["济南市"])
    listing.locator("[name=list-notice_no]").fill("济教督〔2026〕1号")
    listing.locator("[name=list-supervising_unit]").fill("济南市教育局安全科")
    listing.locator("[name=list-deadline]").fill(today)
    shot(city, "hazard-10-list-form")
    submit_step(city, "list")
    expect(state_badge(city)).to_have_text("整改中")
    expect(city.locator("main")).to_contain_text("济教督〔2026〕1号")
    expect(city.locator("main")).to_contain_text("济南市教育局安全科")
    expect(city.locator("#hazard-deadline")).to_have_text(today)
    expect(city.locator("#step-list")).to_have_count(0)
    expect(city.locator("#step-unlist")).to_be_visible()
    shot(city, "hazard-11-listed")

    # ── User 1 submits the rectification with an evidence photo ─────────────────────────────────
    officer.reload()
    expect(officer.locator("main")).to_contain_text("济教督〔2026〕1号")
    form = officer.locator("#step-submit")
    form.locator("[name=submit-rectification]").fill("已建立消防安全责任制并张贴公示")
    form.locator("input[type=file][name=submit-photos]").set_input_files(str(evidence))
    submit_step(officer, "submit")
    expect(state_badge(officer)).to_have_text("待验收")
    expect(officer.locator("main img.photo-thumb")).to_have_count(2)
    expect(officer.locator("#step-verify")).to_have_count(0)  # nobody verifies their own work
    shot(officer, "hazard-12-submitted")

    # ── User 3, the county officer: a listed hazard is verified by the listing bureau ───────────
    county = accept_dialogs(new_context().new_page())
    log_in(county, COUNTY_OFFICER)
    county.goto(hazard_url)
    expect(state_badge(county)).to_have_text("待验收")
    expect(county.locator("main h1")).to_contain_text(hazard.number)
    expect(county.locator("#step-verify")).to_have_count(0)
    expect(county.locator("#step-reject")).to_have_count(0)
    shot(county, "hazard-13-county-no-verify")

    # ── User 2 rejects once ─────────────────────────────────────────────────────────────────────
    city.reload()
    expect(state_badge(city)).to_have_text("待验收")
    expect(city.locator("#step-verify")).to_be_visible()
    city.locator("#step-reject [name=reject-reason]").fill("公示照片不清晰，请补充责任书签字页")
    submit_step(city, "reject")
    expect(state_badge(city)).to_have_text("整改中")
    expect(city.locator("#hazard-steps")).to_contain_text("公示照片不清晰")
    shot(city, "hazard-14-rejected")

    # ── User 1 submits again with a new photo ───────────────────────────────────────────────────
    officer.reload()
    expect(state_badge(officer)).to_have_text("整改中")
    expect(officer.locator("#hazard-steps")).to_contain_text("公示照片不清晰")
    form = officer.locator("#step-submit")
    form.locator("[name=submit-rectification]").fill("已补充责任书签字页并重新拍照")
    form.locator("input[type=file][name=submit-photos]").set_input_files(str(evidence2))
    submit_step(officer, "submit")
    expect(state_badge(officer)).to_have_text("待验收")
    expect(officer.locator("main img.photo-thumb")).to_have_count(3)

    # ── User 2 verifies: closed ─────────────────────────────────────────────────────────────────
    city.reload()
    expect(state_badge(city)).to_have_text("待验收")
    city.locator("#step-verify [name=verify-comment]").fill("复核合格，同意销号")
    submit_step(city, "verify")
    expect(state_badge(city)).to_have_text("已销号")
    expect(city.locator("#step-verify")).to_have_count(0)
    expect(city.locator("#step-unlist")).to_have_count(0)

    verbs = [v.get_attribute("data-verb") for v in city.locator("#hazard-steps li strong").all()]
    if verbs and verbs[0] == "create":
        verbs = verbs[1:]
    assert verbs == ["report", "rectify", "list", "submit", "reject", "submit", "verify"], verbs

    pdf_link = city.locator("main a[href$='/closure.pdf']")
    expect(pdf_link).to_be_visible()
    pdf_url = pdf_link.get_attribute("href")
    assert pdf_url == f"/hazards/{hazard.pk}/closure.pdf"
    response = city.request.get(pdf_url)
    assert response.status == 200, response.text()[:500]
    assert response.headers["content-type"].startswith("application/pdf"), response.headers
    assert response.body().startswith(b"%PDF")
    shot(city, "hazard-15-closed")

    hazard.refresh_from_db()
    assert hazard.state == HazardState.CLOSED
    assert hazard.closed_by_id == who.city_admin.pk
    assert hazard.listed_by_id == tree.city.pk
