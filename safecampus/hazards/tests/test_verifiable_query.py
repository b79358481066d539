"""`verifiable_q` (the desk's query) finds exactly the hazards `can_verify` allows, under overridden verifier rules,
listings and the lone-verifier fallback."""

import random

import pytest

from safecampus.core.access import Role
from safecampus.hazards.models import Hazard, HazardState
from safecampus.hazards.permissions import can_verify, verifiable_q
from safecampus.hazards.services import oversight, workflow
from safecampus.rules.services import set_rule
from safecampus.testing.factories import member
from safecampus.testing.hazards import days, photo, plan_fields, walk

pytestmark = pytest.mark.django_db


def test_the_query_agrees_with_the_check_for_every_user_and_hazard(tree, who, settings):
    rng = random.Random(5)
    vice = member(tree.school, Role.SAFETY_LEAD, username="vice.principal")
    sibling_officer = member(tree.sibling, Role.SAFETY_OFFICER, username="safety.sibling")
    # The school's county lets only a safety lead verify general hazards; Jinan's city verifies majors itself.
    set_rule(
        "hazard.verifier.general",
        {"roles": ["safety_lead"], "level": "school"},
        actor=who.county_admin,
        org=tree.county,
    )
    set_rule(
        "hazard.verifier.major",
        {"roles": ["bureau_safety_officer", "bureau_admin"], "level": "city"},
        actor=who.city_admin,
        org=tree.city,
    )
    hazards = []
    for school, level in [(tree.school, "general"), (tree.school, "major"), (tree.sibling, "general")] * 2:
        hazard = walk(tree, who, HazardState.RECTIFYING, level, school=school) if school == tree.school else None
        if hazard is None:
            hazard = workflow.report_hazard(
                actor=who.sibling_principal, school=school, place="p", area="fire", level=level, description="d"
            )
            hazard = workflow.rectify(hazard, actor=sibling_officer, **plan_fields(level))
            hazard = workflow.submit(
                hazard, actor=rng.choice([sibling_officer, who.sibling_principal]), rectification="r", photos=[photo()]
            )
        else:
            submitter = rng.choice([who.school_safety, who.principal, vice])
            hazard = workflow.submit(hazard, actor=submitter, rectification="r", photos=[photo()])
        hazards.append(hazard)
    major = walk(tree, who, HazardState.RECTIFYING, "major")
    oversight.list_hazard(
        major, actor=who.province_officer, notice_no="督-9", supervising_unit="省厅", deadline=days(9)
    )
    hazards.append(workflow.submit(major, actor=who.school_safety, rectification="r", photos=[photo()]))
    users = [
        who.principal,
        vice,
        who.school_safety,
        who.staff,
        who.county_officer,
        who.county_admin,
        who.city_admin,
        who.city_leader,
        who.province_officer,
        who.sibling_principal,
        sibling_officer,
        who.foreign_county_officer,
    ]
    submitted = list(Hazard.objects.filter(state=HazardState.SUBMITTED).select_related("school", "listed_by"))
    assert len(submitted) == len(hazards)
    for user in users:
        by_query = set(Hazard.objects.filter(verifiable_q(user)).values_list("pk", flat=True))
        by_check = {hazard.pk for hazard in submitted if can_verify(user, hazard)}
        assert by_query == by_check, (user.username, by_query, by_check)
    assert any(Hazard.objects.filter(verifiable_q(user)).exists() for user in (who.city_admin, who.county_officer))
