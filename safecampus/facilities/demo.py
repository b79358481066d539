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
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from safecampus.accounts.models import User
from safecampus.core import clock
from safecampus.core.access import Role
from safecampus.core.demo import Demo, seeder
from safecampus.core.progress import Progress
from safecampus.hazards.models import Checkpoint
from safecampus.orgs.models import Level, Membership, OrgUnit
from safecampus.rules.services import rule_value
from safecampus.rules.specs import RULES

from . import windows as w
from .demo_parts import add, bulk, person_name, years_ago
from .demo_sectors import (
    MEALS,
    first_findings,
    routes_and_workers,
    seed_buses,
    seed_canteen,
    seed_chemicals,
    seed_equipment,
)
from .guards import required_at
from .ledgers import LAB_KINDS, Rules
from .models import (
    BaselineItem,
    BaselineKind,
    Bus,
    BusDriver,
    BusEscort,
    Canteen,
    Chemical,
    Equipment,
    GateDuty,
    GatePeriod,
    Guard,
    GuardPost,
    InsurancePolicy,
    PatrolDay,
    PatrolScan,
    SecurityProfile,
)
from .services.patrols import last_school_day
from .services.profile import rules_stamp, uninsured

COMPANIES = ("本校", "市保安服务总公司", "区安保服务有限公司", "平安保安服务公司")
INSURERS = ("中国人民财产保险", "中国平安财产保险", "中国太平洋财产保险", "中华联合财产保险")

# A 1×1 PNG: the evidence every demo baseline check points at (one file, not one per school).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f80f0000010100051806d84e0000000049454e44ae426082"
)


@seeder("facilities", order=86)
def seed_demo_facilities(demo: Demo) -> str:
    counts = seed_facilities(demo.seed, demo.progress)
    return ", ".join(f"{n} {what}" for what, n in counts.items())


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
    # A province of benchmark size keeps its seeding within its time: every school has its baseline, guards and
    # cover (the headline figures and the map layer), the sector ledgers fill the first city's schools.
    city = schools[0].path[: 2 * OrgUnit.steplen]
    progress = Progress("facilities", len(schools), stream)
    with transaction.atomic():
        for offset in range(0, len(schools), 500):
            out: dict[type, list[Any]] = {}
            for school in schools[offset : offset + 500]:
                keeper = users.get(keepers.get(school.pk, 0))
                guarded = school.pk != unguarded
                sectors = len(schools) <= BIG or school.path.startswith(city)
                _school(rng, school, keeper, Rules(school, rules), today, evidence, stamp, out, guarded, sectors)
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
                bulk(model, out, counts)
            made = routes_and_workers(out, counts, rules)
            first_findings(out, made, today)
            bulk(SecurityProfile, out, counts)
            progress.advance(min(500, len(schools) - offset))
    with transaction.atomic():
        _patrols(rng, schools, keepers, today, counts)
    return counts


BIG = 5000  # schools: a benchmark-size province gets sector ledgers, patrol points and days in its first city only


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
    bulk(PatrolDay, {PatrolDay: days}, counts)
    bulk(GateDuty, {GateDuty: duties}, counts)
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
    sectors: bool = True,
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
        add(
            out,
            Guard(
                school=school,
                name=person_name(rng),
                birth_date=years_ago(today, rng.randint(25, 58), rng.randint(0, 360)),
                licence_no=f"鲁{rng.randint(10**11, 10**12 - 1)}" if diligent or rng.random() < 0.7 else "",
                employer=rng.choice(COMPANIES),
                hired_on=years_ago(today, rng.randint(0, 8), rng.randint(0, 300)),
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
        add(
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
            add(
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
    if sectors and profile.uses_school_bus:
        seed_buses(rng, school, keeper, rules, today, diligent, out)
    if sectors and profile.kind in MEALS and (profile.is_boarding or profile.student_count >= 300):
        seed_canteen(rng, school, keeper, rules, today, diligent, out)
    if sectors:
        seed_equipment(rng, school, keeper, rules, today, diligent, out)
    if sectors and profile.kind in LAB_KINDS:
        seed_chemicals(rng, school, keeper, rules, today, diligent, out)
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
