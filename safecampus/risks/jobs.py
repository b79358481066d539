"""The register's periodic job (run by `tick`): put safe-campus titles under review when something happens."""

from __future__ import annotations

from safecampus.core.jobs import job

from .services.control import find_loss_of_control
from .services.titles import flag_titles


@job("risks", order=30)
def title_reviews() -> dict[str, int]:
    return flag_titles()


@job("risks_control", order=29)
def loss_of_control() -> dict[str, int]:
    return find_loss_of_control()
