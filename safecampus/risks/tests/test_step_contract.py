"""Every risk step × role × state: the steps offered are exactly those that succeed (200); the others answer 403
(the role) or 409 (the state). Roles outside the area are the scope contract's (404)."""

import pytest

from safecampus.core.access import Role
from safecampus.hazards.models import HazardState
from safecampus.risks.services import control, steps
from safecampus.risks.services.common import flow
from safecampus.testing import risks as r
from safecampus.testing.factories import member
from safecampus.testing.hazards import walk
from safecampus.testing.steps import check_steps

pytestmark = pytest.mark.django_db
ROLES = (
    "staff",
    "school_safety",
    "safety_lead",
    "principal",
    "county_officer",
    "city_leader",
    "city_admin",
    "province_officer",
)

PAYLOADS = {
    "evaluate": lambda risk: r.LEC_BLUE,
    "add_measure": lambda risk: r.MEASURE,
    "approve": lambda risk: {},
    "publish": lambda risk: {},
    "review": lambda risk: {"comment": "措施有效，无变化"},
    "retire": lambda risk: {"reason": "燃气间已拆除"},
    "lose_control": lambda risk: {"reason": "燃气报警器周检漏做"},
    "list_for_supervision": lambda risk: {"reason": "限期七日恢复管控"},
    "end_supervision": lambda risk: {},
    "regain_control": lambda risk: {"reason": "已补做检测并更换探头"},
}


def retired(tree, who):
    found = r.risk(tree, who)
    steps.retire(found, actor=who.school_safety, reason="误登记")
    return found


def out_of_control(tree, who):
    found = r.published(tree, who, factors=r.LEC_RED, measures=1)
    steps.lose_control(found, actor=who.county_officer, reason="督查发现报警器失效")
    return found


def listed_and_back(tree, who):
    found = out_of_control(tree, who)
    control.list_for_supervision(found, actor=who.city_admin, reason="挂牌督办")
    steps.regain_control(found, actor=who.school_safety, reason="已更换报警器")
    return found


def test_each_risk_step_offered_is_a_step_that_succeeds(tree, who):
    who.safety_lead = member(tree.school, Role.SAFETY_LEAD)
    hazard = walk(tree, who, HazardState.REPORTED)
    PAYLOADS["link_hazard"] = lambda risk: {"number": hazard.number}
    scenarios = {
        "identified": lambda: r.risk(tree, who),
        "assessed blue": lambda: r.assessed(tree, who),
        "assessed orange, one measure": lambda: r.assessed(
            tree, who, {"stage": "current", "method": "matrix", "ml": "3", "ms": "4"}, measures=1
        ),
        "assessed red, no measure": lambda: r.assessed(tree, who, r.LEC_RED),
        "assessed red, one measure": lambda: r.assessed(tree, who, r.LEC_RED, measures=1),
        "approved": lambda: r.approved(tree, who),
        "published": lambda: r.published(tree, who),
        "retired": lambda: retired(tree, who),
        "published, out of control": lambda: out_of_control(tree, who),
        "listed, back under control": lambda: listed_and_back(tree, who),
    }
    offered = check_steps(
        flow,
        lambda risk: f"/api/v1/risks/{risk.pk}/",
        scenarios,
        {role: getattr(who, role) for role in ROLES},
        PAYLOADS,
    )
    assert offered[("identified", "school_safety")] == {
        "evaluate",
        "add_measure",
        "link_hazard",
        "lose_control",
        "retire",
    }
    assert offered[("assessed blue", "school_safety")] == {
        "evaluate",
        "add_measure",
        "approve",
        "link_hazard",
        "lose_control",
        "retire",
    }
    assert "approve" not in offered[("assessed red, no measure", "principal")], "a red risk needs a measure first"
    assert "approve" in offered[("assessed red, one measure", "principal")]
    assert "approve" not in offered[("assessed red, one measure", "safety_lead")], "red is the principal's"
    assert "approve" not in offered[("assessed orange, one measure", "school_safety")]
    assert offered[("published", "school_safety")] == {
        "evaluate",
        "add_measure",
        "review",
        "link_hazard",
        "lose_control",
        "retire",
    }
    assert offered[("published", "county_officer")] == {"lose_control"}, "a bureau flags what it sees on a visit"
    assert offered[("published, out of control", "principal")] >= {"regain_control"}
    assert "lose_control" not in offered[("published, out of control", "county_officer")]
    assert offered[("retired", "principal")] == set()
    assert {key: verbs for key, verbs in offered.items() if verbs and key[1] in ("staff", "city_leader")} == {}
    bureau = [verbs for (scenario, role), verbs in offered.items() if role in ("county_officer", "province_officer")]
    supervision = {"lose_control", "list_for_supervision", "end_supervision"}
    assert all(verbs <= supervision for verbs in bureau), "a bureau flags and supervises, nothing else"
    assert "list_for_supervision" in offered[("published, out of control", "city_admin")]
    assert "list_for_supervision" not in offered[("published, out of control", "county_officer")]
    assert offered[("listed, back under control", "city_admin")] >= {"end_supervision"}


def test_pages_answer_the_same_contract(client, tree, who):
    found = r.assessed(tree, who, r.LEC_RED)
    client.force_login(who.staff)
    assert client.post(f"/risks/{found.pk}/step/retire/", {"retire-reason": "x"}).status_code == 403
    client.force_login(who.principal)
    response = client.post(f"/risks/{found.pk}/step/approve/", {})
    assert response.status_code == 409 and "至少" in response.content.decode()
    response = client.post(f"/risks/{found.pk}/step/publish/", {})
    assert response.status_code == 409
    assert client.post(f"/risks/{found.pk}/step/nonsense/", {}).status_code == 404
    client.force_login(who.school_safety)
    response = client.post(f"/risks/{found.pk}/step/approve/", {})
    assert response.status_code == 403 and "校长" in response.content.decode()
