"""Shared pieces of the incident services: the workflow its steps are declared on, step rows, who is told."""

from __future__ import annotations

from typing import Any

from safecampus.core import clock
from safecampus.core.access import BUREAU_OFFICERS, SCHOOL_MANAGERS, holders
from safecampus.core.history import stamp
from safecampus.core.notifications import notify
from safecampus.core.steps import Workflow

from ..models import Incident, IncidentEvent

# `who` checks read the incident's unit; it comes with the incident, outside the lock.
flow = Workflow("incident", Incident, related=("org",))


def locked(incident: Incident) -> Incident:
    """The incident row, locked, for changes made outside a step (the tick's findings)."""
    return Incident.objects.select_for_update().get(pk=incident.pk)


def save(incident: Incident, actor: Any, reason: str) -> None:
    """Save with a history reason (the step, or the caller outside a step, moves the counters)."""
    stamp(incident, actor, reason)
    incident.save()


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
