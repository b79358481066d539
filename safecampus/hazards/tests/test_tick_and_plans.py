"""Time-based checks (reminders, escalation, late acceptance) and inspection plans."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from safecampus.core import clock
from safecampus.core.jobs import run_all as tick
from safecampus.core.models import Notification
from safecampus.hazards.models import HazardEvent, HazardState, InspectionTask
from safecampus.hazards.services import oversight, plans
from safecampus.testing.hazards import days, library, walk

pytestmark = pytest.mark.django_db
S = HazardState


def moved(n_days):
    return clock.travel_to(clock.now() + timedelta(days=n_days))


def test_reminders_before_the_deadline_once_a_day(tree, who):
    hazard = walk(tree, who, S.REPORTED)  # deadline in 7 days; reminders 3 and 1 days before
    assert tick()["reminders"] == 0
    with moved(4):
        assert tick()["reminders"] == 1
        assert tick()["reminders"] == 0, "once per day"
    assert Notification.objects.filter(user=who.principal, kind="hazard.reminder").count() == 1
    with moved(6):
        assert tick()["reminders"] == 1
    hazard.refresh_from_db()


def test_escalation_after_the_configured_overdue_days(tree, who):
    hazard = walk(tree, who, S.RECTIFYING)  # the plan's deadline is today
    with moved(2):  # 2 days overdue: not yet
        assert tick()["escalations"] == 0
    with moved(3):  # 3 days overdue
        assert tick()["escalations"] == 1
        assert tick()["escalations"] == 0
    assert Notification.objects.filter(user=who.county_officer, kind="hazard.escalation").exists()
    event = HazardEvent.objects.get(hazard=hazard, verb="escalate")
    assert event.actor is None and event.data["days_overdue"] == 3


def test_late_acceptance_of_a_listed_hazard(tree, who):
    hazard = walk(tree, who, S.RECTIFYING, "major")
    oversight.list_hazard(hazard, actor=who.city_admin, notice_no="N1", supervising_unit="市", deadline=days(5))
    with moved(15):
        assert tick()["late_acceptances"] == 0
    with moved(16):
        assert tick()["late_acceptances"] == 1
    assert Notification.objects.filter(user=who.city_admin, kind="hazard.acceptance_overdue").exists()


def test_tick_command_prints_what_it_did(tree, who):
    out = io.StringIO()
    call_command("tick", stdout=out)
    assert "reminders: 0" in out.getvalue()


def test_a_plan_makes_due_inspections_for_every_matching_school(tree, who):
    checklist = library(tree, who)
    plan = plans.create_plan(
        actor=who.county_officer,
        owner=tree.county,
        name="春季开学自查",
        kind="self_check",
        checklist=checklist,
        start_date=days(0),
        due_date=days(10),
    )
    assert set(InspectionTask.objects.filter(plan=plan).values_list("school__code", flat=True)) == {
        tree.school.code,
        tree.sibling.code,
    }
    only_kg = plans.create_plan(
        actor=who.county_officer,
        owner=tree.county,
        name="幼儿园专项",
        kind="spot_check",
        checklist=checklist,
        start_date=days(0),
        due_date=days(10),
        school_kinds=["kindergarten"],
    )
    assert list(InspectionTask.objects.filter(plan=only_kg).values_list("school", flat=True)) == [tree.sibling.pk]


def test_cross_check_samples_each_county_and_pairs_schools(tree, who):
    checklist = library(tree, who)
    plan = plans.create_plan(
        actor=who.city_admin,
        owner=tree.city,
        name="交叉互查",
        kind="cross_check",
        checklist=checklist,
        start_date=days(0),
        due_date=days(30),
        sample_percent=10,
        repeat_months=2,
    )
    tasks = list(InspectionTask.objects.filter(plan=plan).select_related("school", "inspecting_org"))
    counties = {task.school.path[:12] for task in tasks}
    assert len(counties) == len(tasks) == 3, "one sampled school per county (K1, K2, the other unit)"
    k1 = next(task for task in tasks if task.school.path.startswith(tree.county.path))
    assert k1.inspecting_org is not None and k1.inspecting_org != k1.school
    assert k1.inspecting_org.path.startswith(tree.county.path)
    with moved(31):
        assert tick()["new_tasks"] == 3
    assert InspectionTask.objects.filter(plan=plan, round=2).count() == 3
    assert InspectionTask.objects.filter(plan=plan, round=2).first().due_date == plans.add_months(days(30), 2)


def test_plan_validation_and_rights(tree, who):
    checklist = library(tree, who)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        plans.create_plan(
            actor=who.principal,
            owner=tree.school,
            name="x",
            kind="self_check",
            checklist=checklist,
            start_date=days(0),
            due_date=days(3),
        )
    with pytest.raises(ValidationError) as error:
        plans.create_plan(
            actor=who.county_officer,
            owner=tree.county,
            name="",
            kind="nope",
            checklist=checklist,
            start_date=days(5),
            due_date=days(1),
            sample_percent=0,
        )
    assert {"name", "kind", "due_date", "sample_percent"} <= set(error.value.message_dict)
