"""The risk register end to end: a school identifies a red risk on a phone, evaluates it, adds a measure; the
principal approves; the school publishes it, puts it on the four-colour map and prints its notice card; the county
sees it in its register and on its dashboard."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import BrowserContext, Page, expect

from safecampus.risks.models import Assessment, Risk, RiskPoint
from safecampus.risks.schemes import load_schemes
from safecampus.risks.services import acceptance
from safecampus.testing.acceptance import scored
from safecampus.testing.factories import build_tree, people


@pytest.mark.browser
def test_a_school_takes_a_red_risk_from_identification_to_the_map_and_the_notice_card(
    new_context: Callable[..., BrowserContext],
    transactional_db: None,
    log_in: Callable[..., None],
    shot: Callable[[Page, str], Path],
    tmp_path: Path,
    settings: object,
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    tree = build_tree()
    users = people(tree)
    errors: list[str] = []

    def user_page(username: str, **options: object) -> Page:
        page = new_context(**options).new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        log_in(page, username)
        return page

    school = user_page("safety_officer.3701020001", viewport={"width": 390, "height": 844}, is_mobile=True)
    school.goto(f"/org/{tree.school.pk}/risks/")
    expect(school.locator("#no-points")).to_be_visible()
    shot(school, "risk-01-empty-register")
    school.click("#new-risk-point")
    school.fill("#id_name", "学生宿舍楼")
    school.select_option("#id_category", "dorm")
    school.fill("#id_responsible_post", "宿管主任")
    school.click("#point-form button[type=submit]")
    expect(school.locator(".invalid-feedback").first).to_be_visible()
    assert not RiskPoint.objects.exists()
    school.fill("#id_responsible_person", "王芳")
    school.click("#point-form button[type=submit]")
    expect(school).to_have_url(re.compile(r"/risk-points/\d+/$"))
    school.fill("#id_risk-factor", "违规使用大功率电器")
    school.select_option("#id_risk-factor_class", "person")
    school.select_option("#id_risk-accident_type", "fire")
    school.fill("#id_risk-emergency_steps", "启动消防报警，组织疏散，拨打119")
    school.click("#identify-risk button[type=submit]")
    expect(school).to_have_url(re.compile(r"/risks/\d+/$"))
    risk = Risk.objects.get()
    # An LEC value not in the table is refused; the right ones make it red.
    school.select_option("#id_evaluate-method", "lec")
    school.select_option("#id_evaluate-l", "6")
    school.click("#step-evaluate button[type=submit]")
    expect(school.locator("#step-evaluate .invalid-feedback").first).to_be_visible()
    school.select_option("#id_evaluate-e", "6")
    school.select_option("#id_evaluate-c", "15")
    school.click("#step-evaluate button[type=submit]")
    expect(school.locator("#current-grade")).to_contain_text("540")
    school.click("#step-add_measure summary")
    school.select_option("#id_add_measure-kind", "engineering")
    school.fill("#id_add_measure-text", "宿舍安装限电器和独立式感烟探测器")
    school.fill("#id_add_measure-owner_post", "宿管主任")
    school.click("#step-add_measure button[type=submit]")
    expect(school.locator("#measures")).to_contain_text("限电器")
    expect(school.locator("#step-approve")).to_have_count(0)
    shot(school, "risk-02-red-risk-evaluated")

    principal = user_page("principal.3701020001")
    principal.goto(f"/risks/{risk.pk}/")
    principal.click("#step-approve summary")
    principal.click("#step-approve button[type=submit]")
    expect(principal.locator("#risk-state")).to_contain_text("审定")

    school.reload()
    school.click("#step-publish summary")
    school.click("#step-publish button[type=submit]")
    expect(school.locator("#risk-state")).to_contain_text("公告")

    plan = tmp_path / "plan.png"
    Image.new("RGB", (1200, 800), "#f4f1e8").save(plan)
    desk = user_page("safety_officer.3701020001")
    desk.goto(f"/org/{tree.school.pk}/risks/map/")
    expect(desk.locator("#map-empty")).to_be_visible()
    desk.set_input_files("#id_plan", str(plan))
    desk.click("#plan-upload button[type=submit]")
    expect(desk.locator("#risk-map canvas").first).to_be_visible()
    desk.select_option("#place-select", str(risk.point_id))
    desk.locator("#risk-map").click(position={"x": 600, "y": 300})
    expect(desk.locator("#place-status")).to_contain_text("✓")
    point = RiskPoint.objects.get()
    assert point.plan_x is not None and 0.4 < point.plan_x < 0.6
    desk.reload()
    expect(desk.locator("#unplaced")).to_have_count(0)
    shot(desk, "risk-03-four-colour-map")
    card = desk.request.get(f"/risk-points/{point.pk}/card.pdf")
    assert card.ok and card.body().startswith(b"%PDF")
    desk.goto(f"/org/{tree.school.pk}/risks/board/")
    expect(desk.locator(".notice-point")).to_contain_text("违规使用大功率电器")
    shot(desk, "risk-04-notice-board")
    desk.goto(f"/org/{tree.school.pk}/risks/")
    expect(desk.locator("#risk-table")).to_contain_text(risk.number)
    shot(desk, "risk-05-register")

    county = user_page("bureau_safety_officer.370102")
    county.goto(f"/org/{tree.county.pk}/risks/?grade=red")
    expect(county.locator("#risk-table")).to_contain_text(tree.school.name)
    county.goto(f"/org/{tree.county.pk}/dashboard/")
    expect(county.locator("#risk-figures [data-grade=red]")).to_have_text("1")
    shot(county, "risk-06-county-dashboard")

    # Acceptance: the school self-assesses (one indicator by hand, with a photo), the county scores on site, the
    # city accepts; the province sees its pass rate against the target.
    risk_scheme = next(s for s in load_schemes() if s.kind == "risk")
    desk.goto(f"/org/{tree.school.pk}/assessments/")
    desk.select_option("#id_scheme", str(risk_scheme.pk))
    desk.click("#start-assessment button[type=submit]")
    expect(desk).to_have_url(re.compile(r"/assessments/\d+/$"))
    assessment = Assessment.objects.get()
    first = acceptance.leaves(assessment.scheme)[0]
    desk.select_option("#id_score-indicator", str(first.pk))
    desk.fill("#id_score-points", "9")
    desk.click("#step-score button[type=submit]")
    expect(desk.locator("#step-score .invalid-feedback").first).to_contain_text("5")
    desk.fill("#id_score-points", "5")
    desk.set_input_files("#id_score-evidence", str(plan))
    desk.click("#step-score button[type=submit]")
    expect(desk.locator(f"#indicator-table tr[data-code='{first.code}']")).to_contain_text("照片")
    scored(Assessment.objects.get(), acceptance.score, users.school_safety)
    desk.reload()
    desk.click("#step-submit summary")
    desk.click("#step-submit button[type=submit]")
    expect(desk.locator("#assessment-state")).to_contain_text("待评估")
    scored(Assessment.objects.get(), acceptance.review_score, users.county_officer, share=0.9)
    county.goto(f"/assessments/{assessment.pk}/")
    county.click("#step-finish_review summary")
    county.click("#step-finish_review button[type=submit]")
    expect(county.locator("#review-score")).to_contain_text("90")
    city = user_page("bureau_admin.370100")
    city.goto(f"/assessments/{assessment.pk}/")
    city.select_option("#id_decide-result", "pass")
    city.click("#step-decide button[type=submit]")
    expect(city.locator("#assessment-state")).to_contain_text("通过")
    expect(city.locator("#certificate-link")).to_be_visible()
    shot(city, "risk-07-acceptance-passed")
    province = user_page("bureau_safety_officer.370000")
    province.goto(f"/org/{tree.province.pk}/assessments/")
    expect(province.locator("#acceptance-passed")).to_have_text("1")
    shot(province, "risk-08-province-acceptance-progress")
    # The two bad submissions answer 400 on purpose; anything else in the console is a defect.
    assert [e for e in errors if "favicon" not in e and "400 (Bad Request)" not in e] == [], errors
