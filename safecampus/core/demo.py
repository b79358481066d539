"""The demo province: each app registers, in its own demo.py, the seeders of its records; `seed_demo` runs them.

    @seeder("hazards", order=50, title="hazards", options=[Option("hazards", None, "…")])
    def seed(demo: Demo) -> str: ...

Seeders run in `order`; each may add command-line options (`--hazards N`),
read what earlier seeders left in `demo.facts`, and return a line for the
summary. Bulk seeders write records directly; the kernel then recounts every
counted kind from the records (core.recount), the same protocol a live
platform's `recount --fix` uses, so the demo's figures agree everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from .registry import Registry


@dataclass(frozen=True)
class Option:
    name: str  # `--name` on the command line, `demo.options[name]` for the seeder
    default: Any
    help: str
    minimum: int = 0
    maximum: int | None = None


@dataclass
class Demo:
    """One run of seed_demo: its options and what the seeders so far have built."""

    seed: int
    options: dict[str, Any]
    password: str
    progress: TextIO  # where progress bars go (stderr)
    facts: dict[str, Any] = field(default_factory=dict)  # e.g. "regions", "schools", "logins"


@dataclass(frozen=True)
class Seeder:
    key: str
    title: str
    order: int
    run: Callable[[Demo], str | None]
    options: tuple[Option, ...] = ()
    regions_only: bool = False  # also runs with --regions-only (production set-up: the tree, nothing else)
    present: Callable[[], bool] | None = None  # does the database already hold what it seeds?


seeders: Registry[Seeder] = Registry("demo")


def seeder(
    key: str,
    *,
    order: int,
    title: str = "",
    options: list[Option] | tuple[Option, ...] = (),
    regions_only: bool = False,
    present: Callable[[], bool] | None = None,
) -> Callable[[Callable[[Demo], str | None]], Callable[[Demo], str | None]]:
    def declare(run: Callable[[Demo], str | None]) -> Callable[[Demo], str | None]:
        seeders.register(key, Seeder(key, title or key, order, run, tuple(options), regions_only, present))
        return run

    return declare


def options() -> list[Option]:
    return [option for item in seeders for option in item.options]
