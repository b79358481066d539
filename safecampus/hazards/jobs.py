"""The hazard loop's periodic checks (run by `tick`): reminders, escalations, late acceptances, next plan rounds."""

from __future__ import annotations

from safecampus.core import clock
from safecampus.core.jobs import job

from .services.tick import escalate_overdue, flag_late_acceptance, schedule_next_rounds, send_reminders


@job("hazards", order=10)
def hazard_checks() -> dict[str, int]:
    today = clock.today()
    return {
        "reminders": send_reminders(today),
        "escalations": escalate_overdue(today),
        "late_acceptances": flag_late_acceptance(today),
        "new_tasks": schedule_next_rounds(today),
    }
