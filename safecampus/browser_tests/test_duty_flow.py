"""Duties end to end: a school's safety officer records this month's drill on a phone (a bad evacuation time is
refused, then a camera photo is attached), the month turns done; the county sees the school's figures, opens the
missing periods behind a number and excuses one."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import BrowserContext, Page, expect

from safecampus.compliance import engine
from safecampus.compliance.models import Drill, Occurrence
from safecampus.core import clock
from safecampus.testing.factories import build_tree, people


@pytest.fixture
def pages(new_context: Callable[..., BrowserContext], log_in: Callable[..., None]) -> tuple[Callable[..., Page], list]:
    """A logged-in page per user, and the browser's console errors of all of them."""
    errors: list[str] = []

    def user_page(username: str, **options: object) -> Page:
        page = new_context(**options).new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        log_in(page, username)
        return page

    return user_page, errors


@pytest.mark.browser
def test_a_school_records_a_drill_on_a_phone_and_the_county_sees_and_excuses(
    pages: tuple[Callable[..., Page], list],
    transactional_db: None,
    shot: Callable[[Page, str], Path],
    tmp_path: Path,
    settings: object,
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    user_page, errors = pages
    tree = build_tree()
    people(tree)
    engine.open_periods()

    school = user_page("safety_officer.3701020001", viewport={"width": 390, "height": 844}, is_mobile=True)
    school.goto(f"/org/{tree.school.pk}/duties/")
    monthly = school.locator('[data-duty="drill_monthly"]').first
    expect(monthly).to_be_visible()
    shot(school, "duty-01-school-calendar")
    school.click("#record-drill")
    school.select_option("#id_kind", "fire")
    school.fill("#id_students", "860")
    school.fill("#id_staff", "55")
    school.fill("#id_floors", "4")
    school.fill("#id_evacuation_seconds", "-1")
    school.click("#record-form button[type=submit]")
    expect(school.locator("#id_evacuation_seconds.is-invalid")).to_be_visible()
    assert not Drill.objects.exists()
    shot(school, "duty-02-bad-evacuation-time")
    school.fill("#id_evacuation_seconds", "96")
    school.fill("#id_review", "全校 2 分钟内完成疏散，秩序良好")
    photo = tmp_path / "drill.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "#6a8").save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    school.set_input_files("#id_photos", str(photo))
    school.click("#record-form button[type=submit]")
    expect(school).to_have_url(re.compile(rf"/org/{tree.school.pk}/duties/$"))
    drill = Drill.objects.get()
    assert drill.photos.count() == 1 and drill.evacuation_seconds == 96
    this_month = Occurrence.objects.get(
        org=tree.school, obligation="drill_monthly", period_start=clock.today().replace(day=1)
    )
    assert this_month.state == "done"
    shot(school, "duty-03-drill-recorded")
    school.goto(f"/drills/{drill.pk}/")
    expect(school.locator("#drill-photos img")).to_have_count(1)
    expect(school.locator("#evacuation .badge")).to_be_visible()

    county = user_page("bureau_safety_officer.370102")
    county.goto(f"/org/{tree.county.pk}/duties/")
    expect(county.locator(f'#duty-children tr[data-org="{tree.school.pk}"]')).to_be_visible()
    shot(county, "duty-04-county-table")
    county.click("#total-missing")
    expect(county).to_have_url(re.compile(r"state=missing"))
    kindergarten = Occurrence.objects.filter(org=tree.sibling, obligation="drill_kindergarten").first()
    county.goto(f"/occurrences/{kindergarten.pk}/")
    county.fill("#id_excuse-reason", "园舍改造，暂停办园一个季度")
    county.click("#step-excuse button[type=submit]")
    expect(county.locator("#occurrence-state")).to_contain_text("豁免")
    shot(county, "duty-05-excused")
    kindergarten.refresh_from_db()
    assert kindergarten.state == "excused"
    # The refused evacuation time answered 400 on purpose; nothing else may fail.
    assert not [e for e in errors if "status of 400" not in e], errors


@pytest.mark.browser
def test_a_county_asks_for_a_submission_a_school_sends_it_and_the_county_accepts(
    pages: tuple[Callable[..., Page], list],
    transactional_db: None,
    shot: Callable[[Page, str], Path],
    tmp_path: Path,
    settings: object,
) -> None:
    from datetime import timedelta

    from openpyxl import Workbook

    from safecampus.compliance.models import Submission

    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    user_page, errors = pages
    tree = build_tree()
    people(tree)
    template, answer, wrong = tmp_path / "模板.xlsx", tmp_path / "年度总结.xlsx", tmp_path / "总结.pdf"
    for path in (template, answer):
        book = Workbook()
        book.active["A1"] = "学校安全工作年度总结"
        book.save(path)
    wrong.write_bytes(b"%PDF-1.4\n%%EOF\n")

    county = user_page("bureau_safety_officer.370102")
    county.goto(f"/org/{tree.county.pk}/submissions/")
    county.click("#ask-submission")
    county.fill("#id_title", "2026 年度学校安全工作总结")
    county.select_option("#id_target", "schools")
    county.select_option("#id_accepts", "xlsx")
    county.fill("#id_deadline", (clock.today() + timedelta(days=10)).isoformat())
    county.set_input_files("#id_template", str(template))
    county.click("#ask-form button[type=submit]")
    expect(county.locator("#f-expected")).to_have_text("2")
    shot(county, "submission-01-asked")

    school = user_page("safety_officer.3701020001", viewport={"width": 390, "height": 844}, is_mobile=True)
    school.goto(f"/org/{tree.school.pk}/duties/")
    school.click("#due-submissions a")
    expect(school.locator("#submission-state")).to_contain_text("待报送")
    school.set_input_files("#id_submit-file", str(wrong))
    school.click("#step-submit button[type=submit]")
    expect(school.locator("#step-submit .invalid-feedback").first).to_be_visible()
    school.set_input_files("#id_submit-file", str(answer))
    school.fill("#id_submit-note", "请审阅")
    school.click("#step-submit button[type=submit]")
    expect(school.locator("#submission-state")).to_contain_text("已报送")
    shot(school, "submission-02-sent-on-a-phone")

    mine = Submission.objects.get(org=tree.school)
    county.goto(f"/submissions/{mine.pk}/")
    county.click("#step-accept button[type=submit]")
    expect(county.locator("#submission-state")).to_contain_text("已通过")
    county.goto(f"/submission-requests/{mine.request_id}/")
    expect(county.locator("#f-completeness")).to_have_text("50%")
    shot(county, "submission-03-county-figures")
    mine.refresh_from_db()
    assert mine.state == "accepted" and mine.files.count() == 1
    assert not [e for e in errors if "status of 400" not in e], errors
