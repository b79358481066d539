"""Demo ledgers: every school gets its baseline, guards, liability insurance and, where the school has them, buses
with drivers, escorts and routes, a canteen with its staff, and special equipment (boilers in rural boarding
schools of the north, lifts in big schools) — most in order, some expired, a few lapsed, so every figure has data.

Records are written in bulk with their failing windows evaluated by the ledgers' own checks (ledgers.evaluate)
under the rules in force; the kernel then counts them (core.recount), as a live platform's `recount --fix` does.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from safecampus.accounts.models import User
from safecampus.core import clock
from safecampus.core.access import Role
from safecampus.core.bulkload import insert_rows
from safecampus.core.demo import Demo, seeder
from safecampus.core.progress import Progress
from safecampus.hazards.models import Checkpoint
from safecampus.orgs.models import Level, Membership, OrgUnit, SchoolKind
from safecampus.rules.services import rule_value
from safecampus.rules.specs import RULES

from . import windows as w
from .guards import required_at
from .ledgers import LAB_KINDS, Rules, evaluate
from .models import (
    BaselineItem,
    BaselineKind,
    Bus,
    BusDriver,
    BusEscort,
    BusRoute,
    Canteen,
    CanteenWorker,
    Chemical,
    ChemicalMovement,
    Equipment,
    EquipmentKind,
    GateDuty,
    GatePeriod,
    Guard,
    GuardPost,
    InsurancePolicy,
    MealLog,
    PatrolDay,
    PatrolScan,
    SecurityProfile,
    SupplyRecord,
)
from .services.patrols import last_school_day
from .services.profile import rules_stamp, uninsured

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("建国", "志强", "秀英", "卫东", "海涛", "玉兰", "红梅", "立新", "永刚", "春生", "桂芳", "德明")
COMPANIES = ("本校", "市保安服务总公司", "区安保服务有限公司", "平安保安服务公司")
INSURERS = ("中国人民财产保险", "中国平安财产保险", "中国太平洋财产保险", "中华联合财产保险")
CITY_LETTER = {"3701": "A", "3702": "B", "3703": "C", "3704": "D", "3705": "E", "3706": "F", "3707": "G"}
STOPS = ("村委会", "镇中心", "卫生院", "供销社", "小学门口", "十字路口", "文化广场")
REGISTRATION = {EquipmentKind.BOILER: "锅", EquipmentKind.LIFT: "梯", EquipmentKind.PRESSURE_VESSEL: "容"}
# name, CAS number, hazard class, unit, 易制毒, 易制爆, 剧毒
CHEMICALS = (
    ("硫酸", "7664-93-9", "corrosive", "mL", True, False, False),
    ("盐酸", "7647-01-0", "corrosive", "mL", True, False, False),
    ("硝酸", "7697-37-2", "oxidising", "mL", False, True, False),
    ("高锰酸钾", "7722-64-7", "oxidising", "g", True, True, False),
    ("氢氧化钠", "1310-73-2", "corrosive", "g", False, False, False),
    ("乙醇", "64-17-5", "flammable", "mL", False, False, False),
    ("丙酮", "67-64-1", "flammable", "mL", True, False, False),
    ("硝酸钾", "7757-79-1", "oxidising", "g", False, True, False),
    ("镁粉", "7439-95-4", "flammable", "g", False, True, False),
    ("氯化钡", "10361-37-2", "toxic", "g", False, False, False),
)
MEALS = {SchoolKind.KINDERGARTEN, SchoolKind.PRIMARY, SchoolKind.JUNIOR, SchoolKind.SENIOR, SchoolKind.NINE_YEAR}
MEALS |= {SchoolKind.TWELVE_YEAR, SchoolKind.VOCATIONAL, SchoolKind.SPECIAL}
# A 1×1 PNG: the evidence every demo baseline check points at (one file, not one per school).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f80f0000010100051806d84e0000000049454e44ae426082"
)


@seeder("facilities", order=86)
def seed_demo_facilities(demo: Demo) -> str:
    counts = seed_facilities(demo.seed, demo.progress)
    return ", ".join(f"{n} {what}" for what, n in counts.items())


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _years_ago(today: date, years: int, days: int = 0) -> date:
    return w.add_years(today, -years) - timedelta(days=days)


def seed_facilities(seed: int, stream: Any) -> dict[str, int]:
    rng = random.Random(seed + 70)
    today = clock.today()
    schools = list(OrgUnit.objects.filter(level=Level.SCHOOL, is_active=True).select_related("school").order_by("path"))
    schools = [school for school in schools if hasattr(school, "school")]
    keepers = dict(Membership.objects.filter(role=Role.SAFETY_OFFICER).values_list("org_id", "user_id"))
    if not schools:
        return {}
    rules = {key: rule_value(key) for key in RULES.keys() if key.startswith("facilities.")}
    stamp = rules_stamp()
    evidence = default_storage.save("facilities/baseline/demo-evidence.png", ContentFile(PNG))
    users = {pk: User(pk=pk) for pk in set(keepers.values())}
    counts: dict[str, int] = {}
    # The demo's first county (its logins are printed) always has a school without a full-time guard to find.
    county = schools[0].path[: 3 * OrgUnit.steplen]
    unguarded = [school for school in schools if school.path.startswith(county)][-1].pk
    progress = Progress("facilities", len(schools), stream)
    with transaction.atomic():
        for offset in range(0, len(schools), 500):
            out: dict[type, list[Any]] = {}
            for school in schools[offset : offset + 500]:
                keeper = users.get(keepers.get(school.pk, 0))
                guarded = school.pk != unguarded
                _school(rng, school, keeper, Rules(school, rules), today, evidence, stamp, out, guarded)
            for model in (
                Guard,
                InsurancePolicy,
                Bus,
                BusDriver,
                BusEscort,
                Canteen,
                Equipment,
                Chemical,
                BaselineItem,
            ):
                _bulk(model, out, counts)
            made = _routes_and_workers(out, counts, rules)
            _first_findings(out, made, today)
            _bulk(SecurityProfile, out, counts)
            progress.advance(min(500, len(schools) - offset))
    with transaction.atomic():
        _patrols(rng, schools, keepers, today, counts)
    return counts


BIG = 5000  # schools: a benchmark-size province gets patrol points and days in its first city only


def _patrols(rng: random.Random, schools: list[OrgUnit], keepers: dict[int, int], today: date, counts: dict) -> None:
    """Patrol points (checkpoints with the security area) at each school and the last week's patrol days, most
    complete, some short, and the gate posts of the last school day; the first county's schools also get the
    scans of yesterday's rounds."""
    if len(schools) > BIG:
        city = schools[0].path[: 2 * OrgUnit.steplen]
        schools = [school for school in schools if school.path.startswith(city)]
    county = schools[0].path[: 3 * OrgUnit.steplen]
    rounds = rule_value("facilities.patrol.rounds_per_day")
    points, days, scans = [], [], []
    for school in schools:
        names = ["校门", "教学楼"] + (["宿舍楼"] if school.school.is_boarding else [])
        made = [
            Checkpoint(
                school=school, org_path=school.path, name=name, areas=["security"], token=secrets.token_urlsafe(16)[:22]
            )
            for name in names
        ]
        points += made
        careful = rng.random() < 0.85 or school.path.startswith(county)  # the scans below show full rounds
        for back in range(1, 8):
            done = rounds if careful or rng.random() < 0.5 else rng.randint(0, rounds - 1)
            days.append(
                PatrolDay(
                    school=school,
                    org_path=school.path,
                    day=today - timedelta(days=back),
                    points=len(made),
                    required=rounds,
                    done=done,
                    closed=True,
                )
            )
    last = last_school_day(today)
    duties = [
        GateDuty(
            school=school,
            org_path=school.path,
            day=last,
            period=period,
            people="门卫、值周教师",
            headcount=2,
            police=rng.random() < 0.4,
            recorded_by_id=keepers[school.pk],
            recorded_at=clock.now(),
        )
        for school in schools
        if school.pk in keepers and rng.random() < 0.9
        for period in GatePeriod.values
    ]
    Checkpoint.objects.bulk_create(points, batch_size=2000)
    _bulk(PatrolDay, {PatrolDay: days}, counts)
    _bulk(GateDuty, {GateDuty: duties}, counts)
    counts[str(Checkpoint._meta.verbose_name_plural)] = len(points)
    yesterday = today - timedelta(days=1)
    morning = datetime.combine(yesterday, time(8), ZoneInfo(settings.TIME_ZONE))
    for point in points:
        keeper = keepers.get(point.school_id)
        if keeper is None or not point.org_path.startswith(county):
            continue
        for round_number in range(rounds):
            at = morning + timedelta(hours=2 * round_number)
            scans.append(
                PatrolScan(
                    school_id=point.school_id,
                    org_path=point.org_path,
                    checkpoint=point,
                    by_id=keeper,
                    at=at,
                    day=yesterday,
                )
            )
    PatrolScan.objects.bulk_create(scans, batch_size=2000)


