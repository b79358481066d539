"""Every incident step × role × state: the steps offered are exactly those that succeed (200); the others answer
403 (the role) or 409 (the state). Roles outside the area are the scope contract's (404)."""

import pytest

from safecampus.incidents.models import Grade
from safecampus.incidents.services import reporting, routing
from safecampus.incidents.services.common import flow
from safecampus.testing.incidents import report
from safecampus.testing.steps import check_steps

pytestmark = pytest.mark.django_db
ROLES = ("staff", "school_safety", "principal", "county_officer", "city_leader", "city_admin", "province_officer")
MORE_SERIOUS = {Grade.ORDINARY: Grade.LARGE, Grade.LARGE: Grade.MAJOR, Grade.MAJOR: Grade.EXTRAORDINARY}


def forwarded(tree, who):
    incident = report(tree, who)
    routing.forward(incident, actor=who.county_officer, org=tree.county)
    return incident


def handled(tree, who):
    incident = report(tree, who)
    return reporting.mark_handled(incident, actor=who.principal)


def closed(tree, who):
    incident = handled(tree, who)
    reporting.final_report(incident, actor=who.principal, cause="c", handling="h", lessons="l")
    return incident


PAYLOADS = {
    "acknowledge": lambda i: {},
    "forward": lambda i: {},
    "follow_up": lambda i: {"note": "伤者已出院"},
    "set_grade": lambda i: {"grade": MORE_SERIOUS.get(i.grade, Grade.EXTRAORDINARY), "reason": "核实"},
    "mark_handled": lambda i: {},
    "final": lambda i: {"cause": "无人看护", "handling": "送医", "lessons": "加强宣传"},
    "flag": lambda i: {"fault": "false", "reason": "调查发现数字不实"},
    "hazard": lambda i: {"place": "河道", "area": "water", "level": "general", "description": "护栏缺失"},
}


def test_each_incident_step_offered_is_a_step_that_succeeds(tree, who):
    scenarios = {
        "just reported": lambda: report(tree, who),
        "forwarded to the city": lambda: forwarded(tree, who),
        "handling ended": lambda: handled(tree, who),
        "closed": lambda: closed(tree, who),
        "in a county's region": lambda: report(
            tree, who, org=tree.county, actor=who.county_officer, category="natural", subtype="flood"
        ),
    }
    offered = check_steps(
        flow,
        lambda i: f"/api/v1/incidents/{i.pk}/",
        scenarios,
        {role: getattr(who, role) for role in ROLES},
        PAYLOADS,
    )
    assert offered[("just reported", "county_officer")] == {
        "acknowledge",
        "forward",
        "follow_up",
        "set_grade",
        "mark_handled",
        "flag",
        "hazard",
    }
    assert offered[("just reported", "principal")] == {"follow_up", "set_grade", "mark_handled", "hazard"}
    assert "final" not in offered[("just reported", "principal")], "the final report follows the end of handling"
    assert offered[("handling ended", "principal")] == {"follow_up", "set_grade", "final", "hazard"}
    assert offered[("forwarded to the city", "city_admin")] >= {"acknowledge"}
    assert "forward" not in offered[("forwarded to the city", "city_admin")], "一般 stops at the city"
    assert offered[("just reported", "staff")] == {"hazard"}
    assert "hazard" not in offered[("in a county's region", "county_officer")]
    assert all(not steps for (scenario, role), steps in offered.items() if role == "city_leader")


def test_pages_and_api_answer_the_same_contract(client, tree, who, api):
    """403 for the wrong role on the page (not a redirect), 409 for the wrong state, 404 for a unit outside the area
    named in a body, 404 for an undeclared verb."""
    incident = report(tree, who)
    client.force_login(who.staff)
    assert client.post(f"/incidents/{incident.pk}/step/flag/", {"flag-fault": "false"}).status_code == 403
    client.force_login(who.principal)
    response = client.post(f"/incidents/{incident.pk}/step/final/", {"final-cause": "c"})
    assert response.status_code == 409 and "报送终报" in response.content.decode()
    assert client.post(f"/incidents/{incident.pk}/step/nonsense/", {}).status_code == 404
    body = {"org": tree.foreign.pk, "category": "accident", "subtype": "drowning", "title": "t"}
    assert api(who.principal).post("/api/v1/incidents/", body, format="json").status_code == 404
    assert api(who.principal).post("/api/v1/incidents/", [], format="json").status_code == 400
