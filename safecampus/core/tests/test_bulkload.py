"""Bulk loading keeps values exact and leaves the id sequence ahead of what it loaded."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from safecampus.core.bulkload import insert_rows, reserve_ids
from safecampus.hazards.models import Hazard, HazardEvent
from safecampus.testing.hazards import walk

pytestmark = pytest.mark.django_db


def test_rows_keep_their_values_and_later_ids_follow(tree, who):
    hazard = walk(tree, who, "reported")
    ids = reserve_ids(Hazard, 3)
    assert len(ids) == 3 and min(ids) > hazard.pk
    found = datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=ZoneInfo("Asia/Shanghai"))
    columns = ("id", "school_id", "org_path", "school_kind", "place", "area", "level", "source", "description")
    columns += ("found_at", "state", "deadline", "funds", "closed_on_time", "reporter_name", "owner_name", "measures")
    columns += ("contingency", "rectification", "reopen_count", "recheck_due")
    school = tree.school
    rows = [
        (i, school.pk, school.path, "primary", "p", "fire", "major", "staff", "d", found + timedelta(days=n))
        + ("reported", date(2026, 1, 5), Decimal("1500.50") if n else None, None, "", "", "", "", "", 0, False)
        for n, i in enumerate(ids)
    ]
    assert insert_rows(Hazard, columns, rows) == 3
    loaded = Hazard.objects.get(pk=ids[0])
    assert loaded.found_at == found and loaded.deadline == date(2026, 1, 5) and loaded.funds is None
    assert Hazard.objects.get(pk=ids[1]).funds == Decimal("1500.50")
    insert_rows(
        HazardEvent,
        ("hazard_id", "verb", "from_state", "to_state", "at", "comment", "data"),
        [(ids[0], "report", "", "reported", found, "", {"a": 1})],
    )
    assert HazardEvent.objects.get(hazard_id=ids[0]).data == {"a": 1}
    after = walk(tree, who, "reported")
    assert after.pk > max(ids)
