"""Countdowns on the desk, statistics on the dashboard (double decline), warnings, and the demo seed."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from safecampus.core import clock
from safecampus.core.recount import drift
from safecampus.incidents.demo import seed_incidents
from safecampus.incidents.models import Incident
from safecampus.incidents.services import routing
from safecampus.incidents.stats import double_decline, year_table
from safecampus.testing.incidents import report

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def test_the_desk_shows_who_owes_the_next_step(client, tree, who):
    incident = report(tree, who)
    client.force_login(who.county_officer)
    page = client.get("/desk/").content.decode()
    assert 'id="desk-incidents"' in page and incident.number in page and "data-countdown" in page
    routing.forward(incident, actor=who.county_officer, org=tree.county)
    assert incident.number not in client.get("/desk/").content.decode()
    client.force_login(who.city_admin)
    assert incident.number in client.get("/desk/").content.decode(), "the city must acknowledge"
    client.force_login(who.foreign_county_officer)
    assert incident.number not in client.get("/desk/").content.decode()


def test_double_decline_compares_the_same_months(tree, who):
    with clock.travel_to(datetime(2025, 3, 10, 9, tzinfo=TZ)):
        report(tree, who, deaths=1, student_deaths=1)
        report(tree, who)
    with clock.travel_to(datetime(2025, 11, 10, 9, tzinfo=TZ)):
        report(tree, who)  # later in the year: not in the year-to-date comparison of June
    with clock.travel_to(datetime(2026, 6, 10, 9, tzinfo=TZ)):
        report(tree, who)
        figures = double_decline(tree.city, clock.today())
    assert (figures["incidents"], figures["incidents_last"]) == (1, 2)
    assert (figures["student_deaths"], figures["student_deaths_last"]) == (0, 1)
    assert figures["achieved"]
    table = year_table(tree.province, 2025)
    assert dict((code, n) for code, _label, n in table["grades"])["ordinary"] == 3 and table["deaths"] == 1


def test_dashboard_and_api_show_incident_figures_that_match_the_ledger(client, tree, who):
    late = report(tree, who, occurred_at=clock.now() - timedelta(hours=2))
    client.force_login(who.city_leader)
    page = client.get(f"/org/{tree.city.pk}/dashboard/").content.decode()
    block = page.split('id="incident-figures"')[1].split('id="children-figures"')[0]
    year = clock.today().year
    assert f"?year={year}&amp;fault=late" in block
    ledger = client.get(f"/org/{tree.city.pk}/incidents/", {"year": year, "fault": "late"})
    assert [i.pk for i in ledger.context["page"]] == [late.pk]
    data = client.get(f"/api/v1/dashboard/?org={tree.city.pk}").json()["incidents"]
    assert dict((code, n) for code, _label, n in data["faults"])["late"] == 1


def test_late_incidents_raise_a_schools_warning(client, tree, who):
    report(tree, who, occurred_at=clock.now() - timedelta(hours=2))
    client.force_login(who.county_officer)
    rows = client.get(f"/org/{tree.county.pk}/warnings/").context["page"].object_list
    assert [(r["school_id"], r["score"]) for r in rows] == [(tree.school.pk, 6)]


def test_demo_seed_makes_three_years_through_the_services(tree, who):
    made = seed_incidents(60, seed=3, stream=io.StringIO())  # schools whose principal exists get incidents
    assert made > 20 and Incident.objects.count() == made
    years = [i.occurred_at.astimezone(TZ).year for i in Incident.objects.all()]
    assert len(set(years)) >= 3
    assert Incident.objects.filter(state="open").exists() and Incident.objects.filter(state="closed").exists()
    assert drift() == []
