"""Raising alarms (idempotent per device and type: a repeat updates the open one), a device's own "back to
normal", flapping, and the lifecycle steps people take: acknowledge → dispatch → resolve → review."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from safecampus.core import clock, counting
from safecampus.core.access import Perm
from safecampus.core.history import stamp
from safecampus.core.steps import holds
from safecampus.rules.services import rule_value

from ..models import OPEN_STATES, TYPE_SEVERITY, Alarm, AlarmState, AlarmType, Device, Outcome
from . import duty
from .common import event, flow, tell

S = AlarmState


def ack_minutes(alarm_type: str, school: Any) -> int:
    return int(rule_value("alerts.ack_minutes", school)[str(alarm_type)])


def _save(alarm: Alarm, actor: Any, reason: str) -> None:
    stamp(alarm, actor, reason)
    alarm.save()


def _toggle(alarm: Alarm, now: datetime) -> None:
    """Note one alarm ⇄ normal change; over the rule's limit within its window the alarm is flapping."""
    rule = rule_value("alerts.flapping", alarm.school)
    since = now - timedelta(minutes=rule["window_minutes"])
    recent = [moment for moment in alarm.toggles if datetime.fromisoformat(moment) >= since]
    recent.append(now.isoformat())
    alarm.toggles = recent[-(rule["max_toggles"] + 1) :]
    if len(recent) > rule["max_toggles"] and not alarm.flapping:
        alarm.flapping = True
        event(alarm, "flapping", data={"toggles": len(recent)})


def raise_alarm(device: Device, alarm_type: str, *, value: dict[str, Any], at: datetime) -> tuple[Alarm, bool]:
    """The open alarm of this device and type, updated, or a new one (True): never two open at once."""
    now = clock.now()
    with transaction.atomic():
        alarm = (
            Alarm.objects.select_for_update()
            .filter(device=device, type=alarm_type, state__in=OPEN_STATES)
            .select_related("school", "device")
            .first()
        )
        if alarm is not None:
            _repeat(alarm, value, at, now)
            return alarm, False
        alarm = Alarm(
            device=device,
            school=device.school,
            type=alarm_type,
            severity=TYPE_SEVERITY[AlarmType(alarm_type)],
            raised_at=at,
            last_at=at,
            last_value=value,
            ack_due_at=now + timedelta(minutes=ack_minutes(alarm_type, device.school)),
        )
        try:
            with transaction.atomic():
                alarm.save()
        except IntegrityError:  # another worker raised it a moment ago: this message repeats it
            alarm = Alarm.objects.select_for_update().get(device=device, type=alarm_type, state__in=OPEN_STATES)
            _repeat(alarm, value, at, now)
            return alarm, False
        event(alarm, "raise", data={"value": value})
        counting.created(alarm)
        tell(duty.first_told(device.school, now), _("%(type)s: %(device)s") % _names(alarm), alarm, kind="alert.raise")
    return alarm, True


def _names(alarm: Alarm) -> dict[str, str]:
    return {"type": str(alarm.get_type_display()), "device": alarm.device.name, "school": alarm.school.name}


def _repeat(alarm: Alarm, value: dict[str, Any], at: datetime, now: datetime) -> None:
    alarm.count += 1
    alarm.last_at = max(alarm.last_at, at)
    alarm.last_value = value
    if alarm.cleared_at is None:
        # Still alarming: only the tally moves (no history row, no counter change: a repeat is not a step).
        Alarm.objects.filter(pk=alarm.pk).update(count=alarm.count, last_at=alarm.last_at, last_value=value)
        return
    before = counting.track(alarm)
    alarm.cleared_at = None  # alarming again after it was back to normal
    _toggle(alarm, now)
    event(alarm, "again", data={"value": value})
    if not alarm.flapping:
        tell(duty.first_told(alarm.school, now), _("%(type)s again: %(device)s") % _names(alarm), alarm)
    alarm.save()
    counting.changed(alarm, before)


def clear_alarm(device: Device, alarm_type: str, *, at: datetime) -> Alarm | None:
    """The device says it is back to normal: the open alarm notes it (an offline alarm resolves itself; a
    flapping alarm keeps alarming until a person resolves it)."""
    now = clock.now()
    with transaction.atomic():
        alarm = (
            Alarm.objects.select_for_update()
            .filter(device=device, type=alarm_type, state__in=OPEN_STATES, cleared_at__isnull=True)
            .select_related("school", "device")
            .first()
        )
        if alarm is None:
            return None
        before = counting.track(alarm)
        _toggle(alarm, now)
        if alarm.flapping:
            alarm.save()
            return alarm
        alarm.cleared_at = at
        if alarm.type == AlarmType.OFFLINE:
            alarm.state, alarm.outcome, alarm.resolved_at = S.RESOLVED, Outcome.RESTORED, now
        _save(alarm, None, "clear")
        event(alarm, "clear")
        counting.changed(alarm, before)
    return alarm


