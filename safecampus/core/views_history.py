"""One history page for every tracked record: who changed what, when, from what to what."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .history import reason_label

# model label → function(user) returning the queryset of objects the user may see
HISTORY_SCOPES: dict[str, Callable[[Any], QuerySet]] = {}


def register_history(label: str, scope: Callable[[Any], QuerySet]) -> None:
    HISTORY_SCOPES[label] = scope


def history_rows(obj: Model) -> list[dict[str, Any]]:
    """Every history row of `obj`, newest first, with the fields that changed."""
    records = list(obj.history.all().select_related("history_user").order_by("-history_date", "-history_id"))
    rows = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append(
                    {
                        "field": getattr(field, "verbose_name", change.field),
                        "old": _show(field, change.old),
                        "new": _show(field, change.new),
                    }
                )
        rows.append({"record": record, "changes": changes, "reason": reason_label(record.history_change_reason)})
    return rows


def _show(field: Any, value: Any) -> Any:
    choices = dict(getattr(field, "flatchoices", None) or [])
    if value in choices:
        return choices[value]
    if value is True:
        return "✓"
    if value is False:
        return "✗"
    return "—" if value in (None, "") else value


@login_required
def object_history(request: HttpRequest, label: str, pk: int) -> HttpResponse:
    scope = HISTORY_SCOPES.get(label)
    if scope is None:
        raise Http404
    model = apps.get_model(label)
    obj = get_object_or_404(scope(request.user), pk=pk)
    page = Paginator(history_rows(obj), 50).get_page(request.GET.get("page"))
    return render(request, "core/history.html", {"object": obj, "page": page, "model_name": model._meta.verbose_name})
