"""The ledger's search box finds a hazard by the number printed on its notice, within the reader's area."""

from datetime import UTC, datetime

import pytest

from safecampus.hazards.models import Hazard
from safecampus.hazards.services import workflow
from safecampus.testing.hazards import new_hazard

pytestmark = pytest.mark.django_db


def ledger_numbers(client, org, q):
    page = client.get(f"/org/{org.pk}/hazards/", {"q": q}).content.decode()
    return {number for number in Hazard.objects.values_list("pk", flat=True) if f'href="/hazards/{number}/"' in page}


@pytest.fixture
def hazards(tree, who):
    mine, other = new_hazard(tree, who), new_hazard(tree, who)
    foreign = workflow.report_hazard(
        actor=who.foreign_principal,
        school=tree.foreign,
        place="操场",
        area="electricity",
        level="general",
        description="围墙开裂",
    )
    return [Hazard.objects.get(pk=h.pk) for h in (mine, other, foreign)]


def test_a_full_number_finds_exactly_that_hazard(client, tree, who, hazards):
    mine, other, _ = hazards
    client.force_login(who.county_officer)
    for typed in (mine.number, mine.number.lower(), f"  {mine.number} "):
        assert ledger_numbers(client, tree.county, typed) == {mine.pk}, typed
    assert ledger_numbers(client, tree.county, "配电箱") == {mine.pk, other.pk}, "text search still works"


def test_a_number_outside_the_area_finds_nothing(client, api, tree, who, hazards):
    *_, foreign = hazards
    client.force_login(who.county_officer)
    assert ledger_numbers(client, tree.county, foreign.number) == set()
    assert api(who.county_officer).get("/api/v1/hazards/", {"q": foreign.number}).json()["count"] == 0
    assert api(who.foreign_county_officer).get("/api/v1/hazards/", {"q": foreign.number}).json()["count"] == 1


def test_a_wrong_year_or_padding_finds_nothing(api, tree, who, hazards):
    mine = hazards[0]
    year = mine.found_at.year
    for typed in (f"YH{year - 1}{mine.pk:07d}", f"YH{year}{mine.pk:08d}", f"YH9999{mine.pk:07d}", "YH2026" + "9" * 18):
        assert api(who.county_officer).get("/api/v1/hazards/", {"q": typed}).json()["count"] == 0, typed


def test_the_year_printed_in_either_time_zone_finds_it(api, tree, who, hazards):
    mine = hazards[0]
    # 2026-01-01 03:00 in Shanghai is still 2025 in UTC: pages print YH2025…, exports YH2026….
    Hazard.objects.filter(pk=mine.pk).update(found_at=datetime(2025, 12, 31, 19, tzinfo=UTC))
    for year in (2025, 2026):
        found = api(who.county_officer).get("/api/v1/hazards/", {"q": f"YH{year}{mine.pk:07d}"}).json()
        assert [row["id"] for row in found["results"]] == [mine.pk], year
