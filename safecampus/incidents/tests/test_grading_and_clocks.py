"""Grade suggestion at every threshold boundary; each clock at its exact boundary with a moved clock."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from safecampus.core import clock
from safecampus.incidents.grading import suggest_grade
from safecampus.incidents.models import Flag, IncidentReport, Receipt
from safecampus.incidents.services import reporting, routing
from safecampus.rules.services import set_rule
from safecampus.testing.incidents import report

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("figures", "grade"),
    [
        ({"deaths": 2}, "ordinary"),
        ({"deaths": 3}, "large"),
        ({"deaths": 9}, "large"),
        ({"deaths": 10}, "major"),
        ({"deaths": 29}, "major"),
        ({"deaths": 30}, "extraordinary"),
        ({"serious_injuries": 9}, "ordinary"),
        ({"serious_injuries": 10}, "large"),
        ({"serious_injuries": 50}, "major"),
        ({"serious_injuries": 100}, "extraordinary"),
        ({"direct_loss": Decimal("999.99")}, "ordinary"),
        ({"direct_loss": Decimal("1000")}, "large"),
        ({"direct_loss": Decimal("5000")}, "major"),
        ({"direct_loss": Decimal("10000")}, "extraordinary"),
        ({"deaths": 1, "serious_injuries": 49, "direct_loss": 4999}, "large"),
    ],
)
def test_national_thresholds_are_inclusive(tree, figures, grade):
    assert suggest_grade(figures, tree.school)[0] == grade


@pytest.mark.parametrize(
    ("figures", "grade"),
    [
        ({}, "ordinary"),
        ({"injuries": 4}, "ordinary"),
        ({"injuries": 3, "serious_injuries": 2}, "large"),
        ({"deaths": 1}, "major"),
        ({"deaths": 4}, "major"),
        ({"deaths": 5}, "extraordinary"),
    ],
)
def test_the_education_set_is_a_rule_row_per_region(tree, who, figures, grade):
    set_rule("incident.grade.threshold_set", "education", actor=who.city_admin, org=tree.city)
    assert suggest_grade(figures, tree.school)[0] == grade
    assert suggest_grade({"deaths": 1}, tree.far)[0] == "ordinary", "another city keeps the national set"


def test_the_reporter_may_raise_but_not_lower_the_suggestion(tree, who):
    with pytest.raises(ValidationError) as error:
        report(tree, who, deaths=3, grade="ordinary")
    assert "grade" in error.value.message_dict
    incident = report(tree, who, grade="large")
    assert (incident.grade, incident.suggested_grade) == ("large", "ordinary")


def at(moment):
    return clock.travel_to(moment)


def test_initial_report_clock_boundary_one_hour_for_ordinary(tree, who):
    known = datetime(2026, 5, 6, 8, 0, tzinfo=TZ)
    with at(known + timedelta(hours=1, seconds=-1)):  # the travelled clock runs on: stay a second inside
        on_time = report(tree, who, occurred_at=known)
    with at(known + timedelta(hours=1, seconds=1)):
        late = report(tree, who, occurred_at=known)
    assert not on_time.is_late and late.is_late
    assert IncidentReport.objects.get(incident=late, stage="initial").is_late
    flag = Flag.objects.get(incident=late)
    assert flag.fault == "late" and flag.automatic and flag.org == tree.school


def test_initial_report_clock_is_thirty_minutes_for_large_and_a_day_for_clusters(tree, who):
    known = datetime(2026, 5, 6, 8, 0, tzinfo=TZ)
    with at(known + timedelta(minutes=30, seconds=1)):
        assert report(tree, who, occurred_at=known, deaths=3).is_late
    with at(known + timedelta(hours=24, seconds=-1)):
        cluster = report(
            tree, who, occurred_at=known, category="public_health", subtype="infectious_cluster", injuries=6
        )
    assert not cluster.is_late


def test_forwarding_clock_is_two_hours_per_level(tree, who):
    start = datetime(2026, 5, 6, 8, 0, tzinfo=TZ)
    with at(start):
        incident = report(tree, who, occurred_at=start - timedelta(minutes=5), deaths=3)  # large → province
    county = Receipt.objects.get(incident=incident, org=tree.county)
    assert abs(county.forward_due_at - (start + timedelta(hours=2))) < timedelta(seconds=1)
    with at(start + timedelta(hours=2, seconds=-1)):
        routing.forward(incident, actor=who.county_officer, org=tree.county)
    incident.refresh_from_db()
    assert not incident.is_late
    with at(start + timedelta(hours=4, seconds=1)):
        routing.forward(incident, actor=who.city_admin, org=tree.city)
    incident.refresh_from_db()
    assert incident.is_late
    assert Flag.objects.get(incident=incident).org == tree.city, "the city forwarded late, not the school"


def test_final_report_clock_is_seven_days_after_handling(tree, who):
    start = datetime(2026, 5, 6, 8, 0, tzinfo=TZ)
    with at(start):
        first = report(tree, who)
        second = report(tree, who)
        reporting.mark_handled(first, actor=who.principal)
        reporting.mark_handled(second, actor=who.principal)
    texts = {"cause": "学生私自下河", "handling": "送医，家校沟通", "lessons": "加强防溺水教育"}
    with at(start + timedelta(days=7, seconds=-1)):
        on_time = reporting.final_report(first, actor=who.principal, **texts)
    with at(start + timedelta(days=7, seconds=1)):
        late = reporting.final_report(second, actor=who.principal, **texts)
    assert not on_time.is_late and late.is_late
