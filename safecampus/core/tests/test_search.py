"""The top bar's search: schools, hazards and incidents by name or number, only within the reader's area."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safecampus.accounts.models import User
from safecampus.core.search import KINDS, search
from safecampus.hazards.models import Hazard
from safecampus.hazards.services import workflow
from safecampus.incidents.models import Incident
from safecampus.testing.hazards import new_hazard
from safecampus.testing.incidents import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(tree, who):
    hazard = Hazard.objects.get(pk=new_hazard(tree, who).pk)
    incident = Incident.objects.get(pk=report(tree, who).pk)
    foreign_hazard = workflow.report_hazard(
        actor=who.foreign_principal,
        school=tree.foreign,
        place="教学楼二层",
        area="electricity",
        level="general",
        description="配电箱未上锁",
    )
    foreign_incident = report(tree, who, org=tree.foreign, actor=who.foreign_principal)
    return {
        "hazard": hazard,
        "incident": incident,
        "foreign_hazard": Hazard.objects.get(pk=foreign_hazard.pk),
        "foreign_incident": Incident.objects.get(pk=foreign_incident.pk),
    }


def found(client, q):
    """Result urls of the search page, by group key."""
    page = client.get("/search/", {"q": q}).content.decode()
    groups = re.findall(r'<section class="card mb-3 search-group" id="search-(\w+)">(.*?)</section>', page, re.S)
    return {key: re.findall(r'<a class="list-group-item[^"]*" href="([^"]+)"', body) for key, body in groups}


def test_a_county_officer_finds_school_hazard_and_incident_by_name(client, tree, who, records):
    client.force_login(who.county_officer)
    assert found(client, "历下实验")["orgs"] == [f"/org/{tree.school.pk}/"]
    assert found(client, tree.school.code)["orgs"] == [f"/org/{tree.school.pk}/"]
    assert found(client, "历下")["orgs"] == [f"/org/{p}/" for p in (tree.county.pk, tree.school.pk, tree.sibling.pk)]
    assert found(client, "配电箱") == {"hazards": [f"/hazards/{records['hazard'].pk}/"]}
    assert found(client, "溺水") == {"incidents": [f"/incidents/{records['incident'].pk}/"]}
    by_school = found(client, "历下实验小学")
    assert by_school["hazards"] == [f"/hazards/{records['hazard'].pk}/"], "hazards of a school by its name"
    assert by_school["incidents"] == [f"/incidents/{records['incident'].pk}/"]


def test_a_county_officer_finds_hazard_and_incident_by_number(client, who, records):
    client.force_login(who.county_officer)
    hazard, incident = records["hazard"], records["incident"]
    assert found(client, hazard.number) == {"hazards": [f"/hazards/{hazard.pk}/"]}
    assert found(client, f" {incident.number.lower()} ") == {"incidents": [f"/incidents/{incident.pk}/"]}


def test_a_foreign_countys_records_are_never_found(client, tree, who, records):
    client.force_login(who.county_officer)
    assert found(client, "市中") == {}, "the foreign county and its school"
    for q in ("配电箱", "溺水", "教学楼"):
        urls = [url for group in found(client, q).values() for url in group]
        assert f"/hazards/{records['foreign_hazard'].pk}/" not in urls
        assert f"/incidents/{records['foreign_incident'].pk}/" not in urls
    page = client.get("/search/", {"q": records["foreign_hazard"].number}).content.decode()
    assert 'id="search-empty"' in page and records["foreign_hazard"].place not in page
    assert found(client, records["foreign_incident"].number) == {}
    client.force_login(who.foreign_county_officer)
    assert found(client, records["foreign_hazard"].number) == {"hazards": [f"/hazards/{records['foreign_hazard'].pk}/"]}


def test_every_kind_starts_from_the_scoped_queryset(tree, who, records):
    assert {"orgs", "hazards", "incidents"} <= set(KINDS.keys())
    nobody = User.objects.create_user("nobody", password="x")
    for q in ("历下", "配电箱", "溺水", records["hazard"].number, tree.school.code):
        assert search(nobody, q) == [], q
    for kind in KINDS:
        assert not kind.find(nobody, "学校").exists(), kind.key


def test_short_or_empty_queries_show_help_and_no_match_shows_an_empty_state(client, who, records):
    client.force_login(who.county_officer)
    for q in ("", " ", "历", "\x00历"):
        page = client.get("/search/", {"q": q}).content.decode()
        assert 'id="search-help"' in page and "search-group" not in page, repr(q)
        assert "学校和单位" in page and "YH2025" in page, "the help says what is searched"
    page = client.get("/search/", {"q": "不存在的东西"}).content.decode()
    assert 'id="search-empty"' in page and "不存在的东西" in page


def test_groups_show_the_true_count_and_link_to_the_full_list(client, tree, who, records):
    for _ in range(11):
        new_hazard(tree, who)
    client.force_login(who.county_officer)
    page = client.get("/search/", {"q": "配电箱"}).content.decode()
    group = re.search(r'id="search-hazards">(.*?)</section>', page, re.S)[1]
    assert group.count("list-group-item-action") == 5
    assert '<span class="badge text-bg-secondary ms-2 search-count">12</span>' in group
    link = re.search(r'href="([^"]+)" class="search-all"', group)[1].replace("&amp;", "&")
    assert link.startswith(f"/org/{tree.county.pk}/hazards/?q=")
    ledger = client.get(link).content.decode()
    assert ledger.count('href="/hazards/') >= 12 and "12" in ledger
    schools = re.search(r'id="search-orgs">(.*?)</section>', client.get("/search/?q=实验小学").content.decode(), re.S)[
        1
    ]
    link = re.search(r'href="([^"]+)" class="search-all"', schools)[1].replace("&amp;", "&")
    assert link.startswith(f"/org/{tree.county.pk}/?q=")
    listed = client.get(link).content.decode()
    assert "历下实验小学" in listed and "历下第一幼儿园" not in listed, "the unit list with the same search"


def test_the_page_counts_with_count_and_loads_only_the_rows_it_shows(client, tree, who, records):
    client.force_login(who.county_officer)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", {"q": "配电箱"}).status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    for _ in range(6):
        new_hazard(tree, who)
    few = queries()
    for _ in range(20):
        new_hazard(tree, who)
    many = queries()
    assert len(many) == len(few), "the number of queries does not grow with the matches"
    hazard_queries = [sql for sql in many if '"hazards_hazard"' in sql]
    assert any("COUNT(" in sql for sql in hazard_queries)
    assert all("COUNT(" in sql or "LIMIT 5" in sql for sql in hazard_queries), hazard_queries


def test_the_top_bar_has_the_search_box_on_every_page(client, who):
    client.force_login(who.county_officer)
    page = client.get("/about/").content.decode()
    assert 'id="topbar-search"' in page and 'action="/search/"' in page and 'name="q"' in page
    assert 'id="nav-search-phone"' in page, "a phone reaches search without opening the menu"


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/search/", {"q": "历下"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
