"""The hazard state machine: every step per role (403), per state (409), data rules (400)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safecampus.core.exceptions import StateConflict
from safecampus.hazards.models import Hazard, HazardEvent, HazardState
from safecampus.hazards.models.hazards import overdue_q
from safecampus.hazards.services import oversight, workflow
from safecampus.rules.services import set_rule
from safecampus.testing.hazards import days, new_hazard, photo, plan_fields, walk

pytestmark = pytest.mark.django_db
S = HazardState


def steps(hazard):
    return [(e.verb, e.from_state, e.to_state) for e in HazardEvent.objects.filter(hazard=hazard).order_by("id")]


def test_full_loop_for_a_general_hazard(tree, who):
    hazard = walk(tree, who, S.CLOSED)
    assert hazard.state == S.CLOSED and hazard.closed_by == who.principal and hazard.closed_on_time
    assert steps(hazard) == [
        ("report", "", "reported"),
        ("rectify", "reported", "rectifying"),
        ("submit", "rectifying", "submitted"),
        ("verify", "submitted", "closed"),
    ]
    assert all(e.actor for e in HazardEvent.objects.filter(hazard=hazard))
    assert hazard.history.count() == 4


def test_default_deadline_comes_from_the_rules(tree, who):
    assert new_hazard(tree, who).deadline == days(7)
    assert new_hazard(tree, who, "major").deadline == days(60)
    set_rule("hazard.deadline_days.general", 3, actor=who.county_admin, org=tree.county)
    assert new_hazard(tree, who).deadline == days(3)


def test_major_plan_needs_all_five_parts(tree, who):
    hazard = new_hazard(tree, who, "major")
    with pytest.raises(ValidationError) as error:
        workflow.rectify(hazard, actor=who.school_safety, **plan_fields("general"))
    assert set(error.value.message_dict) == {"funds", "contingency"}
    with pytest.raises(ValidationError) as error:
        workflow.rectify(hazard, actor=who.school_safety, owner_name="", measures="", deadline=None)
    assert {"owner_name", "measures", "deadline"} <= set(error.value.message_dict)
    assert Hazard.objects.get(pk=hazard.pk).state == S.REPORTED


def test_plan_deadline_cannot_pass_the_limit_or_the_past(tree, who):
    hazard = new_hazard(tree, who)
    for bad in (days(-1), days(8)):
        with pytest.raises(ValidationError) as error:
            workflow.rectify(hazard, actor=who.school_safety, **{**plan_fields(), "deadline": bad})
        assert "deadline" in error.value.message_dict


@pytest.mark.parametrize("role", ["staff", "county_officer", "city_leader", "sibling_principal"])
def test_only_school_managers_rectify(tree, who, role):
    hazard = new_hazard(tree, who)
    with pytest.raises(PermissionDenied):
        workflow.rectify(hazard, actor=getattr(who, role), **plan_fields())


def test_submit_needs_text_and_a_real_photo(tree, who):
    hazard = walk(tree, who, S.RECTIFYING)
    with pytest.raises(ValidationError) as error:
        workflow.submit(hazard, actor=who.school_safety, rectification="已整改")
    assert "photos" in error.value.message_dict
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.jpg", b"not really a jpeg", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        workflow.submit(hazard, actor=who.school_safety, rectification="已整改", photos=[fake])
    assert "x.jpg" in " ".join(error.value.message_dict["photos"])
    set_rule("hazard.evidence.max_mb", 0, actor=who.county_admin, org=tree.county)
    with pytest.raises(ValidationError):
        workflow.submit(hazard, actor=who.school_safety, rectification="已整改", photos=[photo()])
    assert Hazard.objects.get(pk=hazard.pk).state == S.RECTIFYING and not hazard.photos.exists()


def test_nobody_verifies_their_own_rectification(tree, who):
    from safecampus.core.access import Role
    from safecampus.orgs.models import Membership

    Membership.objects.create(user=who.principal, org=tree.school, role=Role.SAFETY_OFFICER)
    hazard = walk(tree, who, S.RECTIFYING)
    workflow.submit(hazard, actor=who.principal, rectification="校长亲自整改", photos=[photo()])
    with pytest.raises(PermissionDenied):
        workflow.verify(hazard, actor=who.principal)


@pytest.mark.parametrize(
    "level, allowed, refused",
    [
        ("general", ["principal"], ["school_safety", "staff", "county_officer", "sibling_principal"]),
        ("major", ["county_officer", "county_admin"], ["principal", "school_safety", "foreign_county_officer"]),
    ],
)
def test_who_verifies_is_a_rule(tree, who, level, allowed, refused):
    for role in refused:
        hazard = walk(tree, who, S.SUBMITTED, level)
        with pytest.raises(PermissionDenied):
            workflow.verify(hazard, actor=getattr(who, role))
    for role in allowed:
        hazard = walk(tree, who, S.SUBMITTED, level)
        assert workflow.verify(hazard, actor=getattr(who, role)).state == S.CLOSED


def test_verifier_rule_can_be_changed_per_subtree(tree, who):
    set_rule(
        "hazard.verifier.general",
        {"roles": ["bureau_safety_officer"], "level": "county"},
        actor=who.city_admin,
        org=tree.city,
    )
    hazard = walk(tree, who, S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        workflow.verify(hazard, actor=who.principal)
    assert workflow.verify(hazard, actor=who.county_officer).state == S.CLOSED


@pytest.mark.parametrize(
    "state, verb",
    [
        (S.REPORTED, "submit"),
        (S.REPORTED, "verify"),
        (S.RECTIFYING, "verify"),
        (S.CLOSED, "rectify"),
        (S.CLOSED, "submit"),
        (S.CLOSED, "reject"),
        (S.SUBMITTED, "rectify"),
    ],
)
def test_steps_from_the_wrong_state_conflict(tree, who, state, verb):
    hazard = walk(tree, who, state)
    calls = {
        "submit": lambda: workflow.submit(hazard, actor=who.school_safety, rectification="x", photos=[photo()]),
        "verify": lambda: workflow.verify(hazard, actor=who.principal),
        "reject": lambda: workflow.reject(hazard, actor=who.principal, reason="x"),
        "rectify": lambda: workflow.rectify(hazard, actor=who.school_safety, **plan_fields()),
    }
    with pytest.raises(StateConflict):
        calls[verb]()
    assert Hazard.objects.get(pk=hazard.pk).state == state


def test_reject_needs_a_reason_and_returns_to_rectifying(tree, who):
    hazard = walk(tree, who, S.SUBMITTED)
    with pytest.raises(ValidationError):
        workflow.reject(hazard, actor=who.principal, reason=" ")
    hazard = workflow.reject(hazard, actor=who.principal, reason="照片看不清")
    assert hazard.state == S.RECTIFYING
    assert HazardEvent.objects.filter(hazard=hazard, verb="reject").get().comment == "照片看不清"


def test_extension_is_decided_by_the_level_above(tree, who):
    hazard = walk(tree, who, S.RECTIFYING)
    with pytest.raises(ValidationError):
        oversight.request_extension(hazard, actor=who.school_safety, new_deadline=hazard.deadline, reason="材料未到")
    with pytest.raises(ValidationError):
        oversight.request_extension(hazard, actor=who.school_safety, new_deadline=days(200), reason="材料未到")
    oversight.request_extension(hazard, actor=who.school_safety, new_deadline=days(20), reason="材料未到")
    with pytest.raises(StateConflict):
        oversight.request_extension(hazard, actor=who.school_safety, new_deadline=days(21), reason="again")
    with pytest.raises(PermissionDenied):
        oversight.approve_extension(hazard, actor=who.principal)
    with pytest.raises(PermissionDenied):
        oversight.approve_extension(hazard, actor=who.foreign_county_officer)
    oversight.approve_extension(hazard, actor=who.county_officer)
    assert Hazard.objects.get(pk=hazard.pk).deadline == days(20)
    with pytest.raises(StateConflict):
        oversight.approve_extension(hazard, actor=who.county_officer)


def test_listing_by_city_and_acceptance_window(tree, who):
    hazard = walk(tree, who, S.RECTIFYING, "major")
    with pytest.raises(PermissionDenied):
        oversight.list_hazard(
            hazard, actor=who.county_officer, notice_no="N1", supervising_unit="市教育局", deadline=days(30)
        )
    general = walk(tree, who, S.RECTIFYING)
    with pytest.raises(StateConflict):
        oversight.list_hazard(
            general, actor=who.city_admin, notice_no="N1", supervising_unit="市教育局", deadline=days(30)
        )
    listing = oversight.list_hazard(
        hazard, actor=who.city_admin, notice_no="济教督〔2026〕1号", supervising_unit="济南市教育局", deadline=days(30)
    )
    assert listing.accept_by == days(40) and listing.listed_by == tree.city
    hazard.refresh_from_db()
    assert hazard.listed_by == tree.city and hazard.deadline == days(30)
    with pytest.raises(StateConflict):
        oversight.list_hazard(
            hazard, actor=who.province_admin, notice_no="N2", supervising_unit="省教育厅", deadline=days(30)
        )
    workflow.submit(hazard, actor=who.school_safety, rectification="已整改", photos=[photo()])
    with pytest.raises(PermissionDenied):
        workflow.verify(hazard, actor=who.county_officer)
    workflow.verify(hazard, actor=who.city_admin)
    listing.refresh_from_db()
    assert listing.ended_at and listing.end_reason == "closed"


def test_unlist_and_reopen(tree, who):
    hazard = walk(tree, who, S.RECTIFYING, "major")
    oversight.list_hazard(hazard, actor=who.city_admin, notice_no="N", supervising_unit="市", deadline=days(30))
    with pytest.raises(PermissionDenied):
        oversight.unlist(hazard, actor=who.county_officer, reason="x")
    assert oversight.unlist(hazard, actor=who.city_admin, reason="误列").listed_by is None
    closed = walk(tree, who, S.CLOSED)
    with pytest.raises(PermissionDenied):
        oversight.reopen(closed, actor=who.principal, reason="x", deadline=days(5))
    reopened = oversight.reopen(closed, actor=who.county_officer, reason="回头看发现未整改到位", deadline=days(5))
    assert reopened.state == S.RECTIFYING and reopened.reopen_count == 1 and reopened.closed_at is None


def test_overdue_at_the_exact_deadline_boundary(tree, who):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from safecampus.core import clock

    hazard = walk(tree, who, S.RECTIFYING)
    deadline = hazard.deadline
    tz = ZoneInfo("Asia/Shanghai")
    last_moment = datetime.combine(deadline, time(23, 59, 59), tz)
    with clock.travel_to(last_moment):
        assert not hazard.is_overdue(clock.today())
        assert not Hazard.objects.filter(overdue_q(clock.today())).filter(pk=hazard.pk).exists()
    with clock.travel_to(last_moment + timedelta(seconds=1)):
        assert hazard.is_overdue(clock.today())
        assert Hazard.objects.filter(overdue_q(clock.today())).filter(pk=hazard.pk).exists()


def test_closing_late_is_recorded(tree, who):
    from safecampus.core import clock

    hazard = walk(tree, who, S.SUBMITTED)
    with clock.travel_to(clock.now() + timedelta(days=10)):
        assert workflow.verify(hazard, actor=who.principal).closed_on_time is False


def test_event_rows_are_append_only(tree, who):
    event = HazardEvent.objects.filter(hazard=walk(tree, who, S.REPORTED)).first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
