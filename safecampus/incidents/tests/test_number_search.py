"""The ledger's search box finds an incident by the number printed on its report, within the reader's area."""

from datetime import UTC, datetime

import pytest

from safecampus.incidents.models import Incident
from safecampus.testing.incidents import report

pytestmark = pytest.mark.django_db


def ledger_ids(client, org, q):
    page = client.get(f"/org/{org.pk}/incidents/", {"q": q}).content.decode()
    return {pk for pk in Incident.objects.values_list("pk", flat=True) if f'href="/incidents/{pk}/"' in page}


@pytest.fixture
def incidents(tree, who):
    mine, other = report(tree, who), report(tree, who, title="学生上学途中交通事故", subtype="traffic")
    foreign = report(tree, who, org=tree.foreign, actor=who.foreign_principal)
    return [Incident.objects.get(pk=i.pk) for i in (mine, other, foreign)]


def test_a_full_number_finds_exactly_that_incident(client, tree, who, incidents):
    mine, other, _ = incidents
    assert mine.number.startswith("SJ")
    client.force_login(who.county_officer)
    for typed in (mine.number, mine.number.lower(), f" {mine.number}  "):
        assert ledger_ids(client, tree.county, typed) == {mine.pk}, typed
    assert ledger_ids(client, tree.county, "学生") == {mine.pk, other.pk}, "text search still works"


def test_a_number_outside_the_area_finds_nothing(client, api, tree, who, incidents):
    *_, foreign = incidents
    client.force_login(who.county_officer)
    assert ledger_ids(client, tree.county, foreign.number) == set()
    assert api(who.county_officer).get("/api/v1/incidents/", {"q": foreign.number}).json()["count"] == 0
    assert api(who.foreign_county_officer).get("/api/v1/incidents/", {"q": foreign.number}).json()["count"] == 1


def test_a_wrong_year_or_padding_finds_nothing(api, who, incidents):
    mine = incidents[0]
    year = mine.occurred_at.year
    for typed in (f"SJ{year + 1}{mine.pk:06d}", f"SJ{year}{mine.pk:07d}", f"SJ0000{mine.pk:06d}", "SJ2026" + "9" * 18):
        assert api(who.county_officer).get("/api/v1/incidents/", {"q": typed}).json()["count"] == 0, typed


def test_the_year_printed_in_either_time_zone_finds_it(api, who, incidents):
    mine = incidents[0]
    Incident.objects.filter(pk=mine.pk).update(occurred_at=datetime(2025, 12, 31, 19, tzinfo=UTC))
    for year in (2025, 2026):
        found = api(who.county_officer).get("/api/v1/incidents/", {"q": f"SJ{year}{mine.pk:06d}"}).json()
        assert [row["id"] for row in found["results"]] == [mine.pk], year