# --- the steps people take -------------------------------------------------------------

handles = holds(Perm.HANDLE_ALARM)


@flow.step("acknowledge", title=gettext_lazy("Acknowledge"), sources=[S.RAISED], who=handles)
def acknowledge(alarm: Alarm, *, actor: Any) -> Alarm:
    """I have seen it and am on it: the clock to acknowledge stops."""
    alarm.state, alarm.acknowledged_at, alarm.acknowledged_by = S.ACKNOWLEDGED, clock.now(), actor
    _save(alarm, actor, "acknowledge")
    event(alarm, "acknowledge", actor, data={"minutes": alarm.minutes(alarm.acknowledged_at)})
    return alarm


class DispatchForm(forms.Form):
    person = forms.IntegerField(
        label=gettext_lazy("Person of the school"), required=False, help_text=gettext_lazy("Or name someone below.")
    )
    name = forms.CharField(label=gettext_lazy("Or: name (e.g. the fire station)"), max_length=60, required=False)
    phone = forms.CharField(label=gettext_lazy("Their phone"), max_length=20, required=False)
    note = forms.CharField(label=gettext_lazy("What to do"), max_length=500, required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, people: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"] = forms.TypedChoiceField(
                label=self.fields["person"].label,
                choices=[("", "—"), *people],
                coerce=int,
                empty_value=None,
                required=False,
                help_text=self.fields["person"].help_text,
            )


def dispatch_people(alarm: Alarm) -> list[tuple[int, str]]:
    """Who an alarm can be sent to at the school: its guards, safety officers and heads, on-duty first."""
    from safecampus.core.access import Role, holders

    now = clock.now()
    seen: dict[int, str] = {}
    for person in duty.on_duty(alarm.school.path, now):
        seen[person.pk] = _("%(name)s (on duty)") % {"name": person.display_name}
    for person in holders(alarm.school.path, (Role.GUARD, Role.SAFETY_OFFICER, Role.SAFETY_LEAD, Role.PRINCIPAL)):
        seen.setdefault(person.pk, person.display_name)
    return list(seen.items())


def _check_dispatch(alarm: Alarm, data: dict[str, Any]) -> None:
    person, name = data.get("person"), (data.get("name") or "").strip()
    if not person and not name:
        raise ValidationError({"person": _("Choose a person of the school or name who is sent.")})
    if person and person not in dict(dispatch_people(alarm)):
        raise ValidationError({"person": _("Choose a guard, safety officer or head of this school.")})


@flow.step(
    "dispatch",
    title=gettext_lazy("Dispatch"),
    sources=[S.RAISED, S.ACKNOWLEDGED, S.DISPATCHED],
    who=handles,
    form=DispatchForm,
    form_kwargs=lambda alarm, user: {"people": dispatch_people(alarm)},
    validate=_check_dispatch,
)
def dispatch(
    alarm: Alarm, *, actor: Any, person: int | None = None, name: str = "", phone: str = "", note: str = ""
) -> Alarm:
    """Send someone to the place (the guard on duty, the safety officer, the fire station); again to re-send."""
    _check_dispatch(alarm, {"person": person, "name": name})
    now = clock.now()
    if alarm.acknowledged_at is None:  # sending someone acknowledges it
        alarm.acknowledged_at, alarm.acknowledged_by = now, actor
    from django.contrib.auth import get_user_model

    target = get_user_model().objects.get(pk=person) if person else None
    alarm.state, alarm.dispatched_at = S.DISPATCHED, now
    alarm.dispatched_to = target
    alarm.dispatched_to_name = name.strip() or (target.display_name if target else "")
    alarm.dispatched_to_phone = phone.strip()
    _save(alarm, actor, "dispatch")
    event(alarm, "dispatch", actor, note.strip(), to=alarm.dispatched_to_name, minutes=alarm.minutes(now))
    if target is not None:
        tell([target], _("Go to %(place)s: %(type)s") % {"place": alarm.device.place, **_names(alarm)}, alarm, actor)
    return alarm


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"), choices=[(o.value, o.label) for o in Outcome if o != Outcome.RESTORED]
    )
    note = forms.CharField(label=gettext_lazy("What was found and done"), max_length=500, widget=forms.Textarea)


