"""Run every time-based check now: reminders, escalations, late acceptances, next plan rounds."""

from typing import Any

from django.core.management.base import BaseCommand

from safecampus.hazards.services.tick import tick


class Command(BaseCommand):
    help = "Run all time-based checks now (the worker runs this every few minutes)."

    def handle(self, *args: Any, **options: Any) -> None:
        from safecampus.incidents.services.tick import remind_and_escalate

        result = {**tick(), **remind_and_escalate()}
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in result.items()))
