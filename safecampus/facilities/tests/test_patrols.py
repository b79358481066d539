"""Guard patrol rounds over the school's patrol points: a guard's scan of a QR code records a visit, a round counts
when every point is visited, a day that ends short is missed rounds (a finding), and counters never drift."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from safecampus.core import clock, recount
from safecampus.core.access import Role
from safecampus.facilities.dashboard import facility_figures
from safecampus.facilities.models import PatrolDay, PatrolScan
from safecampus.facilities.services import findings, patrols, profile
from safecampus.hazards.services.checkpoints import create_checkpoint
from safecampus.testing.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def points(tree, who):
    return [
        create_checkpoint(actor=who.principal, school=tree.school, name=name, areas=["security"])
        for name in ("南门", "宿舍楼")
    ]


@pytest.fixture
def guard(tree):
    return member(tree.school, Role.GUARD)


def test_a_round_counts_when_every_point_is_visited(tree, who, points, guard):
    create_checkpoint(actor=who.principal, school=tree.school, name="食堂", areas=["canteen"])  # not a patrol point
    with clock.travel_to(datetime(2026, 12, 1, 1, 0, tzinfo=UTC)):  # 09:00 in Shanghai
        patrols.scan(points[0], actor=guard)
        made, again = patrols.scan(points[0], actor=guard)
        assert made is None  # a double tap within minutes is one visit
        assert PatrolDay.objects.get().done == 0
        patrols.scan(points[1], actor=guard)
        assert PatrolDay.objects.get().done == 1
    with clock.travel_to(datetime(2026, 12, 1, 3, 0, tzinfo=UTC)):
        patrols.scan(points[0], actor=guard)
        patrols.scan(points[1], actor=guard)
    day = PatrolDay.objects.get()
    assert (day.points, day.required, day.done) == (2, 5, 2)
    assert PatrolScan.objects.count() == 4
    assert recount.drift() == []


def test_staff_and_other_schools_cannot_patrol(tree, who, points):
    with pytest.raises(PermissionDenied):
        patrols.scan(points[0], actor=who.staff)
    with pytest.raises(PermissionDenied):
        patrols.scan(points[0], actor=who.sibling_principal)
    assert not PatrolScan.objects.exists()


def test_a_day_that_ends_short_is_missed_rounds_and_a_finding(tree, who, points, guard):
    with clock.travel_to(datetime(2026, 12, 1, 1, 0, tzinfo=UTC)):
        patrols.scan(points[0], actor=guard)
        patrols.scan(points[1], actor=guard)
    with clock.travel_to(datetime(2026, 12, 2, 1, 0, tzinfo=UTC)):
        assert patrols.close_days(clock.today()) == 1
        day = PatrolDay.objects.get(day="2026-12-01")
        assert day.closed and day.missed == 4
        figures = facility_figures([tree.county], clock.today())[tree.county.pk]
        assert (figures["fac_patrol_done"], figures["fac_patrol_required"]) == (1, 5)
        assert figures["fac_patrol_missed_days"] == 1
        problems = findings.school_problems(tree.school, profile.profile_of(tree.school))
        assert any("1 of 5" in str(p["text"]) or "1" in str(p["text"]) for p in problems if p["anchor"] == "patrol")
    with clock.travel_to(datetime(2026, 12, 3, 1, 0, tzinfo=UTC)):
        patrols.close_days(clock.today())  # 2 December: patrol points but no scan at all
        assert PatrolDay.objects.get(day="2026-12-02").done == 0
        assert PatrolDay.objects.get(day="2026-12-02").closed
    assert recount.drift() == []


def test_a_guards_qr_scan_opens_the_patrol_page(tree, who, points, guard):
    client = Client()
    client.force_login(guard)
    response = client.get(f"/c/{points[0].token}/")
    assert response.status_code == 302 and response["Location"] == f"/facilities/patrol/{points[0].token}/"
    assert client.get(response["Location"]).status_code == 200
    assert client.post(f"/facilities/patrol/{points[0].token}/").status_code == 302
    assert PatrolScan.objects.count() == 1
    inspector = Client()
    inspector.force_login(who.principal)
    assert "/facilities/patrol/" not in inspector.get(f"/c/{points[0].token}/")["Location"]
    staff = Client()
    staff.force_login(who.staff)
    assert staff.post(f"/facilities/patrol/{points[0].token}/").status_code == 403
    outsider = Client()
    outsider.force_login(who.foreign_principal)
    assert outsider.get(f"/facilities/patrol/{points[0].token}/").status_code == 404
    assert PatrolScan.objects.count() == 1


def test_gate_posts_need_the_people_the_rule_asks_and_a_missing_one_is_a_finding(tree, who, guard):
    from django.core.exceptions import ValidationError

    from safecampus.facilities.models import GateDuty

    with clock.travel_to(datetime(2026, 12, 2, 1, 0, tzinfo=UTC)):  # Wednesday
        with pytest.raises(ValidationError) as raised:
            patrols.log_gate_duty(tree.school, actor=guard, day="2026-12-01", period="arrival", people="张建国")
        assert "people" in raised.value.message_dict  # 2 people by rule
        with pytest.raises(ValidationError) as raised:
            patrols.log_gate_duty(tree.school, actor=guard, day="2026-12-09", period="noon", people="甲、乙")
        assert {"day", "period"} <= set(raised.value.message_dict)
        with pytest.raises(PermissionDenied):
            patrols.log_gate_duty(tree.school, actor=who.staff, day="2026-12-01", period="arrival", people="甲、乙")
        patrols.log_gate_duty(tree.school, actor=guard, day="2026-12-01", period="arrival", people="张建国、李老师")
        assert GateDuty.objects.get().headcount == 2
        problems = findings.school_problems(tree.school, profile.profile_of(tree.school))
        gate = [str(p["text"]) for p in problems if p["anchor"] == "gate"]
        assert len(gate) == 1 and "2026-12-01" in gate[0]  # dismissal not logged
        client = Client()
        client.force_login(who.county_officer)
        listed = client.get(f"/facilities/org/{tree.county.pk}/schools/?missing=gate").content.decode()
        assert tree.school.name in listed
        patrols.log_gate_duty(tree.school, actor=guard, day="2026-12-01", period="dismissal", people="张建国、王老师")
        listed = client.get(f"/facilities/org/{tree.county.pk}/schools/?missing=gate").content.decode()
        assert tree.school.name not in listed
    with clock.travel_to(datetime(2026, 12, 7, 1, 0, tzinfo=UTC)):  # Monday: the last school day was Friday
        assert patrols.last_school_day(clock.today()).isoformat() == "2026-12-04"


def test_patrol_and_gate_api_is_scoped(tree, who, points, guard):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(guard)
    body = {"school": tree.school.pk, "day": clock.today().isoformat(), "period": "arrival", "people": "甲、乙"}
    assert api.post("/api/v1/facilities/gate-duties/", body, format="json").status_code == 201
    assert (
        api.post("/api/v1/facilities/gate-duties/", {**body, "school": tree.foreign.pk}, format="json").status_code
        == 404
    )
    assert api.post("/api/v1/facilities/gate-duties/", {**body, "extra": 1}, format="json").status_code == 400
    patrols.scan(points[0], actor=guard)
    patrols.scan(points[1], actor=guard)
    outsider = APIClient()
    outsider.force_authenticate(who.foreign_county_officer)
    assert outsider.get("/api/v1/facilities/patrol-days/").json()["count"] == 0
    assert outsider.get("/api/v1/facilities/gate-duties/").json()["count"] == 0
    county = APIClient()
    county.force_authenticate(who.county_officer)
    assert county.get("/api/v1/facilities/patrol-days/").json()["results"][0]["done"] == 1
