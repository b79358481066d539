"""The shared contracts on the duties: every page and endpoint scoped to the tree, every step × role × state."""

from datetime import date

import pytest

from safecampus.compliance import engine
from safecampus.compliance.models import Occurrence
from safecampus.compliance.services import records
from safecampus.core import clock
from safecampus.core.access import Role
from safecampus.testing import compliance as c
from safecampus.testing.factories import member
from safecampus.testing.scope_contract import ListScopeContract
from safecampus.testing.steps import check_steps

pytestmark = pytest.mark.django_db
ROLES = ("staff", "school_safety", "principal", "county_officer", "city_leader", "city_admin", "province_officer")


def drill(tree, who):
    return c.drill(tree.school, who.school_safety, clock.today(), "earthquake", buildings="北教学楼")


def activity(tree, who):
    return c.activity(tree.school, who.school_safety, clock.today(), "first_lesson", audience="一年级新生")


def occurrence(tree, who):
    engine.open_periods()
    return Occurrence.objects.filter(org=tree.school, obligation="drill_monthly").first()


class TestDrillPageScope(ListScopeContract):
    def record(self, tree, who):
        return drill(tree, who)

    def detail_url(self, obj):
        return f"/drills/{obj.pk}/"

    def list_url(self, obj, user):
        return f"/org/{obj.school.pk}/duties/"

    def marker(self, obj):
        return f"/drills/{obj.pk}/"


class TestDrillApiScope(ListScopeContract):
    api = True

    def record(self, tree, who):
        return drill(tree, who)

    def detail_url(self, obj):
        return f"/api/v1/compliance/drills/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/compliance/drills/?page_size=500"


class TestActivityApiScope(ListScopeContract):
    api = True

    def record(self, tree, who):
        return activity(tree, who)

    def detail_url(self, obj):
        return f"/api/v1/compliance/activities/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/compliance/activities/?page_size=500"


class TestActivityPageScope(ListScopeContract):
    def record(self, tree, who):
        return activity(tree, who)

    def detail_url(self, obj):
        return f"/activities/{obj.pk}/"

    def list_url(self, obj, user):
        return f"/org/{obj.school.pk}/duties/"

    def marker(self, obj):
        return f"/activities/{obj.pk}/"


class TestOccurrencePageScope(ListScopeContract):
    def record(self, tree, who):
        return occurrence(tree, who)

    def detail_url(self, obj):
        return f"/occurrences/{obj.pk}/"

    def list_url(self, obj, user):
        return f"/org/{user.memberships.first().org_id}/duties/occurrences/?duty=drill_monthly"

    def marker(self, obj):
        return f"/occurrences/{obj.pk}/"


class TestOccurrenceApiScope(ListScopeContract):
    api = True

    def record(self, tree, who):
        return occurrence(tree, who)

    def detail_url(self, obj):
        return f"/api/v1/compliance/occurrences/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/compliance/occurrences/?page_size=500"


def test_each_record_step_offered_is_a_step_that_succeeds(tree, who):
    who.safety_lead = member(tree.school, Role.SAFETY_LEAD)
    users = {role: getattr(who, role) for role in (*ROLES, "safety_lead")}
    payloads = {"withdraw": lambda record: {"reason": "录入有误"}}

    def withdrawn(make):
        record = make(tree, who)
        workflow = records.drills if make is drill else records.activities
        workflow.get("withdraw")(record, actor=who.school_safety, reason="重复录入")
        return record

    for make, workflow, base in ((drill, records.drills, "drills"), (activity, records.activities, "activities")):
        offered = check_steps(
            workflow,
            lambda record, base=base: f"/api/v1/compliance/{base}/{record.pk}/",
            {"recorded": lambda make=make: make(tree, who), "withdrawn": lambda make=make: withdrawn(make)},
            users,
            payloads,
        )
        assert offered[("recorded", "school_safety")] == {"withdraw"}
        assert offered[("recorded", "staff")] == set() and offered[("recorded", "county_officer")] == set()
        assert offered[("withdrawn", "principal")] == set()


def test_each_occurrence_step_offered_is_a_step_that_succeeds(tree, who):
    users = {role: getattr(who, role) for role in ROLES}

    def excused():
        found = occurrence(tree, who)
        records.excuse(found, actor=who.county_officer, reason="停课")
        return found

    with clock.travel_to(c.at(date(2026, 11, 20))):
        offered = check_steps(
            records.occurrences,
            lambda found: f"/api/v1/compliance/occurrences/{found.pk}/",
            {"open": lambda: occurrence(tree, who), "excused": excused},
            users,
            {"excuse": lambda found: {"reason": "校舍加固停课"}, "reinstate": lambda found: {}},
        )
    assert offered[("open", "county_officer")] == {"excuse"} and offered[("open", "principal")] == set()
    assert offered[("excused", "province_officer")] == {"reinstate"}
    assert offered[("open", "city_leader")] == set()
