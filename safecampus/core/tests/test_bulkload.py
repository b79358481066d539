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


def test_update_rows_sets_each_row_its_values_and_no_other(tree, who):
    from safecampus.core.bulkload import update_rows

    first, second, untouched = (walk(tree, who, "reported") for _ in range(3))
    when = datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=ZoneInfo("Asia/Shanghai"))
    rows = [(first.pk, date(2026, 4, 1), when, Decimal("12.50")), (second.pk, None, None, None)]
    assert update_rows(Hazard, ("deadline", "closed_at", "funds"), rows) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.deadline, first.closed_at, first.funds) == (date(2026, 4, 1), when, Decimal("12.50"))
    assert (second.deadline, second.closed_at, second.funds) == (None, None, None)
    assert Hazard.objects.get(pk=untouched.pk).deadline == untouched.deadline
    ids = reserve_ids(Hazard, 4500)  # more rows than one statement takes
    columns = ("id", "school_id", "org_path", "school_kind", "place", "area", "level", "source", "description")
    columns += ("found_at", "state", "reporter_name", "owner_name", "measures", "contingency", "rectification")
    fixed = (tree.school.pk, tree.school.path, "primary", "p", "fire", "general", "staff", "d", when, "reported")
    insert_rows(
        Hazard, (*columns, "reopen_count", "recheck_due"), [(i, *fixed, "", "", "", "", "", 0, False) for i in ids]
    )
    update_rows(Hazard, ("deadline",), [(i, date(2026, 5, i % 28 + 1)) for i in ids])
    assert all(h.deadline.day == h.pk % 28 + 1 for h in Hazard.objects.filter(pk__in=ids).only("deadline"))


def _definitions(tables):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) "
            "UNION ALL SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [tables, tables],
        )
        return cursor.fetchall()


@pytest.mark.postgres_only
def test_indexes_after_a_load_are_the_ones_before_and_broken_keys_still_fail(tree, who):
    from django.db import IntegrityError, transaction

    from safecampus.core.bulkload import indexes_after

    tables = [Hazard._meta.db_table, HazardEvent._meta.db_table]
    before = _definitions(tables)
    assert any("FOREIGN KEY" in definition for _name, definition in before)
    hazard = walk(tree, who, "reported")
    with transaction.atomic(), indexes_after(Hazard, HazardEvent):
        assert not any("FOREIGN KEY" in d or " INDEX " in d for _n, d in _definitions(tables) if "pkey" not in _n)
        insert_rows(
            HazardEvent,
            ("hazard_id", "verb", "from_state", "to_state", "at", "comment", "data"),
            [(hazard.pk, "report", "", "reported", hazard.found_at, "", {})],
        )
    assert _definitions(tables) == before
    assert HazardEvent.objects.filter(hazard=hazard).count() == 2
    with pytest.raises(IntegrityError), transaction.atomic(), indexes_after(HazardEvent):
        insert_rows(
            HazardEvent,
            ("hazard_id", "verb", "from_state", "to_state", "at", "comment", "data"),
            [(hazard.pk + 1000, "report", "", "reported", hazard.found_at, "", {})],
        )
    assert _definitions(tables) == before and HazardEvent.objects.filter(hazard=hazard).count() == 2


def test_indexes_after_does_nothing_elsewhere(tree, who):
    from django.db import connection

    from safecampus.core.bulkload import indexes_after

    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL drops and builds them (the test above)")
    with indexes_after(Hazard):
        walk(tree, who, "reported")
    assert Hazard.objects.count() == 1
