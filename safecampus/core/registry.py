"""Registries: what each app contributes to the platform, declared in the app's own files.

The kernel runs the contributions; it never imports an app. Each app declares
them in modules of fixed names, found at start-up (like Django's admin.py):

    counted.py    what its records add to the per-node counters (core.counting)
    jobs.py       periodic jobs run by `manage.py tick` and the worker
    desk.py       sections of the desk (我的待办)
    search.py     records the top bar's search finds
    demo.py       demo seeders run by `manage.py seed_demo`
    rulebook.py   the rule keys it uses, with their shape and default value
    dashboard.py  its figures, panels, map layers, warnings and review parts (dashboards.registry)

A new app adds such files in its own folder and touches no other app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import import_module
from typing import Any, Generic, TypeVar

from django.apps import apps
from django.utils.module_loading import module_has_submodule

T = TypeVar("T")

MODULES = ("counted", "jobs", "desk", "search", "demo", "rulebook", "dashboard")


class Registry(Generic[T]):
    """Named contributions of one kind, in the order they were declared (or by their `order`)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, key: str, item: T) -> T:
        if key in self._items and self._items[key] is not item:
            raise ValueError(f"{self.kind}: {key!r} is declared twice")
        self._items[key] = item
        return item

    def __iter__(self) -> Iterator[T]:
        discover()
        items = list(self._items.values())
        return iter(sorted(items, key=lambda item: getattr(item, "order", 0)))

    def __contains__(self, key: str) -> bool:
        discover()
        return key in self._items

    def __getitem__(self, key: str) -> T:
        discover()
        return self._items[key]

    def get(self, key: str, default: Any = None) -> T | Any:
        discover()
        return self._items.get(key, default)

    def keys(self) -> list[str]:
        discover()
        return list(self._items)

    def decorator(self, key: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Register a function under its name (or `key`)."""

        def wrap(function: Callable[..., Any]) -> Callable[..., Any]:
            self.register(key or function.__name__, function)  # type: ignore[arg-type]
            return function

        return wrap


_discovered = False


def discover() -> None:
    """Import every app's contribution modules once (safe to call often; Django's app registry must be ready)."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    for config in apps.get_app_configs():
        if not config.name.startswith("safecampus."):
            continue
        for name in MODULES:
            if module_has_submodule(config.module, name):
                import_module(f"{config.name}.{name}")