def _bulk(model: type, out: dict[type, list[Any]], counts: dict[str, int]) -> None:
    """Write the records in one COPY (PostgreSQL) or multi-row INSERTs: the ORM's bulk_create costs 4× more here."""
    rows = out.get(model, [])
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.get_internal_type() == "BigAutoField")]
    now = clock.now()
    for row in rows:
        if hasattr(row, "updated_at"):
            row.updated_at = now
    names = [f.attname for f in fields]
    files = {f.attname for f in fields if f.get_internal_type() == "FileField"}
    insert_rows(
        model,
        names,
        ([getattr(row, name).name or "" if name in files else getattr(row, name) for name in names] for row in rows),
    )
    label = str(model._meta.verbose_name_plural)
    counts[label] = counts.get(label, 0) + len(rows)


def _add(out: dict[type, list[Any]], record: Any, rules: Rules, today: date) -> Any:
    if hasattr(record, "windows"):
        record.org_path = record.school.path
        evaluate(record, rules, today)
    out.setdefault(type(record), []).append(record)
    return record


def _school(
    rng: random.Random,
    school: OrgUnit,
    keeper: Any,
    rules: Rules,
    today: date,
    evidence: str,
    stamp: str,
    out: dict[type, list[Any]],
    guarded: bool = True,
) -> None:
    profile = school.school
    diligent = rng.random() < 0.85 and guarded  # most schools keep their ledgers in order; the others show findings
    boarders = int(profile.student_count * rng.uniform(0.3, 0.8)) if profile.is_boarding else 0
    need = required_at(school, boarders, rules)
    guards = need if diligent else rng.choice([0, max(need - 1, 0), need])
    if rng.random() < 0.04 or not guarded:
        guards = 0
    full_time = 0
    for index in range(guards + (1 if rng.random() < 0.3 else 0)):
        is_full = index < guards
        full_time += is_full
        trained = today - timedelta(days=rng.randint(10, 300 if diligent else 500))
        _add(
            out,
            Guard(
                school=school,
                name=_name(rng),
                birth_date=_years_ago(today, rng.randint(25, 58), rng.randint(0, 360)),
                licence_no=f"鲁{rng.randint(10**11, 10**12 - 1)}" if diligent or rng.random() < 0.7 else "",
                employer=rng.choice(COMPANIES),
                hired_on=_years_ago(today, rng.randint(0, 8), rng.randint(0, 300)),
                full_time=is_full,
                post=rng.choice([GuardPost.GATE, GuardPost.GATE, GuardPost.PATROL, GuardPost.MONITOR]),
                trained_on=trained,
                recorded_by=keeper,
            ),
            rules,
            today,
        )
    # Cover runs from 1 September for a year; a few schools have not renewed (脱保) or end soon.
    start = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    policies = []
    if rng.random() < 0.97:
        ends = w.add_years(start, 1) - timedelta(days=1)
        if rng.random() < 0.05:
            ends = today + timedelta(days=rng.randint(3, 25))
        policies.append((start, ends))
    else:
        policies.append((w.add_years(start, -1), start - timedelta(days=1)))
    for number, (starts_on, ends_on) in enumerate(policies, start=1):
        _add(
            out,
            InsurancePolicy(
                school=school,
                number=f"PZAA{starts_on.year}{school.code[-8:]}{number:03d}",
                insurer=rng.choice(INSURERS),
                starts_on=starts_on,
                ends_on=ends_on,
                premium=max(profile.student_count, 50) * 5,
                paid=diligent or rng.random() < 0.8,
                recorded_by=keeper,
            ),
            rules,
            today,
        )
    met = []
    for item in BaselineKind.values:
        is_met = rng.random() < (0.97 if diligent else 0.75)
        if item == BaselineKind.GUARDS and full_time == 0:
            is_met = False
        met += [item] if is_met else []
        if keeper is not None:
            _add(
                out,
                BaselineItem(
                    school=school,
                    org_path=school.path,
                    item=item,
                    met=is_met,
                    checked_on=today - timedelta(days=rng.randint(5, 200)),
                    evidence=evidence if is_met else "",
                    note="" if is_met else "整改中",
                    recorded_by=keeper,
                ),
                rules,
                today,
            )
    if profile.uses_school_bus:
        _buses(rng, school, keeper, rules, today, diligent, out)
    if profile.kind in MEALS and (profile.is_boarding or profile.student_count >= 300):
        _canteen(rng, school, keeper, rules, today, diligent, out)
    _equipment(rng, school, keeper, rules, today, diligent, out)
    if profile.kind in LAB_KINDS:
        _chemicals(rng, school, keeper, rules, today, diligent, out)
    gaps = uninsured(policies)
    upcoming = [(s, e) for s, e in gaps if e is None or e > today]
    out.setdefault(SecurityProfile, []).append(
        SecurityProfile(
            school=school,
            org_path=school.path,
            boarders=boarders,
            guards_required=need,
            guards_full_time=full_time,
            baseline_met=sorted(met) if keeper is not None else [],
            insurance_windows=w.dump(gaps),
            students=profile.student_count,
            staff=profile.staff_count,
            rules_stamp=stamp,
            lapse_from=gaps[-1][0] if gaps and gaps[-1][1] is None and gaps[-1][0] > w.EARLIEST else None,
            gap_from=upcoming[0][0] if upcoming else None,
            gap_until=upcoming[0][1] if upcoming else None,
        )
    )


