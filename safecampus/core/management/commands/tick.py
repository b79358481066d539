"""Run every registered periodic job now (reminders, escalations, clocks, next plan rounds…)."""

from typing import Any

from django.core.management.base import BaseCommand

from safecampus.core.jobs import run_all


class Command(BaseCommand):
    help = "Run all time-based checks now (the worker runs this every few minutes)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = run_all()
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in result.items()))
