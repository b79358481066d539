"""The alarm lifecycle: one open alarm per device and type (repeats update it), flapping, every clock at its
boundary with a moved clock, escalation along the duty roster, devices going offline and back, a real alarm
putting its risk point out of control and opening a hazard, the review — and no counter drift."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from safecampus.alerts.models import Alarm, AlarmState, AlarmType, Device
from safecampus.alerts.services import alarms, clocks, duty, registry
from safecampus.core import clock, recount
from safecampus.core.exceptions import StateConflict
from safecampus.core.models import Notification
from safecampus.hazards.models import Hazard
from safecampus.testing import alerts as ax
from safecampus.testing import risks as rx

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def site(tree, who):
    return ax.setup(tree, who)


def fire(site, at=None):
    return alarms.raise_alarm(site.smoke, AlarmType.FIRE, value={"smoke": 1}, at=at or clock.now())


def told(user, kind=""):
    rows = Notification.objects.filter(user=user)
    return rows.filter(kind=kind).count() if kind else rows.count()


def test_a_repeat_updates_the_open_alarm_instead_of_making_another(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, new = fire(site)
        second, again = fire(site)
    assert new and not again and first.pk == second.pk
    assert Alarm.objects.get().count == 2
    assert told(site.guard, "alert.raise") == 1  # told once, not per message
    alarms.resolve(first, actor=site.guard, outcome="false", note="水汽")
    third, new = fire(site)
    assert new and third.pk != first.pk  # a resolved alarm is over; the next message opens a new one
    assert recount.drift() == []


def test_flapping_stops_notifying_and_keeps_alarming(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        alarm, _ = fire(site)
        for _ in range(3):  # the rule: more than 6 toggles within 10 minutes
            alarms.clear_alarm(site.smoke, AlarmType.FIRE, at=clock.now())
            fire(site)
        alarm.refresh_from_db()
        assert not alarm.flapping
        alarms.clear_alarm(site.smoke, AlarmType.FIRE, at=clock.now())  # the 7th toggle: flapping
        fire(site)
        fire(site)
    alarm.refresh_from_db()
    assert alarm.flapping and alarm.cleared_at is None and alarm.count == 6
    assert told(site.guard) == 4  # raised, then "again" three times; nothing once flapping
    alarms.clear_alarm(site.smoke, AlarmType.FIRE, at=clock.now())
    alarm.refresh_from_db()
    assert alarm.cleared_at is None  # a flapping alarm does not clear itself: a person resolves it
    assert alarm.events.filter(verb="flapping").count() == 1


def test_acknowledgement_clock_escalates_to_heads_then_the_bureau(site, tree, who, django_capture_on_commit_callbacks):
    alarm, _ = fire(site)
    assert alarm.ack_due_at - alarm.raised_at <= timedelta(minutes=3, seconds=1)  # fire: 3 minutes (rule)
    with django_capture_on_commit_callbacks(execute=True):
        with clock.travel_to(alarm.ack_due_at - timedelta(seconds=2)):
            assert clocks.escalate()["alarm_escalations"] == 0
        with clock.travel_to(alarm.ack_due_at + timedelta(seconds=1)):
            assert clocks.escalate()["alarm_escalations"] == 1
            assert clocks.escalate()["alarm_escalations"] == 0  # once per step
    assert told(who.principal, "alert.escalation") == 1
    assert told(who.county_officer, "alert.escalation") == 0
    with django_capture_on_commit_callbacks(execute=True):
        with clock.travel_to(alarm.ack_due_at + timedelta(minutes=10) - timedelta(seconds=2)):
            assert clocks.escalate()["alarm_escalations"] == 0
        with clock.travel_to(alarm.ack_due_at + timedelta(minutes=10, seconds=1)):
            assert clocks.escalate()["alarm_escalations"] == 1
    assert told(who.county_officer, "alert.escalation") == 1
    alarm.refresh_from_db()
    assert alarm.escalated == 2
    assert list(alarm.events.values_list("verb", flat=True)) == ["raise", "escalate", "escalate"]


def test_escalation_follows_the_duty_roster(site, tree, who, django_capture_on_commit_callbacks):
    from safecampus.testing.factories import member

    night = member(tree.county, "bureau_safety_officer", username="night.officer")
    now = clock.now()
    duty.add_shift(
        actor=who.county_admin, org=tree.county, person=night, starts_at=now, ends_at=now + timedelta(hours=12)
    )
    duty.add_shift(
        actor=who.principal, org=tree.school, person=site.guard, starts_at=now, ends_at=now + timedelta(hours=12)
    )
    with django_capture_on_commit_callbacks(execute=True):
        alarm, _ = fire(site)
        with clock.travel_to(alarm.ack_due_at + timedelta(minutes=11)):
            clocks.escalate()
            clocks.escalate()
    assert told(site.guard, "alert.raise") == 1 and told(who.school_safety, "alert.raise") == 0  # on duty first
    assert told(night, "alert.escalation") == 1 and told(who.county_officer, "alert.escalation") == 0
    with pytest.raises(ValidationError) as raised:
        duty.add_shift(actor=who.principal, org=tree.school, person=who.county_officer, starts_at=now, ends_at=now)
    assert set(raised.value.message_dict) == {"person", "ends_at"}


def test_an_acknowledged_alarm_does_not_escalate_and_keeps_its_times(site, who):
    alarm, _ = fire(site)
    alarms.acknowledge(alarm, actor=site.guard)
    with pytest.raises(StateConflict):
        alarms.acknowledge(alarm, actor=site.guard)
    with clock.travel_to(alarm.ack_due_at + timedelta(hours=1)):
        assert clocks.escalate()["alarm_escalations"] == 0
    alarms.dispatch(alarm, actor=site.guard, person=who.school_safety.pk, note="去二楼看")
    with pytest.raises(ValidationError) as raised:
        alarms.dispatch(alarm, actor=site.guard, person=who.county_officer.pk)
    assert "person" in raised.value.message_dict
    alarms.resolve(alarm, actor=site.guard, outcome="false", note="学生用吹风机")
    alarm.refresh_from_db()
    assert alarm.state == AlarmState.RESOLVED and alarm.dispatched_to == who.school_safety
    assert alarm.minutes(alarm.acknowledged_at) == 0
    with pytest.raises(StateConflict):  # only real alarms are reviewed
        alarms.review(alarm, actor=who.principal, cause="x", lessons="y")
    assert recount.drift() == []


def test_a_silent_device_goes_offline_at_the_rule_and_back_with_a_message(site):
    ax.signed_post(site.gateway, [ax.msg(site.smoke, "heartbeat")])
    heard = Device.objects.get(pk=site.smoke.pk).last_seen_at
    with clock.travel_to(heard + timedelta(minutes=10) - timedelta(seconds=2)):
        assert clocks.mark_offline()["devices_offline"] == 0
    with clock.travel_to(heard + timedelta(minutes=10, seconds=1)):
        assert clocks.mark_offline()["devices_offline"] == 1
    offline = Alarm.objects.get(type=AlarmType.OFFLINE)
    assert offline.severity == "warning" and not Device.objects.get(pk=site.smoke.pk).online
    assert recount.drift() == []
    ax.signed_post(site.gateway, [ax.msg(site.smoke, "heartbeat", id="back")])
    offline.refresh_from_db()
    assert (offline.state, offline.outcome) == (AlarmState.RESOLVED, "restored")
    assert Device.objects.get(pk=site.smoke.pk).online
    assert recount.drift() == []


def test_a_real_alarm_puts_the_risk_point_out_of_control_and_opens_a_hazard(site, tree, who):
    risk = rx.risk(tree, who)
    registry.save_device(actor=who.principal, school=tree.school, device=site.smoke, risk_point=risk.point)
    site.smoke.refresh_from_db()
    alarm, _ = fire(site)
    alarms.resolve(alarm, actor=site.guard, outcome="real", note="宿舍插线板冒烟，已断电")
    risk.refresh_from_db()
    assert risk.out_of_control and "Fire" in risk.out_of_control_reason or "火" in risk.out_of_control_reason
    alarms.open_hazard(alarm, actor=who.school_safety)
    alarm.refresh_from_db()
    hazard = Hazard.objects.get(pk=alarm.hazard_id)
    assert (hazard.source, hazard.level, hazard.school) == ("iot_alarm", "major", tree.school)
    with pytest.raises(StateConflict):
        alarms.open_hazard(alarm, actor=who.school_safety)  # one hazard per alarm
    with pytest.raises(ValidationError) as raised:
        alarms.review(alarm, actor=who.principal, cause=" ", lessons="")
    assert set(raised.value.message_dict) == {"cause", "lessons"}
    alarms.review(alarm, actor=who.principal, cause="插线板过载", lessons="宿舍用电每周检查")
    alarm.refresh_from_db()
    assert alarm.state == AlarmState.REVIEWED
    assert recount.drift() == []


def test_staff_and_outsiders_may_not_handle_alarms(site, who):
    from django.core.exceptions import PermissionDenied

    alarm, _ = fire(site)
    for user in (who.staff, who.sibling_principal, who.foreign_principal):
        with pytest.raises(PermissionDenied):
            alarms.acknowledge(alarm, actor=user)
    alarms.acknowledge(alarm, actor=who.county_officer)  # the bureau may acknowledge for the school
