"""Early warning's periodic job (run by `tick` and the worker): escalations and devices gone silent."""

from __future__ import annotations

from safecampus.core.jobs import job

from .services.clocks import tick


@job("alerts", order=45)
def alerts() -> dict[str, int]:
    return tick()
