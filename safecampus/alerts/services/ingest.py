"""Ingestion: gateways' messages checked, stored once, and turned into heartbeats, readings and alarms.

One message:

    {"id": "m-1042", "device": "SD-0001", "type": "alarm", "alarm": "fire", "at": "2026-12-02T09:30:00+08:00",
     "values": {"smoke": 1}}

`type` is heartbeat, reading, alarm or restore; `id` (the gateway's own) makes a
redelivered message a duplicate instead of a second reading; `at` is when the
device sent it (default: when it arrived). A body is one message or
{"messages": [...]}. A batch is checked message by message: a bad one is refused
and counted with its reason, the others are taken — never a crash, never half a
message. The HTTP endpoint (api_ingest.py) and the MQTT worker (mqtt.py) both
call `ingest`.
"""

from __future__ import annotations

import json
from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from safecampus.core import clock, counting
from safecampus.rules.services import rule_values

from ..models import KIND_TYPES, AlarmType, Device, Gateway, Message, Refusal
from .alarms import clear_alarm, raise_alarm

MAX_BATCH = 1000
KINDS = ("heartbeat", "reading", "alarm", "restore")
KIND_CHOICES = [(kind, kind) for kind in KINDS]
# What a device can physically report: a value outside is a broken sensor or a forged message.
RANGES = {
    "residual_current_ma": (0, 10_000),
    "cable_temperature_c": (-40, 300),
    "gas_lel_percent": (0, 100),
    "water_pressure_mpa": (0, 10),
    "smoke": (0, 1),
    "battery_percent": (0, 100),
    "signal_dbm": (-150, 0),
}
# Which reading crosses which threshold, and which way (the rule's key, the alarm type, alarm when above).
CHECKS = (
    ("residual_current_ma", "residual_current_ma", AlarmType.RESIDUAL_CURRENT, True),
    ("cable_temperature_c", "cable_temperature_c", AlarmType.CABLE_TEMPERATURE, True),
    ("gas_lel_percent", "gas_lel_percent", AlarmType.GAS, True),
    ("water_pressure_mpa", "water_pressure_min_mpa", AlarmType.WATER_PRESSURE, False),
)


class Refused(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason, self.detail = reason, detail


@dataclass
class Outcome:
    accepted: int = 0
    duplicates: int = 0
    alarms: int = 0
    refused: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "duplicates": self.duplicates,
            "alarms_raised": self.alarms,
            "refused": self.refused,
        }


def decode(body: bytes) -> list[Any]:
    """The body's messages, or Refused for a body that is not JSON or not a message or a list of them."""
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise Refused("malformed", _("The body is not UTF-8 text.")) from None
    except json.JSONDecodeError as error:
        where = {"line": error.lineno, "column": error.colno}
        raise Refused("malformed", _("The body is not JSON (line %(line)d, column %(column)d).") % where) from None
    if isinstance(data, dict) and "messages" in data:
        data = data["messages"]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise Refused("malformed", _('Send one message (an object) or {"messages": [...]}.'))
    if len(data) > MAX_BATCH:
        raise Refused("too_many", _("At most %(count)d messages per request.") % {"count": MAX_BATCH})
    return data


def _moment(text: Any, now: datetime, skew: int) -> datetime:
    if text in (None, ""):
        return now
    moment = parse_datetime(text) if isinstance(text, str) else None
    if moment is None or moment.tzinfo is None:
        raise Refused("bad_time", _("“at” must be an ISO 8601 time with its offset, e.g. 2026-12-02T09:30:00+08:00."))
    if moment > now + timedelta(seconds=skew):
        raise Refused("bad_time", _("“at” lies in the future."))
    return moment


def _values(raw: Any) -> dict[str, float]:
    if raw in (None, {}):
        return {}
    if not isinstance(raw, dict):
        raise Refused("bad_values", _("“values” must be an object of named numbers."))
    found = {}
    for name, value in raw.items():
        if name not in RANGES:
            raise Refused("bad_values", _("Unknown value “%(name)s”.") % {"name": str(name)[:40]})
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Refused("bad_values", _("“%(name)s” must be a number.") % {"name": name})
        low, high = RANGES[name]
        if not low <= value <= high:
            raise Refused(
                "out_of_range",
                _("“%(name)s” = %(value)s is outside what the device can measure (%(low)s–%(high)s).")
                % {"name": name, "value": value, "low": low, "high": high},
            )
        found[name] = value
    return found


