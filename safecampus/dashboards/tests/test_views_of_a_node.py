"""Trend, categories, map, warnings and review: every figure equals the ledger rows it links to."""

import io
import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from safecampus.core import clock
from safecampus.dashboards.review import Period
from safecampus.hazards.models import Hazard, HazardState
from safecampus.hazards.services import oversight, workflow
from safecampus.orgs.models import OrgUnit
from safecampus.rules.services import set_rule
from safecampus.testing.hazards import days, walk
from safecampus.testing.scope_contract import ScopeContract

pytestmark = pytest.mark.django_db
S = HazardState
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def in_october():
    with clock.travel_to(datetime(2026, 10, 20, 10, 0, tzinfo=TZ)):
        yield


def sibling_hazard(tree, who, level="general"):
    return workflow.report_hazard(
        actor=who.sibling_principal, school=tree.sibling, place="p", area="fire", level=level, description="d"
    )


def ledger_total(client, url):
    return client.get(url.replace("&amp;", "&")).context["page"].paginator.count


def links(page, marker):
    return re.findall(r'href="([^"]+)"', page.split(marker, 1)[1].split("</table>", 1)[0])


def test_trend_and_categories_match_the_ledger(client, tree, who):
    walk(tree, who, S.CLOSED)
    walk(tree, who, S.REPORTED, "major")
    Hazard.objects.create(
        school=tree.school,
        org_path=tree.school.path,
        found_at=clock.now(),
        place="p",
        area="fire",
        level="general",
        source="staff",
        description="draft",
        state="draft",
    )
    client.force_login(who.city_leader)
    response = client.get(f"/org/{tree.city.pk}/dashboard/")
    october = response.context["trend"][-1]
    assert (october["month"], october["found"], october["closed"]) == ("2026-10", 2, 1)
    found_link, closed_link = links(response.content.decode(), 'id="trend-table"')[-2:]
    assert ledger_total(client, found_link) == 2, "drafts are not counted and not listed"
    assert ledger_total(client, closed_link) == 1
    categories = response.context["categories"]
    assert [(c["area"], c["open"]) for c in categories] == [("electricity", 1)]
    category_link = links(response.content.decode(), 'id="top-categories"')[0]
    assert ledger_total(client, category_link) == 1
    data = json.loads(response.content.decode().split('id="trend-data" type="application/json">')[1].split("<")[0])
    assert data["found"][-1] == 2 and len(data["months"]) == 12


def test_map_colours_schools_and_regions(client, tree, who):
    walk(tree, who, S.REPORTED, "major")
    sibling_hazard(tree, who)
    client.force_login(who.province_officer)
    data = client.get(f"/org/{tree.city.pk}/map/data.json").json()
    assert data["schools"] == [] and data["unplaced"] == 4 and data["states"]["red"] == 1
    OrgUnit.objects.filter(pk__in=[tree.school.pk, tree.sibling.pk]).update(lng=117.05, lat=36.66)
    data = client.get(f"/org/{tree.city.pk}/map/data.json").json()
    states = {row[2]: row[4] for row in data["schools"]}
    assert states[tree.school.pk] == 0, "red: open major"
    assert states[tree.sibling.pk] == 2, "yellow: open general, not overdue"
    county = next(r for r in data["regions"] if r["id"] == tree.county.pk)
    assert county["schools"] == 2 and county["value"] == 50.0, "1 open major per 2 schools = 50 per 100"
    with clock.travel_to(clock.now() + timedelta(days=8)):
        data = client.get(f"/org/{tree.city.pk}/map/data.json").json()
        assert {row[2]: row[4] for row in data["schools"]}[tree.sibling.pk] == 1, "orange: overdue"
    page = client.get(f"/org/{tree.city.pk}/map/", {"figure": "nonsense"})
    assert page.status_code == 200 and page.context["figure"] == "open_major_per_100"
    card = client.get(f"/org/{tree.school.pk}/card/").content.decode()
    assert tree.school.name in card and "state-red" in card


