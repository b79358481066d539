"""Database-level guard for append-only tables (PostgreSQL).

The models refuse to update or delete their rows in Python; on PostgreSQL a
trigger also refuses it to anyone with SQL access short of the table owner
dropping the trigger. TRUNCATE (used only to reset a test or demo database)
does not fire row triggers.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connections

FUNCTION = """
CREATE OR REPLACE FUNCTION safecampus_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only: rows cannot be changed or deleted', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def append_only_tables() -> list[str]:
    tables = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical") or getattr(model, "append_only", False):
            tables.append(model._meta.db_table)
    return sorted(tables)


def install_append_only_triggers(using: str = "default", **kwargs: Any) -> None:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION)
        for table in append_only_tables():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"DROP TRIGGER IF EXISTS safecampus_append_only ON {quoted}")
            cursor.execute(
                f"CREATE TRIGGER safecampus_append_only BEFORE UPDATE OR DELETE ON {quoted} "
                "FOR EACH ROW EXECUTE FUNCTION safecampus_append_only()"
            )