def _check(raw: Any, devices: dict[str, Device], now: datetime, skew: int) -> tuple[Device, dict[str, Any]]:
    if not isinstance(raw, dict):
        raise Refused("malformed", _("A message is a JSON object."))
    vendor_id = raw.get("device")
    device = devices.get(vendor_id) if isinstance(vendor_id, str) else None
    if device is None:
        raise Refused("unknown_device", _("No device “%(id)s” on this gateway.") % {"id": str(vendor_id)[:64]})
    kind = raw.get("type")
    if kind not in KINDS:
        raise Refused("bad_type", _("“type” must be one of %(kinds)s.") % {"kinds": ", ".join(KINDS)})
    message_id = raw.get("id")
    if message_id is not None and (not isinstance(message_id, str | int) or len(str(message_id)) > 64):
        raise Refused("malformed", _("“id” must be a text of at most 64 characters."))
    allowed = KIND_TYPES[device.kind]
    alarm_type = raw.get("alarm") or (allowed[0] if kind == "alarm" else None)
    if alarm_type is not None and alarm_type not in allowed:
        raise Refused(
            "bad_alarm",
            _("A %(kind)s raises %(types)s, not “%(type)s”.")
            % {"kind": device.get_kind_display(), "types": ", ".join(allowed), "type": str(alarm_type)[:30]},
        )
    found = {
        "kind": kind,
        "id": None if message_id is None else str(message_id),
        "at": _moment(raw.get("at"), now, skew),
        "values": _values(raw.get("values")),
        "alarm": alarm_type,
    }
    return device, found


def refuse(gateway: Gateway | None, channel: str, reason: str, detail: str, remote: str = "") -> None:
    Refusal.objects.create(
        gateway=gateway, channel=channel, reason=reason, detail=detail[:300], remote=remote[:64], at=clock.now()
    )
    if gateway is not None:
        Gateway.objects.filter(pk=gateway.pk).update(rejected=F("rejected") + 1)


def ingest(gateway: Gateway, messages: list[Any], *, channel: str) -> Outcome:
    """Take one gateway's messages (see `ingest_many`)."""
    return ingest_many([(gateway, messages)], channel=channel)[0]


def ingest_many(batches: list[tuple[Gateway, list[Any]]], *, channel: str) -> list[Outcome]:
    """Take several gateways' messages at once: store readings, alarms and restores once each, mark devices heard,
    raise and clear alarms. One transaction, a fixed number of queries whatever the number of messages (an alarm
    raised or cleared adds its own, in its savepoint)."""
    now = clock.now()
    gateways = [gateway for gateway, _messages in batches]
    devices: dict[int, dict[str, Device]] = {gateway.pk: {} for gateway in gateways}
    for device in Device.objects.filter(gateway__in=gateways, is_active=True):
        devices[device.gateway_id][device.vendor_id] = device
    skews = rule_values("alerts.ingest.skew_seconds", [gateway.org_path for gateway in gateways])
    outcomes = [Outcome() for _batch in batches]
    checked: list[tuple[Outcome, Device, dict[str, Any]]] = []
    refused: dict[int, list[Refusal]] = {gateway.pk: [] for gateway in gateways}
    for (gateway, messages), outcome in zip(batches, outcomes, strict=True):
        for index, raw in enumerate(messages):
            try:
                device, found = _check(raw, devices[gateway.pk], now, skews[gateway.org_path])
            except Refused as error:
                outcome.refused.append({"index": index, "reason": error.reason, "detail": error.detail})
                refused[gateway.pk].append(
                    Refusal(gateway=gateway, channel=channel, reason=error.reason, detail=error.detail, at=now)
                )
                continue
            checked.append((outcome, device, found))
    paths = {device.org_path for per in devices.values() for device in per.values()}
    with transaction.atomic():
        seen = _already_stored(checked)
        limits = rule_values("alerts.thresholds", paths) if paths else {}
        alarming = _alarming({device.pk for _o, device, _f in checked})
        stored: list[Message] = []
        heard: dict[int, tuple[Device, datetime]] = {}
        for outcome, device, found in checked:
            key = (device.pk, found["id"])
            if found["id"] is not None and key in seen:
                outcome.duplicates += 1
                continue
            if found["id"] is not None:
                seen.add(key)
            outcome.accepted += 1
            last = heard.get(device.pk)
            heard[device.pk] = (device, max(found["at"], last[1]) if last else found["at"])
            if found["kind"] == "heartbeat":
                continue
            own = {**limits.get(device.org_path, {}), **device.thresholds}
            alarm = _apply(device, found, own, outcome, alarming)
            stored.append(
                Message(
                    device=device,
                    kind=found["kind"],
                    sent_at=found["at"],
                    stored_at=now,
                    message_id=found["id"],
                    values=found["values"],
                    alarm=alarm,
                )
            )
        Message.objects.bulk_create(stored, batch_size=500, ignore_conflicts=True)
        _heard(heard, now)
        Refusal.objects.bulk_create([row for rows in refused.values() for row in rows], batch_size=500)
        for (gateway, _messages), outcome in zip(batches, outcomes, strict=True):
            Gateway.objects.filter(pk=gateway.pk).update(
                last_seen_at=now,
                accepted=F("accepted") + outcome.accepted,
                rejected=F("rejected") + len(refused[gateway.pk]),
            )
    return outcomes


