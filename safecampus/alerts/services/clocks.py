"""The running clocks: an alarm not acknowledged in time escalates to the school's heads, then to the county
bureau on duty; a device silent past the rule's minutes is offline (itself an alarm)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import clock, counting
from safecampus.rules.services import rule_values

from ..models import Alarm, AlarmState, AlarmType, Device
from . import duty
from .alarms import raise_alarm
from .common import event, tell
from .signing import forget_old


def escalate() -> dict[str, int]:
    now = clock.now()
    counts = {"alarm_escalations": 0}
    late = Alarm.objects.filter(state=AlarmState.RAISED, ack_due_at__lte=now, escalated__lt=2, flapping=False)
    late = list(late.select_related("school", "device"))
    minutes = rule_values("alerts.escalate_bureau_minutes", [alarm.org_path for alarm in late])
    for alarm in late:
        step = 1 if alarm.escalated == 0 else 2
        if step == 2 and now < alarm.ack_due_at + timedelta(minutes=minutes[alarm.org_path]):
            continue
        with transaction.atomic():
            locked = Alarm.objects.select_for_update().get(pk=alarm.pk)
            if locked.state != AlarmState.RAISED or locked.escalated >= step:
                continue
            locked.escalated = step
            locked.save(update_fields=["escalated"])
            names = {"type": alarm.get_type_display(), "device": alarm.device.name, "school": alarm.school.name}
            if step == 1:
                people = duty.heads(alarm.school)
                title = _("Not acknowledged in time: %(type)s at %(device)s") % names
            else:
                people = duty.bureau_told(alarm.school, now)
                title = _("%(school)s has not acknowledged an alarm: %(type)s") % names
            event(locked, "escalate", data={"step": step, "to": [person.pk for person in people]})
            locked.school, locked.device = alarm.school, alarm.device
            tell(people, title, locked, kind="alert.escalation")
            counts["alarm_escalations"] += 1
    return counts


def mark_offline() -> dict[str, int]:
    """Devices not heard from within the rule's minutes go offline and raise an offline alarm."""
    now = clock.now()
    counts = {"devices_offline": 0}
    online = Device.objects.filter(is_active=True, online=True).only("pk", "org_path", "last_seen_at")
    candidates = list(online.filter(last_seen_at__lt=now - timedelta(minutes=1)))
    limits = rule_values("alerts.offline_minutes", [device.org_path for device in candidates])
    for device in candidates:
        if device.last_seen_at >= now - timedelta(minutes=limits[device.org_path]):
            continue
        with transaction.atomic():
            locked = Device.objects.select_for_update().select_related("school").get(pk=device.pk)
            if not locked.online or locked.last_seen_at >= now - timedelta(minutes=limits[device.org_path]):
                continue
            before = counting.track(locked)
            locked.online = False
            Device.objects.filter(pk=locked.pk).update(online=False)
            counting.changed(locked, before)
            raise_alarm(locked, AlarmType.OFFLINE, value={"last_seen": locked.last_seen_at.isoformat()}, at=now)
        counts["devices_offline"] += 1
    return counts


def tick() -> dict[str, int]:
    counts = escalate()
    counts.update(mark_offline())
    counts["signatures_forgotten"] = forget_old()
    return counts
