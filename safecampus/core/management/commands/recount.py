"""Recompute the roll-up counters from the records; print any drift; --fix rewrites them."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecampus.core.models import Counter
from safecampus.core.recount import drift, rebuild


class Command(BaseCommand):
    help = "Check the dashboard counters against the records (and fix them with --fix)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fix", action="store_true", help="rewrite the counters from the records")
        parser.add_argument("--org", type=int, help="only this unit's subtree (id)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = None
        if options["org"]:
            tree = Counter._meta.get_field("org").related_model
            org = tree.objects.filter(pk=options["org"]).first()
            if org is None:
                raise CommandError(f"No unit with id {options['org']}")
            path = org.path
        problems = drift(path)
        shown = problems[:50] if not options["fix"] or options["verbosity"] > 1 else []
        for org_id, metric, day, stored, wanted in shown:
            self.stdout.write(f"drift: org {org_id} {metric} {day or ''}: stored {stored}, records say {wanted}")
        if len(problems) > len(shown):
            self.stdout.write(f"{len(problems) - len(shown)} drifting counters {'not listed' if shown else ''}".strip())
        if options["fix"]:
            count = rebuild(path)
            self.stdout.write(self.style.SUCCESS(f"Rewrote {count} counters."))
        elif problems:
            raise CommandError(f"{len(problems)} counters drift from the records (run with --fix).")
        else:
            self.stdout.write(self.style.SUCCESS("No drift."))
