"""The obligation engine on hand-worked cases: who owes what, which period a record lands in, and each state."""

from datetime import date

import pytest

from safecampus.compliance import engine, schoolyear
from safecampus.compliance.models import Occurrence
from safecampus.compliance.services import records
from safecampus.core import clock
from safecampus.core.recount import drift
from safecampus.orgs.models import School
from safecampus.testing import compliance as c

pytestmark = pytest.mark.django_db


def test_the_safety_education_day_is_the_last_monday_of_march():
    assert schoolyear.safety_day(2025) == date(2025, 3, 31)
    assert schoolyear.safety_day(2024) == date(2024, 3, 25)
    assert schoolyear.safety_day(2026) == date(2026, 3, 30)


def test_terms_and_breaks_come_from_the_rule_row():
    terms = schoolyear.Terms.of()
    spring, autumn = terms.terms(2026)
    assert (spring.start, spring.end) == (date(2026, 2, 20), date(2026, 7, 10))
    assert (autumn.start, autumn.end) == (date(2026, 9, 1), date(2027, 1, 20))
    assert schoolyear.period_of("term", date(2026, 8, 1), terms) is None  # the summer break is in no term
    weeks = schoolyear.periods("summer_week", date(2026, 7, 11), date(2026, 8, 31), terms)
    assert weeks[0].start == date(2026, 7, 11) and weeks[-1].end == date(2026, 8, 31) and len(weeks) == 8


def test_a_boarding_kindergarten_with_buses_across_a_whole_year(tree, who):
    """The sibling is a kindergarten; make it boarding with buses: it owes the quarterly drill (not the monthly
    one), two night drills, a bus drill per term and an unannounced drill."""
    School.objects.filter(org=tree.sibling).update(is_boarding=True, uses_school_bus=True)
    keeper = who.sibling_principal
    c.drill(tree.sibling, keeper, date(2026, 2, 10), "fire")  # Q1
    c.drill(tree.sibling, keeper, date(2026, 5, 12), "night")  # Q2, night 1
    c.drill(tree.sibling, keeper, date(2026, 3, 3), "bus")  # spring term bus drill
    c.drill(tree.sibling, keeper, date(2026, 11, 5), "night", unannounced=True)  # Q4, night 2, unannounced
    with clock.travel_to(c.at(date(2026, 12, 31), 12)):
        engine.open_periods()
    year_end = date(2027, 1, 15)
    assert c.states(tree.sibling, "drill_kindergarten", year_end) == {
        date(2026, 1, 1): "done",
        date(2026, 4, 1): "done",
        date(2026, 10, 1): "done",
    }  # Q3 was never opened (the job ran on 31 December only): no occurrence, so nothing to miss
    assert c.states(tree.sibling, "drill_night", year_end) == {date(2026, 1, 1): "done"}
    assert Occurrence.objects.get(org=tree.sibling, obligation="drill_night").on_time == 2
    assert c.states(tree.sibling, "drill_bus", year_end) == {date(2026, 2, 20): "done", date(2026, 9, 1): "open"}
    assert c.states(tree.sibling, "drill_unannounced", year_end) == {date(2026, 1, 1): "done"}
    assert not Occurrence.objects.filter(org=tree.sibling, obligation="drill_monthly").exists()
    assert drift() == []


def test_a_month_without_a_drill_is_due_then_missing_once_it_closes(tree, who):
    with clock.travel_to(c.at(date(2026, 11, 3))):
        engine.open_periods()
    november = Occurrence.objects.get(org=tree.school, obligation="drill_monthly", period_start=date(2026, 11, 1))
    assert (november.due_by, november.closes_on) == (date(2026, 11, 30), date(2026, 12, 10))
    assert november.shown_state(date(2026, 11, 30)) == "open"
    assert november.shown_state(date(2026, 12, 10)) == "overdue"
    assert november.shown_state(date(2026, 12, 11)) == "missing"
    # Entered after the period closed, a drill held in November turns it into "done late".
    c.drill(tree.school, who.school_safety, date(2026, 11, 20), recorded=c.at(date(2026, 12, 12)))
    november.refresh_from_db()
    assert (november.state, november.on_time, november.late) == ("late", 0, 1)
    assert drift() == []


@pytest.mark.parametrize(
    ("hour", "minute", "quarter"),
    [(23, 59, date(2026, 1, 1)), (0, 0, date(2026, 4, 1))],
)
def test_a_drill_recorded_at_the_end_of_a_quarter_lands_by_the_day_in_shanghai(tree, who, hour, minute, quarter):
    """At 23:59 on 31 March (Shanghai) the day is still in Q1; at 00:00 it is 1 April (Q2), though UTC still reads
    31 March."""
    moment = c.at(date(2026, 3, 31), hour, minute) if hour else c.at(date(2026, 4, 1), 0, 0)
    with clock.travel_to(moment):
        records.record_drill(
            tree.sibling, actor=who.sibling_principal, kind="fire", held_on=clock.today(), students=80, staff=10
        )
    occurrence = Occurrence.objects.get(org=tree.sibling, obligation="drill_kindergarten")
    assert occurrence.period_start == quarter and occurrence.state == "done"


