"""The duties' periodic job (run by `tick`): open the occurrences of each period as it begins."""

from __future__ import annotations

from safecampus.core.jobs import job

from .engine import open_periods


@job("compliance_periods", order=40)
def periods_begun() -> dict[str, int]:
    return {"duty occurrences opened": open_periods()}


@job("compliance_submissions", order=41)
def submission_reminders() -> dict[str, int]:
    from .services.submissions import remind

    return remind()


@job("compliance_reminders", order=42)
def duty_reminders() -> dict[str, int]:
    from .services.reminders import remind_duties

    return remind_duties()