def _plate(rng: random.Random, school: OrgUnit, seen: set[str]) -> str:
    letter = CITY_LETTER.get(school.code[:4], "H")
    while True:
        plate = f"鲁{letter}{rng.choice('DFX')}{rng.randint(1000, 9999)}"
        if plate not in seen:
            seen.add(plate)
            return plate


def _buses(
    rng: random.Random, school: OrgUnit, keeper: Any, rules: Rules, today: date, diligent: bool, out: dict
) -> None:
    seen: set[str] = set()
    people: set[str] = set()

    def person() -> str:
        while (name := _name(rng)) in people:
            continue
        people.add(name)
        return name

    for _index in range(rng.randint(1, 3)):
        late = not diligent and rng.random() < 0.4
        bus = _add(
            out,
            Bus(
                school=school,
                plate=_plate(rng, school, seen),
                seats=rng.choice([19, 35, 41, 52]),
                licence_no=f"LX{school.code[-6:]}{rng.randint(100, 999)}",
                licence_until=today + timedelta(days=rng.randint(30, 700)),
                inspected_on=today - timedelta(days=rng.randint(200, 260) if late else rng.randint(5, 170)),
                insured_until=today + timedelta(days=rng.randint(-20, 300) if not diligent else rng.randint(40, 300)),
                escape_hammer=True,
                extinguisher=True,
                first_aid_kit=diligent or rng.random() < 0.6,
                gps_recorder=True,
                recorded_by=keeper,
            ),
            rules,
            today,
        )
        old = not diligent and rng.random() < 0.15
        driver = _add(
            out,
            BusDriver(
                school=school,
                name=person(),
                birth_date=_years_ago(today, 61 if old else rng.randint(32, 58), rng.randint(0, 300)),
                licence_no=f"3701{rng.randint(10**13, 10**14 - 1)}",
                licensed_on=_years_ago(today, rng.randint(8, 25)),
                full_deduction=False,
                reviewed_on=today - timedelta(days=rng.randint(20, 330 if diligent else 420)),
                recorded_by=keeper,
            ),
            rules,
            today,
        )
        escort = _add(
            out,
            BusEscort(
                school=school,
                name=person(),
                trained_on=today - timedelta(days=rng.randint(10, 300)),
                recorded_by=keeper,
            ),
            rules,
            today,
        )
        stops = rng.sample(STOPS, 4)
        out.setdefault("routes", []).append((school, bus, driver, escort, f"{stops[0]}线", "\n".join(stops), keeper))


