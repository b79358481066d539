"""Early warning's section of the desk (core.desk): the open alarms of the schools the user handles alarms at,
and, for a bureau, the alarms escalated to it — unacknowledged first, most severe first."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core.access import Perm, access
from safecampus.core.desk import DeskSection, register
from safecampus.core.paths import subtree_q
from safecampus.orgs.models import OrgUnit

from .models import OPEN_STATES, SEVERITY_RANK, Alarm, AlarmState


def ranked(rows: QuerySet) -> QuerySet:
    """Unacknowledged first, then by severity, newest first."""
    severity = Case(*(When(severity=k, then=Value(v)) for k, v in SEVERITY_RANK.items()), output_field=IntegerField())
    waiting = Case(When(state=AlarmState.RAISED, then=Value(0)), default=Value(1), output_field=IntegerField())
    return rows.annotate(_waiting=waiting, _severity=severity).order_by("_waiting", "_severity", "-raised_at", "-pk")


def waiting_alarms(user: Any) -> Q | None:
    nodes = access(user).nodes(Perm.HANDLE_ALARM)
    if not nodes:
        return None
    schools = set(OrgUnit.objects.filter(path__in=nodes, level="school").values_list("path", flat=True))
    bureaus = [path for path in nodes if path not in schools]
    condition = Q(org_path__in=schools, state__in=OPEN_STATES)
    for path in bureaus:  # a bureau's desk holds what was escalated to it, not every school's alarm
        condition |= subtree_q("org_path", path) & Q(state=AlarmState.RAISED, escalated__gte=2)
    return condition


def _alarms(user: Any) -> QuerySet | None:
    condition = waiting_alarms(user)
    if condition is None:
        return None
    return ranked(Alarm.objects.visible_to(user).filter(condition).select_related("school", "device"))


def _console(user: Any) -> str | None:
    homes = OrgUnit.objects.home_nodes(user)
    return reverse("alerts:console", args=[homes[0].pk]) if homes else None


register(
    DeskSection(
        key="alarms",
        title=_("Alarms waiting for you"),
        rows=_alarms,
        template="alerts/desk/_alarm.html",
        list_url=_console,
        order=5,
        urgent=True,
    )
)