def _alarming(device_ids: set[int]) -> set[tuple[int, str]]:
    """(device, type) of the open alarms not back to normal: only those have something for a normal reading to
    clear, so the others cost no query."""
    from ..models import OPEN_STATES, Alarm

    rows = Alarm.objects.filter(device_id__in=device_ids, state__in=OPEN_STATES, cleared_at__isnull=True)
    return set(rows.values_list("device_id", "type"))


def _already_stored(checked: list[tuple[Outcome, Device, dict[str, Any]]]) -> set[tuple[int, str]]:
    ids = {found["id"] for _i, _d, found in checked if found["id"] is not None}
    if not ids:
        return set()
    devices = {device.pk for _i, device, _f in checked}
    rows = Message.objects.filter(device_id__in=devices, message_id__in=ids).values_list("device_id", "message_id")
    return set(rows)


def _apply(
    device: Device, found: dict[str, Any], limits: dict[str, Any], outcome: Outcome, alarming: set[tuple[int, str]]
) -> Any:
    """What a message means for the device's alarms: the alarm it raised or repeated, if any."""
    kind, at, values = found["kind"], found["at"], found["values"]
    if kind == "alarm":
        alarm, new = raise_alarm(device, found["alarm"], value=values, at=at)
        outcome.alarms += int(new)
        alarming.add((device.pk, found["alarm"]))
        return alarm
    if kind == "restore":
        for alarm_type in [found["alarm"]] if found["alarm"] else KIND_TYPES[device.kind]:
            if (device.pk, alarm_type) in alarming and clear_alarm(device, alarm_type, at=at):
                alarming.discard((device.pk, alarm_type))
        return None
    raised = None
    for value_key, limit_key, alarm_type, above in CHECKS:
        if value_key not in values or alarm_type not in KIND_TYPES[device.kind] or limit_key not in limits:
            continue
        value, limit = values[value_key], limits[limit_key]
        if (value >= limit) if above else (value < limit):
            raised, new = raise_alarm(device, alarm_type, value={**values, "limit": limit}, at=at)
            outcome.alarms += int(new)
            alarming.add((device.pk, alarm_type))
        elif (device.pk, alarm_type) in alarming and clear_alarm(device, alarm_type, at=at):
            alarming.discard((device.pk, alarm_type))
    return raised


def _heard(heard: dict[int, tuple[Device, datetime]], now: datetime) -> None:
    """Devices heard from: their last heartbeat moves; one that was offline is online again (counted) and its
    offline alarm resolves itself."""
    if not heard:
        return
    back = [device for device, _at in heard.values() if not device.online]
    Device.objects.filter(pk__in=list(heard)).update(last_seen_at=now)
    for device in back:
        locked = Device.objects.select_for_update().get(pk=device.pk)
        if locked.online:
            continue
        before = counting.track(locked)
        locked.online = True
        locked.last_seen_at = now
        Device.objects.filter(pk=locked.pk).update(online=True)
        counting.changed(locked, before)
        clear_alarm(locked, AlarmType.OFFLINE, at=now)


def tally(outcome: Outcome) -> Tally:
    return Tally(item["reason"] for item in outcome.refused)
