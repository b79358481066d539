"""The ledger's total comes from the counter store when its filters allow it, and always equals the records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safecampus.core import clock
from safecampus.core.access import Role, forget
from safecampus.hazards.models import Hazard, HazardState
from safecampus.hazards.services import workflow
from safecampus.orgs.models import Membership
from safecampus.testing.hazards import walk

pytestmark = pytest.mark.django_db
S = HazardState

# Filters the counters answer, and filters they cannot (drafts, a search, a deadline, a school kind, …).
COUNTED = [
    "state=open",
    "state=reported",
    "state=rectifying&state=submitted",
    "state=closed",
    "state=registered",
    "state=open&level=major",
    "state=open&level=general&ordering=deadline",
    "state=open&area=electricity",
    "state=open&area=fire",
]
COUNTED_BY_THE_DATABASE = [
    "",
    "state=draft",
    "state=open&state=draft",
    "state=closed&level=major",
    "state=open&level=major&area=electricity",
    "state=open&overdue=true",
    "state=open&q=配电箱",
    "state=open&kind=primary",
    "state=open&listed=false",
]


@pytest.fixture
def records(tree, who):
    walk(tree, who, S.REPORTED)
    walk(tree, who, S.RECTIFYING, "major")
    walk(tree, who, S.SUBMITTED)
    walk(tree, who, S.CLOSED)
    walk(tree, who, S.CLOSED, "major")
    for school, level, area in (
        (tree.sibling, "general", "fire"),
        (tree.foreign, "major", "fire"),
        (tree.far, "general", "gas"),
    ):
        workflow.report_hazard(
            actor=who.province_officer,
            school=school,
            place="食堂",
            area=area,
            level=level,
            description="燃气报警器失效",
        )
    Hazard.objects.create(  # a draft from an inspection: no counters, but in the list
        school=tree.school,
        org_path=tree.school.path,
        school_kind="primary",
        place="操场",
        area="electricity",
        source="self_check",
        description="草稿",
        found_at=clock.now(),
    )


def hazard_counts(captured):
    return [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"] and "hazards_hazard" in q["sql"]]


@pytest.mark.parametrize("query", COUNTED + COUNTED_BY_THE_DATABASE)
def test_the_api_total_equals_the_records_at_every_scope(records, tree, who, api, query):
    for user, org in (
        (who.province_officer, tree.province),
        (who.province_officer, tree.city),
        (who.city_admin, tree.city),
        (who.county_officer, tree.county),
        (who.principal, tree.school),
    ):
        client = api(user)
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(f"/api/v1/hazards/?org={org.pk}&page_size=500&{query}").json()
        assert answer["count"] == len(answer["results"]), (user.username, org.name, query)
        assert bool(hazard_counts(captured)) == (query not in COUNTED), (user.username, org.name, query)


def test_without_a_unit_the_total_sums_every_subtree_the_user_reads(records, tree, who, api):
    officer = who.county_officer
    Membership.objects.create(user=officer, org=tree.far, role=Role.PRINCIPAL)  # a second subtree elsewhere
    forget(officer)
    for query in ("state=open", "state=reported&level=general", "state=registered", "state=draft"):
        answer = api(officer).get(f"/api/v1/hazards/?page_size=500&{query}").json()
        assert answer["count"] == len(answer["results"]), query
    assert api(officer).get("/api/v1/hazards/?state=open").json()["count"] == 5  # K1's four, and S4's
    assert api(who.expert).get("/api/v1/hazards/?state=open").json()["count"] == 0  # an expert reads nothing


def test_a_page_past_the_first_and_a_counted_page_agree(records, tree, who, api):
    client = api(who.province_officer)
    first = client.get(f"/api/v1/hazards/?org={tree.province.pk}&state=open&page_size=4").json()
    second = client.get(f"/api/v1/hazards/?org={tree.province.pk}&state=open&page_size=4&page=2").json()
    assert first["count"] == second["count"] == 6
    assert len(first["results"]) == 4 and len(second["results"]) == 2 and second["next"] is None
    assert client.get(f"/api/v1/hazards/?org={tree.province.pk}&state=open&page_size=4&page=3").status_code == 404


def test_the_ledger_page_shows_the_counted_total(records, tree, who, login):
    client = login(who.province_officer)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/org/{tree.city.pk}/hazards/?state=open")
    assert page.status_code == 200 and not hazard_counts(captured)
    assert page.context["page"].paginator.count == 5
    assert len(page.context["page"].object_list) == 5
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/org/{tree.city.pk}/hazards/?state=open&q=配电箱")
    assert hazard_counts(captured) and page.context["page"].paginator.count == 3


@pytest.mark.parametrize("query", ["state=open", "state=open&level=general", "state=registered", "state=closed"])
def test_newest_first_by_the_time_index_lists_what_the_filters_list(records, tree, who, api, query):
    """Small pages of a large subtree walk the time index (SQLite); the rows and their order stay the same."""
    client = api(who.province_officer)
    for org in (tree.province, tree.city, tree.county):
        listed = client.get(f"/api/v1/hazards/?org={org.pk}&{query}&page_size=500").json()["results"]
        expected = [hazard["id"] for hazard in listed]
        walked = []
        for page in range(1, len(expected) + 1):
            answer = client.get(f"/api/v1/hazards/?org={org.pk}&{query}&page_size=1&page={page}").json()
            assert answer["count"] == len(expected)
            walked += [h["id"] for h in answer["results"]]
        assert walked == expected, (org.name, query)


def test_the_time_walk_names_no_indexed_term_on_sqlite(records, tree):
    from safecampus.hazards.filters import HazardFilter

    counted = HazardFilter({"state": ["open"], "org": tree.province.pk}).counted([tree.province.path])
    assert (counted.total, counted.everywhere) == (6, 6)
    assert counted.newest_first(rows=50) is None, "a sort of six records beats a walk"
    walk_ = counted.newest_first(rows=1)
    if connection.vendor != "sqlite":
        assert walk_ is None, "PostgreSQL picks the time index from its statistics"
        return
    sql, params = walk_.query.sql_with_params()
    assert '+"hazards_hazard"."org_path" >=' in sql and '+"hazards_hazard"."state" IN' in sql
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "found_at" in plan and "TEMP B-TREE" not in plan, plan
