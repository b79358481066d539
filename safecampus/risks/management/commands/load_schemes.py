"""Load the province's two assessment index systems (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from safecampus.risks.schemes import load_schemes


class Command(BaseCommand):
    help = "Create the risk assessment acceptance and safe-campus index systems if they are missing (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = load_schemes()
        if not loaded:
            self.stdout.write("No province in the database yet; run seed_demo or import the tree first.")
        for scheme in loaded:
            self.stdout.write(f"{scheme.code}: {scheme.name} v{scheme.version}, {scheme.indicators.count()} indicators")
