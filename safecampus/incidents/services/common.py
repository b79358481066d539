"""Shared pieces of the incident services: locking, step rows, counters, who is told."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from safecampus.core import clock, counting
from safecampus.core.access import BUREAU_OFFICERS, SCHOOL_MANAGERS, holders
from safecampus.core.exceptions import StateConflict
from safecampus.core.history import stamp
from safecampus.core.notifications import notify

from ..models import Incident, IncidentEvent, IncidentState


def locked(incident: Incident, *, allowed: tuple[str, ...] | None = None) -> Incident:
    row = Incident.objects.select_for_update().get(pk=incident.pk)
    row._counted = counting.track(row)
    if allowed is not None and row.state not in allowed:
        raise StateConflict(
            _("An incident that is “%(state)s” cannot take this step.") % {"state": IncidentState(row.state).label}
        )
    return row


def save(incident: Incident, actor: Any, reason: str) -> None:
    """Save with a history reason and move the roll-up counters in the same transaction."""
    stamp(incident, actor, reason)
    incident.save()
    counting.changed(incident, getattr(incident, "_counted", counting.Tally()))
    incident._counted = counting.track(incident)


def event(incident: Incident, verb: str, actor: Any, org: Any = None, comment: str = "", **data: Any) -> IncidentEvent:
    return IncidentEvent.objects.create(
        incident=incident, verb=verb, actor=actor, org=org, at=clock.now(), comment=comment, data=data
    )


def incident_url(incident: Incident) -> str:
    return f"/incidents/{incident.pk}/"


def tell(users: list[Any], title: str, incident: Incident, actor: Any = None, kind: str = "incident") -> None:
    notify(users, title, incident.title, incident_url(incident), kind=kind, exclude=actor)


def reporters_of(incident: Incident) -> list[Any]:
    roles = SCHOOL_MANAGERS if incident.org.level == "school" else BUREAU_OFFICERS
    return holders(incident.org_path, roles)


def handlers_at(path: str) -> list[Any]:
    return holders(path, BUREAU_OFFICERS)
