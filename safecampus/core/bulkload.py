"""Loading millions of generated rows fast: PostgreSQL COPY, or one prepared INSERT run many times.

`bulk_create` builds a model instance per row and adapts every value through its
field; for demo data made of plain Python values that costs more than the
database's own work. Here a row is a tuple in the order of the field names given;
PostgreSQL receives it through COPY, other databases through `executemany`.
No signals, no history rows, no `save()`: the caller owns the data's meaning.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from psycopg.copy import QueuedLibpqWriter


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def reserve_ids(model: type[models.Model], count: int) -> range:
    """`count` consecutive fresh primary keys for rows inserted with explicit ids (call inside a transaction).

    The table stays locked against other writers until the transaction ends, so
    nobody else can draw an id from the middle of the block.
    """
    if count <= 0:
        return range(0)
    table = model._meta.db_table
    quoted = connection.ops.quote_name(table)
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(f"LOCK TABLE {quoted} IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            sequence = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(%s)", [sequence])
            first = cursor.fetchone()[0]
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
            return range(first, first + count)
        # SQLite: the writer holds the database lock for the whole transaction, and AUTOINCREMENT
        # never reuses an id up to the stored sequence value, so start above both.
        cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 0) FROM {quoted}")
        top = cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            top = max(top, row[0] if row else 0)
        return range(top + 1, top + 1 + count)


def _adapter(field: models.Field) -> Callable[[Any], Any] | None:
    """How a Python value of this field becomes a parameter for `executemany` (None: as it is)."""
    kind = field.get_internal_type()
    ops = connection.ops
    if kind == "DateTimeField":
        return lambda value: None if value is None else ops.adapt_datetimefield_value(value)
    if kind == "DateField":
        return lambda value: None if value is None else ops.adapt_datefield_value(value)
    if kind in ("DecimalField", "JSONField"):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (tuples of Python values in the order of `fields`, attnames like `school_id`)."""
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    meta_fields = [by_attname[name] for name in fields]
    columns = [field.column for field in meta_fields]
    table = connection.ops.quote_name(model._meta.db_table)
    column_list = ", ".join(connection.ops.quote_name(column) for column in columns)
    count = 0
    with connection.cursor() as cursor:
        if is_postgresql():
            json_columns = [(i, f.encoder) for i, f in enumerate(meta_fields) if f.get_internal_type() == "JSONField"]
            raw = cursor.cursor
            # The queued writer sends from a thread, so the server stores one part while Python makes the next.
            with raw.copy(f"COPY {table} ({column_list}) FROM STDIN", writer=QueuedLibpqWriter(raw)) as copy:
                for row in rows:
                    if json_columns:
                        row = list(row)
                        for index, encoder in json_columns:
                            row[index] = json.dumps(row[index], cls=encoder)
                    copy.write_row(row)
                    count += 1
            return count
        adapters = [(index, adapt) for index, field in enumerate(meta_fields) if (adapt := _adapter(field))]
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})"
        batch: list[Sequence[Any]] = []
        for row in rows:
            if adapters:
                row = list(row)
                for index, adapt in adapters:
                    row[index] = adapt(row[index])
            batch.append(row)
            if len(batch) >= 10_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
