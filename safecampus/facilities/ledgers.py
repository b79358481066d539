"""The sector ledgers, each declared once: its model, its checks against the rules (as failing windows), the
columns pages and Excel show, and the hazard area a finding of it belongs to. Pages, API, imports, exports,
counters and findings all read these declarations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from safecampus.hazards.models import Area

from . import windows as w
from .checks import (
    LAB_KINDS,
    Rules,
    Windows,
    bus_checks,
    canteen_checks,
    chemical_checks,
    driver_checks,
    equipment_checks,
    escort_checks,
    guard_checks,
    has_labs,
    policy_checks,
    route_checks,
    uses_buses,
    worker_checks,
)
from .models import (
    Bus,
    BusDriver,
    BusEscort,
    BusRoute,
    Canteen,
    CanteenWorker,
    Chemical,
    Equipment,
    Guard,
    InsurancePolicy,
)

__all__ = ["LAB_KINDS", "LEDGERS", "Check", "Ledger", "Rules", "compute", "evaluate", "ledger_of"]


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


LEDGERS: dict[str, Ledger] = {
    ledger.key: ledger
    for ledger in (
        Ledger(
            "guard",
            Guard,
            _("Guards"),
            (Check("licence", _("no guard licence")), Check("training", _("training out of date"), expiry=True)),
            guard_checks,
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
            policy_checks,
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
            bus_checks,
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
            applies=uses_buses,
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
            driver_checks,
            ("name", "birth_date", "licence_no", "licensed_on", "full_deduction", "reviewed_on", "phone"),
            Area.SCHOOL_BUS,
            search=("name", "licence_no"),
            dated="reviewed_on",
            applies=uses_buses,
            order=31,
        ),
        Ledger(
            "escort",
            BusEscort,
            _("School bus escorts"),
            (Check("training", _("training out of date"), expiry=True),),
            escort_checks,
            ("name", "phone", "trained_on"),
            Area.SCHOOL_BUS,
            dated="trained_on",
            applies=uses_buses,
            order=32,
        ),
        Ledger(
            "route",
            BusRoute,
            _("School bus routes"),
            (Check("no_driver", _("no driver assigned")), Check("no_escort", _("no escort assigned"))),
            route_checks,
            ("name", "bus", "driver", "escort", "stops"),
            Area.SCHOOL_BUS,
            applies=uses_buses,
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
            canteen_checks,
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
            worker_checks,
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
            equipment_checks,
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
            chemical_checks,
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
            applies=has_labs,
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
