"""The checks of each ledger against the rules, as failing windows (windows.py): what a record of each kind fails
and on which days. Declared with their ledger in ledgers.py."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

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


def guard_checks(guard: Guard, rules: Rules) -> Windows:
    return {
        "licence": [] if guard.licence_no else w.always(),
        "training": w.after(
            guard.trained_on + timedelta(days=rules("facilities.guard.training_days") - 1) if guard.trained_on else None
        ),
    }


def policy_checks(policy: InsurancePolicy, rules: Rules) -> Windows:
    return {"unpaid": [] if policy.paid else w.always()}


def bus_checks(bus: Bus, rules: Rules) -> Windows:
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


def driver_checks(driver: BusDriver, rules: Rules) -> Windows:
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


def escort_checks(escort: BusEscort, rules: Rules) -> Windows:
    days = rules("facilities.escort.training_days")
    return {"training": w.after(escort.trained_on + timedelta(days=days - 1) if escort.trained_on else None)}


def route_checks(route: BusRoute, rules: Rules) -> Windows:
    return {
        "no_driver": [] if route.driver_id else w.always(),
        "no_escort": [] if route.escort_id else w.always(),
    }


def canteen_checks(canteen: Canteen, rules: Rules) -> Windows:
    days = rules("facilities.canteen.log_days")
    logged = canteen.logged_on
    return {
        "licence": w.after(canteen.licence_until),
        "open_kitchen": [] if canteen.open_kitchen else w.always(),
        "meals_log": w.after(logged + timedelta(days=days - 1) if logged else None),
        "samples": w.always() if canteen.samples_short else [],
    }


def chemical_checks(stock: Chemical, rules: Rules) -> Windows:
    days = rules("facilities.chemical.count_days")
    counted = stock.counted_on
    return {
        "storage": w.always() if stock.controlled and not (stock.separate_cabinet and stock.dual_lock) else [],
        "reconcile": w.always() if stock.mismatch else [],
        "count": w.after(counted + timedelta(days=days - 1) if counted else None),
    }


def worker_checks(worker: CanteenWorker, rules: Rules) -> Windows:
    return {"health": w.after(worker.certificate_until if worker.certificate_no else None)}


def equipment_checks(unit: Equipment, rules: Rules) -> Windows:
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


def has_labs(school: Any) -> bool:
    profile = getattr(school, "school", None)
    return bool(profile and profile.kind in LAB_KINDS)


def uses_buses(school: Any) -> bool:
    profile = getattr(school, "school", None)
    return bool(profile and profile.uses_school_bus)
