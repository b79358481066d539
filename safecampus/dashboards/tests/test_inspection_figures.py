"""Completeness and timeliness of due inspections: counters, the dashboard and the task list agree."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from safecampus.core import clock
from safecampus.core.recount import drift
from safecampus.hazards.figures import hazard_figures as kpis_for
from safecampus.hazards.models import InspectionTask
from safecampus.hazards.services import inspections, plans
from safecampus.testing.hazards import days, library

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def make_plan(tree, who, due_in=5):
    return plans.create_plan(
        actor=who.county_officer,
        owner=tree.county,
        name="开学自查",
        kind="self_check",
        checklist=library(tree, who),
        start_date=days(0),
        due_date=days(due_in),
    )


def finish(task, actor, version):
    inspection = inspections.start_inspection(
        actor=actor, school=task.school, kind="self_check", version=version, task=task
    )
    for result in inspection.results.all():
        inspections.record_result(inspection, actor=actor, item=result.item_id, outcome="pass")
    return inspections.submit_inspection(inspection, actor=actor)


def at(day, hour, minute=0, second=0):
    return clock.travel_to(datetime.combine(day, time(hour, minute, second), TZ))


@pytest.fixture(autouse=True)
def mid_june():
    """Tasks count for completeness in the year they fall due; keep every test inside one year."""
    with clock.travel_to(datetime(2026, 6, 10, 9, 0, tzinfo=TZ)):
        yield


def test_done_by_the_due_day_is_on_time_and_a_second_later_is_late(tree, who):
    plan = make_plan(tree, who, due_in=5)
    due = days(5)
    own = InspectionTask.objects.get(plan=plan, school=tree.school)
    other = InspectionTask.objects.get(plan=plan, school=tree.sibling)
    version = plan.checklist.published()
    with at(due, 23, 59, 59):
        finish(own, who.school_safety, version)
    with at(due + timedelta(days=1), 0, 0, 0):
        finish(other, who.sibling_principal, version)
    assert drift() == []
    with at(due + timedelta(days=1), 9):
        figures = kpis_for([tree.county], clock.today())[tree.county.pk]
    assert (figures["tasks_due"], figures["tasks_done"], figures["tasks_on_time"]) == (2, 2, 1)
    assert figures["completeness"] == 100.0 and figures["timeliness"] == 50.0


def test_tasks_not_yet_due_do_not_count_and_missed_ones_lower_completeness(client, tree, who):
    plan = make_plan(tree, who, due_in=3)
    figures = kpis_for([tree.county], clock.today())[tree.county.pk]
    assert figures["tasks_due"] == 0 and figures["completeness"] is None
    finish(InspectionTask.objects.get(plan=plan, school=tree.school), who.school_safety, plan.checklist.published())
    with clock.travel_to(clock.now() + timedelta(days=4)):
        today = clock.today()
        figures = kpis_for([tree.county], today)[tree.county.pk]
        assert (figures["tasks_due"], figures["tasks_done"], figures["completeness"]) == (2, 1, 50.0)
        client.force_login(who.county_officer)
        page = client.get(f"/org/{tree.county.pk}/dashboard/").content.decode()
        assert "50.0%" in page.split('id="kpi-completeness"')[1][:400]
        start, end = f"{today.year}-01-01", (today - timedelta(days=1)).isoformat()
        listing = client.get(f"/org/{tree.county.pk}/inspection-tasks/", {"due_from": start, "due_to": end})
        assert listing.context["page"].paginator.count == 2
        done = client.get(
            f"/org/{tree.county.pk}/inspection-tasks/", {"due_from": start, "due_to": end, "state": "done"}
        )
        assert [t.school for t in done.context["page"]] == [tree.school]
        missing = client.get(f"/org/{tree.county.pk}/inspection-tasks/", {"state": "missing"})
        assert [t.school for t in missing.context["page"]] == [tree.sibling]
        assert "未完成" in missing.content.decode() or "Not done" in missing.content.decode()


def test_a_new_round_adds_its_tasks_to_the_counters(tree, who):
    from safecampus.hazards.services.tick import schedule_next_rounds

    plan = make_plan(tree, who, due_in=1)
    plan.repeat_months = 1
    plan.save()
    with clock.travel_to(clock.now() + timedelta(days=2)):
        assert schedule_next_rounds(clock.today()) == 2
        assert schedule_next_rounds(clock.today()) == 0, "a round is made once"
    assert drift() == []


def test_task_list_is_scoped(client, tree, who):
    make_plan(tree, who)
    client.force_login(who.foreign_county_officer)
    assert client.get(f"/org/{tree.county.pk}/inspection-tasks/").status_code == 404
    client.force_login(who.principal)
    rows = client.get(f"/org/{tree.county.pk}/inspection-tasks/")
    assert rows.status_code == 404
    own = client.get(f"/org/{tree.school.pk}/inspection-tasks/")
    assert [t.school for t in own.context["page"]] == [tree.school]
