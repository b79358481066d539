"""My desk (我的待办): what waits for the user now, across their whole area, from every app.

Each app registers sections in its own desk.py. A section's `rows(user)` is a
database query (None when the section is not the user's business): the desk
shows its first rows, its true count, and a link to the full list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .registry import Registry

SHOWN = 10


@dataclass(frozen=True)
class DeskSection:
    key: str
    title: Any
    rows: Callable[[Any], QuerySet | None]  # in the order they should be done; None: not for this user
    template: str  # renders one row `r`
    list_url: Callable[[Any], str | None] = lambda user: None  # the full list behind the count
    order: int = 0
    urgent: bool = False  # shown first and in red (report clocks are running)


sections: Registry[DeskSection] = Registry("desk")


def register(section: DeskSection) -> DeskSection:
    return sections.register(section.key, section)


def waiting(user: Any) -> list[dict[str, Any]]:
    """The sections that concern the user, each with its first rows and true count."""
    shown = []
    for section in sections:
        rows = section.rows(user)
        if rows is None:
            continue
        first = list(rows[:SHOWN])
        count = len(first) if len(first) < SHOWN else rows.count()
        shown.append(
            {
                "key": section.key,
                "title": section.title,
                "rows": first,
                "count": count,
                "more": count > len(first),
                "url": section.list_url(user) if count else None,
                "template": section.template,
                "urgent": section.urgent,
            }
        )
    shown.sort(key=lambda s: not s["urgent"])
    return shown


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    return render(request, "core/desk.html", {"sections": waiting(request.user)})
