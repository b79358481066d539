"""Periodic jobs: each app registers its time-based checks in its own jobs.py; `tick` and the worker run them all.

A job returns counts of what it did ({"reminders": 3}); one failing job does not
stop the others (the error is reported, the next run tries again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .registry import Registry


@dataclass(frozen=True)
class Job:
    key: str
    run: Callable[[], dict[str, int]]
    order: int = 0


jobs: Registry[Job] = Registry("jobs")


def job(key: str, *, order: int = 0) -> Callable[[Callable[[], dict[str, int]]], Callable[[], dict[str, int]]]:
    def declare(run: Callable[[], dict[str, int]]) -> Callable[[], dict[str, int]]:
        jobs.register(key, Job(key, run, order))
        return run

    return declare


def run_all(report_error: Callable[[str, Exception], None] | None = None) -> dict[str, int]:
    """Run every registered job once; the counts of all of them together."""
    counts: dict[str, int] = {}
    for item in jobs:
        try:
            counts.update(item.run())
        except Exception as error:  # one job's failure must not stop the others; it is reported
            if report_error is None:
                raise
            report_error(item.key, error)
    return counts
