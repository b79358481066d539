"""Every hazard and inspection step × role × state: the steps offered are exactly those that succeed (200); the
others answer 403 (the role) or 409 (the state). Roles outside the area are the scope contract's (404)."""

from datetime import timedelta

import pytest

from safecampus.core import clock
from safecampus.hazards.models import ChecklistItem, HazardState
from safecampus.hazards.services import inspections, oversight, recheck, workflow
from safecampus.hazards.services.common import flow
from safecampus.testing.hazards import days, library, photo, walk
from safecampus.testing.steps import check_steps

pytestmark = pytest.mark.django_db
S = HazardState
ROLES = (
    "staff",
    "school_safety",
    "principal",
    "county_officer",
    "city_leader",
    "city_admin",
    "province_officer",
)


def draft(tree, who):
    from safecampus.hazards.models import Checklist

    if not Checklist.objects.filter(code="T-GENERAL").exists():
        library(tree, who)
    item = ChecklistItem.objects.get(code="ELEC-01")
    return workflow.create_draft(
        actor=who.school_safety,
        school=tree.school,
        inspection=None,
        item=item,
        place="配电间",
        description="未上锁",
        source="self_check",
    )


def pending(tree, who):
    hazard = walk(tree, who, S.RECTIFYING)
    oversight.request_extension(hazard, actor=who.school_safety, new_deadline=days(10), reason="待采购")
    return hazard


def listed(tree, who):
    hazard = walk(tree, who, S.RECTIFYING, "major")
    oversight.list_hazard(hazard, actor=who.city_admin, notice_no="督-1", supervising_unit="市局", deadline=days(20))
    return hazard


def rechecked(tree, who):
    hazard = walk(tree, who, S.CLOSED)
    recheck.select_for_recheck(actor=who.county_officer, org=tree.county, start=days(-1), end=days(1), percent=100)
    return hazard


PAYLOADS = {
    "edit": lambda h: {"place": "配电间", "area": "electricity", "level": h.level, "description": "未上锁"},
    "report": lambda h: {},
    "rectify": lambda h: {
        "owner_name": "王",
        "measures": "加锁",
        "deadline": (h.deadline or days(1)).isoformat(),
        "funds": "0",
        "contingency": "专人值守",
    },
    "submit": lambda h: {"rectification": "已整改", "photos": [photo()]},
    "photos": lambda h: {"photos": [photo()]},
    "verify": lambda h: {},
    "reject": lambda h: {"reason": "不合格"},
    "request_extension": lambda h: {
        "new_deadline": ((h.deadline or clock.today()) + timedelta(days=5)).isoformat(),
        "reason": "待采购",
    },
    "approve_extension": lambda h: {},
    "deny_extension": lambda h: {"note": "不同意"},
    "list": lambda h: {"notice_no": "督-2", "supervising_unit": "省厅", "deadline": days(30).isoformat()},
    "unlist": lambda h: {"reason": "已转交"},
    "reopen": lambda h: {"reason": "反弹", "deadline": days(3).isoformat()},
    "confirm_recheck": lambda h: {},
}


def test_each_hazard_step_offered_is_a_step_that_succeeds(tree, who):
    scenarios = {
        "draft": lambda: draft(tree, who),
        "reported": lambda: walk(tree, who, S.REPORTED),
        "rectifying": lambda: walk(tree, who, S.RECTIFYING),
        "pending extension": lambda: pending(tree, who),
        "major": lambda: walk(tree, who, S.RECTIFYING, "major"),
        "listed": lambda: listed(tree, who),
        "submitted": lambda: walk(tree, who, S.SUBMITTED),
        "closed": lambda: walk(tree, who, S.CLOSED),
        "selected for re-check": lambda: rechecked(tree, who),
    }
    offered = check_steps(
        flow,
        lambda h: f"/api/v1/hazards/{h.pk}/",
        scenarios,
        {role: getattr(who, role) for role in ROLES},
        PAYLOADS,
        multipart={"submit", "photos"},
    )
    # What each role is offered, independently of the declarations: the policy in words.
    assert offered[("draft", "staff")] == {"edit", "report"}
    assert offered[("rectifying", "school_safety")] == {"rectify", "submit", "photos", "request_extension"}
    assert offered[("pending extension", "county_officer")] == {"approve_extension", "deny_extension"}
    assert offered[("submitted", "principal")] == {"verify", "reject"}
    assert offered[("submitted", "school_safety")] == set(), "nobody verifies their own rectification"
    assert offered[("major", "city_admin")] == {"list"} and offered[("major", "county_officer")] == set()
    assert offered[("listed", "city_admin")] == {"unlist"}
    assert offered[("closed", "county_officer")] == {"reopen"}
    assert offered[("selected for re-check", "county_officer")] == {"reopen", "confirm_recheck"}
    assert all(not steps for (scenario, role), steps in offered.items() if role == "city_leader")


def started(tree, who, actor):
    from safecampus.hazards.models import Checklist

    checklist = Checklist.objects.filter(code="T-GENERAL").first() or library(tree, who)
    return inspections.start_inspection(
        actor=actor, school=tree.school, kind="self_check", version=checklist.published()
    )


def test_each_inspection_step_offered_is_a_step_that_succeeds(tree, who):
    def checked():
        inspection = started(tree, who, who.school_safety)
        for result in inspection.results.all():
            inspections.record_result(inspection, actor=who.school_safety, item=result.item_id, outcome="pass")
        return inspection

    def submitted():
        return inspections.submit_inspection(checked(), actor=who.school_safety)

    payloads = {
        "results": lambda i: {"item": i.results.first().item_id, "outcome": "pass"},
        "submit": lambda i: {},
        "add_inspector": lambda i: {"username": who.expert.username},
        "cancel": lambda i: {"reason": "误建"},
    }
    offered = check_steps(
        inspections.flow,
        lambda i: f"/api/v1/inspections/{i.pk}/",
        {
            "items left": lambda: started(tree, who, who.school_safety),
            "all checked": checked,
            "submitted": submitted,
        },
        {role: getattr(who, role) for role in ROLES},
        payloads,
    )
    assert offered[("items left", "school_safety")] == {"results", "cancel"}, "submitting waits for every item"
    assert offered[("all checked", "school_safety")] == {"results", "submit", "cancel"}
    assert offered[("all checked", "county_officer")] == {"results", "submit", "add_inspector", "cancel"}
    assert offered[("all checked", "staff")] == set()
    assert all(not steps for (scenario, _role), steps in offered.items() if scenario == "submitted")


def test_pages_and_api_answer_the_same_contract(client, tree, who, api):
    hazard = walk(tree, who, S.SUBMITTED)
    client.force_login(who.staff)
    assert client.post(f"/hazards/{hazard.pk}/step/verify/", {}).status_code == 403
    client.force_login(who.principal)
    assert client.post(f"/hazards/{hazard.pk}/step/rectify/", {}).status_code == 409
    assert client.post(f"/hazards/{hazard.pk}/step/nonsense/", {}).status_code == 404
    body = {"school": tree.foreign.pk, "place": "p", "area": "fire", "description": "d"}
    assert api(who.principal).post("/api/v1/hazards/", body, format="json").status_code == 404
    start = {"school": tree.foreign.pk, "kind": "self_check", "checklist": 1}
    assert api(who.principal).post("/api/v1/inspections/", start, format="json").status_code == 404
    assert api(who.principal).get(f"/api/v1/inspections/?school={tree.foreign.pk}").status_code == 404
    assert api(who.principal).get(f"/api/v1/inspection-tasks/?school={tree.foreign.pk}").status_code == 404
