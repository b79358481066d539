"""Demo hazards and inspections over three years, in bulk (scales to millions of hazards)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from safecampus.core import clock
from safecampus.core.progress import Progress
from safecampus.orgs.models import Level, OrgUnit

from .models import (
    Checklist,
    Hazard,
    HazardEvent,
    HazardLevel,
    HazardSource,
    HazardState,
    Inspection,
    InspectionResult,
    Listing,
)
from .services.checklists import effective_items

PLACES = {
    "fire": ["教学楼一层走廊", "图书馆", "实验楼", "学生宿舍楼", "食堂"],
    "dorm": ["学生宿舍1号楼", "学生宿舍2号楼 305室"],
    "canteen": ["食堂后厨", "食堂仓库", "留样间"],
    "lab": ["化学实验室", "危化品储存室"],
    "gas": ["食堂燃气间"],
    "electricity": ["配电室", "教学楼配电箱", "宿舍走廊插座"],
    "buildings": ["操场围栏", "教学楼楼梯", "体育器材室"],
    "special_equipment": ["锅炉房", "教学楼电梯"],
    "school_bus": ["校车停车场"],
    "security": ["学校大门", "门卫室"],
    "surroundings": ["校门口", "学校周边路口"],
    "crowd": ["教学楼楼梯间"],
    "water": ["校外河道"],
    "management": ["校长办公室"],
}
# Share of hazards per state, roughly what a working loop looks like.
STATES = [
    (HazardState.CLOSED, 0.74),
    (HazardState.RECTIFYING, 0.11),
    (HazardState.SUBMITTED, 0.05),
    (HazardState.REPORTED, 0.07),
    (HazardState.DRAFT, 0.03),
]
SOURCES = [
    (HazardSource.SELF_CHECK, 0.5),
    (HazardSource.SUPERVISION, 0.15),
    (HazardSource.CROSS_CHECK, 0.1),
    (HazardSource.SPOT_CHECK, 0.08),
    (HazardSource.STAFF, 0.1),
    (HazardSource.THIRD_PARTY, 0.03),
    (HazardSource.VIDEO_PATROL, 0.02),
    (HazardSource.PUBLIC, 0.02),
]
BATCH = 5000


def _pick(rng: random.Random, weighted: list[tuple[Any, float]]) -> Any:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def seed_hazards(count: int, seed: int, stream: TextIO, full_events_limit: int = 200_000) -> int:
    """`count` hazards spread over every school and the last three years, in every state."""
    if count <= 0:
        return 0
    rng = random.Random(seed)
    schools = list(OrgUnit.objects.filter(level=Level.SCHOOL).values_list("pk", "path", "school__kind"))
    checklist = Checklist.objects.filter(code="SD-GENERAL").first()
    items = list(checklist.published().items.all()) if checklist else []
    if not schools or not items:
        return 0
    tz = ZoneInfo(settings.TIME_ZONE)
    now = clock.now()
    today = clock.today()
    start = now - timedelta(days=3 * 365)
    span = (now - start).total_seconds()
    cities = {org.path: org for org in OrgUnit.objects.filter(level=Level.CITY)}
    listers = {}
    for user_id, path in _city_admins():
        listers.setdefault(path, user_id)
    progress = Progress("hazards", count, stream)
    full_events = count <= full_events_limit
    made = 0
    with transaction.atomic():
        while made < count:
            size = min(BATCH, count - made)
            batch, plans = [], []
            for _ in range(size):
                school_id, path, kind = rng.choice(schools)
                item = rng.choice(items)
                level = HazardLevel.MAJOR if item.is_major_criterion or rng.random() < 0.02 else HazardLevel.GENERAL
                # Recent years have more records (the platform was rolled out gradually).
                found_at = start + timedelta(seconds=span * (rng.random() ** 0.7))
                state = _pick(rng, STATES)
                if found_at > now - timedelta(days=3) and state == HazardState.CLOSED:
                    state = HazardState.RECTIFYING
                days_allowed = 60 if level == HazardLevel.MAJOR else 7
                deadline = found_at.astimezone(tz).date() + timedelta(days=days_allowed)
                hazard = Hazard(
                    school_id=school_id,
                    org_path=path,
                    school_kind=kind or "",
                    place=rng.choice(PLACES[item.area]),
                    area=item.area,
                    level=level,
                    source=_pick(rng, SOURCES),
                    description=item.text,
                    found_at=found_at,
                    item=item,
                    state=state,
                    reported_at=found_at if state != HazardState.DRAFT else None,
                    deadline=deadline if state != HazardState.DRAFT else None,
                )
                if state in (HazardState.RECTIFYING, HazardState.SUBMITTED, HazardState.CLOSED):
                    hazard.owner_name = rng.choice(["王老师", "李主任", "张师傅", "刘校长", "陈老师"])
                    hazard.measures = "按照排查清单要求立即整改，落实专人负责。"
                    if level == HazardLevel.MAJOR:
                        hazard.funds = rng.choice([0, 2000, 15000, 80000])
                        hazard.contingency = "整改期间设置警示标志，安排专人值守。"
                if state in (HazardState.SUBMITTED, HazardState.CLOSED):
                    hazard.rectification = "已按整改措施完成整改，附整改后照片。"
                    hazard.submitted_at = found_at + timedelta(days=rng.uniform(0.5, days_allowed * 1.1))
                if state == HazardState.CLOSED:
                    closed_at = min(now, hazard.submitted_at + timedelta(days=rng.uniform(0.2, 5)))
                    hazard.closed_at = closed_at
                    hazard.closed_on_time = closed_at.astimezone(tz).date() <= deadline
                if state != HazardState.CLOSED and state != HazardState.DRAFT and deadline < today:
                    # Old open hazards are the overdue ones; give most of them a fresh deadline (extended).
                    if rng.random() < 0.7:
                        hazard.deadline = today + timedelta(days=rng.randint(1, 45))
                if level == HazardLevel.MAJOR and hazard.is_open() and rng.random() < 0.4:
                    city_path = path[: 2 * OrgUnit.steplen]
                    if city_path in cities and city_path in listers:
                        hazard.listed_by_id = cities[city_path].pk
                        plans.append((len(batch), cities[city_path], listers[city_path]))
                batch.append(hazard)
            created = Hazard.objects.bulk_create(batch, batch_size=BATCH)
            _events(created, full_events)
            _listings(created, plans, rng)
            made += len(created)
            progress.advance(len(created))
    return made


def _city_admins() -> list[tuple[int, str]]:
    from safecampus.orgs.models import Membership

    return list(
        Membership.objects.filter(role="bureau_admin", org__level=Level.CITY).values_list("user_id", "org_path")
    )


def _events(hazards: list[Hazard], full: bool) -> None:
    rows = []
    for hazard in hazards:
        if hazard.state == HazardState.DRAFT:
            rows.append(HazardEvent(hazard=hazard, verb="create", to_state="draft", at=hazard.found_at))
            continue
        rows.append(HazardEvent(hazard=hazard, verb="report", to_state="reported", at=hazard.found_at))
        if not full:
            continue
        if hazard.owner_name:
            rows.append(
                HazardEvent(
                    hazard=hazard,
                    verb="rectify",
                    from_state="reported",
                    to_state="rectifying",
                    at=hazard.found_at + timedelta(hours=6),
                )
            )
        if hazard.submitted_at:
            rows.append(
                HazardEvent(
                    hazard=hazard, verb="submit", from_state="rectifying", to_state="submitted", at=hazard.submitted_at
                )
            )
        if hazard.closed_at:
            rows.append(
                HazardEvent(
                    hazard=hazard, verb="verify", from_state="submitted", to_state="closed", at=hazard.closed_at
                )
            )
    HazardEvent.objects.bulk_create(rows, batch_size=BATCH)


def _listings(hazards: list[Hazard], plans: list[tuple[int, OrgUnit, int]], rng: random.Random) -> None:
    rows = []
    for index, city, user_id in plans:
        hazard = hazards[index]
        deadline = hazard.deadline or clock.today() + timedelta(days=30)
        rows.append(
            Listing(
                hazard=hazard,
                org_path=hazard.org_path,
                listed_by=city,
                notice_no=f"{city.short_name}教安督〔{hazard.found_at:%Y}〕{rng.randint(1, 99)}号",
                supervising_unit=f"{city.name}教育局",
                deadline=deadline,
                accept_by=deadline + timedelta(days=10),
                listed_at=hazard.found_at + timedelta(days=2),
                listed_by_user_id=user_id,
            )
        )
    Listing.objects.bulk_create(rows)


def seed_inspections(limit: int, seed: int, stream: TextIO) -> int:
    """One submitted self-check with every applicable item for up to `limit` schools."""
    checklist = Checklist.objects.filter(code="SD-GENERAL").first()
    if checklist is None or limit <= 0:
        return 0
    version = checklist.published()
    rng = random.Random(seed + 1)
    schools = list(OrgUnit.objects.filter(level=Level.SCHOOL).select_related("school").order_by("path")[:limit])
    creator = _any_admin()
    if creator is None:
        return 0
    progress = Progress("inspections", len(schools), stream)
    tz = ZoneInfo(settings.TIME_ZONE)
    with transaction.atomic():
        for start in range(0, len(schools), 500):
            chunk = schools[start : start + 500]
            inspections = []
            for school in chunk:
                day = clock.today() - timedelta(days=rng.randint(1, 80))
                inspections.append(
                    Inspection(
                        kind="self_check",
                        school=school,
                        org_path=school.path,
                        checklist_version=version,
                        date=day,
                        status="submitted",
                        created_by_id=creator,
                        submitted_at=datetime.combine(day, time(16), tz),
                    )
                )
            Inspection.objects.bulk_create(inspections)
            results = []
            for inspection, school in zip(inspections, chunk, strict=True):
                items = effective_items(version, school.school)
                failed = weight_pass = weight_all = 0
                for item in items:
                    outcome = rng.choices(["pass", "fail", "na"], weights=[0.9, 0.05, 0.05])[0]
                    results.append(
                        InspectionResult(
                            inspection=inspection,
                            item=item,
                            outcome=outcome,
                            note="现场发现问题" if outcome == "fail" else "",
                        )
                    )
                    if outcome != "na":
                        weight_all += item.weight
                        weight_pass += item.weight if outcome == "pass" else 0
                    failed += outcome == "fail"
                inspection.failed_count = failed
                inspection.score = round(weight_pass * 100 / weight_all, 1) if weight_all else None
            InspectionResult.objects.bulk_create(results, batch_size=BATCH)
            Inspection.objects.bulk_update(inspections, ["failed_count", "score"])
            progress.advance(len(chunk))
    return len(schools)


def _any_admin() -> int | None:
    from safecampus.orgs.models import Membership

    return Membership.objects.filter(role="bureau_admin", org__depth=1).values_list("user_id", flat=True).first()