def _canteen(
    rng: random.Random, school: OrgUnit, keeper: Any, rules: Rules, today: date, diligent: bool, out: dict
) -> None:
    canteen = _add(
        out,
        Canteen(
            school=school,
            name="学生食堂",
            licence_no=f"JY1{school.code[:4]}{rng.randint(10**9, 10**10 - 1)}",
            licence_until=today + timedelta(days=rng.randint(-30, 900) if not diligent else rng.randint(60, 900)),
            open_kitchen=diligent or rng.random() < 0.5,
            logged_on=today - timedelta(days=rng.randint(0, 2) if diligent else rng.randint(3, 20)),
            samples_short=not diligent and rng.random() < 0.3,
            recorded_by=keeper,
        ),
        rules,
        today,
    )
    for _index in range(rng.randint(3, 8)):
        valid = today + timedelta(days=rng.randint(-40, 330) if not diligent else rng.randint(20, 330))
        number = f"JK{valid.year}{rng.randint(10**7, 10**8 - 1)}"
        out.setdefault("workers", []).append((school, canteen, _name(rng), number, valid, keeper))


def _chemicals(
    rng: random.Random, school: OrgUnit, keeper: Any, rules: Rules, today: date, diligent: bool, out: dict
) -> None:
    for name, cas, hazard, unit, precursor, explosive, toxic in rng.sample(CHEMICALS, rng.randint(4, 7)):
        controlled = precursor or explosive or toxic
        book = Decimal(rng.choice([250, 500, 1000, 2500]))
        counted = today - timedelta(days=rng.randint(5, 80 if diligent else 140))
        off = not diligent and rng.random() < 0.25
        stock = _add(
            out,
            Chemical(
                school=school,
                lab="化学实验室" if hazard != "other" else "化学准备室",
                name=name,
                cas=cas,
                hazard_class=hazard,
                unit=unit,
                location="危化品专柜" if controlled else "试剂柜",
                precursor=precursor,
                explosive_precursor=explosive,
                highly_toxic=toxic,
                separate_cabinet=controlled and (diligent or rng.random() < 0.7),
                dual_lock=controlled and (diligent or rng.random() < 0.6),
                book_quantity=book,
                counted_on=counted,
                counted_quantity=book - (Decimal(rng.choice([5, 10, 20])) if off else 0),
                mismatch=off,
                recorded_by=keeper,
            ),
            rules,
            today,
        )
        out.setdefault("movements", []).append((stock, book, counted, keeper))


