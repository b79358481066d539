"""Build the demo province by running every app's registered seeders (core.demo), then recount."""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from safecampus.core.demo import Demo, options, seeders
from safecampus.core.recount import rebuild

DEFAULT_PASSWORD = "Safe#2026"


class Command(BaseCommand):
    help = "Build a demo province (real Shandong divisions, generated schools, accounts and three years of records)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed builds the same province")
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help=f"password of every demo account (default {DEFAULT_PASSWORD})"
        )
        parser.add_argument("--reset", action="store_true", help="erase the whole database first")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if the database already has units")
        parser.add_argument(
            "--regions-only",
            action="store_true",
            help="build only the province, cities and counties: no schools, no demo accounts (for production)",
        )
        for option in options():
            parser.add_argument(
                f"--{option.name.replace('_', '-')}", type=int, default=option.default, help=option.help
            )

    def handle(self, *args: Any, **given: Any) -> None:
        for option in options():
            value = given.get(option.name)
            if value is None:
                continue
            if value < option.minimum or (option.maximum is not None and value > option.maximum):
                top = f" and {option.maximum}" if option.maximum is not None else " or more"
                raise CommandError(f"--{option.name.replace('_', '-')} must be {option.minimum}{top}")
        if any(item.present and item.present() for item in seeders):
            if given["if_empty"]:
                self.stdout.write("The database already holds a province; keeping it (use --reset to rebuild).")
                return
            if not given["reset"]:
                raise CommandError("The database already holds data. Use --reset to erase it and build again.")
            call_command("flush", interactive=False, verbosity=0)
            cache.clear()  # cached dashboards are keyed by version counters, which start again
        demo = Demo(
            seed=given["seed"],
            options={option.name: given.get(option.name) for option in options()},
            password=given["password"],
            progress=self.stderr._out,
        )
        started = time.monotonic()
        phases: dict[str, float] = {}
        summary: list[str] = []
        for item in seeders:
            if given["regions_only"] and not item.regions_only:
                continue
            begun = time.monotonic()
            line = item.run(demo)
            phases[item.title] = time.monotonic() - begun
            if line:
                summary.append(line)
        if not given["regions_only"]:
            begun = time.monotonic()
            # Bulk seeders write records directly: count once from the records, as recount --fix does (loaded in bulk:
            # the few counters seeders made through the services are replaced like the rest).
            rebuild(loading=True)
            phases["counters"] = time.monotonic() - begun
            # Fresh statistics, so the first queries on the new rows are planned well (without them SQLite
            # reads a city's open hazards through the state index: ten times slower).
            begun = time.monotonic()
            connection.cursor().execute("ANALYZE")
            phases["analyze"] = time.monotonic() - begun
        self.stdout.write(
            self.style.SUCCESS(f"Demo province built in {time.monotonic() - started:.1f}s: " + "; ".join(summary))
        )
        self.stdout.write("Phases: " + ", ".join(f"{name} {seconds:.1f}s" for name, seconds in phases.items()))
        for line in demo.facts.get("logins", []):
            self.stdout.write(line)
