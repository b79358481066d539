"""The dashboard's figures come from the counters and always equal what the ledger shows."""

from datetime import timedelta

import pytest

from safecampus.core import clock
from safecampus.hazards.models import Hazard, HazardState
from safecampus.hazards.services import workflow
from safecampus.testing.hazards import days, walk

pytestmark = pytest.mark.django_db
S = HazardState


def ledger_count(client, org, query):
    return client.get(f"/api/v1/hazards/?org={org.pk}&{query}").json()["count"]


def test_figures_match_the_ledger(tree, who, api):
    walk(tree, who, S.RECTIFYING)
    walk(tree, who, S.CLOSED)
    major = walk(tree, who, S.RECTIFYING, "major")
    workflow.list_hazard(major, actor=who.city_admin, notice_no="N", supervising_unit="市", deadline=days(10))
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