def test_packaged_boundaries_for_each_level(client, who):
    from safecampus.dashboards.maps import boundaries

    province = OrgUnit(level="province", division_code="370000")
    city = OrgUnit(level="city", division_code="370100")
    county = OrgUnit(level="county", division_code="370116")  # 莱芜区, drawn inside Jinan
    assert len(boundaries(province)["features"]) == 16
    assert "370116" in {f["properties"]["adcode"] for f in boundaries(city)["features"]}
    assert [f["properties"]["adcode"] for f in boundaries(county)["features"]] == ["370116"]
    assert boundaries(OrgUnit(level="county", division_code="999999")) is None


def test_warning_score_parts_follow_the_rule_weights(client, tree, who):
    hazard = walk(tree, who, S.RECTIFYING, "major")
    sibling_hazard(tree, who)
    oversight.list_hazard(hazard, actor=who.city_admin, notice_no="督-1", supervising_unit="市教育局", deadline=days(3))
    client.force_login(who.city_leader)
    rows = client.get(f"/org/{tree.city.pk}/warnings/").context["page"].object_list
    assert [(r["school_id"], r["score"]) for r in rows] == [(tree.school.pk, 5)], "listed, deadline within 7 days"
    with clock.travel_to(clock.now() + timedelta(days=10)):
        response = client.get(f"/org/{tree.city.pk}/warnings/")
        rows = response.context["page"].object_list
        assert [(r["school_id"], r["score"]) for r in rows] == [(tree.school.pk, 10), (tree.sibling.pk, 2)]
        set_rule("warning.weight.overdue_general", 7, actor=who.province_admin, org=tree.province)
        rows = client.get(f"/org/{tree.city.pk}/warnings/").context["page"].object_list
        assert [(r["school_id"], r["score"]) for r in rows] == [(tree.school.pk, 10), (tree.sibling.pk, 7)]
        for row in rows:
            for part in row["parts"]:
                assert ledger_total(client, part["url"]) == part["count"], part["part"].key
        assert "× 7" in client.get(f"/org/{tree.city.pk}/warnings/").content.decode()


def test_warnings_and_review_are_empty_without_problems(client, tree, who):
    client.force_login(who.county_officer)
    assert client.get(f"/org/{tree.county.pk}/warnings/").context["page"].paginator.count == 0
    assert client.get(f"/org/{tree.school.pk}/warnings/").status_code == 302


def test_period_parsing():
    today = datetime(2026, 10, 20).date()
    assert Period.parse(None, today) == Period(2026, 4), "default: the last period that has ended (Jul–Aug)"
    assert Period.parse("2026-5", today) == Period(2026, 5)
    assert Period.parse("2026-6", today) == Period(2026, 4), "a period not begun yet falls back"
    assert Period.parse("x-1", today) == Period(2026, 4)
    assert Period(2026, 1).previous() == Period(2025, 6)
    assert (Period(2026, 1).first.isoformat(), Period(2026, 1).last.isoformat()) == ("2026-01-01", "2026-02-28")
    assert Period(2026, 6).last.isoformat() == "2026-12-31"


def test_review_ranks_children_and_exports(client, tree, who):
    walk(tree, who, S.CLOSED)  # 历下: found and closed on time
    workflow.report_hazard(
        actor=who.foreign_principal, school=tree.foreign, place="p", area="fire", level="general", description="d"
    )
    client.force_login(who.city_leader)
    with clock.travel_to(clock.now() + timedelta(days=10)):  # the foreign county's hazard is now overdue
        response = client.get(f"/org/{tree.city.pk}/review/", {"period": "2026-5"})
    ranking = {row["org"]: row for row in response.context["ranking"]}
    assert ranking[tree.county]["f"]["closed_on_time"] == 1 and ranking[tree.county]["f"]["found"] == 1
    assert ranking[tree.county]["score"] == 100.0
    foreign = ranking[tree.county2]
    assert (foreign["f"]["rectification"], foreign["f"]["not_overdue"], foreign["score"]) == (0.0, 0.0, 0.0)
    assert ranking[tree.other]["score"] is None, "nothing to measure: not ranked"
    assert [row["org"] for row in response.context["ranking"]][-2:] == [tree.county2, tree.other]
    assert response.context["worst"][0]["org"] == tree.county2
    found_link = next(
        link
        for link in links(response.content.decode(), 'id="review-table"')
        if "found_from" in link and f"/org/{tree.county.pk}/" in link
    )
    assert ledger_total(client, found_link) == 1
    pdf = client.get(f"/org/{tree.city.pk}/review.pdf", {"period": "2026-5"})
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).replace(" ", "")
    assert "督查点评" in text and tree.county.name in text
    book = load_workbook(io.BytesIO(client.get(f"/org/{tree.city.pk}/review.xlsx", {"period": "2026-5"}).content))
    rows = {row[1]: row for row in book["排名"].iter_rows(min_row=4, values_only=True)}
    assert rows[tree.county.name][2] == 100.0 and rows[tree.county2.name][2] == 100.0, "today, nothing overdue yet"
    assert len(rows) == 3
    assert client.get(f"/org/{tree.city.pk}/review.doc").status_code == 404


