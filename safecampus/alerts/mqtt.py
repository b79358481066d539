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
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.db import close_old_connections

from .models import Gateway
from .services.ingest import MAX_BATCH, Refused, decode, ingest_many, refuse

TOPIC = "safecampus/gateways/+/messages"


def topic_for(key: str) -> str:
    return f"safecampus/gateways/{key}/messages"


def gateway_key(topic: str) -> str:
    parts = topic.split("/")
    return parts[2] if len(parts) == 4 and parts[0] == "safecampus" and parts[1] == "gateways" else ""


def client(url: str, client_id: str, manual_ack: bool = False) -> Any:
    """A paho client for `url` (mqtt:// or mqtts://, user and password in the URL), not yet connected."""
    import paho.mqtt.client as mqtt

    parts = urlsplit(url)
    made = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=False, manual_ack=manual_ack
    )
    if parts.username:
        made.username_pw_set(parts.username, parts.password)
    if parts.scheme == "mqtts":
        made.tls_set(cert_reqs=ssl.CERT_REQUIRED)
    made.connect_host = parts.hostname or "127.0.0.1"  # type: ignore[attr-defined]
    made.connect_port = parts.port or (8883 if parts.scheme == "mqtts" else 1883)  # type: ignore[attr-defined]
    return made


class Worker:
    """Receives on paho's thread, stores on the caller's. A message is acknowledged to the broker only once what
    it carried is committed (at least once: a message the worker did not store comes again after a crash, and
    its id makes the second delivery a duplicate, not a second reading)."""

    def __init__(self, url: str, client_id: str = "safecampus-worker") -> None:
        self.inbox: queue.Queue[tuple[str, bytes, int, int]] = queue.Queue()
        self.mqtt = client(url, client_id, manual_ack=True)
        self.mqtt.on_connect = self._connected
        self.mqtt.on_message = lambda _client, _data, message: self.inbox.put(
            (message.topic, message.payload, message.mid, message.qos)
        )
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

    def drain(self, wait: float = 0.2, window: float = 0.1) -> int:
        """Take what arrives (waiting up to `wait` s for a first message, then gathering for `window` s more, so a
        busy broker's messages go in large batches): one transaction for all gateways' messages."""
        batches: dict[str, list[Any]] = defaultdict(list)
        taken = 0
        received: list[tuple[str, bytes, int, int]] = []
        try:
            item = self.inbox.get(timeout=wait)
        except queue.Empty:
            return 0
        ends = time.monotonic() + window
        while item is not None:
            topic, payload, mid, qos = item
            received.append(item)
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
                item = self.inbox.get(timeout=max(0.0, ends - time.monotonic()))
            except queue.Empty:
                item = None
        work = [
            (self.gateways[key], messages[start : start + MAX_BATCH])
            for key, messages in batches.items()
            for start in range(0, len(messages), MAX_BATCH)
        ]
        try:
            outcomes = ingest_many(work, channel="mqtt") if work else []  # type: ignore[arg-type]
        except Exception:
            for again in received:  # nothing was committed: try them again, still unacknowledged
                self.inbox.put(again)
            raise
        if work:
            for outcome in outcomes:
                self.counts["accepted"] += outcome.accepted
                self.counts["duplicates"] += outcome.duplicates
                self.counts["refused"] += len(outcome.refused)
        for _topic, _payload, mid, qos in received:  # committed (or refused and logged): the broker may forget them
            if qos:
                self.mqtt.ack(mid, qos)
        return taken

    def run(self, stopping: Callable[[], bool], clocks_every: float = 20.0, on_clocks: Callable | None = None) -> None:
        """Until `stopping()`: store messages as they come; run the alarm clocks every `clocks_every` seconds."""
        from .services.clocks import escalate, mark_offline

        last = 0.0
        while not stopping():
            try:
                self.drain()
            except Exception as error:  # the database went away for a moment: keep the messages, try again
                print(f"alerts worker: {error!r}", file=sys.stderr)
                close_old_connections()
                time.sleep(1)
            if time.monotonic() - last >= clocks_every:
                close_old_connections()
                result = {**escalate(), **mark_offline()}
                if on_clocks:
                    on_clocks(result)
                last = time.monotonic()
