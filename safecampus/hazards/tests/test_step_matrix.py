"""Every step × every role through the API: allowed (200), not your role (403), not your area (404)."""

import pytest

from safecampus.hazards.models import HazardState
from safecampus.hazards.services import oversight
from safecampus.testing.hazards import days, photo, walk

pytestmark = pytest.mark.django_db
S = HazardState
ROLES = [
    "staff",
    "school_safety",
    "principal",
    "county_officer",
    "city_leader",
    "city_admin",
    "province_officer",
    "sibling_principal",
    "foreign_county_officer",
]
OUTSIDE = {"sibling_principal", "foreign_county_officer"}


def pending_extension(tree, who):
    hazard = walk(tree, who, S.RECTIFYING)
    oversight.request_extension(hazard, actor=who.school_safety, new_deadline=days(10), reason="待采购")
    return hazard


STEPS = {
    "rectify": (
        lambda t, w: walk(t, w, S.REPORTED),
        {"owner_name": "王", "measures": "加锁", "deadline": days(1).isoformat()},
        {"school_safety", "principal"},
    ),
    "submit": (lambda t, w: walk(t, w, S.RECTIFYING), "photo", {"school_safety", "principal"}),
    "verify": (lambda t, w: walk(t, w, S.SUBMITTED), {}, {"principal"}),
    "reject": (lambda t, w: walk(t, w, S.SUBMITTED), {"reason": "不合格"}, {"principal"}),
    "request_extension": (
        lambda t, w: walk(t, w, S.RECTIFYING),
        {"new_deadline": days(9).isoformat(), "reason": "待采购"},
        {"school_safety", "principal"},
    ),
    "approve_extension": (pending_extension, {}, {"county_officer", "city_admin", "province_officer"}),
    "deny_extension": (pending_extension, {"note": "不同意"}, {"county_officer", "city_admin", "province_officer"}),
    "list": (
        lambda t, w: walk(t, w, S.RECTIFYING, "major"),
        {"notice_no": "N1", "supervising_unit": "督办单位", "deadline": days(20).isoformat()},
        {"city_admin", "province_officer"},
    ),
    "reopen": (
        lambda t, w: walk(t, w, S.CLOSED),
        {"reason": "反弹", "deadline": days(3).isoformat()},
        {"county_officer", "city_admin", "province_officer"},
    ),
}


@pytest.mark.parametrize("verb", list(STEPS))
def test_each_role_on_each_step(tree, who, api, verb):
    make, payload, allowed = STEPS[verb]
    for role in ROLES:
        hazard = make(tree, who)
        url = f"/api/v1/hazards/{hazard.pk}/{verb}/"
        client = api(getattr(who, role))
        if payload == "photo":
            response = client.post(url, {"rectification": "已整改", "photos": [photo()]}, format="multipart")
        else:
            response = client.post(url, payload, format="json")
        expected = 404 if role in OUTSIDE else 200 if role in allowed else 403
        assert response.status_code == expected, (verb, role, response.status_code, response.content[:200])
