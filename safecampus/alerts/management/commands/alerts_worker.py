"""The early-warning worker: IoT messages from the MQTT broker into the platform, and the alarm clocks
(acknowledgement escalations, devices gone silent) every 20 seconds. `make run` starts it beside the broker."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecampus.alerts.mqtt import Worker


class Command(BaseCommand):
    help = "Take IoT messages from the MQTT broker and run the alarm clocks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default=settings.SAFECAMPUS_MQTT_URL, help="the broker (mqtt:// or mqtts://)")
        parser.add_argument("--client-id", default="safecampus-worker")
        parser.add_argument("--clocks-every", type=float, default=20.0, help="seconds between clock runs")

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = {"now": False}

        def stop(*_args: Any) -> None:
            stopping["now"] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        worker = Worker(options["url"], options["client_id"])
        for attempt in range(10):  # the broker may be starting beside us
            try:
                worker.start()
                break
            except OSError as error:
                if attempt == 9:
                    raise CommandError(f"cannot reach the MQTT broker at {options['url']}: {error}") from None
                time.sleep(1)
        self.stdout.write(f"SafeCampus alerts worker: {options['url']}, clocks every {options['clocks_every']:g}s")

        def clocks(result: dict[str, int]) -> None:
            if any(result.values()):
                self.stdout.write(time.strftime("%H:%M:%S ") + ", ".join(f"{k}: {v}" for k, v in result.items()))

        try:
            worker.run(lambda: stopping["now"], options["clocks_every"], clocks)
        finally:
            worker.stop()
