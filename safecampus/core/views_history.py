"""One history page for every tracked record: who changed what, when, from what to what.

Each change is shown in the reader's language: the field by its verbose name, people by
their display name, other linked records by their name, choices by their label. The names
behind a page of rows are read with one query per linked model, never one per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Field, Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext
from simple_history.utils import get_m2m_reverse_field_name

from .history import FIELD_LABELS, reason_label

# model label → function(user) returning the queryset of objects the user may see
HISTORY_SCOPES: dict[str, Callable[[Any], QuerySet]] = {}
# Bookkeeping of the tree and copies of it: never a change a reader made.
HIDDEN_FIELDS = frozenset({"id", "path", "depth", "numchild"})
EMPTY = "—"


def register_history(label: str, scope: Callable[[Any], QuerySet]) -> None:
    HISTORY_SCOPES[label] = scope


def history_queryset(obj: Model) -> QuerySet:
    return obj.history.select_related("history_user").order_by("-history_date", "-history_id")


def history_rows(obj: Model, records: Sequence[Any] | None = None, older: Any = None) -> list[dict[str, Any]]:
    """History rows of `obj`, newest first, with the fields that changed.

    `records` defaults to the whole history; `older` is the row just before the last
    of them (so a page's last row shows its changes too)."""
    if records is None:
        records = list(history_queryset(obj))
    records = list(records)
    model = obj._meta.model
    fields = _tracked_fields(model)
    m2m = _m2m_values(model, [*records, older] if older is not None else records)
    raw: list[tuple[Any, list[tuple[Field, Any, Any]]]] = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else older
        changes: list[tuple[Field, Any, Any]] = []
        if previous is not None and record.history_type == "~":
            for field in fields:
                old, new = getattr(previous, field.attname), getattr(record, field.attname)
                if old != new:
                    changes.append((field, old, new))
            for field, values in m2m.items():
                old, new = values.get(previous.history_id, set()), values.get(record.history_id, set())
                if old != new:
                    changes.append((field, old, new))
        raw.append((record, changes))
    names = _related_names(change for _, changes in raw for change in changes)
    return [
        {
            "record": record,
            "changes": [
                {"field": field_label(field), "old": _show(field, old, names), "new": _show(field, new, names)}
                for field, old, new in changes
            ],
            "reason": reason_label(record.history_change_reason),
        }
        for record, changes in raw
    ]


def field_label(field: Field) -> str:
    """The field's name in the active language."""
    label = field.verbose_name
    if not isinstance(label, Promise):  # no verbose name given: Django made one up from the field's name
        label = FIELD_LABELS.get(field.name) or gettext(str(label))
    return str(label)


def _tracked_fields(model: type[Model]) -> list[Field]:
    tracked = {field.name for field in model.history.model.tracked_fields}
    return [
        field
        for field in model._meta.concrete_fields
        if field.name in tracked
        and field.editable
        and field.name not in HIDDEN_FIELDS
        and not field.name.endswith("_path")
    ]


def _m2m_values(model: type[Model], records: list[Any]) -> dict[Field, dict[int, set[Any]]]:
    """For each tracked many-to-many field: history row id → the ids it linked then (one query per field)."""
    history_model = model.history.model
    result: dict[Field, dict[int, set[Any]]] = {}
    for field in getattr(history_model, "_history_m2m_fields", []):
        through = getattr(history_model, field.name).model
        target = get_m2m_reverse_field_name(field)
        values: dict[int, set[Any]] = defaultdict(set)
        rows = through.objects.filter(history__in=[record.history_id for record in records])
        for history_id, target_id in rows.values_list("history_id", f"{target}_id"):
            values[history_id].add(target_id)
        result[field] = values
    return result


def _related_names(changes: Any) -> dict[type[Model], dict[Any, str]]:
    """Names of every linked record the changes mention: one query per linked model."""
    wanted: dict[type[Model], set[Any]] = defaultdict(set)
    for field, old, new in changes:
        if field.is_relation and field.related_model is not None:
            for value in (old, new):
                wanted[field.related_model].update(value if isinstance(value, set) else {value})
    user_model = get_user_model()
    names: dict[type[Model], dict[Any, str]] = {}
    for related, ids in wanted.items():
        ids.discard(None)
        rows = related._base_manager.filter(pk__in=ids).select_related() if ids else []
        names[related] = {row.pk: _name(row, user_model) for row in rows}
    return names


def _name(row: Model, user_model: type[Model]) -> str:
    if isinstance(row, user_model):
        return row.display_name
    for attribute in ("name", "number"):
        value = getattr(row, attribute, None)
        if isinstance(value, str) and value:
            return value
    return str(row)


def _show(field: Field, value: Any, names: dict[type[Model], dict[Any, str]]) -> str:
    if value is None or value == "" or value == set():
        return EMPTY
    if field.is_relation and field.related_model is not None:
        known = names.get(field.related_model, {})
        shown = [known.get(pk, f"#{pk}") for pk in (sorted(value) if isinstance(value, set) else [value])]
        return pgettext("list separator", ", ").join(shown)
    choices = dict(field.flatchoices or [])
    if value in choices:
        return str(choices[value])
    if value is True:
        return gettext("Yes")
    if value is False:
        return gettext("No")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "Y-m-d H:i")
    if isinstance(value, date):
        return date_format(value, "Y-m-d")
    return str(value)


@login_required
def object_history(request: HttpRequest, label: str, pk: int) -> HttpResponse:
    scope = HISTORY_SCOPES.get(label)
    if scope is None:
        raise Http404
    model = apps.get_model(label)
    obj = get_object_or_404(scope(request.user), pk=pk)
    records = history_queryset(obj)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    # The page's rows and the one just older, whose values the last row changed from: one query.
    size = page.end_index() - page.start_index() + 1 if page.paginator.count else 0
    window = list(records[page.start_index() - 1 : page.end_index() + 1]) if size else []
    shown, older = window[:size], window[size:]
    page.object_list = history_rows(obj, shown, older[0] if older else None)
    return render(request, "core/history.html", {"object": obj, "page": page, "model_name": model._meta.verbose_name})
