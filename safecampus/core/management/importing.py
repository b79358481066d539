"""Shared body of the `import_schools` and `import_users` commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecampus.core.access import system_user
from safecampus.core.services import require_import_right, run_import


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Excel .xlsx file (download the template from the Imports page)")
        parser.add_argument("--user", help="import as this account (its area and rights apply); default: system")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and show what would change; write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"No active account named {options['user']!r}")
            try:
                require_import_right(actor)
            except Exception as error:
                raise CommandError(str(error)) from error
        else:
            actor = system_user()
        result = run_import(self.kind, path.read_bytes(), actor=actor, dry_run=options["dry_run"])
        for change in result.changes:
            if change.action != "unchanged" or options["verbosity"] > 1:
                self.stdout.write(f"row {change.row}: {change.action} {change.key} {change.detail}".rstrip())
        for error in result.errors:
            where = f"row {error.row}" if error.row else "file"
            column = f" [{error.column}]" if error.column else ""
            self.stderr.write(f"{where}{column}: {error.message}")
        counts = result.counts()
        summary = (
            f"{counts['create']} new, {counts['update']} changed, {counts['unchanged']} unchanged, "
            f"{counts['errors']} errors"
        )
        if result.errors:
            raise CommandError(f"Nothing was written. {summary}")
        verb = "Checked (dry run, nothing written)" if options["dry_run"] else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {summary}"))
