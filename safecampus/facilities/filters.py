"""The one filter of a ledger's records, for the bureau's pages and the API alike: failing a rule today, expiring
within N days, and a search over the school and the ledger's names and numbers."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from .ledgers import Ledger

SOON_DEFAULT = 30


def filter_ledger(rows: QuerySet, ledger: Ledger, params: Any, today: date) -> tuple[QuerySet, dict[str, str]]:
    """`rows` narrowed by `state` (failing / soon, with `soon` days, 1–365) and `q`; and the filter as understood."""
    shown = {name: str(params.get(name, "") or "").strip()[:60] for name in ("state", "q", "soon")}
    if shown["state"] == "failing":
        rows = rows.filter(Q(fail_until__isnull=True) | Q(fail_until__gt=today), fail_from__lte=today)
    elif shown["state"] == "soon":
        days = int(shown["soon"]) if shown["soon"].isdigit() and 1 <= int(shown["soon"]) <= 365 else SOON_DEFAULT
        shown["soon"] = str(days)
        rows = rows.filter(expires_on__gt=today, expires_on__lte=today + timedelta(days=days))
    else:
        shown["state"] = ""
    if shown["q"]:
        text = Q(school__name__icontains=shown["q"]) | Q(school__code=shown["q"])
        for name in ledger.search:
            text |= Q(**{f"{name}__icontains": shown["q"]})
        rows = rows.filter(text)
    return rows, shown
