"""The sector ledgers, each declared once: its model, its checks against the rules (as failing windows), the
columns pages and Excel show, and the hazard area a finding of it belongs to. Pages, API, imports, exports,
counters and findings all read these declarations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from safecampus.hazards.models import Area
from safecampus.hazards.services.plans import add_months
from safecampus.rules.services import rule_value

from . import windows as w
from .models import (
    Bus,
    BusDriver,
    BusEscort,
    BusRoute,
    Canteen,
    CanteenWorker,
    Chemical,
    Equipment,
    EquipmentKind,
    Guard,
    InsurancePolicy,
)

Windows = dict[str, list[w.Window]]


class Rules:
    """The rules in force at one school, each read once (or given, for jobs that read them for many schools)."""

    def __init__(self, school: Any, given: dict[str, Any] | None = None) -> None:
        self.school = school
        self.values = dict(given or {})

    def __call__(self, key: str) -> Any:
        if key not in self.values:
            self.values[key] = rule_value(key, self.school)
        return self.values[key]


@dataclass(frozen=True)
class Check:
    code: str
    label: Any
    expiry: bool = False  # a validity that runs out (warned ahead), not a standing defect


@dataclass(frozen=True)
class Ledger:
    key: str
    model: type
    title: Any
    checks: tuple[Check, ...]
    windows: Callable[[Any, Rules], Windows]
    columns: tuple[str, ...]  # the fields shown in lists and written to Excel, after the school
    area: str  # the hazard area of its findings
    search: tuple[str, ...] = ("name",)
    dated: str = ""  # the field a bureau's list sorts by, nearest first
    applies: Callable[[Any], bool] = lambda school: True  # the schools that keep it (by their profile)
    parent: str = ""  # the ledger a record belongs to (a worker's canteen)
    order: int = 0

    def check(self, code: str) -> Check:
        return next(check for check in self.checks if check.code == code)

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)


def _guard(guard: Guard, rules: Rules) -> Windows:
    return {
        "licence": [] if guard.licence_no else w.always(),
        "training": w.after(
            guard.trained_on + timedelta(days=rules("facilities.guard.training_days") - 1) if guard.trained_on else None
        ),
    }


def _policy(policy: InsurancePolicy, rules: Rules) -> Windows:
    return {"unpaid": [] if policy.paid else w.always()}


def _bus(bus: Bus, rules: Rules) -> Windows:
    due = add_months(bus.inspected_on, rules("facilities.bus.inspection_months"))
    kit = (bus.escape_hammer, bus.extinguisher, bus.first_aid_kit, bus.gps_recorder)
    return {
        "inspection": w.after(due),
        "licence": w.after(bus.licence_until),
        "insurance": w.after(bus.insured_until),
        "equipment": [] if all(kit) else w.always(),
    }


def next_inspection(bus: Bus) -> date:
    return add_months(bus.inspected_on, rule_value("facilities.bus.inspection_months", bus.school))


def _driver(driver: BusDriver, rules: Rules) -> Windows:
    rule = rules("facilities.bus.driver")
    reviewed = driver.reviewed_on
    return {
        "age_low": w.before(w.add_years(driver.birth_date, rule["min_age"])),
        # Aged 60 until the day before the 61st birthday: over the age limit from that birthday.
        "age_high": [(w.add_years(driver.birth_date, rule["max_age"] + 1), None)],
        "experience": w.before(w.add_years(driver.licensed_on, rule["years_driving"])),
        "points": w.always() if driver.full_deduction else [],
        "review": w.after(reviewed + timedelta(days=rule["review_days"] - 1) if reviewed else None),
    }


def _escort(escort: BusEscort, rules: Rules) -> Windows:
    days = rules("facilities.escort.training_days")
    return {"training": w.after(escort.trained_on + timedelta(days=days - 1) if escort.trained_on else None)}


def _route(route: BusRoute, rules: Rules) -> Windows:
    return {
        "no_driver": [] if route.driver_id else w.always(),
        "no_escort": [] if route.escort_id else w.always(),
    }


def _canteen(canteen: Canteen, rules: Rules) -> Windows:
    days = rules("facilities.canteen.log_days")
    logged = canteen.logged_on
    return {
        "licence": w.after(canteen.licence_until),
        "open_kitchen": [] if canteen.open_kitchen else w.always(),
        "meals_log": w.after(logged + timedelta(days=days - 1) if logged else None),
        "samples": w.always() if canteen.samples_short else [],
    }


def _chemical(stock: Chemical, rules: Rules) -> Windows:
    days = rules("facilities.chemical.count_days")
    counted = stock.counted_on
    return {
        "storage": w.always() if stock.controlled and not (stock.separate_cabinet and stock.dual_lock) else [],
        "reconcile": w.always() if stock.mismatch else [],
        "count": w.after(counted + timedelta(days=days - 1) if counted else None),
    }


def _worker(worker: CanteenWorker, rules: Rules) -> Windows:
    return {"health": w.after(worker.certificate_until if worker.certificate_no else None)}


def _equipment(unit: Equipment, rules: Rules) -> Windows:
    deadline = unit.commissioned_on + timedelta(days=rules("facilities.equipment.register_days"))
    if unit.registered_on and unit.registration_no:
        registration = [(deadline + timedelta(days=1), unit.registered_on)] if unit.registered_on > deadline else []
    else:
        registration = w.after(deadline)
    maintenance: list[w.Window] = []
    if unit.kind == EquipmentKind.LIFT:
        every = rules("facilities.equipment.lift_maintenance_days")
        last = unit.maintained_on
        maintenance = w.after(last + timedelta(days=every - 1) if last else None)
    checklist = (
        unit.duty_assigned,
        unit.rules_in_place,
        unit.records_kept,
        unit.operator_certified,
        unit.emergency_plan,
    )
    return {
        "registration": w.union(registration),
        "inspection": w.after(unit.inspection_until),
        "maintenance": maintenance,
        "checklist": [] if all(checklist) else w.always(),
    }


LAB_KINDS = {"junior", "senior", "nine_year", "twelve_year", "vocational", "university"}


def _labs(school: Any) -> bool:
    profile = getattr(school, "school", None)
    return bool(profile and profile.kind in LAB_KINDS)


def _buses(school: Any) -> bool:
    profile = getattr(school, "school", None)
    return bool(profile and profile.uses_school_bus)


LEDGERS: dict[str, Ledger] = {
    ledger.key: ledger
    for ledger in (
        Ledger(
            "guard",
            Guard,
            _("Guards"),
            (Check("licence", _("no guard licence")), Check("training", _("training out of date"), expiry=True)),
            _guard,
            ("name", "birth_date", "licence_no", "employer", "hired_on", "full_time", "post", "trained_on", "phone"),
            Area.SECURITY,
            search=("name", "licence_no", "employer"),
            dated="trained_on",
            order=10,
        ),
        Ledger(
            "insurance",
            InsurancePolicy,
            _("Liability insurance"),
            (Check("unpaid", _("premium not paid")),),
            _policy,
            ("number", "insurer", "starts_on", "ends_on", "premium", "paid"),
            Area.MANAGEMENT,
            search=("number", "insurer"),
            dated="ends_on",
            order=20,
        ),
        Ledger(
            "bus",
            Bus,
            _("School buses"),
            (
                Check("inspection", _("safety inspection overdue"), expiry=True),
                Check("licence", _("school bus licence expired"), expiry=True),
                Check("insurance", _("carrier insurance expired"), expiry=True),
                Check("equipment", _("safety equipment missing")),
            ),
            _bus,
            (
                "plate",
                "seats",
                "licence_no",
                "licence_until",
                "inspected_on",
                "insured_until",
                "escape_hammer",
                "extinguisher",
                "first_aid_kit",
                "gps_recorder",
            ),
            Area.SCHOOL_BUS,
            search=("plate", "licence_no"),
            dated="inspected_on",
            applies=_buses,
            order=30,
        ),
        Ledger(
            "driver",
            BusDriver,
            _("School bus drivers"),
            (
                Check("age_low", _("younger than the minimum age")),
                Check("age_high", _("over the age limit"), expiry=True),
                Check("experience", _("too few years of driving")),
                Check("points", _("full 12-point deduction")),
                Check("review", _("annual review overdue"), expiry=True),
            ),
            _driver,
            ("name", "birth_date", "licence_no", "licensed_on", "full_deduction", "reviewed_on", "phone"),
            Area.SCHOOL_BUS,
            search=("name", "licence_no"),
            dated="reviewed_on",
            applies=_buses,
            order=31,
        ),
        Ledger(
            "escort",
            BusEscort,
            _("School bus escorts"),
            (Check("training", _("training out of date"), expiry=True),),
            _escort,
            ("name", "phone", "trained_on"),
            Area.SCHOOL_BUS,
            dated="trained_on",
            applies=_buses,
            order=32,
        ),
        Ledger(
            "route",
            BusRoute,
            _("School bus routes"),
            (Check("no_driver", _("no driver assigned")), Check("no_escort", _("no escort assigned"))),
            _route,
            ("name", "bus", "driver", "escort", "stops"),
            Area.SCHOOL_BUS,
            applies=_buses,
            order=33,
        ),
        Ledger(
            "canteen",
            Canteen,
            _("Canteens"),
            (
                Check("licence", _("food business licence expired"), expiry=True),
                Check("open_kitchen", _("no open-kitchen cameras")),
                Check("meals_log", _("no accompanied meal logged lately")),
                Check("samples", _("food samples short of the rule")),
            ),
            _canteen,
            ("name", "licence_no", "licence_until", "open_kitchen"),
            Area.CANTEEN,
            search=("name", "licence_no"),
            dated="licence_until",
            order=40,
        ),
        Ledger(
            "worker",
            CanteenWorker,
            _("Canteen staff"),
            (Check("health", _("health certificate missing or expired"), expiry=True),),
            _worker,
            ("canteen", "name", "certificate_no", "certificate_until"),
            Area.CANTEEN,
            search=("name", "certificate_no"),
            dated="certificate_until",
            parent="canteen",
            order=41,
        ),
        Ledger(
            "equipment",
            Equipment,
            _("Special equipment"),
            (
                Check("registration", _("not registered in time")),
                Check("inspection", _("periodic inspection expired"), expiry=True),
                Check("maintenance", _("lift maintenance overdue")),
                Check("checklist", _("三落实、两有证、一检验、一预案 incomplete")),
            ),
            _equipment,
            (
                "kind",
                "name",
                "commissioned_on",
                "registration_no",
                "registered_on",
                "inspection_until",
                "maintained_on",
                "duty_assigned",
                "rules_in_place",
                "records_kept",
                "operator_certified",
                "emergency_plan",
            ),
            Area.SPECIAL_EQUIPMENT,
            search=("name", "registration_no"),
            dated="inspection_until",
            order=50,
        ),
        Ledger(
            "chemical",
            Chemical,
            _("Hazardous chemicals"),
            (
                Check("storage", _("controlled chemical without a separate cabinet and two locks")),
                Check("reconcile", _("stock does not reconcile with the book")),
                Check("count", _("stock count overdue"), expiry=True),
            ),
            _chemical,
            (
                "lab",
                "name",
                "cas",
                "hazard_class",
                "unit",
                "location",
                "precursor",
                "explosive_precursor",
                "highly_toxic",
                "separate_cabinet",
                "dual_lock",
            ),
            Area.LAB,
            search=("name", "cas", "lab"),
            dated="counted_on",
            applies=_labs,
            order=45,
        ),
    )
}

# What a ledger's records are called in the warn-days rule (facilities.warn_days).
WARN_KEY = {
    "guard": "guard",
    "insurance": "insurance",
    "bus": "bus",
    "driver": "driver",
    "escort": "escort",
    "route": "bus",
    "canteen": "canteen",
    "worker": "worker",
    "equipment": "equipment",
    "chemical": "chemical",
}


def ledger_of(record: Any) -> Ledger:
    return next(ledger for ledger in LEDGERS.values() if isinstance(record, ledger.model))


def evaluate(record: Any, rules: Rules, today: date) -> bool:
    """Set the record's windows and its current-or-next failing window; True when anything moved."""
    fresh = compute(record, rules)
    every = w.union(span for stored in fresh.values() for span in w.load(stored))
    upcoming = [(start, end) for start, end in every if end is None or end > today]
    fail_from, fail_until = upcoming[0] if upcoming else (None, None)
    expiring = expiry_windows(record, fresh)
    expires_on = next((start for start, end in expiring if end is None or end > today), None)
    before = (record.windows or {}, record.fail_from, record.fail_until, record.expires_on)
    record.windows, record.fail_from, record.fail_until = fresh, fail_from, fail_until
    record.expires_on = expires_on
    return (fresh, fail_from, fail_until, expires_on) != before


def expiry_windows(record: Any, stored: dict[str, Any] | None = None) -> list[w.Window]:
    """The days the record fails any of its validities (the checks that expire), merged."""
    ledger = ledger_of(record)
    codes = {check.code for check in ledger.checks if check.expiry}
    found = stored if stored is not None else (record.windows or {})
    return w.union(span for code, spans in found.items() if code in codes for span in w.load(spans))


def compute(record: Any, rules: Rules | None = None) -> dict[str, list[list[str | None]]]:
    """The record's failing windows per check, as stored (an out-of-use record fails nothing)."""
    if not record.is_active:
        return {}
    ledger = ledger_of(record)
    found = ledger.windows(record, rules or Rules(record.school))
    return {code: w.dump(w.union(spans)) for code, spans in found.items() if spans}
