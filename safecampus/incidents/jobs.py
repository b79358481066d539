"""Incident reporting's periodic checks (run by `tick`): reminders before a clock runs out, escalation, omissions."""

from __future__ import annotations

from safecampus.core.jobs import job

from .services.tick import remind_and_escalate


@job("incidents", order=20)
def incident_clocks() -> dict[str, int]:
    return remind_and_escalate()
