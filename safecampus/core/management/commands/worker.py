"""The background worker: runs every registered periodic job (core.jobs) every few minutes until stopped."""

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from safecampus.core.jobs import run_all


class Command(BaseCommand):
    help = "Run the time-based checks periodically (started by `make run`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=int, default=300, help="seconds between runs (default 300)")
        parser.add_argument("--once", action="store_true", help="run once and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = {"now": False}

        def stop(*_args: Any) -> None:
            stopping["now"] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        interval = max(10, options["interval"])
        self.stdout.write(f"SafeCampus worker: checks every {interval}s")
        while not stopping["now"]:
            close_old_connections()
            try:
                result = run_all(lambda key, error: self.stderr.write(f"{key} failed: {error!r}"))
                self.stdout.write(time.strftime("%H:%M:%S ") + ", ".join(f"{k}: {v}" for k, v in result.items()))
            except Exception as error:  # keep the worker alive; the next run tries again
                self.stderr.write(f"tick failed: {error!r}")
            if options["once"]:
                break
            for _ in range(interval):
                if stopping["now"]:
                    break
                time.sleep(1)
