"""Responsibility duties: the April lists of bureaus and schools, the 办实事 list of 10, letters layer by layer
(signed in the platform or by scan, voided), the posts' duty wording, and supervision plans whose visits become due
inspections — each through the one engine, with bad input refused and nothing written, and zero counter drift."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from safecampus.compliance import engine
from safecampus.compliance.models import (
    DutyDocument,
    Letter,
    Occurrence,
    PracticalTask,
    SupervisionPlan,
    Trainee,
)
from safecampus.compliance.services import letters as lt
from safecampus.compliance.services import responsibility as r
from safecampus.compliance.services import supervision as s
from safecampus.compliance.services import training as t
from safecampus.core import clock
from safecampus.core.exceptions import StateConflict
from safecampus.core.recount import drift
from safecampus.hazards.models import InspectionTask
from safecampus.testing import compliance as c
from safecampus.testing.hazards import library

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="清单.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def publish(org, actor, day, kind, *, recorded=None, file=None):
    with clock.travel_to(recorded or c.at(day, 15)):
        return r.publish_document(
            org, actor=actor, kind=kind, title="2026年度安全清单", held_on=day, file=file or pdf()
        )


def own(org, code, year=2026):
    return Occurrence.objects.get(org=org, obligation=code, trainee=None, period_start=date(year, 1, 1))


def test_a_bureaus_duty_list_by_30_april_is_on_time_and_on_1_may_late(tree, who):
    publish(tree.county, who.county_officer, date(2026, 4, 30), "duty_list", recorded=c.at(date(2026, 4, 30), 23, 59))
    publish(tree.county, who.county_officer, date(2026, 5, 1), "key_tasks")
    assert own(tree.county, "duty_list").state == "done"
    assert own(tree.county, "key_tasks").state == "late"
    assert (own(tree.county, "duty_list").due_by, own(tree.county, "duty_list").closes_on) == (
        date(2026, 4, 30),
        date(2027, 1, 10),
    )
    # A school owes its own two lists, not the bureau's.
    with clock.travel_to(c.at(date(2026, 3, 1))):
        engine.open_periods()
    codes = set(Occurrence.objects.filter(org=tree.school, trainee=None).values_list("obligation", flat=True))
    assert {"head_tasks", "staff_system", "practical_tasks", "letter_school"} <= codes
    assert "duty_list" not in codes and "supervision_plan" not in codes
    assert set(Occurrence.objects.filter(org=tree.city).values_list("obligation", flat=True)) >= {
        "duty_list",
        "key_tasks",
        "supervision_plan",
        "practical_tasks",
    }
    assert drift() == []


@pytest.mark.parametrize(
    ("who_name", "org_name", "kind", "field_or_error"),
    [
        ("principal", "school", "duty_list", "kind"),  # a bureau's list at a school
        ("county_officer", "county", "head_tasks", "kind"),  # a school's list at a bureau
        ("county_officer", "school", "head_tasks", PermissionDenied),  # a bureau does not publish for a school
        ("staff", "school", "head_tasks", PermissionDenied),
    ],
)
def test_documents_published_by_the_wrong_unit_are_refused(tree, who, who_name, org_name, kind, field_or_error):
    org, actor = getattr(tree, org_name), getattr(who, who_name)
    if isinstance(field_or_error, str):
        with pytest.raises(ValidationError) as error:
            publish(org, actor, date(2026, 4, 1), kind)
        assert field_or_error in error.value.message_dict
    else:
        with pytest.raises(field_or_error):
            publish(org, actor, date(2026, 4, 1), kind)
    assert not DutyDocument.objects.exists()


def test_a_document_that_is_not_a_document_is_refused(tree, who):
    page = SimpleUploadedFile("清单.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        publish(tree.school, who.principal, date(2026, 4, 1), "head_tasks", file=page)
    assert "file" in error.value.message_dict and not DutyDocument.objects.exists()


def test_withdrawing_the_document_reopens_the_year(tree, who):
    made = publish(tree.school, who.principal, date(2026, 4, 1), "staff_system")
    assert own(tree.school, "staff_system").state == "done"
    with clock.travel_to(c.at(date(2026, 4, 2))):
        r.withdraw_document(made, actor=who.principal, reason="上传错版本")
    assert own(tree.school, "staff_system").state == "open" and drift() == []


def pledged(tree, who, n, org=None, actor=None):
    with clock.travel_to(c.at(date(2026, 2, 1))):
        return [
            r.pledge(
                org or tree.county,
                actor=actor or who.county_officer,
                problem=f"问题{i}",
                lead="张局长",
                due_on=date(2026, 11, 30),
                measure="",
            )
            for i in range(n)
        ]


def test_ten_problems_solved_fulfil_the_year_and_nine_do_not(tree, who):
    tasks = pledged(tree, who, 11)
    with clock.travel_to(c.at(date(2026, 6, 1))):
        r.note_progress(tasks[0], actor=who.county_officer, progress=40, note="已完成招标")
        for task in tasks[:9]:
            r.solve(task, actor=who.county_officer, done_on=date(2026, 6, 1), result="已整改")
        r.drop(tasks[10], actor=who.county_officer, reason="并入市级项目")
    year = own(tree.county, "practical_tasks")
    assert (year.required, year.on_time, year.state) == (10, 9, "open")
    with clock.travel_to(c.at(date(2026, 12, 31), 23, 59)):
        r.solve(tasks[9], actor=who.county_officer, done_on=date(2026, 12, 31), result="已完成")
    year.refresh_from_db()
    assert (year.on_time, year.state) == (10, "done")
    with clock.travel_to(c.at(date(2027, 1, 3))):
        r.reopen(tasks[9], actor=who.county_officer, reason="验收未通过")
    year.refresh_from_db()
    assert (year.on_time, year.state) == (9, "open") and year.shown_state(date(2027, 1, 3)) == "missing"
    assert drift() == []


def test_bad_tasks_are_refused_and_nothing_is_written(tree, who):
    with clock.travel_to(c.at(date(2026, 2, 1))), pytest.raises(ValidationError) as error:
        r.pledge(tree.county, actor=who.county_officer, problem="", lead="", due_on=date(2030, 1, 1))
    assert {"problem", "lead"} <= set(error.value.message_dict)
    with clock.travel_to(c.at(date(2026, 2, 1))), pytest.raises(ValidationError) as error:
        r.pledge(tree.county, actor=who.county_officer, problem="校舍加固", lead="王", due_on=date(2030, 1, 1))
    assert "due_on" in error.value.message_dict
    task = pledged(tree, who, 1)[0]
    with clock.travel_to(c.at(date(2026, 6, 1))):
        with pytest.raises(ValidationError) as error:
            r.note_progress(task, actor=who.county_officer, progress=100, note="完成")
        assert "progress" in error.value.message_dict
        with pytest.raises(ValidationError):
            r.solve(task, actor=who.county_officer, done_on=date(2025, 12, 1), result="旧账")
    task.refresh_from_db()
    assert (task.progress, task.state) == (0, "planned") and PracticalTask.objects.count() == 1


def test_the_bureau_issues_letters_to_its_schools_and_the_principal_signs(tree, who):
    with clock.travel_to(c.at(date(2026, 1, 10))):
        assert lt.issue_school_letters(tree.county, actor=who.county_officer, year=2026) == 2
        assert lt.issue_school_letters(tree.county, actor=who.county_officer, year=2026) == 0  # once a year
    letter = Letter.objects.get(org=tree.school, year=2026)
    assert letter.issuer == tree.county and "第一责任人" in letter.duties
    with pytest.raises(PermissionDenied):
        lt.sign(letter, actor=who.school_safety, confirm=True)  # the head signs, not the safety officer
    with clock.travel_to(c.at(date(2026, 3, 2), 9)):
        lt.sign(letter, actor=who.principal, confirm=True)
    letter.refresh_from_db()
    assert (letter.state, letter.signed_via, letter.signed_by, letter.held_on) == (
        "signed",
        "platform",
        who.principal,
        date(2026, 3, 2),
    )
    assert own(tree.school, "letter_school").state == "done"
    with pytest.raises(StateConflict):
        lt.sign(letter, actor=who.principal, confirm=True)
    with clock.travel_to(c.at(date(2026, 5, 2))):
        lt.void(letter, actor=who.county_officer, reason="校长调整，重新签订")
        assert own(tree.school, "letter_school").state == "open"
        assert lt.issue_school_letters(tree.county, actor=who.county_officer, year=2026) == 1
    assert drift() == []


def test_each_post_signs_its_letter_on_paper_and_coverage_counts_it(tree, who):
    with clock.travel_to(c.at(date(2026, 1, 5))):
        teacher = t.add_trainee(tree.school, actor=who.school_safety, name="李娜", post="teacher")
        cook = t.add_trainee(tree.school, actor=who.school_safety, name="赵师傅", post="special")
        lt.word_duties(
            tree.county,
            actor=who.county_officer,
            post="teacher",
            school_kind="primary",
            duties="一、县定小学教师职责。",
        )
        assert lt.issue_post_letters(tree.school, actor=who.principal, year=2026) == 2
    letter = Letter.objects.get(trainee=teacher)
    assert letter.duties == "一、县定小学教师职责。"
    assert "专项安全培训" in Letter.objects.get(trainee=cook).duties
    with pytest.raises(PermissionDenied):
        lt.sign(letter, actor=who.principal, confirm=True)  # a person's letter is signed on paper
    with clock.travel_to(c.at(date(2026, 3, 1))), pytest.raises(ValidationError) as error:
        lt.upload_scan(
            letter,
            actor=who.school_safety,
            scan=SimpleUploadedFile("a.exe", b"MZ\x90\x00"),
            signer_name="",
            held_on=date(2026, 3, 1),
        )
    assert {"scan", "signer_name"} <= set(error.value.message_dict)
    letter.refresh_from_db()
    assert letter.state == "issued" and not letter.scan
    with clock.travel_to(c.at(date(2026, 3, 1))):
        lt.upload_scan(
            letter, actor=who.school_safety, scan=pdf("责任书.pdf"), signer_name="李娜", held_on=date(2026, 2, 28)
        )
    year = Occurrence.objects.get(trainee=teacher, obligation="letter_post")
    assert (year.required, year.on_time, year.state) == (1, 1, "done")
    assert Occurrence.objects.get(trainee=cook, obligation="letter_post").state == "open"
    from safecampus.compliance.views_responsibility import coverage

    assert coverage(who.principal, tree.school, 2026) | {"own": None} == {"people": 2, "people_signed": 1, "own": None}
    assert drift() == []


def test_letters_are_issued_only_downwards_and_for_a_near_year(tree, who):
    with clock.travel_to(c.at(date(2026, 1, 5))):
        with pytest.raises(ValidationError) as error:
            lt.issue_school_letters(tree.county, actor=who.county_officer, year=2030)
        assert "year" in error.value.message_dict
        with pytest.raises(PermissionDenied):
            lt.issue_school_letters(tree.county2, actor=who.county_officer, year=2026)
        with pytest.raises(ValidationError):
            lt.issue_post_letters(tree.school, actor=who.principal, year=2026)  # no one on the roster yet
        with pytest.raises(ValidationError):
            lt.issue_school_letters(tree.city, actor=who.city_admin, year=2026)  # no school directly under the city
    assert not Letter.objects.exists()


def test_kindergarten_teachers_letters_state_the_care_duties(tree, who):
    with clock.travel_to(c.at(date(2026, 1, 5))):
        teacher = t.add_trainee(tree.sibling, actor=who.sibling_principal, name="周老师", post="teacher")
        lt.issue_post_letters(tree.sibling, actor=who.sibling_principal, year=2026)
    assert "保教" in Letter.objects.get(trainee=teacher).duties
    assert Trainee.objects.count() == 1


def test_a_supervision_plan_makes_each_visit_a_due_inspection(tree, who):
    checklist = library(tree, who)
    with clock.travel_to(c.at(date(2026, 1, 20))):
        plan = s.create_plan(
            tree.county, actor=who.county_officer, name="2026年度监督检查计划", year=2026, checklist=checklist.pk
        )
        s.assign(
            plan,
            actor=who.county_officer,
            school=tree.school.pk,
            supervisor=who.county_officer.pk,
            visits=2,
            focus="消防、食堂",
        )
        s.assign(plan, actor=who.county_officer, school=tree.sibling.pk, supervisor=who.county_officer.pk, visits=4)
        s.publish(plan, actor=who.county_officer)
    plan.refresh_from_db()
    assert plan.state == "published" and plan.inspection_plan.kind == "supervision"
    due = sorted(InspectionTask.objects.filter(school=tree.school).values_list("due_date", flat=True))
    assert due == [date(2026, 6, 30), date(2026, 12, 31)]
    assert InspectionTask.objects.filter(school=tree.sibling).count() == 4
    assert own(tree.county, "supervision_plan").state == "done"
    with pytest.raises(ValidationError):
        s.assign(plan, actor=who.county_officer, school=tree.school.pk, supervisor=who.county_officer.pk, visits=1)
    assert drift() == []


def test_bad_supervision_input_is_refused(tree, who):
    checklist = library(tree, who)
    with clock.travel_to(c.at(date(2026, 1, 20))):
        with pytest.raises(ValidationError) as error:
            s.create_plan(tree.county, actor=who.county_officer, name="", year=2020, checklist=None)
        assert {"name", "year", "checklist"} <= set(error.value.message_dict)
        plan = s.create_plan(tree.county, actor=who.county_officer, name="计划", year=2026, checklist=checklist.pk)
        with pytest.raises(ValidationError) as error:
            s.assign(
                plan,
                actor=who.county_officer,
                school=tree.foreign.pk,
                supervisor=who.foreign_county_officer.pk,
                visits=20,
            )
        assert {"school", "visits"} <= set(error.value.message_dict)
        with pytest.raises(ValidationError) as error:
            s.assign(plan, actor=who.county_officer, school=tree.school.pk, supervisor=who.foreign_county_officer.pk)
        assert "supervisor" in error.value.message_dict
        with pytest.raises(StateConflict):
            s.publish(plan, actor=who.county_officer)  # no school assigned yet
        with pytest.raises(PermissionDenied):
            s.create_plan(tree.school, actor=who.principal, name="x", year=2026, checklist=checklist.pk)
    assert SupervisionPlan.objects.count() == 1 and not InspectionTask.objects.exists()


def test_due_days_split_the_rest_of_the_year():
    assert s.due_days(2026, 2, date(2026, 1, 1)) == [date(2026, 6, 30), date(2026, 12, 31)]
    assert s.due_days(2026, 3, date(2026, 7, 15)) == [date(2026, 8, 31), date(2026, 10, 31), date(2026, 12, 31)]
    assert s.due_days(2026, 12, date(2026, 11, 2))[-1] == date(2026, 12, 31)


def test_a_school_words_its_posts_but_not_its_own_letter_with_the_bureau(tree, who):
    with clock.travel_to(c.at(date(2026, 1, 5))):
        with pytest.raises(ValidationError) as error:
            lt.word_duties(tree.school, actor=who.principal, post="school", duties="一、我校自定。")
        assert "post" in error.value.message_dict
        lt.word_duties(tree.school, actor=who.principal, post="teacher", duties="一、本校教师职责。")
        teacher = t.add_trainee(tree.school, actor=who.school_safety, name="李娜", post="teacher")
        lt.issue_post_letters(tree.school, actor=who.principal, year=2026)
        lt.issue_school_letters(tree.county, actor=who.county_officer, year=2026)
    assert Letter.objects.get(trainee=teacher).duties == "一、本校教师职责。"
    assert "第一责任人" in Letter.objects.get(org=tree.school, trainee=None).duties


def test_a_scan_is_not_signed_before_the_letter_was_issued_nor_by_the_safety_officer_for_the_head(tree, who):
    with clock.travel_to(c.at(date(2026, 3, 5))):
        lt.issue_school_letters(tree.county, actor=who.county_officer, year=2026)
    letter = Letter.objects.get(org=tree.school, trainee=None)
    with clock.travel_to(c.at(date(2026, 3, 9))):
        with pytest.raises(PermissionDenied):
            lt.upload_scan(letter, actor=who.school_safety, scan=pdf(), signer_name="王校长", held_on=date(2026, 3, 8))
        with pytest.raises(ValidationError) as error:
            lt.upload_scan(letter, actor=who.principal, scan=pdf(), signer_name="王校长", held_on=date(2026, 3, 1))
        assert "held_on" in error.value.message_dict
        lt.upload_scan(letter, actor=who.principal, scan=pdf(), signer_name="王校长", held_on=date(2026, 3, 8))
    assert own(tree.school, "letter_school").state == "done"


def test_a_bureau_keeps_its_own_supervision_plan_with_its_own_supervisors(tree, who):
    checklist = library(tree, who)
    with clock.travel_to(c.at(date(2026, 1, 20))):
        with pytest.raises(PermissionDenied):
            s.create_plan(tree.county, actor=who.city_admin, name="代编计划", year=2026, checklist=checklist.pk)
        plan = s.create_plan(tree.county, actor=who.county_officer, name="计划", year=2026, checklist=checklist.pk)
        with pytest.raises(ValidationError) as error:
            s.assign(plan, actor=who.county_officer, school=tree.school.pk, supervisor=who.school_safety.pk)
        assert "supervisor" in error.value.message_dict
    assert not plan.assignments.exists()


def test_a_task_solved_before_its_year_counts_for_the_year_it_was_solved(tree, who):
    with clock.travel_to(c.at(date(2026, 11, 1))):
        task = r.pledge(
            tree.county, actor=who.county_officer, problem="校车更新", lead="李局长", due_on=date(2027, 3, 1)
        )
        r.solve(task, actor=who.county_officer, done_on=date(2026, 11, 1), result="已更新")
        r.reopen(task, actor=who.county_officer, reason="验收未通过")
    task.refresh_from_db()
    assert (task.year, task.progress, task.result, task.state) == (2026, 99, "", "planned")
    assert drift() == []