def _equipment(
    rng: random.Random, school: OrgUnit, keeper: Any, rules: Rules, today: date, diligent: bool, out: dict
) -> None:
    profile = school.school
    units = []
    if profile.is_rural and profile.is_boarding:
        units.append((EquipmentKind.BOILER, "锅炉房燃气锅炉"))
    if profile.student_count >= 2000:
        units += [(EquipmentKind.LIFT, f"{n}号教学楼电梯") for n in range(1, rng.randint(2, 3))]
    if profile.kind in MEALS and profile.is_boarding and rng.random() < 0.3:
        units.append((EquipmentKind.PRESSURE_VESSEL, "食堂蒸饭柜储气罐"))
    for kind, name in units:
        commissioned = _years_ago(today, rng.randint(2, 12))
        lapsed = not diligent and rng.random() < 0.3
        _add(
            out,
            Equipment(
                school=school,
                kind=kind,
                name=name,
                commissioned_on=commissioned,
                registration_no=f"{REGISTRATION[kind]}11鲁A{rng.randint(10000, 99999)}",
                registered_on=commissioned + timedelta(days=rng.randint(5, 25)),
                inspection_until=today + timedelta(days=rng.randint(-60, -1) if lapsed else rng.randint(20, 360)),
                maintained_on=today - timedelta(days=rng.randint(1, 14 if diligent else 30)),
                duty_assigned=True,
                rules_in_place=True,
                records_kept=diligent or rng.random() < 0.7,
                operator_certified=True,
                emergency_plan=diligent or rng.random() < 0.8,
                recorded_by=keeper,
            ),
            rules,
            today,
        )


def _ids(out: dict) -> dict[type, dict[tuple[int, str], int]]:
    """The ids of the records just written, by school and plate or name (written without returning them)."""
    found: dict[type, dict[tuple[int, str], int]] = {}
    for model, key in ((Bus, "plate"), (BusDriver, "name"), (BusEscort, "name"), (Canteen, "name")):
        schools = {row.school_id for row in out.get(model, [])}
        rows = model.objects.filter(school_id__in=schools).values_list("school_id", key, "pk")
        found[model] = {(school, name): pk for school, name, pk in rows}
    return found


