"""Everything a node's dashboard shows, cached until anything in the node's subtree changes.

Every change to the counters of a node also bumps its `version` counter (in the
same transaction), so the cache key — node, version, day, language — is never
stale: a new version or a new day is a new key. Readers pay one indexed read.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache
from django.utils import translation

from safecampus.core.counting import version
from safecampus.orgs.models import OrgUnit

from .registry import node_figures, panels

TIMEOUT = 3600


def dashboard_snapshot(org: OrgUnit, today: date) -> dict[str, Any]:
    key = f"dashboard:{org.pk}:{version(org)}:{today.isoformat()}:{translation.get_language()}"
    found = cache.get(key)
    if found is None:
        found = compute(org, today)
        cache.set(key, found, TIMEOUT)
    return found


def compute(org: OrgUnit, today: date) -> dict[str, Any]:
    """The node's and its children's figures from every app, and each panel's own data for the node."""
    children = list(OrgUnit.objects.within(org.path).filter(depth=org.depth + 1).order_by("code"))
    return {
        "children": children,
        "figures": node_figures([org, *children], today),
        "extra": {panel.key: panel.extra(org, today) for panel in panels if panel.extra},
    }
