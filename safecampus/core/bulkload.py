"""Loading millions of generated rows fast: PostgreSQL COPY, or one prepared INSERT run many times.

`bulk_create` builds a model instance per row and adapts every value through its
field; for demo data made of plain Python values that costs more than the
database's own work. Here a row is a tuple in the order of the field names given;
PostgreSQL receives it through COPY, other databases through `executemany`.
No signals, no history rows, no `save()`: the caller owns the data's meaning.
`update_rows` sets fields of many rows; `indexes_after` builds a table's indexes
and checks its foreign keys once, after a load, instead of row by row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models
from psycopg.copy import QueuedLibpqWriter
from psycopg.types.json import Jsonb


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


def _binary_types(raw: Any, fields: list[models.Field]) -> list[str] | None:
    """The PostgreSQL types of the columns for a binary COPY, or None if psycopg does not know one of them."""
    names = []
    for field in fields:
        name = (field.db_type(connection) or "").split("(")[0].strip()
        if raw.adapters.types.get(name) is None:
            return None
        names.append(name)
    return names


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
            types = _binary_types(raw, meta_fields)
            # Binary rows cost the server no parsing (times, dates and numbers as text are most of a COPY's work);
            # the queued writer sends from a thread, so the server stores one part while Python makes the next.
            binary = " (FORMAT BINARY)" if types else ""
            with raw.copy(f"COPY {table} ({column_list}) FROM STDIN{binary}", writer=QueuedLibpqWriter(raw)) as copy:
                if types:
                    copy.set_types(types)
                for row in rows:
                    if json_columns:
                        row = list(row)
                        for index, encoder in json_columns:
                            text = json.dumps(row[index], cls=encoder)
                            row[index] = Jsonb(None, dumps=lambda _value, text=text: text) if types else text
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


def update_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Set `fields` of many rows, each given once as (primary key, *values), in a few statements.

    `bulk_update` writes one CASE WHEN per field and row, which PostgreSQL plans
    and runs row by row and Django takes long to build; here each batch is one
    UPDATE joined to its VALUES (PostgreSQL, and SQLite from 3.33).
    """
    by_name = {field.name: field for field in model._meta.concrete_fields}
    by_name.update({field.attname: field for field in model._meta.concrete_fields})
    meta_fields = [by_name[name] for name in fields]
    rows = list(rows)
    if connection.vendor == "sqlite" and connection.Database.sqlite_version_info < (3, 33):
        objects = [
            model(pk=pk, **dict(zip([f.attname for f in meta_fields], values, strict=True))) for pk, *values in rows
        ]
        model._default_manager.bulk_update(objects, [f.name for f in meta_fields], batch_size=1000)
        return len(rows)
    quote = connection.ops.quote_name
    names = ["k"] + [f"v{index}" for index in range(len(meta_fields))]

    def value(index: int, field: models.Field) -> str:
        column = f"v.v{index}"
        return f"CAST({column} AS {field.db_type(connection)})" if is_postgresql() else column

    assignments = ", ".join(f"{quote(field.column)} = {value(i, field)}" for i, field in enumerate(meta_fields))
    table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
    placeholders = "(" + ", ".join(["%s"] * len(names)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            batch = rows[start : start + 2000]
            params = [
                item
                for pk, *values in batch
                for item in (pk, *(f.get_db_prep_save(v, connection) for f, v in zip(meta_fields, values, strict=True)))
            ]
            cursor.execute(
                f"WITH v ({', '.join(names)}) AS (VALUES {', '.join([placeholders] * len(batch))}) "
                f"UPDATE {table} SET {assignments} FROM v WHERE {table}.{key} = v.k",
                params,
            )
    return len(rows)


@contextmanager
def indexes_after(*tables: type[models.Model]) -> Iterator[None]:
    """Load many rows into these models' tables without keeping their indexes and foreign keys current as rows
    arrive (PostgreSQL; elsewhere it does nothing). Call it inside the caller's transaction.

    The secondary indexes, unique constraints and foreign keys are dropped first,
    then made again at the end: each index in one sorted pass, each foreign key
    checked for all rows in one join (what PostgreSQL's manual advises for
    populating a database), instead of growing every index and running a key
    check row by row. The definitions come from the catalog, so the tables end
    exactly as they began, and a row that breaks a key or a unique constraint
    still fails the load. Primary keys stay. The tables are locked for the rest
    of the transaction: for loads nobody reads while they run.
    """
    if not is_postgresql():
        yield
        return
    names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        # Pending deferred key checks would forbid the ALTERs: run them now, and the rest of the transaction's
        # checks statement by statement (what a load wants anyway: a broken key fails at once, not at commit).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "WHERE c.contype IN ('f', 'u') AND c.conrelid = ANY(%s::regclass[]) ORDER BY c.contype DESC, 1, 2",
            [names],
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
            [names],
        )
        indexes = cursor.fetchall()
        quote = connection.ops.quote_name
        drops = [f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}" for table, name, _definition in keys]
        drops += [f"DROP INDEX {index}" for index, _definition in indexes]
        _run_all(cursor, drops)
    yield
    with connection.cursor() as cursor:
        builds = [definition for _index, definition in indexes]
        builds += [f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}" for table, name, definition in keys]
        _run_all(cursor, builds)


def _run_all(cursor: Any, statements: list[str]) -> None:
    """Run the statements as one (a PL/pgSQL block): one round trip, and no query count per index."""
    if statements:
        body = "".join(f"EXECUTE {_literal(statement)};" for statement in statements)
        cursor.execute(f"DO $load$ BEGIN {body} END $load$")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
