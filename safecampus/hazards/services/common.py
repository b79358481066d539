"""What every hazard step shares: the workflow its steps are declared on, and the step record they write."""

from __future__ import annotations

from typing import Any

from safecampus.core import clock
from safecampus.core.history import stamp
from safecampus.core.steps import Workflow

from ..models import Hazard, HazardEvent, HazardState

S = HazardState
# `who` checks read the hazard's school and listing bureau; they come with it, outside the lock.
flow = Workflow(
    "hazard",
    Hazard,
    related=("school", "listed_by"),
    # The loop's own order: the school's work first, then what the level above decides.
    display=(
        "report",
        "edit",
        "rectify",
        "submit",
        "photos",
        "verify",
        "reject",
        "request_extension",
        "approve_extension",
        "deny_extension",
        "list",
        "unlist",
        "confirm_recheck",
        "reopen",
    ),  # fmt: skip
)


def record(
    hazard: Hazard, verb: str, from_state: str, actor: Any, comment: str = "", data: dict[str, Any] | None = None
) -> HazardEvent:
    """Save the hazard with its history reason and append the step row (the kernel moves the counters)."""
    stamp(hazard, actor, verb)
    hazard.save()
    return HazardEvent.objects.create(
        hazard=hazard,
        verb=verb,
        from_state=from_state,
        to_state=hazard.state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=clock.now(),
        comment=comment,
        data=data or {},
    )
