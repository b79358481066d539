"""MQTT ingestion: the worker subscribes to every gateway's topic on the broker and takes their messages in
batches through the same `ingest` as the HTTP endpoint.

    topic:   safecampus/gateways/<gateway id>/messages      (QoS 1)
    payload: one message or {"messages": [...]}              (services/ingest.py)

In production each gateway logs in to the broker with its own credentials and may publish only to its own
topic (mosquitto's password file and ACL, docs/alerts.md); the broker speaks TLS on 8883. The worker logs in
with the platform's account (SAFECAMPUS_MQTT_URL, e.g. mqtts://platform:secret@broker:8883).
"""

from __future__ import annotations

import queue
import ssl
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.db import close_old_connections

from .models import Gateway
from .services.ingest import MAX_BATCH, Refused, decode, ingest, refuse

TOPIC = "safecampus/gateways/+/messages"


def topic_for(key: str) -> str:
    return f"safecampus/gateways/{key}/messages"


def gateway_key(topic: str) -> str:
    parts = topic.split("/")
    return parts[2] if len(parts) == 4 and parts[0] == "safecampus" and parts[1] == "gateways" else ""


def client(url: str, client_id: str) -> Any:
    """A paho client for `url` (mqtt:// or mqtts://, user and password in the URL), not yet connected."""
    import paho.mqtt.client as mqtt

    parts = urlsplit(url)
    made = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=False)
    if parts.username:
        made.username_pw_set(parts.username, parts.password)
    if parts.scheme == "mqtts":
        made.tls_set(cert_reqs=ssl.CERT_REQUIRED)
    made.connect_host = parts.hostname or "127.0.0.1"  # type: ignore[attr-defined]
    made.connect_port = parts.port or (8883 if parts.scheme == "mqtts" else 1883)  # type: ignore[attr-defined]
    return made


class Worker:
    """Receives on paho's thread, stores on the caller's: batches of up to MAX_BATCH messages per gateway."""

    def __init__(self, url: str, client_id: str = "safecampus-worker") -> None:
        self.inbox: queue.Queue[tuple[str, bytes]] = queue.Queue()
        self.mqtt = client(url, client_id)
        self.mqtt.on_connect = self._connected
        self.mqtt.on_message = lambda _client, _data, message: self.inbox.put((message.topic, message.payload))
        self.gateways: dict[str, Gateway | None] = {}
        self.counts: dict[str, int] = defaultdict(int)

    def _connected(self, mqtt: Any, userdata: Any, flags: Any, reason: Any, properties: Any = None) -> None:
        mqtt.subscribe(TOPIC, qos=1)

    def start(self) -> None:
        self.mqtt.connect(self.mqtt.connect_host, self.mqtt.connect_port, keepalive=30)
        self.mqtt.loop_start()

    def stop(self) -> None:
        self.mqtt.loop_stop()
        self.mqtt.disconnect()

    def _gateway(self, key: str) -> Gateway | None:
        if key not in self.gateways:
            self.gateways[key] = Gateway.objects.filter(key=key, is_active=True).select_related("school").first()
        return self.gateways[key]

    def drain(self, wait: float = 0.2) -> int:
        """Take what arrived (waiting up to `wait` s for the first message): one ingest per gateway and batch."""
        batches: dict[str, list[Any]] = defaultdict(list)
        taken = 0
        try:
            topic, payload = self.inbox.get(timeout=wait)
        except queue.Empty:
            return 0
        while True:
            taken += 1
            key = gateway_key(topic)
            gateway = self._gateway(key) if key else None
            if gateway is None:
                refuse(None, "mqtt", "unknown_gateway", f"topic {topic[:200]}")
                self.counts["refused"] += 1
            else:
                try:
                    batches[key].extend(decode(payload))
                except Refused as error:
                    refuse(gateway, "mqtt", error.reason, error.detail)
                    self.counts["refused"] += 1
            if taken >= MAX_BATCH * 4:
                break
            try:
                topic, payload = self.inbox.get_nowait()
            except queue.Empty:
                break
        for key, messages in batches.items():
            for start in range(0, len(messages), MAX_BATCH):
                outcome = ingest(self.gateways[key], messages[start : start + MAX_BATCH], channel="mqtt")  # type: ignore[arg-type]
                self.counts["accepted"] += outcome.accepted
                self.counts["duplicates"] += outcome.duplicates
                self.counts["refused"] += len(outcome.refused)
        return taken

    def run(self, stopping: Callable[[], bool], clocks_every: float = 20.0, on_clocks: Callable | None = None) -> None:
        """Until `stopping()`: store messages as they come; run the alarm clocks every `clocks_every` seconds."""
        from .services.clocks import escalate, mark_offline

        last = 0.0
        while not stopping():
            self.drain()
            if time.monotonic() - last >= clocks_every:
                close_old_connections()
                result = {**escalate(), **mark_offline()}
                if on_clocks:
                    on_clocks(result)
                last = time.monotonic()
