"""On PostgreSQL a trigger refuses UPDATE and DELETE on history and audit tables."""

import pytest
from django.db import DatabaseError, connection, transaction

from safecampus.core.signals import append_only_tables
from safecampus.orgs.models import OrgUnit

pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]


def test_history_tables_refuse_raw_updates_and_deletes(tree):
    assert connection.vendor == "postgresql"
    table = OrgUnit.history.model._meta.db_table
    assert table in append_only_tables() and "accounts_authevent" in append_only_tables()
    with connection.cursor() as cursor:
        for statement in (f"UPDATE {table} SET name = 'x'", f"DELETE FROM {table}"):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                cursor.execute(statement)
