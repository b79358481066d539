"""The register through its pages and API: scope, bad input (nothing written), counters with zero drift."""

from datetime import timedelta

import pytest

from safecampus.core import clock
from safecampus.core.recount import drift
from safecampus.risks.models import Register, Risk, RiskEvaluation, RiskPoint
from safecampus.risks.services import points, steps
from safecampus.risks.stats import colour_counts
from safecampus.testing import risks as r
from safecampus.testing.scope_contract import ListScopeContract

pytestmark = pytest.mark.django_db


class TestRiskPageScope(ListScopeContract):
    def record(self, tree, who):
        return r.risk(tree, who, factor="宿舍楼疏散通道堵塞")

    def detail_url(self, obj):
        return f"/risks/{obj.pk}/"

    def list_url(self, obj, user):
        return f"/org/{obj.school.pk}/risks/"

    def marker(self, obj):
        return obj.factor


class TestRiskApiScope(TestRiskPageScope):
    api = True

    def detail_url(self, obj):
        return f"/api/v1/risks/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/risks/?page_size=500"


class TestPointPageScope(ListScopeContract):
    def record(self, tree, who):
        return r.point(tree, who, name="化学实验室")

    def detail_url(self, obj):
        return f"/risk-points/{obj.pk}/"

    def list_url(self, obj, user):
        return f"/org/{obj.school.pk}/risks/"

    def marker(self, obj):
        return obj.name

    def test_insider_finds_it_in_list(self, tree, who):
        # The bureau's register lists risks, not points; the school's register lists its points.
        obj = self.record(tree, who)
        response = self.client_for(who.principal).get(f"/org/{tree.school.pk}/risks/")
        assert self.listed(response, obj)


class TestPointApiScope(ListScopeContract):
    api = True

    def record(self, tree, who):
        return r.point(tree, who, name="化学实验室")

    def detail_url(self, obj):
        return f"/api/v1/risks/points/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/risks/points/?page_size=500"


def test_a_school_walks_a_red_risk_through_the_loop_in_the_browser_forms(client, tree, who):
    client.force_login(who.school_safety)
    response = client.post(
        f"/org/{tree.school.pk}/risk-points/new/",
        {
            "name": "锅炉房",
            "kind": "facility",
            "category": "gas_room",
            "responsible_post": "后勤主任",
            "responsible_person": "李明",
        },
    )
    point = RiskPoint.objects.get(name="锅炉房")
    assert response.status_code == 302 and response["Location"] == f"/risk-points/{point.pk}/"
    response = client.post(
        f"/risk-points/{point.pk}/risks/new/",
        {"risk-factor": "锅炉超压", "risk-factor_class": "thing", "risk-accident_type": "explosion"},
    )
    risk = Risk.objects.get(factor="锅炉超压")
    assert response["Location"] == f"/risks/{risk.pk}/"
    client.post(
        f"/risks/{risk.pk}/step/evaluate/",
        {
            "evaluate-stage": "current",
            "evaluate-method": "lec",
            "evaluate-l": "6",
            "evaluate-e": "6",
            "evaluate-c": "15",
        },
    )
    client.post(
        f"/risks/{risk.pk}/step/add_measure/",
        {"add_measure-kind": "engineering", "add_measure-text": "安装超压联锁", "add_measure-owner_post": "司炉工"},
    )
    risk.refresh_from_db()
    assert (risk.grade, risk.score, risk.state, risk.control_level) == ("red", 540, "assessed", "principal")
    client.force_login(who.principal)
    assert client.post(f"/risks/{risk.pk}/step/approve/", {}).status_code == 302
    client.force_login(who.school_safety)
    assert client.post(f"/risks/{risk.pk}/step/publish/", {}).status_code == 302
    client.post(
        f"/risks/{risk.pk}/step/evaluate/",
        {
            "evaluate-stage": "residual",
            "evaluate-method": "lec",
            "evaluate-l": "1",
            "evaluate-e": "6",
            "evaluate-c": "7",
        },
    )
    risk.refresh_from_db()
    assert (risk.state, risk.residual_grade, risk.review_due) == (
        "published",
        "blue",
        clock.today() + timedelta(days=30),
    )
    page = client.get(f"/org/{tree.school.pk}/risks/").content.decode()
    assert "锅炉超压" in page and risk.number in page
    assert [e.verb for e in risk.events.all()] == [
        "identify",
        "evaluate",
        "add_measure",
        "approve",
        "publish",
        "evaluate",
    ]
    assert who.county_officer.notifications.filter(kind="risk").exists(), "the county is told of a red risk"
    assert drift() == []