@flow.step("resolve", title=gettext_lazy("Resolve"), sources=list(OPEN_STATES), who=handles, form=ResolveForm)
def resolve(alarm: Alarm, *, actor: Any, outcome: str, note: str) -> Alarm:
    """Say what it was: a real alarm (then reviewed), a false alarm or a test."""
    if not note.strip():
        raise ValidationError({"note": _("Say what was found and done.")})
    now = clock.now()
    if alarm.acknowledged_at is None:
        alarm.acknowledged_at, alarm.acknowledged_by = now, actor
    alarm.state, alarm.outcome, alarm.resolved_at = S.RESOLVED, outcome, now
    _save(alarm, actor, "resolve")
    event(alarm, "resolve", actor, note.strip(), outcome=outcome, minutes=alarm.minutes(now))
    if outcome == Outcome.REAL:
        _lose_control(alarm, actor)
        tell(duty.heads(alarm.school), _("Real alarm at %(school)s: %(type)s") % _names(alarm), alarm, actor)
    return alarm


def _lose_control(alarm: Alarm, actor: Any) -> None:
    """A real alarm at a risk point puts the point's live risks out of control (until the loop closes)."""
    if alarm.device.risk_point_id is None:
        return
    from safecampus.risks.models import Risk
    from safecampus.risks.services.control import mark_out_of_control

    reason = _("Real alarm: %(type)s at %(device)s") % _names(alarm)
    for risk in Risk.objects.filter(point_id=alarm.device.risk_point_id):
        mark_out_of_control(risk, reason, actor)


class ReviewForm(forms.Form):
    cause = forms.CharField(label=gettext_lazy("Cause"), max_length=2000, widget=forms.Textarea)
    lessons = forms.CharField(label=gettext_lazy("Lessons and measures"), max_length=2000, widget=forms.Textarea)


@flow.step(
    "review",
    title=pgettext_lazy("alarm", "Review"),
    sources=[S.RESOLVED],
    who=holds(Perm.KEEP_DEVICES),
    form=ReviewForm,
    when=lambda alarm, user: alarm.outcome == Outcome.REAL,
    conflict=gettext_lazy("Only a real alarm is reviewed."),
)
def review(alarm: Alarm, *, actor: Any, cause: str, lessons: str) -> Alarm:
    """复盘: the cause, the response times (kept by each step) and the lessons."""
    errors = {}
    if not cause.strip():
        errors["cause"] = _("Say what caused the alarm.")
    if not lessons.strip():
        errors["lessons"] = _("Say what is learnt and what will change.")
    if errors:
        raise ValidationError(errors)
    alarm.state, alarm.reviewed_at = S.REVIEWED, clock.now()
    alarm.cause, alarm.lessons = cause.strip(), lessons.strip()
    _save(alarm, actor, "review")
    event(alarm, "review", actor)
    return alarm


@flow.step(
    "open_hazard",
    title=gettext_lazy("Register as a hazard"),
    sources=[S.ACKNOWLEDGED, S.DISPATCHED, S.RESOLVED, S.REVIEWED],
    who=holds(Perm.REPORT_HAZARD),
    when=lambda alarm, user: alarm.hazard_id is None and alarm.outcome != Outcome.FALSE,
    conflict=gettext_lazy("The alarm already has its hazard, or was a false alarm."),
)
def open_hazard(alarm: Alarm, *, actor: Any) -> Alarm:
    """What caused the alarm goes into the closed loop: a hazard at the device's place, linked to the alarm."""
    from safecampus.hazards.models import HazardLevel, HazardSource
    from safecampus.hazards.services.workflow import report_hazard

    hazard = report_hazard(
        actor=actor,
        school=alarm.school,
        place=alarm.device.place[:100],
        area=AREA.get(alarm.device.kind, "fire"),
        level=HazardLevel.MAJOR if alarm.severity == "critical" else HazardLevel.GENERAL,
        description=_("%(type)s raised by %(device)s at %(time)s (%(count)d messages).")
        % {**_names(alarm), "time": clock_text(alarm.raised_at), "count": alarm.count},
        source=HazardSource.IOT_ALARM,
    )
    alarm.hazard = hazard
    _save(alarm, actor, "open_hazard")
    event(alarm, "open_hazard", actor, hazard=hazard.pk)
    return alarm


AREA = {
    "smoke": "fire",
    "water": "fire",
    "gas": "gas",
    "electrical": "electricity",
    "panic": "security",
    "perimeter": "security",
}


def clock_text(moment: datetime) -> str:
    from django.utils.timezone import localtime

    return localtime(moment).strftime("%Y-%m-%d %H:%M")
