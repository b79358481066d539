"""The database recount of hazard counters equals `hazard_keys`, record by record, on awkward hazards."""

import io
import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from safecampus.core import recount
from safecampus.core.models import Counter
from safecampus.core.recount import drift, expected, expected_from_keys, rebuild
from safecampus.hazards.counted import HAZARDS
from safecampus.hazards.models import Hazard

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")
MICRO = timedelta(microseconds=1)
STATES = ["draft", "reported", "rectifying", "submitted", "closed"]


def edge_moments() -> list[datetime]:
    """Local midnights, a microsecond either side, the turn of a year (another year in UTC), month ends."""
    moments = []
    for day in (date(2024, 1, 1), date(2024, 3, 1), date(2025, 1, 1), date(2025, 12, 31), date(2026, 2, 28)):
        midnight = datetime(day.year, day.month, day.day, tzinfo=TZ)
        moments += [midnight, midnight - MICRO, midnight + MICRO, midnight + timedelta(hours=8) - MICRO]
    moments.append(datetime(2025, 12, 31, 16, 0, tzinfo=UTC))  # 1 January 2026 in Shanghai, still 2025 in UTC
    moments.append(datetime(2025, 12, 31, 15, 59, 59, 999999, tzinfo=UTC))
    return moments


def make_hazards(schools: list, count: int, seed: int) -> None:
    rng = random.Random(seed)
    moments = edge_moments()
    rows = []
    for number in range(count):
        school = schools[number % len(schools)]
        found_at = rng.choice(moments) if rng.random() < 0.5 else moments[0] + timedelta(seconds=rng.uniform(0, 9e7))
        state = rng.choice(STATES)
        closed_at = None
        if state == "closed" and rng.random() < 0.9:
            # Exactly whole days, a microsecond short of them, or a moment before it was found.
            closed_at = found_at + rng.choice(
                [timedelta(days=rng.randint(0, 40)), timedelta(days=rng.randint(1, 40)) - MICRO, -timedelta(hours=3)]
            )
            if rng.random() < 0.2:
                closed_at = rng.choice(moments)
        rows.append(
            Hazard(
                school=school,
                org_path=school.path,
                school_kind="primary",
                place="p",
                area=rng.choice(["fire", "dorm", "canteen", "lab"]),
                level=rng.choice(["general", "major"]),
                source="self_check",
                description="d",
                found_at=found_at,
                state=state,
                deadline=rng.choice([None, found_at.astimezone(TZ).date() + timedelta(days=rng.randint(-5, 60))]),
                closed_at=closed_at,
                closed_on_time=rng.choice([None, True, False]) if state == "closed" else None,
                listed_by=rng.choice([None, None, school])
                if state in ("reported", "rectifying", "submitted")
                else None,
            )
        )
    Hazard.objects.bulk_create(rows)


def hazard_part(totals: dict) -> dict:
    return {key: value for key, value in totals.items() if key[1].startswith("hazard.")}


@pytest.mark.parametrize("seed", [1, 2])
def test_database_recount_equals_the_key_definition(tree, seed):
    schools = [tree.school, tree.sibling, tree.foreign, tree.far, tree.scenic]
    make_hazards(schools, 400, seed)
    by_keys = hazard_part(expected_from_keys())
    by_sql = {(org, metric, day): value for org, metric, day, value in recount.rows(HAZARDS)}
    assert by_sql == by_keys
    assert {metric for _org, metric, _day in by_keys} >= {
        "hazard.closed_days_total",
        "hazard.on_time_month",
        "hazard.listed_deadline",
        "hazard.found2025.closed2026",
    }
    for node in (tree.city, tree.county, tree.other, tree.school):
        by_keys = hazard_part(expected_from_keys(node.path))
        assert {(o, m, d): v for o, m, d, v in recount.rows(HAZARDS, node.path)} == by_keys


def test_rebuild_writes_what_expected_says_and_recount_finds_no_drift(tree):
    make_hazards([tree.school, tree.far], 150, 3)
    Counter.objects.create(org=tree.school, metric="hazard.state.closed", value=999)  # drift to be replaced
    written = rebuild()
    assert written == Counter.objects.exclude(metric="version").count() == len(expected())
    assert drift() == []
    assert expected() == expected_from_keys()
    out = io.StringIO()
    call_command("recount", stdout=out)
    assert "No drift" in out.getvalue()
    rebuild(tree.county.path)
    assert drift() == []
