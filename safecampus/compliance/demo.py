"""Demo duties: two school years of drills and education moments for every school (this month's above 5,000),
most on time, some late or missing, a few unannounced drills — and every occurrence they fulfil, in bulk.

Records are drawn per duty; the occurrences are then counted from all the school's records with the engine's own
rule (`engine.tally`), so a drill that counts for two duties (a night drill in a month) counts for both, as live.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from safecampus.core import clock
from safecampus.core.access import Role
from safecampus.core.bulkload import indexes_after, insert_rows
from safecampus.core.demo import Demo, seeder
from safecampus.core.progress import Progress
from safecampus.orgs.models import Level, Membership, School

from .engine import owes, tally, window
from .models import Activity, Drill, Occurrence, RecordState
from .rulebook import obligations
from .schoolyear import Terms, periods

RECORD_COLUMNS = ("school_id", "org_path", "held_on", "state", "withdrawn_reason", "recorded_by_id", "recorded_at")
DRILL_COLUMNS = (*RECORD_COLUMNS, "kind", "unannounced", "buildings", "floors", "students", "staff")
DRILL_COLUMNS += ("evacuation_seconds", "observers", "review", "lessons")
ACTIVITY_COLUMNS = (*RECORD_COLUMNS, "kind", "audience", "participants", "summary")
OCCURRENCE_COLUMNS = ("org_id", "org_path", "obligation", "period_start", "period_end", "due_by", "closes_on")
OCCURRENCE_COLUMNS += ("required", "on_time", "late", "state", "excused_reason", "reminded", "escalated")
TZ = ZoneInfo(settings.TIME_ZONE)
BIG = 5000
AUDIENCE = {
    "first_lesson": ("全校学生", "开学第一课：交通、消防、防溺水安全"),
    "holiday_warning": ("全校学生及家长", "假期安全警示教育，发放《致家长的一封信》"),
    "drowning_reminder": ("全体家长", "通过家长群发送防溺水“六不”提醒"),
    "fire_lesson": ("新生", "军训期间消防知识讲座和灭火器实操"),
    "safety_day": ("全校师生", "全国中小学生安全教育日主题班会"),
}
REVIEWS = ("疏散有序，用时达标", "个别班级集合较慢，已提醒班主任", "楼梯口拥挤，下次错峰疏散")


@seeder("compliance", order=78)
def seed_demo_duties(demo: Demo) -> str:
    drills, activities, occurrences = seed_duties(demo.seed, demo.progress)
    return f"{drills} drills, {activities} education activities, {occurrences} duty occurrences"


def seed_duties(seed: int, stream: Any) -> tuple[int, int, int]:
    rng = random.Random(seed + 30)
    today = clock.today()
    schools = list(School.objects.filter(org__level=Level.SCHOOL, org__is_active=True).select_related("org"))
    keepers = dict(Membership.objects.filter(role=Role.SAFETY_OFFICER).values_list("org_id", "user_id"))
    schools = [school for school in schools if school.org_id in keepers]
    if not schools:
        return 0, 0, 0
    # Two school years for a demo; a province of benchmark size gets this month's (the job opens every school's
    # other current periods on its first run), so seeding it stays within its time.
    first = date(today.year - 2, today.month, 1) if len(schools) <= BIG else today.replace(day=1)
    terms = Terms.of()
    duties = {spec.code: (spec, _default(spec)) for spec in obligations}
    progress = Progress("duties", len(schools), stream)
    totals = [0, 0, 0]
    with transaction.atomic(), indexes_after(Drill, Activity, Occurrence):
        for offset in range(0, len(schools), 1000):
            out: dict[str, list] = {"drill": [], "activity": [], "occurrence": []}
            for school in schools[offset : offset + 1000]:
                _school(rng, school, keepers[school.org_id], duties, terms, first, today, out)
            insert_rows(Drill, DRILL_COLUMNS, out["drill"])
            insert_rows(Activity, ACTIVITY_COLUMNS, out["activity"])
            insert_rows(Occurrence, OCCURRENCE_COLUMNS, out["occurrence"])
            for index, key in enumerate(("drill", "activity", "occurrence")):
                totals[index] += len(out[key])
            progress.advance(min(1000, len(schools) - offset))
    return totals[0], totals[1], totals[2]


def _default(spec: Any) -> dict[str, Any]:
    from safecampus.rules.services import rule_value

    return rule_value(spec.rule_key)


def _school(
    rng: random.Random,
    school: School,
    keeper: int,
    duties: dict,
    terms: Terms,
    first: date,
    today: date,
    out: dict[str, list],
) -> None:
    diligence = rng.choices((0.97, 0.88, 0.6), (6, 3, 1))[0]  # most schools keep their duties, a few do not
    made: dict[str, list] = {"drill": [], "activity": []}
    owed = []
    for code, (spec, duty) in duties.items():
        if spec.source not in made or not owes(duty, school):
            continue  # the people's duties and the responsibility lists have their own seeders
        for period in periods(duty["every"], first, today, terms):
            if period.start < first or period.start > today:
                continue
            due_by, closes_on = window(duty, period)
            owed.append((code, spec, duty, period, due_by, closes_on))
            for _n in range(duty["times"]):
                record = _record(rng, diligence, duty, period, due_by, closes_on, today)
                if record is not None:
                    made[spec.source].append(record)
    for source, records in made.items():
        for record in records:
            out[source].append(_row(rng, school, keeper, source, record))
    for code, spec, duty, period, due_by, closes_on in owed:
        held = [r for r in made[spec.source] if period.start <= r.held_on <= period.end]
        on_time, late, state = tally(duty, due_by, closes_on, duty["times"], held)
        # Past periods were reminded and announced as they went: the first run of the job tells only what is new.
        out["occurrence"].append(
            (school.org_id, school.org.path, code, period.start, period.end, due_by, closes_on, duty["times"])
            + (on_time, late, str(state), "", due_by < today, closes_on < today)
        )


def _record(
    rng: random.Random, diligence: float, duty: dict, period: Any, due_by: date, closes_on: date, today: date
) -> Any:
    """One record for the duty's period: on time (held in the window, entered that day), late (entered after the
    period closed) or none (missing; or, in a period still running, not done yet)."""
    luck = rng.random()
    if luck < diligence:
        if period.end >= today and rng.random() < 0.4:
            return None
        last = min(due_by, today)
        held = period.start + timedelta(days=rng.randint(0, max(0, (last - period.start).days)))
        entered = held
    elif luck < diligence + (1 - diligence) / 2 and closes_on < today:
        held = period.start + timedelta(days=rng.randint(0, (period.end - period.start).days))
        entered = min(today, closes_on + timedelta(days=rng.randint(1, 12)))
    else:
        return None
    recorded = min(datetime.combine(entered, time(rng.randint(9, 18), rng.randint(0, 59)), TZ), clock.now())
    return SimpleNamespace(
        kind=rng.choice([k for k in duty["counts"] if k not in ("night", "bus")] or duty["counts"]),
        held_on=held,
        recorded_at=recorded,
        unannounced=duty.get("unannounced") == "only" or rng.random() < 0.05,
        state=RecordState.RECORDED,
    )


def _row(rng: random.Random, school: School, keeper: int, source: str, record: Any) -> tuple:
    base = (school.org_id, school.org.path, record.held_on, RecordState.RECORDED.value, "", keeper, record.recorded_at)
    if source == "drill":
        students = max(20, int(school.student_count * rng.uniform(0.85, 1.0))) if school.student_count else 300
        seconds = rng.randint(70, 150)
        return base + (
            record.kind,
            record.unannounced,
            "教学楼、综合楼",
            rng.randint(2, 5),
            students,
            max(5, students // 15),
            seconds,
            "",
            rng.choice(REVIEWS),
            "",
        )
    audience, summary = AUDIENCE.get(record.kind, ("全校学生", "安全教育活动"))
    return base + (record.kind, audience, rng.randint(50, 1500), summary)


# The other seeders of this app register when their modules load (the registry finds this one by name).
from . import demo_responsibility, demo_submissions, demo_training  # noqa: E402,F401
