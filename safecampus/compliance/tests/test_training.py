"""Safety training hours per person: a teacher at 9.5 of 10 hours on 31 December, a new principal's 40 hours, bad
input refused with nothing written, the attendance import, and the roster page."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from openpyxl import Workbook

from safecampus.compliance import engine
from safecampus.compliance.importers import TrainingImporter
from safecampus.compliance.models import Attendance, Occurrence, Trainee, Training
from safecampus.compliance.services import records
from safecampus.compliance.services import training as t
from safecampus.core import clock
from safecampus.core.recount import drift
from safecampus.testing import compliance as c

pytestmark = pytest.mark.django_db


def person(tree, who, name="李娜", post="teacher", on=date(2026, 1, 5), **values):
    with clock.travel_to(c.at(on)):
        return t.add_trainee(tree.school, actor=who.school_safety, name=name, post=post, **values)


def trained(tree, who, day, hours, people, *, recorded=None, course="校园安全专题"):
    with clock.travel_to(recorded or c.at(day, 18)):
        return t.record_training(
            tree.school, actor=who.school_safety, course=course, held_on=day, hours=hours, attendees=people
        )


def test_a_teacher_at_nine_and_a_half_hours_on_31_december_is_short_then_missing(tree, who):
    teacher = person(tree, who)
    trained(tree, who, date(2026, 6, 10), "7.5", [teacher])
    trained(tree, who, date(2026, 12, 31), 2, [teacher], recorded=c.at(date(2026, 12, 31), 23, 59))
    year = Occurrence.objects.get(trainee=teacher, obligation="training_teacher")
    assert (year.required, year.on_time, year.state) == (100, 95, "open")
    assert year.shown_state(date(2026, 12, 31)) == "open" and year.shown_state(date(2027, 1, 1)) == "missing"
    # Half an hour more, held on the 31st but entered on 2 January: the year is done, late.
    trained(tree, who, date(2026, 12, 31), "0.5", [teacher], recorded=c.at(date(2027, 1, 2)), course="补训")
    year.refresh_from_db()
    assert (year.on_time, year.late, year.state) == (95, 5, "late")
    assert drift() == []


def test_a_new_principal_owes_forty_hours_within_the_year_of_appointment(tree, who):
    head = person(tree, who, name="王校长", post="principal", appointed_on=date(2026, 3, 1), on=date(2026, 3, 2))
    owed = Occurrence.objects.get(trainee=head, obligation="training_principal")
    assert (owed.period_start, owed.period_end, owed.required) == (date(2026, 3, 1), date(2027, 2, 28), 400)
    assert not Occurrence.objects.filter(trainee=head, obligation="training_teacher").exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"hours": 500}, "hours"),
        ({"hours": 0}, "hours"),
        ({"attendees": []}, "attendees"),
        ({"held_on": date(2027, 1, 1)}, "held_on"),
        ({"course": ""}, "course"),
    ],
)
def test_bad_trainings_are_refused_and_nothing_is_written(tree, who, values, field):
    teacher = person(tree, who)
    data = {"course": "消防", "held_on": date(2026, 5, 5), "hours": 2, "attendees": [teacher]} | values
    with pytest.raises(ValidationError) as error, clock.travel_to(c.at(date(2026, 5, 6))):
        t.record_training(tree.school, actor=who.school_safety, **data)
    assert field in error.value.message_dict
    assert not Training.objects.exists() and not Attendance.objects.exists()


def test_withdrawing_a_training_takes_its_hours_back(tree, who):
    teacher = person(tree, who)
    made = trained(tree, who, date(2026, 4, 1), 10, [teacher])
    assert Occurrence.objects.get(trainee=teacher, obligation="training_teacher").state == "done"
    with clock.travel_to(c.at(date(2026, 4, 2))):
        records.withdraw_training(made, actor=who.school_safety, reason="录错人员")
    assert Occurrence.objects.get(trainee=teacher, obligation="training_teacher").state == "open"
    assert drift() == []


def workbook(rows):
    book, buffer = Workbook(), io.BytesIO()
    sheet = book.active
    sheet.append(["姓名", "岗位", "培训课程", "培训日期", "学时", "培训机构"])
    for row in rows:
        sheet.append(row)
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_the_attendance_import_makes_one_training_per_course_and_day_and_refuses_a_bad_file(tree, who):
    rows = [
        ["李娜", "教师", "消防安全", "2026-11-20", 2, "区消防大队"],
        ["张伟", "班主任", "消防安全", "2026-11-20", 2, ""],
    ]
    with clock.travel_to(c.at(date(2026, 11, 21))):
        bad = TrainingImporter(who.school_safety).run(
            workbook([*rows, ["赵敏", "教师", "消防安全", "2026-11-20", 500, ""]]), dry_run=False
        )
        assert not bad.ok and bad.errors[0].row == 4 and "学时" in bad.errors[0].column
        assert not Training.objects.exists() and not Trainee.objects.exists()
        good = TrainingImporter(who.school_safety).run(workbook(rows), dry_run=False)
        again = TrainingImporter(who.school_safety).run(workbook(rows), dry_run=False)
    assert good.ok and good.applied and Training.objects.count() == 1 and Attendance.objects.count() == 2
    assert again.counts()["unchanged"] == 2 and Attendance.objects.count() == 2
    assert Occurrence.objects.get(trainee__name="张伟", obligation="training_teacher").on_time == 20
    assert drift() == []


def test_the_roster_shows_who_is_short_and_the_county_counts_people(client, tree, who):
    short = person(tree, who, name="短学时")
    enough = person(tree, who, name="已达标")
    trained(tree, who, date(2026, 3, 3), 10, [enough])
    trained(tree, who, date(2026, 3, 4), 3, [short])
    client.force_login(who.school_safety)
    with clock.travel_to(c.at(date(2026, 11, 20))):
        page = client.get(f"/org/{tree.school.pk}/training/?short=1").content.decode()
        assert f'data-person="{short.pk}"' in page and f'data-person="{enough.pk}"' not in page
        assert 'data-short="7.0"' in page
        response = client.post(
            f"/org/{tree.school.pk}/training/new/",
            {
                "training-course": "x",
                "training-held_on": "2026-11-20",
                "training-hours": "500",
                "training-attendees": [short.pk],
            },
        )
        assert response.status_code == 400 and Training.objects.count() == 2
        engine.open_periods()
    client.force_login(who.county_officer)
    with clock.travel_to(c.at(date(2026, 11, 20))):
        body = client.get(f"/api/v1/compliance/figures/?org={tree.county.pk}").json()
    teachers = body["org"]["duties"]["training_teacher"]
    assert (teachers["expected"], teachers["done_on_time"], teachers["due"]) == (2, 1, 1)


def test_the_api_adds_people_and_records_a_training(api, tree, who):
    client = api(who.school_safety)
    with clock.travel_to(c.at(date(2026, 11, 20))):
        made = client.post(
            "/api/v1/compliance/trainees/", {"school": tree.school.pk, "name": "刘洋", "post": "teacher"}, format="json"
        )
        assert made.status_code == 201, made.json()
        body = {
            "school": tree.school.pk,
            "course": "防溺水",
            "held_on": "2026-11-20",
            "hours": "1.5",
            "attendees": [made.json()["id"]],
        }
        response = client.post("/api/v1/compliance/trainings/", body, format="json")
        assert response.status_code == 201 and response.json()["attendees"][0]["hours"] == "1.5"
        assert client.post("/api/v1/compliance/trainings/", body | {"hours": "500"}, format="json").status_code == 400
        assert api(who.staff).post("/api/v1/compliance/trainings/", body, format="json").status_code == 403
    assert Occurrence.objects.get(trainee__name="刘洋", obligation__startswith="training").on_time == 15


def test_each_training_step_offered_is_a_step_that_succeeds(tree, who):
    from safecampus.testing.steps import check_steps

    teacher = person(tree, who)

    def recorded():
        return trained(tree, who, date(2026, 11, 2), 2, [teacher])

    def withdrawn():
        made = recorded()
        with clock.travel_to(c.at(date(2026, 11, 3))):
            records.withdraw_training(made, actor=who.school_safety, reason="重复")
        return made

    users = {role: getattr(who, role) for role in ("staff", "school_safety", "principal", "county_officer")}
    with clock.travel_to(c.at(date(2026, 11, 5))):
        offered = check_steps(
            records.trainings,
            lambda row: f"/api/v1/compliance/trainings/{row.pk}/",
            {"recorded": recorded, "withdrawn": withdrawn},
            users,
            {"withdraw": lambda row: {"reason": "录入有误"}},
        )
    assert offered[("recorded", "principal")] == {"withdraw"} and offered[("recorded", "county_officer")] == set()
    assert offered[("withdrawn", "school_safety")] == set()


def test_a_head_of_a_bureau_unit_owes_three_days_and_the_bureau_keeps_its_roster(tree, who):
    with clock.travel_to(c.at(date(2026, 1, 5))):
        head = t.add_trainee(tree.county, actor=who.county_officer, name="周科长", post="unit_head")
        with pytest.raises(ValidationError):
            t.add_trainee(tree.county, actor=who.county_officer, name="李老师", post="teacher")  # a school's post
        with pytest.raises(ValidationError):
            t.add_trainee(tree.school, actor=who.school_safety, name="周科长", post="unit_head")  # a bureau's post
        with pytest.raises(PermissionDenied):
            t.add_trainee(tree.county, actor=who.principal, name="王科长", post="unit_head")
    year = Occurrence.objects.get(trainee=head, obligation="training_unit_head")
    assert (year.org_id, year.required) == (tree.county.pk, 240)
    assert not Occurrence.objects.filter(trainee=head).exclude(obligation="training_unit_head").exists()
    with clock.travel_to(c.at(date(2026, 6, 3), 18)):
        for day in (1, 2):
            t.record_training(
                tree.county,
                actor=who.county_officer,
                course="安全生产专题班",
                held_on=date(2026, 6, day),
                hours=8,
                attendees=[head],
            )
    year.refresh_from_db()
    assert (year.on_time, year.state) == (160, "open")
    with clock.travel_to(c.at(date(2026, 6, 3), 18)):
        t.record_training(
            tree.county,
            actor=who.county_officer,
            course="安全生产专题班",
            held_on=date(2026, 6, 3),
            hours=8,
            attendees=[head],
        )
    year.refresh_from_db()
    assert (year.on_time, year.state) == (240, "done") and drift() == []
    client = Client()
    client.force_login(who.county_officer)
    page = client.get(f"/org/{tree.county.pk}/training/")
    assert page.status_code == 200 and f'data-person="{head.pk}"' in page.content.decode()
