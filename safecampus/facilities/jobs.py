"""The ledgers' periodic jobs (run by `tick` and the worker)."""

from __future__ import annotations

from safecampus.core import clock
from safecampus.core.jobs import job

from .services.daily import refresh_stale, send_warnings
from .services.patrols import close_days


@job("facilities", order=40)
def facilities() -> dict[str, int]:
    today = clock.today()
    counts = refresh_stale(today)
    counts["facility_warnings"] = send_warnings(today)
    counts["patrol_days_closed"] = close_days(today)
    return counts
