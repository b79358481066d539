"""Everything a node's dashboard shows, cached until anything in the node's subtree changes.

Every change to the counters of a node also bumps its `version` counter (in the
same transaction), so the cache key — node, version, day, language — is never
stale: a new version or a new day is a new key. Readers pay one indexed read
(none when the caller read the version with the node: `counting.version_column`).

Two layers hold a snapshot: this process's memory, then the shared cache (the
database cache table, or Redis). The memory keeps only what was read outside a
transaction, so committed: a transaction that rolls back takes its version back,
and a later change would then reuse the number for other figures (in the shared
database cache the rollback takes the entry with it; memory would keep it). The
memory holds objects, not copies: callers read them and never change them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.utils import translation
from django.utils.functional import Promise

from safecampus.core.counting import version
from safecampus.orgs.models import OrgUnit

from .registry import node_figures, panels

TIMEOUT = 3600
# Snapshots (and parts made from them) kept in each process's memory, the least recently read dropped first.
MEMORY_ENTRIES = 512


class _Memory:
    """A small least-recently-used map of this process, safe for threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def set(self, key: Hashable, value: Any) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


memory = _Memory(MEMORY_ENTRIES)


def _key(org: OrgUnit, today: date, current: int | None) -> str:
    number = version(org) if current is None else current
    return f"dashboard:{org.pk}:{number}:{today.isoformat()}:{translation.get_language()}"


def _remembered(key: Hashable, make: Callable[[], Any]) -> Any:
    """`make()`, kept in memory when read outside a transaction (see the module's note)."""
    committed = not connection.in_atomic_block
    found = memory.get(key) if committed else None
    if found is None:
        found = make()
        if committed:
            memory.set(key, found)
    return found


def _shared(key: str, org: OrgUnit, today: date) -> dict[str, Any]:
    found = cache.get(key)
    if found is None:
        found = compute(org, today)
        cache.set(key, found, TIMEOUT)
    return found


def dashboard_snapshot(org: OrgUnit, today: date, current: int | None = None) -> dict[str, Any]:
    """The node's snapshot; `current` is its version when the caller read it with the node."""
    key = _key(org, today, current)
    return _remembered(key, lambda: _shared(key, org, today))


def snapshot_part(
    org: OrgUnit, today: date, part: Hashable, make: Callable[[dict[str, Any]], Any], current: int | None = None
) -> Any:
    """Something made from the node's snapshot alone (and from `part`, which names it and everything else it
    depends on, e.g. the node's own name), kept in memory beside it: e.g. the API's rendered answer."""
    key = _key(org, today, current)
    return _remembered((key, part), lambda: make(_remembered(key, lambda: _shared(key, org, today))))


def compute(org: OrgUnit, today: date) -> dict[str, Any]:
    """The node's and its children's figures from every app, and each panel's own data for the node."""
    children = list(OrgUnit.objects.within(org.path).filter(depth=org.depth + 1).order_by("code"))
    return {
        "children": children,
        "figures": node_figures([org, *children], today),
        "extra": _frozen({panel.key: panel.extra(org, today) for panel in panels if panel.extra}),
    }


def _frozen(value: Any) -> Any:
    """Lazy translations turned into text (the key names the language): unpickling a lazy object builds a class,
    which made reading a cached province dashboard cost more than everything else in the request."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_frozen(item) for item in value]
    if type(value) is tuple:
        return tuple(_frozen(item) for item in value)
    return value
