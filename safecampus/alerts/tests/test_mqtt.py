"""MQTT end to end against a real broker (Debian's mosquitto, started on a free loopback port): a gateway's
messages published to its topic are taken by the worker, a redelivered message is stored once, a message on an
unknown gateway's topic is refused and logged, and the alarm it raises is in the database."""

import json
import shutil
import socket
import subprocess
import time
import uuid

import pytest

from safecampus.alerts.models import Alarm, Message, Refusal
from safecampus.alerts.mqtt import Worker, client, topic_for
from safecampus.testing import alerts as ax

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def broker(tmp_path):
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    assert shutil.which(binary), (
        "mosquitto is missing: scripts/system-packages.sh installs it (apt-get install mosquitto)"
    )
    port = free_port()
    config = tmp_path / "mosquitto.conf"
    config.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    process = subprocess.Popen([binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"mqtt://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=5)


def publish(url: str, topic: str, payloads: list) -> None:
    sender = client(url, f"test-{uuid.uuid4().hex[:6]}")
    sender.connect(sender.connect_host, sender.connect_port)
    sender.loop_start()
    for payload in payloads:
        sender.publish(topic, json.dumps(payload), qos=1).wait_for_publish(timeout=5)
    sender.loop_stop()
    sender.disconnect()


def drain_until(worker: Worker, done, seconds: float = 10.0) -> None:
    ends = time.monotonic() + seconds
    while time.monotonic() < ends and not done():
        worker.drain(wait=0.1)


def test_published_messages_reach_the_database_once(broker, tree, who):
    site = ax.setup(tree, who)
    worker = Worker(broker, client_id=f"worker-{uuid.uuid4().hex[:6]}")
    worker.start()
    try:
        time.sleep(0.5)  # subscribed
        alarm = ax.msg(site.smoke, "alarm", id="m-1", values={"smoke": 1})
        reading = ax.msg(site.electrical, "reading", id="m-2", values={"residual_current_ma": 80})
        publish(broker, topic_for(site.gateway.key), [{"messages": [alarm, reading]}, alarm])  # the alarm twice
        publish(broker, topic_for("gw-unknown"), [alarm])
        publish(broker, topic_for(site.gateway.key), ["not a message list"])
        drain_until(worker, lambda: Refusal.objects.count() >= 2 and Message.objects.count() >= 2)
        drain_until(worker, lambda: False, seconds=0.5)
    finally:
        worker.stop()
    assert Message.objects.count() == 2
    assert Alarm.objects.get().count == 1  # the redelivered alarm message did not count twice
    assert worker.counts["duplicates"] == 1
    assert set(Refusal.objects.values_list("channel", "reason")) == {("mqtt", "unknown_gateway"), ("mqtt", "malformed")}
