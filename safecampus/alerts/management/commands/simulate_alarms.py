"""Publish realistic device traffic for the demo gateways, so the alarm console is alive: heartbeats and
readings every few seconds, now and then an alarm (mostly false, cleared again), one device falling silent."""

from __future__ import annotations

import random
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecampus.alerts.models import Gateway
from safecampus.alerts.simulate import Publisher, senders, traffic


class Command(BaseCommand):
    help = "Send simulated IoT traffic from the gateways of one area (MQTT by default, or signed HTTP)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--via", choices=("mqtt", "http"), default="mqtt")
        parser.add_argument("--url", default="", help="broker URL (mqtt) or the platform's address (http)")
        parser.add_argument("--gateways", type=int, default=20, help="how many gateways send (default 20)")
        parser.add_argument("--every", type=float, default=5.0, help="seconds between rounds (default 5)")
        parser.add_argument("--duration", type=float, default=0, help="seconds to run (default: until stopped)")
        parser.add_argument("--alarm-share", type=float, default=0.01, help="share of messages that are alarms")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["every"] <= 0 or options["gateways"] < 1 or not 0 <= options["alarm_share"] <= 1:
            raise CommandError("--every must be positive, --gateways at least 1, --alarm-share between 0 and 1")
        gateways = list(Gateway.objects.filter(is_active=True).order_by("pk")[: options["gateways"]])
        active = senders(gateways)
        if not active:
            raise CommandError("No gateway with devices: run manage.py seed_demo first.")
        url = options["url"] or (settings.SAFECAMPUS_MQTT_URL if options["via"] == "mqtt" else "http://127.0.0.1:8000")
        for attempt in range(10):  # the broker may be starting beside us
            try:
                publisher = Publisher(options["via"], url)
                break
            except OSError as error:
                if attempt == 9:
                    raise CommandError(f"cannot reach {url}: {error}") from None
                time.sleep(1)
        rng = random.Random(options["seed"])
        # One device falls silent after the first minute: the worker finds it offline once the rule's minutes pass.
        quiet = active[0].devices[-1].pk
        started = time.monotonic()
        self.stdout.write(
            f"Simulating {sum(len(s.devices) for s in active)} devices on {len(active)} gateways via {url}"
        )
        try:
            while not options["duration"] or time.monotonic() - started < options["duration"]:
                silent = {quiet} if time.monotonic() - started > 60 else set()
                for sender in active:
                    publisher.send(sender.gateway, list(traffic(rng, sender, silent, options["alarm_share"])))
                time.sleep(options["every"])
        except KeyboardInterrupt:
            pass
        finally:
            publisher.close()
            self.stdout.write(f"{publisher.sent} messages sent.")
