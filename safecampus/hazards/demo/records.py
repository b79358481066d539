"""Demo hazards and inspections over three years, in bulk (scales to millions of hazards)."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from safecampus.core import clock
from safecampus.core.access import Role
from safecampus.core.bulkload import indexes_after, insert_rows, reserve_ids
from safecampus.core.progress import Progress
from safecampus.orgs.models import Level, OrgUnit

from ..models import (
    Checklist,
    Hazard,
    HazardEvent,
    HazardSource,
    HazardState,
    Inspection,
    InspectionResult,
    Listing,
)
from ..services.checklists import effective_items
from .findings import PROFILE_FIELDS, Findings, Profile, profile_of

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
BATCH = 20_000
OWNERS = ["王老师", "李主任", "张师傅", "刘校长", "陈老师"]
CONTINGENCY = "整改期间设置警示标志，安排专人值守。"
RECTIFICATION = "已按整改措施完成整改，附整改后照片。"
HAZARD_COLUMNS = (
    "id",
    "school_id",
    "org_path",
    "school_kind",
    "place",
    "area",
    "level",
    "source",
    "description",
    "found_at",
    "reporter_name",
    "item_id",
    "state",
    "reported_at",
    "owner_name",
    "measures",
    "funds",
    "deadline",
    "contingency",
    "rectification",
    "submitted_at",
    "closed_at",
    "closed_on_time",
    "listed_by_id",
    "reopen_count",
    "recheck_due",
)
EVENT_COLUMNS = ("hazard_id", "verb", "from_state", "to_state", "at", "comment", "data")
LISTING_COLUMNS = (
    "hazard_id",
    "org_path",
    "listed_by_id",
    "notice_no",
    "supervising_unit",
    "deadline",
    "accept_by",
    "listed_at",
    "listed_by_user_id",
    "end_reason",
)


class _Weighted:
    """A weighted draw from one random number (what `rng.choices` does, without its set-up on every call)."""

    def __init__(self, weighted: list[tuple[Any, float]]) -> None:
        # Plain strings: a database driver may write an enum member by its name, not its value.
        self.values = [str(value) for value, _w in weighted]
        self.bounds = list(accumulate(w for _v, w in weighted))
        self.total = self.bounds[-1]

    def __call__(self, rng: random.Random) -> str:
        return self.values[bisect(self.bounds, rng.random() * self.total)]


def seed_hazards(count: int, seed: int, stream: TextIO, full_events_limit: int = 200_000) -> int:
    """`count` hazards spread over every school and the last three years, in every state.

    Rows go in as plain tuples (COPY on PostgreSQL) with ids reserved up front, so
    steps and listings can point at their hazard without reading anything back.
    Up to `full_events_limit` hazards get every step record; above it, only the
    hazards still open do (closed ones keep their dates on the hazard row), which
    keeps 3,000,000 hazards within minutes.
    """
    if count <= 0:
        return 0
    rng = random.Random(seed)
    schools = list(OrgUnit.objects.filter(level=Level.SCHOOL).values_list("pk", "path", *PROFILE_FIELDS))
    checklist = Checklist.objects.filter(code="SD-GENERAL").first()
    items = list(checklist.published().items.all()) if checklist else []
    if not schools or not items:
        return 0
    generator = _HazardGenerator(rng, schools, Findings(items), full_events=count <= full_events_limit)
    if not generator.schools:
        return 0
    # Found in time order, so ids grow with time as in real use (and inserts into the time indexes append).
    moments = sorted(rng.random() ** 0.7 for _ in range(count))
    progress = Progress("hazards", count, stream)
    # Their indexes are built and their foreign keys checked once, after the last row (PostgreSQL).
    with transaction.atomic(), indexes_after(Hazard, HazardEvent, Listing):
        for offset in range(0, count, BATCH):
            ids = reserve_ids(Hazard, min(BATCH, count - offset))
            events: list[tuple] = []
            listings: list[tuple] = []
            rows = generator.hazards(ids, moments[offset : offset + len(ids)], events, listings)
            insert_rows(Hazard, HAZARD_COLUMNS, rows)
            insert_rows(HazardEvent, EVENT_COLUMNS, events)
            insert_rows(Listing, LISTING_COLUMNS, listings)
            progress.advance(len(ids))
    return count


class _HazardGenerator:
    def __init__(self, rng: random.Random, schools: list[tuple], findings: Findings, full_events: bool) -> None:
        self.rng = rng
        self.findings = findings
        # Each school with the findings its kind and flags allow (one table per profile, shared).
        self.schools = []
        for pk, path, *values in schools:
            profile = profile_of(tuple(values))
            table = findings.table(profile)
            if table[0]:
                self.schools.append((pk, path, profile.kind, table))
        self.full_events = full_events
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.now = clock.now()
        self.today = clock.today()
        self.start = self.now - timedelta(days=3 * 365)
        self.span = (self.now - self.start).total_seconds()
        self.states = _Weighted(STATES)
        self.sources = _Weighted(SOURCES)
        admins = {}
        for user_id, path in _city_admins():
            admins.setdefault(path, user_id)
        # City path → (city id, its admin who lists, notice prefix, supervising unit).
        self.listers = {
            org.path: (org.pk, admins[org.path], org.short_name, f"{org.name}教育局")
            for org in OrgUnit.objects.filter(level=Level.CITY)
            if org.path in admins
        }

    def hazards(self, ids: range, moments: list[float], events: list[tuple], listings: list[tuple]) -> Iterator[tuple]:
        """Hazard rows (made while they are written), adding their steps and listings to the lists given."""
        rng, tz, now, today = self.rng, self.tz, self.now, self.today
        random_, choice, uniform, draw = rng.random, rng.choice, rng.uniform, self.findings.draw
        recent = now - timedelta(days=3)
        city_len = 2 * OrgUnit.steplen
        for hazard_id, moment in zip(ids, moments, strict=True):
            school_id, path, kind, table = choice(self.schools)
            item_id, area, major_item, place, text, item_measures = draw(table, rng)
            major = major_item or random_() < 0.02
            level = "major" if major else "general"
            # Recent years have more records (the platform was rolled out gradually).
            found_at = self.start + timedelta(seconds=self.span * moment)
            state = self.states(rng)
            if state == "closed" and found_at > recent:
                state = "rectifying"
            days_allowed = 60 if major else 7
            found_day = found_at.astimezone(tz).date()
            deadline = found_day + timedelta(days=days_allowed)
            source = self.sources(rng)
            draft = state == "draft"
            owner = measures = contingency = rectification = ""
            funds = submitted_at = closed_at = on_time = listed_by = None
            if state in ("rectifying", "submitted", "closed"):
                owner, measures = choice(OWNERS), item_measures
                if major:
                    funds, contingency = choice((0, 2000, 15000, 80000)), CONTINGENCY
            if state in ("submitted", "closed"):
                rectification = RECTIFICATION
                submitted_at = found_at + timedelta(days=uniform(0.5, days_allowed * 1.1))
            if state == "closed":
                closed_at = min(now, submitted_at + timedelta(days=uniform(0.2, 5)))
                on_time = closed_at.astimezone(tz).date() <= deadline
            elif not draft and deadline < today and random_() < 0.7:
                # Old open hazards are the overdue ones; most of them got a fresh deadline (extended).
                deadline = today + timedelta(days=rng.randint(1, 45))
            if major and not draft and state != "closed" and random_() < 0.4:
                lister = self.listers.get(path[:city_len])
                if lister is not None:
                    listed_by = lister[0]
                    listings.append(self._listing(hazard_id, path, deadline, found_at, found_day, lister))
            self._events(events, hazard_id, state, found_at, owner, submitted_at, closed_at)
            yield (
                hazard_id, school_id, path, kind, place, area, level, source, text, found_at,
                "", item_id, state, None if draft else found_at, owner, measures, funds,
                None if draft else deadline, contingency, rectification, submitted_at, closed_at,
                on_time, listed_by, 0, False,
            )  # fmt: skip

    def _events(
        self,
        rows: list[tuple],
        hazard_id: int,
        state: str,
        found_at: datetime,
        owner: str,
        submitted_at: datetime | None,
        closed_at: datetime | None,
    ) -> None:
        if closed_at and not self.full_events:
            return  # their dates stay on the hazard row; their steps are history nobody opens
        if state == "draft":
            rows.append((hazard_id, "create", "", "draft", found_at, "", {}))
            return
        rows.append((hazard_id, "report", "", "reported", found_at, "", {}))
        if owner:
            rows.append((hazard_id, "rectify", "reported", "rectifying", found_at + timedelta(hours=6), "", {}))
        if submitted_at:
            rows.append((hazard_id, "submit", "rectifying", "submitted", submitted_at, "", {}))
        if closed_at:
            rows.append((hazard_id, "verify", "submitted", "closed", closed_at, "", {}))

    def _listing(
        self, hazard_id: int, path: str, deadline: date, found_at: datetime, found_day: date, lister: tuple
    ) -> tuple:
        city_id, user_id, short_name, unit = lister
        notice = f"{short_name}教安督〔{found_day:%Y}〕{self.rng.randint(1, 99)}号"
        listed_at = min(self.now, found_at + timedelta(days=2))
        return (hazard_id, path, city_id, notice, unit, deadline, deadline + timedelta(days=10), listed_at, user_id, "")


def _city_admins() -> list[tuple[int, str]]:
    from safecampus.orgs.models import Membership

    return list(
        Membership.objects.filter(role=Role.BUREAU_ADMIN, org__level=Level.CITY).values_list("user_id", "org_path")
    )


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
    library = effective_items(version)  # filtered per school below, without a query per school
    findings = Findings(library)
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
                profile = Profile(*(getattr(school.school, field.split("__")[1]) for field in PROFILE_FIELDS))
                items = [item for item in library if item.applies_to(profile)]
                failed = weight_pass = weight_all = 0
                for item in items:
                    outcome = rng.choices(["pass", "fail", "na"], weights=[0.9, 0.05, 0.05])[0]
                    found = findings.of_item(item, profile)
                    place = note = ""
                    if outcome == "fail" and found:
                        place, note, _measures = rng.choice(found)
                    elif outcome == "fail":
                        outcome = "pass"  # nothing of the kind at this school to fail (no canteen hall, no lab)
                    results.append(
                        InspectionResult(inspection=inspection, item=item, outcome=outcome, note=note, place=place)
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

    return Membership.objects.filter(role=Role.BUREAU_ADMIN, org__depth=1).values_list("user_id", flat=True).first()
