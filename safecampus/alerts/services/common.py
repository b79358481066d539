"""Shared pieces of early warning: the alarm workflow its steps are declared on, event rows, who is told."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from safecampus.core import clock
from safecampus.core.access import BUREAU_OFFICERS, SCHOOL_MANAGERS, Perm, holders, require_perm
from safecampus.core.notifications import notify
from safecampus.core.steps import Workflow

from ..models import Alarm, AlarmEvent

# `who` checks read the alarm's school and device; they come with it, outside the lock.
flow = Workflow(
    "alarm",
    Alarm,
    related=("school", "device"),
    display=("acknowledge", "dispatch", "resolve", "review", "open_hazard"),
)


def event(alarm: Alarm, verb: str, actor: Any = None, comment: str = "", **data: Any) -> AlarmEvent:
    return AlarmEvent.objects.create(alarm=alarm, verb=verb, at=clock.now(), actor=actor, comment=comment, data=data)


def alarm_url(alarm: Alarm) -> str:
    return f"/alerts/alarm/{alarm.pk}/"


def tell(users: list[Any], title: str, alarm: Alarm, actor: Any = None, kind: str = "alert") -> None:
    """Notify after the commit, so nobody is told of an alarm that was rolled back."""
    body = f"{alarm.school.name} · {alarm.device.place}"
    transaction.on_commit(lambda: notify(users, title, body, alarm_url(alarm), kind=kind, exclude=actor))


def school_managers(path: str) -> list[Any]:
    return holders(path, SCHOOL_MANAGERS)


def bureau_officers(path: str) -> list[Any]:
    return holders(path, BUREAU_OFFICERS)


def require_keeper(actor: Any, org: Any) -> None:
    require_perm(actor, Perm.KEEP_DEVICES, org)