class TestMapScope(ScopeContract):
    def record(self, tree, who):
        return tree.county

    def detail_url(self, obj):
        return f"/org/{obj.pk}/map/data.json"

    @pytest.mark.parametrize("role", ["county_officer", "city_leader", "province_officer"])
    def test_insiders_see_detail(self, tree, who, role):
        super().test_insiders_see_detail(tree, who, role)

    @pytest.mark.parametrize("role", ["principal", "foreign_county_officer", "expert"])
    def test_outsiders_get_404(self, tree, who, role):
        super().test_outsiders_get_404(tree, who, role)


class TestWarningsScope(TestMapScope):
    def detail_url(self, obj):
        return f"/org/{obj.pk}/warnings/"


class TestReviewScope(TestMapScope):
    def detail_url(self, obj):
        return f"/org/{obj.pk}/review/"


class TestReviewPdfScope(TestMapScope):
    def detail_url(self, obj):
        return f"/org/{obj.pk}/review.xlsx"


class TestSchoolCardScope(TestMapScope):
    def record(self, tree, who):
        return tree.school

    def detail_url(self, obj):
        return f"/org/{obj.pk}/card/"

    @pytest.mark.parametrize("role", ["principal", "county_officer", "province_officer"])
    def test_insiders_see_detail(self, tree, who, role):
        super().test_insiders_see_detail(tree, who, role)

    @pytest.mark.parametrize("role", ["sibling_principal", "foreign_county_officer", "expert"])
    def test_outsiders_get_404(self, tree, who, role):
        super().test_outsiders_get_404(tree, who, role)


def test_a_period_once_over_is_published_frozen(client, tree, who):
    """The page, the PDF and the Excel of an ended period agree with the review as published, whatever happens next."""
    from safecampus.core.jobs import run_all
    from safecampus.dashboards.models import ReviewSnapshot

    walk(tree, who, S.CLOSED)
    client.force_login(who.city_leader)
    live = client.get(f"/org/{tree.city.pk}/review/", {"period": "2026-5"})
    assert live.context["published_at"] is None, "a running period is shown live"
    with clock.travel_to(datetime(2026, 11, 1, 0, 5, tzinfo=TZ)):
        assert run_all()["reviews_published"] >= 1  # the tick publishes every bureau's review at once
    snapshot = ReviewSnapshot.objects.get(org=tree.city, period="2026-5")
    with clock.travel_to(datetime(2026, 11, 20, 9, tzinfo=TZ)):
        for _ in range(3):  # new hazards and a passing deadline after publication change nothing
            workflow.report_hazard(
                actor=who.foreign_principal,
                school=tree.foreign,
                place="p",
                area="fire",
                level="general",
                description="d",
            )
        page = client.get(f"/org/{tree.city.pk}/review/", {"period": "2026-5"})
        book = load_workbook(io.BytesIO(client.get(f"/org/{tree.city.pk}/review.xlsx", {"period": "2026-5"}).content))
    assert page.context["published_at"] == snapshot.published_at
    frozen = {row["name"]: row["score"] for row in snapshot.data["ranking"]}
    assert {row["name"]: row["score"] for row in page.context["ranking"]} == frozen
    assert {row[1]: row[2] for row in book["排名"].iter_rows(min_row=4, values_only=True)} == frozen
    assert {row["name"]: row["f"]["open_now"] for row in page.context["ranking"]}[tree.county2.name] == 0
