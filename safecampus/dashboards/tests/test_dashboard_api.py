"""The dashboard's figures come from the counters and always equal what the ledger shows."""

from datetime import timedelta

import pytest

from safecampus.core import clock
from safecampus.hazards.models import Hazard, HazardState
from safecampus.hazards.services import oversight, workflow
from safecampus.testing.hazards import days, walk

pytestmark = pytest.mark.django_db
S = HazardState


def ledger_count(client, org, query):
    return client.get(f"/api/v1/hazards/?org={org.pk}&{query}").json()["count"]


def test_figures_match_the_ledger(tree, who, api):
    walk(tree, who, S.RECTIFYING)
    walk(tree, who, S.CLOSED)
    major = walk(tree, who, S.RECTIFYING, "major")
    oversight.list_hazard(major, actor=who.city_admin, notice_no="N", supervising_unit="市", deadline=days(10))
    client = api(who.city_admin)
    with clock.travel_to(clock.now() + timedelta(days=2)):
        data = client.get(f"/api/v1/dashboard/?org={tree.city.pk}").json()
        figures = data["figures"]
        assert figures["open_general"] == ledger_count(client, tree.city, "state=open&level=general") == 1
        assert figures["open_major"] == ledger_count(client, tree.city, "state=open&level=major") == 1
        assert figures["overdue"] == ledger_count(client, tree.city, "overdue=true") == 1
        assert figures["listed_open"] == ledger_count(client, tree.city, "listed=true&state=open") == 1
        assert figures["closed_this_year"] == 1
    children = {row["code"]: row["figures"] for row in data["children"]}
    assert children["370102"]["open_major"] == 1 and children["370103"]["open_major"] == 0
    assert set(children) == {"370102", "370103", "370100901"}


def test_scope_and_bad_input(tree, who, api):
    assert api(who.county_officer).get(f"/api/v1/dashboard/?org={tree.city.pk}").status_code == 404
    assert api(who.county_officer).get("/api/v1/dashboard/?org=abc").status_code == 400
    assert api(who.county_officer).get("/api/v1/dashboard/").json()["org"]["code"] == "370102"
    assert api().get("/api/v1/dashboard/").status_code == 401
    assert Hazard.objects.count() == 0


def test_cached_figures_change_the_moment_a_record_changes(client, tree, who):
    from django.core.cache import cache

    from safecampus.core.counting import version
    from safecampus.core.models import Counter
    from safecampus.core.recount import rebuild
    from safecampus.hazards.models import HazardState
    from safecampus.testing.hazards import walk

    cache.clear()
    client.force_login(who.province_officer)
    url = f"/api/v1/dashboard/?org={tree.province.pk}"
    assert client.get(url).json()["figures"]["open_general"] == 0
    before = version(tree.province)
    walk(tree, who, HazardState.REPORTED)
    assert version(tree.province) == before + 1 and version(tree.county2) == 0, "only the changed branch"
    assert client.get(url).json()["figures"]["open_general"] == 1
    Counter.objects.filter(metric="hazard.open.general").update(value=5)  # tampering, then a recount
    stale = version(tree.province)
    rebuild()
    assert version(tree.province) > stale and version(tree.county2) > 0, "a recount retires every cached dashboard"
    assert client.get(url).json()["figures"]["open_general"] == 1


def test_ledger_clear_to_zero_from_counters_equals_counting_the_records(tree, who):
    from datetime import timedelta

    from safecampus.core import clock
    from safecampus.hazards.figures import clear_to_zero_figures
    from safecampus.hazards.models import Hazard, HazardState
    from safecampus.hazards.stats import clear_to_zero
    from safecampus.testing.hazards import walk

    with clock.travel_to(clock.now() - timedelta(days=400)):  # last year's stock
        walk(tree, who, HazardState.REPORTED, "major")
        walk(tree, who, HazardState.RECTIFYING)
        old = walk(tree, who, HazardState.SUBMITTED)

    workflow.verify(old, actor=who.principal)  # stock cleared this year
    walk(tree, who, HazardState.CLOSED)
    walk(tree, who, HazardState.REPORTED)
    for node in (tree.province, tree.county, tree.school, tree.county2):
        expected = clear_to_zero(Hazard.objects.within(node.path), clock.today().year)
        assert clear_to_zero_figures(node, clock.today()) == expected, node.name
