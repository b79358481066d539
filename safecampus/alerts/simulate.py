"""Realistic device traffic for the demo and the benchmark: heartbeats, readings, now and then an alarm (most of
them false, cleared again), one device that falls silent — published over MQTT or sent signed over HTTP."""

from __future__ import annotations

import json
import random
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .models import Device, DeviceKind, Gateway
from .mqtt import client, topic_for
from .services.signing import signature


@dataclass
class Sender:
    gateway: Gateway
    devices: list[Device]


def senders(gateways: list[Gateway]) -> list[Sender]:
    rows = Device.objects.filter(gateway__in=gateways, is_active=True).order_by("pk")
    by_gateway: dict[int, list[Device]] = {}
    for device in rows:
        by_gateway.setdefault(device.gateway_id, []).append(device)
    return [Sender(gateway, by_gateway.get(gateway.pk, [])) for gateway in gateways if by_gateway.get(gateway.pk)]


def message(device: Device, kind: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": uuid.uuid4().hex[:20],
        "device": device.vendor_id,
        "type": kind,
        "at": datetime.now(UTC).isoformat(),
        **extra,
    }


def reading(rng: random.Random, device: Device) -> dict[str, Any]:
    if device.kind == DeviceKind.ELECTRICAL:
        current = rng.randint(40, 260) if rng.random() > 0.02 else rng.randint(310, 420)
        return message(
            device, "reading", values={"residual_current_ma": current, "cable_temperature_c": rng.randint(30, 55)}
        )
    if device.kind == DeviceKind.GAS:
        return message(device, "reading", values={"gas_lel_percent": rng.randint(0, 6)})
    if device.kind == DeviceKind.WATER:
        return message(device, "reading", values={"water_pressure_mpa": round(rng.uniform(0.15, 0.4), 2)})
    return message(device, "heartbeat", values={"battery_percent": rng.randint(60, 100)})


def traffic(rng: random.Random, sender: Sender, silent: set[int], alarm_share: float = 0.01) -> Iterator[dict]:
    """One round of messages from a gateway's devices."""
    for device in sender.devices:
        if device.pk in silent:
            continue
        if device.kind in (DeviceKind.SMOKE, DeviceKind.PANIC, DeviceKind.PERIMETER) and rng.random() < alarm_share:
            yield message(device, "alarm")
            if rng.random() < 0.8:  # most smoke alarms are steam or dust: back to normal a moment later
                yield message(device, "restore")
        else:
            yield reading(rng, device)


class Publisher:
    def __init__(self, via: str, url: str) -> None:
        self.via, self.url = via, url
        self.sent = 0
        if via == "mqtt":
            self.mqtt = client(url, f"safecampus-simulator-{uuid.uuid4().hex[:6]}")
            self.mqtt.connect(self.mqtt.connect_host, self.mqtt.connect_port, keepalive=30)
            self.mqtt.loop_start()

    def send(self, gateway: Gateway, messages: list[dict[str, Any]]) -> None:
        if not messages:
            return
        body = json.dumps({"messages": messages}).encode()
        if self.via == "mqtt":
            self.mqtt.publish(topic_for(gateway.key), body, qos=1)
        else:
            stamp = str(int(time.time()))
            request = urllib.request.Request(
                self.url.rstrip("/") + "/api/v1/alerts/ingest/",
                data=body,
                headers={
                    "Content-Type": "application/json",
                    "X-Gateway": gateway.key,
                    "X-Timestamp": stamp,
                    "X-Signature": signature(gateway.secret, stamp, body),
                },
                method="POST",
            )
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the operator's own URL
                response.read()
        self.sent += len(messages)

    def close(self) -> None:
        if self.via == "mqtt":
            self.mqtt.loop_stop()
            self.mqtt.disconnect()
