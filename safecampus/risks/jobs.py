"""The register's periodic job (run by `tick`): put safe-campus titles under review when something happens."""

from __future__ import annotations

from safecampus.core.jobs import job

from .services.titles import flag_titles


@job("risks", order=30)
def title_reviews() -> dict[str, int]:
    return flag_titles()