def test_the_first_lesson_counts_on_time_only_in_the_terms_first_two_weeks(tree, who):
    c.activity(tree.school, who.school_safety, date(2026, 9, 10), "first_lesson")
    on_time = Occurrence.objects.get(org=tree.school, obligation="first_lesson", period_start=date(2026, 9, 1))
    assert (on_time.due_by, on_time.state) == (date(2026, 9, 14), "done")
    c.activity(tree.school, who.school_safety, date(2026, 3, 20), "first_lesson")
    late = Occurrence.objects.get(org=tree.school, obligation="first_lesson", period_start=date(2026, 2, 20))
    assert late.state == "late"


def test_a_withdrawn_drill_no_longer_counts_and_an_excused_month_is_not_expected(tree, who):
    drill = c.drill(tree.school, who.school_safety, date(2026, 10, 8))
    october = Occurrence.objects.get(org=tree.school, obligation="drill_monthly", period_start=date(2026, 10, 1))
    assert october.state == "done"
    with clock.travel_to(c.at(date(2026, 10, 9))):
        records.withdraw_drill(drill, actor=who.school_safety, reason="录入错了学校")
        october.refresh_from_db()
        assert october.state == "open"
        records.excuse(october, actor=who.county_officer, reason="校舍加固施工，全校停课")
    october.refresh_from_db()
    assert october.state == "excused" and october.excused_by == who.county_officer
    assert drift() == []


def test_a_county_excuses_its_schools_never_itself_and_reinstating_clears_the_reason(tree, who):
    from django.core.exceptions import PermissionDenied, ValidationError

    with clock.travel_to(c.at(date(2026, 11, 3))):
        engine.open_periods()
    november = Occurrence.objects.get(org=tree.school, obligation="drill_monthly", period_start=date(2026, 11, 1))
    with pytest.raises(PermissionDenied):
        records.excuse(november, actor=who.principal, reason="自己豁免")
    records.excuse(november, actor=who.county_officer, reason="停课")
    records.reinstate(november, actor=who.county_officer)
    november.refresh_from_db()
    assert (november.state, november.excused_reason, november.excused_by) == ("open", "", None)
    with pytest.raises(ValidationError) as error, clock.travel_to(c.at(date(2026, 11, 3))):
        records.record_drill(
            tree.school, actor=who.school_safety, kind="party", held_on="yesterday", floors=0, buildings="楼" * 300
        )
    assert {"kind", "held_on", "floors", "buildings"} <= set(error.value.message_dict)
    assert drift() == []


def test_reminders_before_the_window_ends_and_once_when_a_period_closes_empty(tree, who):
    from safecampus.compliance.services.reminders import remind_duties
    from safecampus.core.models import Notification

    with clock.travel_to(c.at(date(2026, 11, 3))):
        engine.open_periods()
    assert remind_duties(date(2026, 11, 20))["duty reminders"] == 0
    sent = remind_duties(date(2026, 11, 26))["duty reminders"]
    assert sent >= 1 and remind_duties(date(2026, 11, 27))["duty reminders"] == 0
    assert Notification.objects.filter(user=who.school_safety, kind="duty", title__contains="2026-11-30").exists()
    escalated = remind_duties(date(2026, 12, 11))["duty escalations"]
    assert escalated >= 1 and remind_duties(date(2026, 12, 12))["duty escalations"] == 0
    assert Notification.objects.filter(user=who.county_officer, kind="duty", title__contains="历下实验小学").exists()
    assert not Notification.objects.filter(user=who.foreign_county_officer, title__contains="历下").exists()


def test_the_calendar_feed_lists_a_users_own_duties_and_dies_with_the_password(client, tree, who):
    from safecampus.compliance.ical import feed_key

    with clock.travel_to(c.at(date(2026, 11, 3))):
        engine.open_periods()
        key = feed_key(who.school_safety)
        response = client.get(f"/duties.ics?key={key}")
        body = response.content.decode()
        assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
        assert "BEGIN:VEVENT" in body and "DTSTART;VALUE=DATE:20261130" in body and "\r\n" in body
        assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
        assert "历下第一幼儿园" not in body  # the sibling school's duties are not this user's
        assert client.get(f"/duties.ics?key={feed_key(who.county_officer)}").content.decode().count("VEVENT") == 0
        who.school_safety.set_password("Another#2026x")
        who.school_safety.save()
        assert client.get(f"/duties.ics?key={key}").status_code == 404
        assert client.get("/duties.ics?key=forged").status_code == 404
