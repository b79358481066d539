"""The dashboards' periodic job: publish the bimonthly review of a period the moment it is over."""

from __future__ import annotations

from safecampus.core import clock
from safecampus.core.jobs import job

from .review import publish_ended


@job("reviews", order=90)
def publish_reviews() -> dict[str, int]:
    return {"reviews_published": publish_ended(clock.today())}
