"""The ledgers' services: who may keep them, every field at fault named at once with nothing written, the
school's profile (guards needed and in post, baseline, cover and its gaps), findings made hazards, the daily job,
and no counter drift after each."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safecampus.core import clock, recount
from safecampus.core.models import Counter, Notification
from safecampus.facilities.dashboard import facility_figures, without_guard
from safecampus.facilities.models import Bus, BusDriver, Guard, SecurityProfile
from safecampus.facilities.services import daily, findings, profile, records, steps
from safecampus.hazards.models import Hazard
from safecampus.rules.models import Rule
from safecampus.testing import facilities as fx
from safecampus.testing.hazards import photo

pytestmark = pytest.mark.django_db


def figures(org):
    return facility_figures([org], clock.today())[org.pk]


def test_only_the_schools_keepers_add_records(tree, who):
    for role in ("staff", "county_officer", "sibling_principal", "foreign_principal"):
        with pytest.raises(PermissionDenied):
            fx.add("guard", tree.school, getattr(who, role))
    assert fx.add("guard", tree.school, who.school_safety).name == "张建国"
    assert Guard.objects.count() == 1


def test_every_field_at_fault_is_named_and_nothing_is_written(tree, who):
    bad = fx.values(
        "bus",
        plate="ABC",
        seats=3,
        inspected_on=clock.today() + timedelta(days=1),
        licence_until="not a day",
    )
    with pytest.raises(ValidationError) as raised:
        records.save_record("bus", actor=who.principal, school=tree.school, values=bad)
    assert set(raised.value.message_dict) == {"plate", "seats", "inspected_on", "licence_until"}
    with pytest.raises(ValidationError) as raised:
        records.save_record("bus", actor=who.principal, school=tree.school, values={**fx.values("bus"), "colour": 1})
    assert "colour" in raised.value.message_dict
    assert Bus.objects.count() == 0
    assert not Counter.objects.filter(metric__startswith="fac.bus").exists()


def test_a_plate_once_per_school_and_a_food_licence_checked(tree, who):
    fx.add("bus", tree.school, who.principal)
    with pytest.raises(ValidationError) as raised:
        fx.add("bus", tree.school, who.principal, plate="鲁a12345")
    assert "plate" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        fx.add("canteen", tree.school, who.principal, licence_no="JY123")
    assert "licence_no" in raised.value.message_dict


def test_guards_required_against_actual_and_the_schools_without_one(tree, who):
    school = tree.school  # 900 students, 0 staff in the test tree: 168号 gives 2
    assert profile.profile_of(school).guards_required == 2
    assert school.pk in without_guard(tree.county, clock.today())
    assert figures(tree.county)["fac_guards_none"] >= 1
    guard = fx.add("guard", school, who.principal)
    fx.add("guard", school, who.principal, name="李四", full_time=False)
    prof = SecurityProfile.objects.get(school=school)
    assert (prof.guards_full_time, prof.guards_required) == (1, 2)
    assert school.pk not in without_guard(tree.county, clock.today())
    assert figures(school)["fac_guards_short"] == 1
    steps.retire_record(guard, actor=who.principal, retired_on=clock.today(), reason="离职")
    assert SecurityProfile.objects.get(school=school).guards_full_time == 0
    assert Guard.objects.filter(pk=guard.pk, is_active=False).exists()  # kept, with its history
    assert Guard.history.filter(id=guard.pk).count() == 2
    assert recount.drift() == []


def test_boarders_may_not_exceed_students(tree, who):
    with pytest.raises(ValidationError) as raised:
        profile.set_boarders(tree.school, actor=who.principal, boarders=901)
    assert "boarders" in raised.value.message_dict
    with pytest.raises(ValidationError):
        profile.set_boarders(tree.school, actor=who.principal, boarders="-1")
    assert profile.set_boarders(tree.school, actor=who.principal, boarders=300).boarders == 300


def test_insurance_cover_gaps_and_lapse(tree, who):
    today = clock.today()
    school = tree.school
    profile.profile_of(school)  # made by the daily job for every school
    assert not findings.insurance_state(school)["covered"]
    assert figures(tree.county)["fac_uninsured"] >= 1
    fx.add(
        "insurance", school, who.principal, starts_on=today - timedelta(days=300), ends_on=today + timedelta(days=10)
    )
    state = findings.insurance_state(school)
    assert state["covered"] and state["soon"] and state["lapses_on"] == today + timedelta(days=11)
    assert figures(school)["fac_uninsured"] == 0
    assert figures(school)["fac_uninsured_soon"] == 1
    # The renewal leaves a gap of 5 days: covered again after it.
    fx.add(
        "insurance",
        school,
        who.principal,
        number="PZAA202737010200001",
        starts_on=today + timedelta(days=16),
        ends_on=today + timedelta(days=380),
    )
    prof = SecurityProfile.objects.get(school=school)
    assert (prof.gap_from, prof.gap_until) == (today + timedelta(days=11), today + timedelta(days=16))
    assert prof.lapse_from == today + timedelta(days=381)
    with pytest.raises(ValidationError) as raised:
        fx.add("insurance", school, who.principal, number="X1", starts_on=today, ends_on=today - timedelta(days=1))
    assert "ends_on" in raised.value.message_dict
    assert recount.drift() == []


def test_baseline_needs_evidence_when_met_and_counts_coverage(tree, who):
    school = tree.school
    with pytest.raises(ValidationError) as raised:
        profile.record_baseline(school, actor=who.principal, item="alarm", met=True, checked_on=clock.today())
    assert "evidence" in raised.value.message_dict
    for item in ("closed_campus", "guards", "alarm", "video"):
        profile.record_baseline(
            school,
            actor=who.principal,
            item=item,
            met=True,
            checked_on=clock.today(),
            evidence=photo("报警.png"),
        )
    assert figures(school)["fac_baseline_all"] == 100.0
    profile.record_baseline(school, actor=who.principal, item="video", met=False, checked_on=clock.today())
    county = figures(tree.county)
    assert county["fac_baseline_video"] < county["fac_baseline_alarm"]
    assert recount.drift() == []


def test_a_finding_becomes_a_major_hazard_once(tree, who):
    school = tree.school
    driver = fx.add("driver", school, who.principal, birth_date=fx.years_ago(62))
    hazard = findings.register_hazard(driver, "age_high", actor=who.principal)
    assert hazard.level == "major" and hazard.area == "school_bus"
    assert "李师傅" in hazard.description
    with pytest.raises(ValidationError):
        findings.register_hazard(BusDriver.objects.get(pk=driver.pk), "age_high", actor=who.principal)
    with pytest.raises(ValidationError):
        findings.register_hazard(driver, "points", actor=who.principal)  # not failing
    assert Hazard.objects.count() == 1
    assert recount.drift() == []


def test_the_daily_job_follows_a_rule_change_and_warns_once(tree, who):
    school = tree.school
    driver = fx.add("driver", school, who.principal, birth_date=fx.years_ago(58, days=-20))
    assert driver.fail_from is not None and driver.fail_from > clock.today()
    # The county lowers the oldest age to 56 (over it from the 57th birthday): the driver fails after the next run.
    Rule.objects.create(
        key="facilities.bus.driver",
        org=tree.county,
        value={"min_age": 25, "max_age": 56, "years_driving": 3, "review_days": 365},
        title="t",
    )
    daily.refresh_stale(clock.today())
    driver.refresh_from_db()
    assert driver.fail_from <= clock.today()
    assert recount.drift() == []
    # A bus whose inspection falls due within the warn days: one notification, not one per run.
    fx.add("bus", school, who.principal, inspected_on=clock.today() - timedelta(days=170))
    assert daily.send_warnings(clock.today()) >= 1
    sent = Notification.objects.filter(kind="facilities.expiry").count()
    assert sent >= 1
    daily.send_warnings(clock.today())
    assert Notification.objects.filter(kind="facilities.expiry").count() == sent


def test_a_profile_for_every_school_and_no_drift(tree, who):
    daily.refresh_stale(clock.today())
    from safecampus.orgs.models import OrgUnit

    schools = OrgUnit.objects.filter(level="school", is_active=True).count()
    assert SecurityProfile.objects.count() == schools
    assert figures(tree.province)["fac_schools"] == schools
    assert recount.drift() == []
    assert daily.refresh_stale(clock.today())["facility_profiles"] == 0  # nothing moved: nothing to do


def test_the_warning_list_counts_what_fails_and_what_expires_soon(tree, who):
    from safecampus.dashboards.warnings import warning_list

    profile.profile_of(tree.school)
    fx.add("bus", tree.school, who.principal, licence_until=clock.today() + timedelta(days=10))
    fx.add("bus", tree.school, who.principal, plate="鲁A54321", first_aid_kit=False)
    rows = {row["school_id"]: row for row in warning_list(tree.county, clock.today())["rows"]}
    parts = {part["part"].key: part["count"] for part in rows[tree.school.pk]["parts"]}
    assert parts["fac_no_guard"] == 1 and parts["fac_uninsured"] == 1
    assert parts["fac_failing"] == 1 and parts["fac_expiring"] == 1
