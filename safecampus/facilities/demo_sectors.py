"""The demo's sector ledgers of a school: buses with drivers, escorts and routes, a canteen with its staff, meals
and deliveries, laboratory chemicals with their movements, special equipment."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from safecampus.core import clock
from safecampus.orgs.models import OrgUnit, SchoolKind

from .demo_parts import add, bulk, person_name, years_ago
from .ledgers import Rules, evaluate
from .models import (
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
    MealLog,
    SecurityProfile,
    SupplyRecord,
)

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

# The kinds of school with a canteen (when boarding or of 300 students and more).
MEALS = {SchoolKind.KINDERGARTEN, SchoolKind.PRIMARY, SchoolKind.JUNIOR, SchoolKind.SENIOR, SchoolKind.NINE_YEAR}
MEALS |= {SchoolKind.TWELVE_YEAR, SchoolKind.VOCATIONAL, SchoolKind.SPECIAL}


def _plate(rng: random.Random, school: OrgUnit, seen: set[str]) -> str:
    letter = CITY_LETTER.get(school.code[:4], "H")
    while True:
        plate = f"鲁{letter}{rng.choice('DFX')}{rng.randint(1000, 9999)}"
        if plate not in seen:
            seen.add(plate)
            return plate


def seed_buses(
    rng: random.Random, school: OrgUnit, keeper: Any, rules: Rules, today: date, diligent: bool, out: dict
) -> None:
    seen: set[str] = set()
    people: set[str] = set()

    def person() -> str:
        while (name := person_name(rng)) in people:
            continue
        people.add(name)
        return name

    for _index in range(rng.randint(1, 3)):
        late = not diligent and rng.random() < 0.4
        bus = add(
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
        driver = add(
            out,
            BusDriver(
                school=school,
                name=person(),
                birth_date=years_ago(today, 61 if old else rng.randint(32, 58), rng.randint(0, 300)),
                licence_no=f"3701{rng.randint(10**13, 10**14 - 1)}",
                licensed_on=years_ago(today, rng.randint(8, 25)),
                full_deduction=False,
                reviewed_on=today - timedelta(days=rng.randint(20, 330 if diligent else 420)),
                recorded_by=keeper,
            ),
            rules,
            today,
        )
        escort = add(
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


def seed_canteen(
    rng: random.Random, school: OrgUnit, keeper: Any, rules: Rules, today: date, diligent: bool, out: dict
) -> None:
    canteen = add(
        out,
        Canteen(
            school=school,
            name="学生食堂",
            licence_no=f"JY1{school.code[:4]}{rng.randint(10**8, 10**9 - 1)}",
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
        out.setdefault("workers", []).append((school, canteen, person_name(rng), number, valid, keeper))


def seed_chemicals(
    rng: random.Random, school: OrgUnit, keeper: Any, rules: Rules, today: date, diligent: bool, out: dict
) -> None:
    for name, cas, hazard, unit, precursor, explosive, toxic in rng.sample(CHEMICALS, rng.randint(4, 7)):
        controlled = precursor or explosive or toxic
        book = Decimal(rng.choice([250, 500, 1000, 2500]))
        counted = today - timedelta(days=rng.randint(5, 80 if diligent else 140))
        off = not diligent and rng.random() < 0.25
        stock = add(
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


def seed_equipment(
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
        commissioned = years_ago(today, rng.randint(2, 12))
        lapsed = not diligent and rng.random() < 0.3
        add(
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


def routes_and_workers(out: dict, counts: dict[str, int], rules: dict[str, Any]) -> list[Any]:
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
    bulk(BusRoute, {BusRoute: routes}, counts)
    bulk(CanteenWorker, {CanteenWorker: workers}, counts)
    bulk(ChemicalMovement, {ChemicalMovement: movements}, counts)
    bulk(MealLog, {MealLog: meals}, counts)
    bulk(SupplyRecord, {SupplyRecord: supplies}, counts)
    return [*routes, *workers]


def first_findings(out: dict, more: list[Any], today: date) -> None:
    """Each profile's first failing day of the school's records (as services.profile computes it)."""
    first: dict[int, date] = {}
    records = [row for model, rows in out.items() if isinstance(model, type) for row in rows]
    for record in (*records, *more):
        day = getattr(record, "fail_from", None)
        if day is not None and (record.fail_until is None or record.fail_until > today):
            first[record.school_id] = min(day, first.get(record.school_id, day))
    for profile in out.get(SecurityProfile, []):
        profile.findings_from = first.get(profile.school_id)
