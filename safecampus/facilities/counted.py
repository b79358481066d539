"""What the ledgers add to the counter store (core.counting).

Each record in use counts once (`fac.<ledger>.live`), and each check it fails
counts as a window (windows.py): +1 on the day it starts failing, −1 on the
day it stops, so `fac.<ledger>.<check>` summed up to a day is the number of
records failing that check on that day, and `fac.<ledger>.any` the number
failing any. A school's profile counts the school (`fac.school`), each
baseline item met, the guards it needs and has, whether it has no full-time
guard or too few, and its days without liability insurance.
"""

from __future__ import annotations

from collections import Counter as Tally
from typing import Any

from safecampus.core.counting import CountedKind, register

from . import windows as w
from .ledgers import LEDGERS
from .models import PatrolDay, SecurityProfile


def keys_of(prefix: str, expiring: frozenset[str] = frozenset()) -> Any:
    """The keys function of one ledger (a recount passes rows of its `fields`, not model instances)."""

    def record_keys(record: Any) -> Tally:
        keys: Tally = Tally()
        if not record.is_active:
            return keys
        keys[(f"{prefix}.live", None)] += 1
        every: list[w.Window] = []
        expiry: list[w.Window] = []
        for code, stored in (record.windows or {}).items():
            spans = w.load(stored)
            keys.update(w.keys(f"{prefix}.{code}", spans))
            every += spans
            expiry += spans if code in expiring else []
        keys.update(w.keys(f"{prefix}.any", w.union(every)))
        keys.update(w.keys(f"{prefix}.expiry", w.union(expiry)))
        return Tally({key: value for key, value in keys.items() if value})

    return record_keys


def profile_keys(profile: Any) -> Tally:
    keys: Tally = Tally()
    keys[("fac.school", None)] += 1
    for item in profile.baseline_met or []:
        keys[(f"fac.baseline.{item}", None)] += 1
    if len(profile.baseline_met or []) == 4:
        keys[("fac.baseline.all", None)] += 1
    keys[("fac.guards.required", None)] += profile.guards_required
    keys[("fac.guards.actual", None)] += profile.guards_full_time
    if profile.guards_full_time == 0:
        keys[("fac.guards.none", None)] += 1
    if profile.guards_full_time < profile.guards_required:
        keys[("fac.guards.short", None)] += 1
        keys[("fac.guards.missing", None)] += profile.guards_required - profile.guards_full_time
    keys.update(w.keys("fac.uninsured", w.load(profile.insurance_windows or [])))
    return Tally({key: value for key, value in keys.items() if value})


for ledger in LEDGERS.values():
    register(
        CountedKind(
            key=f"fac_{ledger.key}",
            model=ledger.model,
            keys=keys_of(f"fac.{ledger.key}", frozenset(c.code for c in ledger.checks if c.expiry)),
            fields=("org_path", "is_active", "windows"),
            prefixes=(f"fac.{ledger.key}.",),
            order=70 + ledger.order,
        )
    )


def patrol_keys(day: Any) -> Tally:
    """Rounds required and done count on their day; a closed day's missed rounds count too (a finding)."""
    keys: Tally = Tally()
    if day.required:
        keys[("fac.patrol.required", day.day)] += day.required
        keys[("fac.patrol.done", day.day)] += min(day.done, day.required)
        if day.closed and day.done < day.required:
            keys[("fac.patrol.missed", day.day)] += day.required - day.done
            keys[("fac.patrol.missed_days", day.day)] += 1
    return keys


register(
    CountedKind(
        key="fac_patrol",
        model=PatrolDay,
        keys=patrol_keys,
        fields=("org_path", "day", "required", "done", "closed"),
        prefixes=("fac.patrol.",),
        order=90,
    )
)

PROFILES = register(
    CountedKind(
        key="fac_profile",
        model=SecurityProfile,
        keys=profile_keys,
        fields=("org_path", "baseline_met", "guards_required", "guards_full_time", "insurance_windows"),
        prefixes=("fac.school", "fac.baseline.", "fac.guards.", "fac.uninsured"),
        order=69,
    )
)
