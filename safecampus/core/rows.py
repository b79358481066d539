"""One model instance from one hand-written SELECT, for the requests every user makes many times a minute.

`Model.objects.raw()` works out, on every call, which columns map to which fields and which converters each needs;
on the token check and the dashboard's node read that set-up cost more than the query's round trip. Here it is
worked out once per connection and model, and the row is handed to `Model.from_db` as the ORM itself would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import connection, models

M = TypeVar("M", bound=models.Model)
Converter = Callable[[Any], Any]


def select_columns(model: type[models.Model], alias: str) -> str:
    """The SELECT list of every concrete column of `model` in table `alias`, in the order `fetch_one` reads them."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields)


def fetch_one(
    model: type[M], sql: str, params: Sequence[Any], extra: Sequence[tuple[str, models.Field | None]] = ()
) -> M | None:
    """The first row of `sql` (whose columns start with `select_columns(model, …)`) as a `model` instance, or None.
    Each further column is set as an attribute named by `extra`, converted as its field's values are (or as is)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    names, convert = _reader(model)
    width = len(names)
    instance = model.from_db(connection.alias, names, [fix(value) for fix, value in zip(convert, row, strict=False)])
    for (name, field), value in zip(extra, row[width:], strict=True):
        setattr(instance, name, value if field is None else _cached(field)(value))
    return instance


def _reader(model: type[models.Model]) -> tuple[list[str], list[Converter]]:
    # Kept on the connection wrapper (one per thread): converters are bound to its operations.
    readers = connection.__dict__.setdefault("_safecampus_row_readers", {})
    if model not in readers:
        fields = model._meta.concrete_fields
        readers[model] = ([field.attname for field in fields], [_converter(field) for field in fields])
    return readers[model]


def _cached(field: models.Field) -> Converter:
    converters = connection.__dict__.setdefault("_safecampus_field_converters", {})
    if field not in converters:
        converters[field] = _converter(field)
    return converters[field]


def _converter(field: models.Field) -> Converter:
    expression = field.get_col(field.model._meta.db_table)
    steps = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
    if not steps:
        return _same
    bound = connection

    def convert(value: Any) -> Any:
        for step in steps:
            value = step(value, expression, bound)
        return value

    return convert


def _same(value: Any) -> Any:
    return value
