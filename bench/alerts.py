"""`make bench-alerts`: IoT messages through a real MQTT broker into the database, for 60 s.

Starts Debian's mosquitto on a free loopback port and the platform's alerts worker on a fresh database (SQLite
by default; --database-url for PostgreSQL), publishes readings and alarms from many gateways at a steady rate,
then reads back what was stored and prints: messages per second sustained, the latency from publishing to the
row being in the database (p50/p95/p99), and the messages lost or stored twice. Target on a 2-core machine:
≥ 1,000 messages/s with p95 ≤ 2 s (GB 26875 asks a fire alarm to be passed on within 10 s).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/alerts", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to publish (default 60)")
    parser.add_argument("--rate", type=int, default=1200, help="messages per second to publish (default 1200)")
    parser.add_argument("--gateways", type=int, default=50, help="gateways publishing (default 50)")
    parser.add_argument("--devices", type=int, default=20, help="devices per gateway (default 20)")
    parser.add_argument("--alarm-share", type=float, default=0.01, help="share of alarm messages (default 0.01)")
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file in a temp directory")
    return parser.parse_args(argv)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    if not Path(mosquitto).exists():
        print("mosquitto is missing: bash scripts/system-packages.sh base", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="safecampus-bench-alerts-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecampus.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}", flush=True)
    call_command("migrate", verbosity=0)
    gateways = make_site(args.gateways, args.devices)
    port = free_port()
    config = f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
    config += "max_inflight_messages 1000\nmax_queued_messages 100000\n"  # as docs/alerts.md configures a broker
    (work / "mosquitto.conf").write_text(config)
    url = f"mqtt://127.0.0.1:{port}"
    broker = subprocess.Popen([mosquitto, "-c", str(work / "mosquitto.conf")], stderr=subprocess.DEVNULL)
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "alerts_worker", "--url", url, "--client-id", "bench-worker", "--clocks-every", "3600"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)  # the worker connects and subscribes
        published = publish(url, gateways, args)
        stored = wait_stored(published, timeout=180)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        broker.terminate()
    report(args, published, stored)
    shutil.rmtree(work, ignore_errors=True)
    return 0


def make_site(count: int, per: int) -> list[tuple[str, list[str]]]:
    """One school per gateway under a small tree, each gateway with its devices (half electrical, half smoke)."""
    from safecampus.alerts.models import Device, Gateway
    from safecampus.orgs.models import Level
    from safecampus.testing.factories import add_node

    province = add_node(None, Level.PROVINCE, "990000", "基准省")
    city = add_node(province, Level.CITY, "990100", "基准市")
    county = add_node(city, Level.COUNTY, "990101", "基准县")
    made = []
    for number in range(count):
        school = add_node(county, Level.SCHOOL, f"99010100{number:04d}", f"基准学校{number}")
        gateway = Gateway.objects.create(school=school, name="网关", key=f"gw-bench-{number}", secret="x" * 64)
        kinds = ["electrical" if i % 2 else "smoke" for i in range(per)]
        Device.objects.bulk_create(
            Device(
                school=school,
                org_path=school.path,
                gateway=gateway,
                vendor_id=f"D{i}",
                kind=kind,
                name=f"设备{i}",
                place="配电房",
                online=True,
                last_seen_at=datetime.now(UTC),
            )
            for i, kind in enumerate(kinds)
        )
        made.append((gateway.key, [f"D{i}" for i in range(per)]))
    return made


def publish(url: str, gateways: list[tuple[str, list[str]]], args: argparse.Namespace) -> int:
    """A steady rate: every 100 ms each gateway publishes its share of messages as one payload."""
    from safecampus.alerts.mqtt import client, topic_for

    sender = client(url, "bench-publisher")
    sender.max_queued_messages_set(0)
    sender.connect(sender.connect_host, sender.connect_port)
    sender.loop_start()
    rng = random.Random(1)
    per_tick = args.rate / 10
    count, owed = 0, 0.0
    started = time.monotonic()
    tick = 0
    pending = []
    while time.monotonic() - started < args.seconds:
        owed += per_tick
        for index in range(len(gateways)):
            share = int(owed / (len(gateways) - index)) if index < len(gateways) - 1 else int(owed)
            owed -= share
            if share <= 0:
                continue
            key, devices = gateways[(tick + index) % len(gateways)]
            messages = []
            for _ in range(share):
                device = rng.randrange(len(devices))
                now = datetime.now(UTC).isoformat()
                if device % 2 == 0 and rng.random() < args.alarm_share:
                    messages.append(
                        {"id": uuid.uuid4().hex[:20], "device": devices[device], "type": "alarm", "at": now}
                    )
                else:
                    value = {"residual_current_ma": rng.randint(40, 280)} if device % 2 else {"battery_percent": 90}
                    messages.append(
                        {
                            "id": uuid.uuid4().hex[:20],
                            "device": devices[device],
                            "type": "reading",
                            "at": now,
                            "values": value,
                        }
                    )
            pending.append(sender.publish(topic_for(key), json.dumps({"messages": messages}), qos=1))
            count += len(messages)
        tick += 1
        sleep = started + tick / 10 - time.monotonic()
        if sleep > 0:
            time.sleep(sleep)
    for info in pending:
        info.wait_for_publish(timeout=30)
    sender.loop_stop()
    sender.disconnect()
    return count


def wait_stored(published: int, timeout: float) -> int:
    from safecampus.alerts.models import Message

    ends = time.monotonic() + timeout
    last, still = -1, 0
    while time.monotonic() < ends:
        stored = Message.objects.count()
        if stored >= published:
            return stored
        still = still + 1 if stored == last else 0
        if still >= 30:  # nothing new for 15 s: what is missing is lost
            return stored
        last = stored
        time.sleep(0.5)
    return Message.objects.count()


def report(args: argparse.Namespace, published: int, stored: int) -> None:
    from django.db.models import Count, Max, Min

    from safecampus.alerts.models import Alarm, Message

    rows = Message.objects.values_list("sent_at", "stored_at")
    latency = [(stored_at - sent_at).total_seconds() for sent_at, stored_at in rows.iterator(chunk_size=10_000)]
    span = Message.objects.aggregate(first=Min("stored_at"), last=Max("stored_at"))
    seconds = max((span["last"] - span["first"]).total_seconds(), 1e-9) if span["first"] else float("nan")
    twice = Message.objects.values("device_id", "message_id").annotate(n=Count("id")).filter(n__gt=1).count()
    print()
    print(f"| IoT ingestion over MQTT ({args.seconds:g} s, {args.gateways} gateways × {args.devices} devices) | |")
    print("|---|---|")
    print(f"| messages published | {published:,} (asked {args.rate:,}/s) |")
    print(f"| messages stored | {stored:,} |")
    print(f"| lost / stored twice | {published - stored:,} / {twice:,} |")
    print(f"| sustained (stored ÷ first-to-last store) | {stored / seconds:,.0f} messages/s |")
    print(
        f"| publish → in the database, p50 / p95 / p99 | {percentile(latency, 0.5):.3f} s / "
        f"{percentile(latency, 0.95):.3f} s / {percentile(latency, 0.99):.3f} s |"
    )
    print(f"| alarms raised (one open per device and type) | {Alarm.objects.count():,} |")
    target = stored / seconds >= 1000 and percentile(latency, 0.95) <= 2 and published == stored and twice == 0
    print(f"| target ≥ 1,000/s, p95 ≤ 2 s, 0 lost, 0 twice | {'met' if target else 'missed'} |")


if __name__ == "__main__":
    raise SystemExit(main())