def test_bad_evaluation_input_names_the_field_and_writes_nothing(client, api, tree, who):
    risk = r.risk(tree, who)
    response = api(who.school_safety).post(
        f"/api/v1/risks/{risk.pk}/evaluate/", {"method": "lec", "l": "5", "e": "6", "c": "15"}, format="json"
    )
    assert response.status_code == 400 and set(response.json()) == {"l"}
    response = api(who.school_safety).post(
        f"/api/v1/risks/{risk.pk}/evaluate/", {"method": "lec", "l": "6", "bogus": 1}, format="json"
    )
    assert response.status_code == 400 and "bogus" in response.json()
    response = api(who.school_safety).post(
        f"/api/v1/risks/{risk.pk}/evaluate/",
        {"stage": "residual", "method": "matrix", "ml": "3", "ms": "9"},
        format="json",
    )
    assert response.status_code == 400 and set(response.json()) == {"stage", "ms"}
    client.force_login(who.school_safety)
    response = client.post(
        f"/risks/{risk.pk}/step/evaluate/", {"evaluate-method": "direct", "evaluate-stage": "current"}
    )
    assert response.status_code == 400
    assert not RiskEvaluation.objects.exists()
    risk.refresh_from_db()
    assert (risk.state, risk.grade) == ("identified", "")


def test_bad_point_input_writes_nothing(api, client, tree, who):
    r.point(tree, who, name="宿舍楼")
    body = {
        "school": tree.school.pk,
        "name": "宿舍楼",
        "kind": "x",
        "category": "dorm",
        "responsible_post": "",
        "responsible_person": "张三",
        "plan_x": 2,
    }
    response = api(who.school_safety).post("/api/v1/risks/points/", body, format="json")
    assert response.status_code == 400 and {"kind", "responsible_post", "plan_x"} <= set(response.json())
    body.update(kind="facility", responsible_post="宿管", plan_x=None)
    response = api(who.school_safety).post("/api/v1/risks/points/", body, format="json")
    assert response.status_code == 400 and "name" in response.json(), "two points of one name"
    response = api(who.school_safety).post(
        "/api/v1/risks/points/", {**body, "school": tree.foreign.pk, "name": "新"}, format="json"
    )
    assert response.status_code == 404
    response = api(who.county_officer).post("/api/v1/risks/points/", {**body, "name": "新"}, format="json")
    assert response.status_code == 403
    assert RiskPoint.objects.count() == 1


def test_counts_per_colour_and_overdue_reviews_come_from_the_counters(tree, who):
    r.published(tree, who, factors=r.LEC_RED, measures=1)
    r.published(tree, who, at=r.point(tree, who, name="配电房"))
    blue = r.assessed(tree, who, at=r.point(tree, who, name="操场"))
    counts = colour_counts(tree.county)
    assert counts["grades"] == {"red": 1, "orange": 0, "yellow": 0, "blue": 2}
    assert (counts["review_overdue"], counts["schools_with_register"], counts["schools_overdue"]) == (0, 1, 0)
    with clock.travel_to(clock.now() + timedelta(days=31)):
        counts = colour_counts(tree.province)
        assert (counts["review_overdue"], counts["schools_overdue"]) == (1, 1), "red is reviewed every 30 days"
    steps.retire(blue, actor=who.school_safety, reason="操场改建")
    assert colour_counts(tree.city)["grades"]["blue"] == 1
    assert Register.objects.get(school=tree.school).points_live == 3
    assert drift() == []


def test_moving_a_point_asks_its_risks_for_reassessment_and_holds_the_review(tree, who):
    risk = r.published(tree, who)
    points.edit_point(risk.point, actor=who.school_safety, place="新食堂二楼")
    risk.refresh_from_db()
    assert risk.needs_reassessment
    with pytest.raises(Exception, match="重新评价|Evaluate the risk again"):
        steps.review(risk, actor=who.school_safety, comment="ok")
    steps.evaluate(risk, actor=who.school_safety, **r.LEC_BLUE)
    risk.refresh_from_db()
    assert (risk.needs_reassessment, risk.state) == ("", "assessed")
    assert drift() == []
