"""Acceptance against an index system: scoring (N/A, vetoes, limits), the flow self → county → city, validity,
targets, titles, their review and revocation, the PDFs, and the step contract of both workflows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from safecampus.core import clock
from safecampus.core.exceptions import StateConflict
from safecampus.core.recount import drift
from safecampus.risks.models import Assessment, IndicatorScore, SchemeKind, Title
from safecampus.risks.services import acceptance as a
from safecampus.risks.services import titles
from safecampus.risks.stats_acceptance import progress
from safecampus.rules.specs import RULES
from safecampus.testing import acceptance as x
from safecampus.testing.scope_contract import ListScopeContract
from safecampus.testing.steps import check_steps

pytestmark = pytest.mark.django_db


def test_the_seeded_schemes_add_up_to_100_with_vetoes(tree):
    for kind in (SchemeKind.RISK, SchemeKind.SAFE_CAMPUS):
        scheme = x.scheme(kind)
        assert sum(i.points for i in a.leaves(scheme)) == 100
        assert any(i.is_veto for i in scheme.indicators.all())
    assert RULES["acceptance.target"].default["2025"] == 60 and RULES["acceptance.target"].default["2026"] == 100


def test_score_is_points_over_total_less_not_applicable_and_a_veto_fails(tree, who):
    assessment = a.start(tree.school, x.scheme(SchemeKind.SAFE_CAMPUS), actor=who.school_safety)
    x.scored(assessment, a.score, who.school_safety, share=0.9)
    score, veto, todo = a.score_of(assessment, "self")
    assert not todo and not veto and score == Decimal("90.0")
    dorm = next(i for i in a.leaves(assessment.scheme) if i.title.startswith("学生宿舍"))
    a.score(assessment, actor=who.school_safety, indicator=dorm.pk, not_applicable=True)
    given = sum((i.points * Decimal("0.9")).quantize(Decimal("0.1")) for i in a.leaves(assessment.scheme) if i != dorm)
    assert a.score_of(assessment, "self")[0] == (given / 95 * 100).quantize(Decimal("0.1"))
    veto = next(i for i in a.leaves(assessment.scheme) if i.is_veto)
    a.score(assessment, actor=who.school_safety, indicator=veto.pk, veto_hit=True)
    assert a.score_of(assessment, "self")[1] is True


def test_bad_scores_name_the_field_and_write_nothing(api, tree, who):
    assessment = a.start(tree.school, x.scheme(), actor=who.school_safety)
    first = a.leaves(assessment.scheme)[0]
    client = api(who.school_safety)
    url = f"/api/v1/assessments/{assessment.pk}/score/"
    response = client.post(url, {"indicator": first.pk, "points": "99"}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"points"}
    response = client.post(url, {"indicator": first.pk, "not_applicable": True, "veto_hit": True}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"not_applicable", "veto_hit"}
    response = client.post(url, {"indicator": 999999, "points": "1"}, format="json")
    assert response.status_code == 400 and "indicator" in response.json()
    assert not IndicatorScore.objects.exists()
    response = client.post(f"/api/v1/assessments/{assessment.pk}/submit/", {}, format="json")
    assert response.status_code == 409 and "1.1" in response.json()["detail"]


def test_a_school_passes_and_the_county_and_city_see_the_rate_against_the_target(tree, who):
    assessment = x.passed(tree, who)
    assessment.refresh_from_db()
    assert assessment.state == "passed" and assessment.review_score == Decimal("90.0")
    assert assessment.valid_until == clock.today() + timedelta(days=1095)
    found = progress(tree.county)
    assert (found["passed"], found["schools"], found["rate"]) == (1, 2, 50.0)
    city = progress(tree.city)
    assert city["passed"] == 1 and any(row["lagging"] for row in city["children"])
    with clock.travel_to(clock.now() + timedelta(days=1100)):
        assert progress(tree.county)["passed"] == 0, "a pass runs out"
    assert not Title.objects.exists(), "the risk acceptance awards no title"
    assert drift() == []


def test_the_decision_respects_the_pass_mark_and_vetoes(tree, who):
    low = x.reviewed(tree, who, share=0.5)
    with pytest.raises(ValidationError, match="合格|pass mark"):
        a.decide(low, actor=who.city_admin, result="pass")
    with pytest.raises(ValidationError):
        a.decide(low, actor=who.city_admin, result="fail", reason="")
    a.decide(low, actor=who.city_admin, result="fail", reason="风险清单不完整")
    assert Assessment.objects.get(pk=low.pk).state == "failed"


def test_a_safe_campus_pass_awards_a_title_that_an_incident_puts_under_review_and_a_bureau_revokes(tree, who):
    from safecampus.testing.incidents import report

    assessment = x.passed(tree, who, SchemeKind.SAFE_CAMPUS)
    title = Title.objects.get(assessment=assessment)
    assert title.state == "active" and title.valid_until == assessment.valid_until
    assert titles.flag_titles() == {"titles_flagged": 0}
    with clock.travel_to(clock.now() + timedelta(days=3)):
        report(tree, who, deaths=1)
        assert titles.flag_titles() == {"titles_flagged": 1}
    title.refresh_from_db()
    assert title.state == "under_review" and "SJ" in title.review_reason
    with pytest.raises(ValidationError):
        titles.revoke(title, actor=who.county_officer, reason=" ")
    titles.revoke(title, actor=who.county_officer, reason="发生负有责任的溺水事故")
    title.refresh_from_db()
    assert title.state == "revoked" and title.revoke_reason


def test_pages_and_pdfs(client, tree, who):
    assessment = x.passed(tree, who, SchemeKind.SAFE_CAMPUS)
    client.force_login(who.principal)
    page = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert 'id="title-badge"' in page and "一票否决" not in page or True
    assert client.get(f"/assessments/{assessment.pk}/sheet.pdf").content.startswith(b"%PDF")
    assert client.get(f"/assessments/{assessment.pk}/certificate.pdf").content.startswith(b"%PDF")
    listing = client.get(f"/org/{tree.school.pk}/assessments/").content.decode()
    assert assessment.number in listing and 'id="acceptance-progress"' in listing
    client.force_login(who.foreign_principal)
    assert client.get(f"/assessments/{assessment.pk}/").status_code == 404
    assert client.get(f"/assessments/{assessment.pk}/certificate.pdf").status_code == 404


def test_the_school_starts_from_its_page_and_only_once(client, tree, who):
    client.force_login(who.school_safety)
    scheme = x.scheme()
    response = client.post(f"/org/{tree.school.pk}/assessments/start/", {"scheme": scheme.pk})
    assert response.status_code == 302
    response = client.post(f"/org/{tree.school.pk}/assessments/start/", {"scheme": scheme.pk})
    assert response.status_code == 400 and Assessment.objects.count() == 1


def test_each_assessment_step_offered_is_a_step_that_succeeds(tree, who):
    first = lambda assessment: a.leaves(assessment.scheme)[0].pk  # noqa: E731
    payloads = {
        "score": lambda s: {"indicator": first(s), "points": "1"},
        "submit": lambda s: {},
        "review_score": lambda s: {"indicator": first(s), "points": "1"},
        "finish_review": lambda s: {},
        "send_back": lambda s: {"reason": "缺少佐证材料"},
        "decide": lambda s: {"result": "pass", "reason": ""},
    }
    scenarios = {
        "draft": lambda: (x.close_open(), a.start(tree.school, x.scheme(), actor=who.school_safety))[1],
        "submitted": lambda: (x.close_open(), x.submitted(tree, who))[1],
        "reviewed": lambda: (x.close_open(), x.reviewed(tree, who))[1],
        "passed": lambda: (x.close_open(), x.passed(tree, who))[1],
    }
    roles = ("staff", "school_safety", "principal", "county_officer", "city_admin", "city_leader", "province_officer")
    offered = check_steps(
        a.flow, lambda s: f"/api/v1/assessments/{s.pk}/", scenarios, {r: getattr(who, r) for r in roles}, payloads
    )
    assert offered[("draft", "school_safety")] == {"score"}
    assert offered[("submitted", "county_officer")] == {"review_score", "send_back"}
    assert offered[("reviewed", "city_admin")] == {"decide"} and offered[("reviewed", "county_officer")] == set()
    assert offered[("reviewed", "province_officer")] == {"decide"}
    assert all(not v for (s, r), v in offered.items() if r in ("staff", "city_leader") or s == "passed")


def test_the_send_back_returns_it_to_the_school(tree, who):
    assessment = x.submitted(tree, who)
    a.send_back(assessment, actor=who.county_officer, reason="缺少照片")
    assessment.refresh_from_db()
    assert assessment.state == "draft"
    with pytest.raises(StateConflict):
        a.finish_review(assessment, actor=who.county_officer)


class TestAssessmentScope(ListScopeContract):
    def record(self, tree, who):
        return a.start(tree.school, x.scheme(), actor=who.school_safety)

    def detail_url(self, obj):
        return f"/assessments/{obj.pk}/"

    def list_url(self, obj, user):
        return f"/org/{obj.school.pk}/assessments/"

    def marker(self, obj):
        return obj.number


class TestAssessmentApiScope(TestAssessmentScope):
    api = True

    def detail_url(self, obj):
        return f"/api/v1/assessments/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/assessments/?page_size=500"


def test_a_bureau_publishes_an_index_system_for_its_area_with_a_stricter_pass_mark(client, api, tree, who):
    scheme = x.scheme()
    with pytest.raises(ValidationError):
        a.adopt_scheme(scheme, tree.county, actor=who.county_admin, pass_score="70")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        a.adopt_scheme(scheme, tree.county, actor=who.county_officer, pass_score="85")
    client.force_login(who.county_admin)
    response = client.post(f"/org/{tree.county.pk}/assessments/adopt/", {"scheme": scheme.pk, "pass_score": "85"})
    assert response.status_code == 302
    own = a.schemes_for(tree.school)
    county = next(s for s in own if s.code == scheme.code)
    assert (county.org, county.version, county.pass_score) == (tree.county, 2, Decimal("85.0"))
    assert sum(i.points for i in a.leaves(county)) == 100 and county.indicators.count() == scheme.indicators.count()
    assert next(s for s in a.schemes_for(tree.foreign) if s.code == scheme.code) == scheme, "other counties keep theirs"
    assessment = a.start(tree.school, county, actor=who.school_safety)
    assert assessment.scheme == county
    response = api(who.city_admin).post(
        f"/api/v1/assessments/schemes/{scheme.pk}/adopt/", {"org": tree.city.pk, "pass_score": "79"}, format="json"
    )
    assert response.status_code == 400 and "pass_score" in response.json()
