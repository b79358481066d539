"""Demo early warning: the first county's schools (at least a dozen of its city's) get cameras (by GB/T 28181
id), a gateway with smoke, gas, electrical, panic and perimeter devices, a duty roster for today, a month of
resolved alarms (real, false, test) and a few open ones, so the console, the figures and the map have something
to show. The cameras point at the local test stream (`manage.py demo_stream`, made with ffmpeg) through the
province's stream-address rule."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction

from safecampus.core import clock
from safecampus.core.access import Role
from safecampus.core.demo import Demo, seeder
from safecampus.orgs.models import Level, Membership, OrgUnit
from safecampus.rules.models import Rule
from safecampus.rules.specs import RULES

from .gbt28181 import division_code
from .models import (
    KIND_TYPES,
    TYPE_SEVERITY,
    Alarm,
    AlarmEvent,
    AlarmState,
    Camera,
    CameraPlace,
    Device,
    DeviceKind,
    DutyShift,
    Gateway,
    Outcome,
)
from .rulebook import ACK_DEFAULTS
from .services.signing import new_secret

DEMO_STREAM = "/alerts/demo-stream/{id}/index.m3u8"
MOST = 60  # schools with cameras and devices (a benchmark-size province keeps its seed time)
CAMERAS = (
    (CameraPlace.GATE, "校门口", True),
    (CameraPlace.PERIMETER, "东侧围墙", False),
    (CameraPlace.KITCHEN, "食堂后厨（明厨亮灶）", False),
    (CameraPlace.CORRIDOR, "教学楼一楼走廊", False),
    (CameraPlace.PLAYGROUND, "操场", True),
    (CameraPlace.SURROUNDINGS, "校园周边路口", True),
)
DEVICES = (
    (DeviceKind.SMOKE, "宿舍楼烟感", "学生宿舍 2 楼走廊"),
    (DeviceKind.SMOKE, "图书馆烟感", "图书馆阅览室"),
    (DeviceKind.GAS, "食堂燃气探测器", "食堂后厨灶台"),
    (DeviceKind.ELECTRICAL, "配电房电气火灾监控", "配电房总配电柜"),
    (DeviceKind.PANIC, "门卫室一键报警", "校门门卫室"),
    (DeviceKind.PERIMETER, "周界报警", "北侧围墙"),
)


@seeder("alerts", order=88)
def seed_demo_alerts(demo: Demo) -> str:
    rng = random.Random(demo.seed + 88)
    schools = list(OrgUnit.objects.filter(level=Level.SCHOOL, is_active=True).order_by("path"))
    if not schools:
        return ""
    county_path = schools[0].path[: 3 * OrgUnit.steplen]
    county = OrgUnit.objects.get(path=county_path)
    # The first county's schools (its logins are printed), topped up from its city to a console-worthy few.
    city = county_path[: 2 * OrgUnit.steplen]
    mine = [school for school in schools if school.path.startswith(county_path)]
    mine += [school for school in schools if school.path.startswith(city) and school not in mine][
        : max(0, 12 - len(mine))
    ]
    mine = mine[:MOST]
    with transaction.atomic():
        counts = _seed(rng, county, mine)
        _stream_rule(schools[0])
    return f"{counts['cameras']} cameras, {counts['devices']} IoT devices, {counts['alarms']} alarms"


def _stream_rule(school: OrgUnit) -> None:
    province = OrgUnit.objects.get(path=school.path[: OrgUnit.steplen])
    spec = RULES.get("alerts.camera.stream_url")
    Rule.objects.update_or_create(
        key=spec.key, org=province, defaults={"value": DEMO_STREAM, "title": spec.title, "title_en": spec.title_en}
    )


def _people(schools: list[OrgUnit], county: OrgUnit) -> dict[tuple[int, str], int]:
    rows = Membership.objects.filter(org__in=[*schools, county]).values_list("org_id", "role", "user_id")
    found: dict[tuple[int, str], int] = {}
    for org_id, role, user_id in rows.order_by("pk"):
        found.setdefault((org_id, role), user_id)
    return found


def _seed(rng: random.Random, county: OrgUnit, schools: list[OrgUnit]) -> dict[str, int]:
    now = clock.now()
    today = clock.today()
    people = _people(schools, county)
    cameras, gateways, shifts = [], [], []
    serial = 0
    for number, school in enumerate(schools):
        lng, lat = school.lng or 117.0, school.lat or 36.65
        division = division_code(school) or "370102"
        for index, (place, name, police) in enumerate(CAMERAS):
            serial += 1
            cameras.append(
                Camera(
                    school=school,
                    org_path=school.path,
                    gb_id=f"{division}00" + "00" + "132" + "0" + f"{serial:06d}",
                    name=name,
                    place=place,
                    plan_x=round(0.15 + 0.14 * index, 2),
                    plan_y=round(0.2 + 0.1 * (index % 3), 2),
                    lng=round(lng + rng.uniform(-0.001, 0.001), 6),
                    lat=round(lat + rng.uniform(-0.001, 0.001), 6),
                    ptz=place in (CameraPlace.GATE, CameraPlace.PLAYGROUND),
                    police_linked=police,
                    retention_days=rng.choice((30, 30, 60, 90)),
                    online=not (number % 5 == 3 and index == 1),  # a perimeter camera down now and then
                )
            )
        gateways.append(
            Gateway(
                school=school,
                org_path=school.path,
                name="消防物联网关",
                key=f"gw-{school.code}",
                secret=new_secret(),
                vendor="示例物联",
                last_seen_at=now,
            )
        )
        for role, start, hours in ((Role.SAFETY_OFFICER, 8, 12), (Role.GUARD, 20, 12)):
            person = people.get((school.pk, role)) or people.get((school.pk, Role.SAFETY_OFFICER))
            if person:
                begins = datetime.combine(today, time(start), tzinfo=now.tzinfo)
                if begins > now:
                    begins -= timedelta(days=1)
                shifts.append(
                    DutyShift(
                        org=school,
                        org_path=school.path,
                        person_id=person,
                        post="值班员",
                        starts_at=begins,
                        ends_at=begins + timedelta(hours=hours),
                    )
                )
    officer = people.get((county.pk, Role.BUREAU_SAFETY_OFFICER))
    if officer:
        shifts.append(
            DutyShift(
                org=county,
                org_path=county.path,
                person_id=officer,
                post="带班值班",
                starts_at=now - timedelta(hours=2),
                ends_at=now + timedelta(hours=22),
            )
        )
    Camera.objects.bulk_create(cameras, batch_size=1000)
    Gateway.objects.bulk_create(gateways, batch_size=1000)
    DutyShift.objects.bulk_create(shifts, batch_size=1000)
    by_school = {gateway.school_id: gateway for gateway in Gateway.objects.filter(school__in=schools)}
    devices = []
    for number, school in enumerate(schools):
        for index, (kind, name, place) in enumerate(DEVICES):
            silent = number % 7 == 4 and kind == DeviceKind.PERIMETER
            devices.append(
                Device(
                    school=school,
                    org_path=school.path,
                    gateway=by_school[school.pk],
                    vendor_id=f"D{index + 1:03d}",
                    kind=kind,
                    name=name,
                    place=place,
                    online=not silent,
                    last_seen_at=now - timedelta(hours=3 if silent else 0, minutes=rng.randint(0, 4)),
                )
            )
    Device.objects.bulk_create(devices, batch_size=1000)
    alarms = _alarms(rng, schools, people, now)
    return {"cameras": len(cameras), "devices": len(devices), "alarms": alarms}


def _alarms(rng: random.Random, schools: list[OrgUnit], people: dict, now: datetime) -> int:
    """The last month's alarms, resolved (mostly false or tests, a few real and reviewed), and a few open now."""
    devices = list(Device.objects.filter(school__in=schools).select_related("school"))
    made: list[tuple[Alarm, list[AlarmEvent]]] = []
    for device in devices:
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
            alarm_type = rng.choice(KIND_TYPES[device.kind])
            raised = now - timedelta(days=rng.randint(1, 30), minutes=rng.randint(0, 600))
            actor = people.get((device.school_id, Role.SAFETY_OFFICER))
            outcome = rng.choice((Outcome.FALSE, Outcome.FALSE, Outcome.TEST, Outcome.REAL))
            ack = raised + timedelta(minutes=rng.choice((1, 2, 2, 3, 5, 12)))
            resolved = ack + timedelta(minutes=rng.randint(5, 40))
            alarm = Alarm(
                device=device,
                school=device.school,
                org_path=device.org_path,
                type=alarm_type,
                severity=TYPE_SEVERITY[alarm_type],
                raised_at=raised,
                last_at=raised,
                count=rng.randint(1, 4),
                ack_due_at=raised + timedelta(minutes=ACK_DEFAULTS[alarm_type]),
                acknowledged_at=ack,
                acknowledged_by_id=actor,
                resolved_at=resolved,
                outcome=outcome,
                state=AlarmState.REVIEWED if outcome == Outcome.REAL else AlarmState.RESOLVED,
            )
            if outcome == Outcome.REAL:
                alarm.reviewed_at = resolved + timedelta(hours=20)
                alarm.cause = "线路老化导致局部过热" if device.kind == DeviceKind.ELECTRICAL else "学生违规使用电器"
                alarm.lessons = "更换老化线路，宿舍违规电器专项检查每周一次。"
            made.append((alarm, [("raise", raised, None), ("acknowledge", ack, actor), ("resolve", resolved, actor)]))
    first = [device for device in devices if device.school_id == schools[0].pk]
    smoke = next(device for device in first if device.kind == DeviceKind.SMOKE)
    electrical = next(device for device in first if device.kind == DeviceKind.ELECTRICAL)
    made.append((_open(smoke, "fire", now - timedelta(minutes=1), {"smoke": 1}), [("raise", now, None)]))
    made.append(
        (
            _open(
                electrical,
                "residual_current",
                now - timedelta(minutes=25),
                {"residual_current_ma": 342, "limit": 300},
                acknowledged=True,
            ),
            [("raise", now - timedelta(minutes=25), None)],
        )
    )
    Alarm.objects.bulk_create([alarm for alarm, _events in made], batch_size=1000)
    events = [
        AlarmEvent(alarm=alarm, verb=verb, at=at, actor_id=actor) for alarm, rows in made for verb, at, actor in rows
    ]
    AlarmEvent.objects.bulk_create(events, batch_size=2000)
    return len(made)


def _open(
    device: Device, alarm_type: str, raised: datetime, value: dict[str, Any], acknowledged: bool = False
) -> Alarm:
    return Alarm(
        device=device,
        school=device.school,
        org_path=device.org_path,
        type=alarm_type,
        severity=TYPE_SEVERITY[alarm_type],
        raised_at=raised,
        last_at=raised,
        last_value=value,
        ack_due_at=raised + timedelta(minutes=ACK_DEFAULTS[alarm_type]),
        state=AlarmState.ACKNOWLEDGED if acknowledged else AlarmState.RAISED,
        acknowledged_at=raised + timedelta(minutes=2) if acknowledged else None,
    )