def _routes_and_workers(out: dict, counts: dict[str, int], rules: dict[str, Any]) -> list[Any]:
    """Routes and canteen staff point at records made just before (their ids are known after the insert)."""
    routes, workers = [], []
    ids = _ids(out)
    for school, bus, driver, escort, name, stops, keeper in out.get("routes", []):
        route = BusRoute(
            school=school,
            name=name,
            stops=stops,
            bus_id=ids[Bus][(school.pk, bus.plate)],
            driver_id=ids[BusDriver][(school.pk, driver.name)],
            escort_id=ids[BusEscort][(school.pk, escort.name)],
        )
        route.recorded_by = keeper
        routes.append(route)
    movements, meals, supplies = [], [], []
    now = clock.now()
    schools = {row.school_id for row in out.get(Chemical, [])}
    found = Chemical.objects.filter(school_id__in=schools).values_list("school_id", "lab", "name", "pk")
    stocks = {(school, lab, name): pk for school, lab, name, pk in found}
    for stock, book, counted, keeper in out.get("movements", []):
        if keeper is None:
            continue
        chemical_id = stocks[(stock.school_id, stock.lab, stock.name)]
        received = counted - timedelta(days=30)
        for kind, quantity, day, after in (
            ("receive", book, received, book),
            ("count", stock.counted_quantity, counted, book),
        ):
            movements.append(
                ChemicalMovement(
                    chemical_id=chemical_id,
                    org_path=stock.org_path,
                    kind=kind,
                    quantity=quantity,
                    day=day,
                    handled_by="实验员",
                    second_person="安全员",
                    book_after=after,
                    recorded_by=keeper,
                    recorded_at=now,
                )
            )
    for school, canteen, name, number, valid, keeper in out.get("workers", []):
        workers.append(
            CanteenWorker(
                school=school,
                canteen_id=ids[Canteen][(school.pk, canteen.name)],
                name=name,
                certificate_no=number,
                certificate_until=valid,
                recorded_by=keeper,
            )
        )
    today = clock.today()
    for record in (*routes, *workers):
        record.org_path = record.school.path
        evaluate(record, Rules(record.school, rules), today)
    for canteen in out.get(Canteen, []):
        if canteen.recorded_by is None:
            continue
        canteen_id = ids[Canteen][(canteen.school_id, canteen.name)]
        if canteen.logged_on is not None:
            for back in range(3):
                meals.append(
                    MealLog(
                        canteen_id=canteen_id,
                        org_path=canteen.org_path,
                        day=canteen.logged_on - timedelta(days=back),
                        meal="lunch",
                        leader="校长" if back % 2 == 0 else "分管副校长",
                        dishes=4,
                        sample_grams=100 if canteen.samples_short and back == 0 else 150,
                        sample_hours=48,
                        samples_by="留样员",
                        recorded_by=canteen.recorded_by,
                        recorded_at=now,
                    )
                )
        supplies.append(
            SupplyRecord(
                canteen_id=canteen_id,
                org_path=canteen.org_path,
                day=clock.today() - timedelta(days=2),
                supplier="农产品配送中心",
                supplier_licence="JY13701000000001",
                items="大米、面粉、食用油",
                checked_by="食堂管理员",
                second_checker="值班教师",
                recorded_by=canteen.recorded_by,
                recorded_at=now,
            )
        )
    _bulk(BusRoute, {BusRoute: routes}, counts)
    _bulk(CanteenWorker, {CanteenWorker: workers}, counts)
    _bulk(ChemicalMovement, {ChemicalMovement: movements}, counts)
    _bulk(MealLog, {MealLog: meals}, counts)
    _bulk(SupplyRecord, {SupplyRecord: supplies}, counts)
    return [*routes, *workers]


def _first_findings(out: dict, more: list[Any], today: date) -> None:
    """Each profile's first failing day of the school's records (as services.profile computes it)."""
    first: dict[int, date] = {}
    records = [row for model, rows in out.items() if isinstance(model, type) for row in rows]
    for record in (*records, *more):
        day = getattr(record, "fail_from", None)
        if day is not None and (record.fail_until is None or record.fail_until > today):
            first[record.school_id] = min(day, first.get(record.school_id, day))
    for profile in out.get(SecurityProfile, []):
        profile.findings_from = first.get(profile.school_id)
