"""Load (or update) the provincial checklist library from the packaged data."""

from typing import Any

from django.core.management.base import BaseCommand

from safecampus.hazards.services.checklists import load_library


class Command(BaseCommand):
    help = "Create or update the provincial checklist library (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = load_library()
        if not loaded:
            self.stdout.write("No province in the database yet; run seed_demo or import the tree first.")
            return
        for checklist in loaded:
            version = checklist.published()
            self.stdout.write(f"{checklist.code}: {checklist.name} v{version.number}, {version.items.count()} items")
