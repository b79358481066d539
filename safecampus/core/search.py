"""The top bar's search: one box that finds records of every kind within the reader's area.

Each app declares the kinds of records it finds in its own `search.py`:

    from safecampus.core.search import Hit, SearchKind, register

    register(SearchKind(
        key="hazards",
        label=_("Hazards"),
        find=lambda user, q: HazardFilter({"q": q}, queryset=Hazard.objects.visible_to(user)).qs,
        show=lambda hazard: Hit(hazard.number, hazard.school.name, reverse("hazards:detail", args=[hazard.pk])),
        list_url=lambda user, q: ...,   # the full list (the ledger) with the same search, or None
        order=20,
    ))

`find` MUST start from the model's scoped queryset (`visible_to(user)` or `restrict(user, perm)`),
so nothing outside the reader's area is ever found or counted. The page shows a few rows of each
kind and its true count: one COUNT per kind, and none when the rows shown are all there is.
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

MIN_LENGTH = 2  # one character finds too much to be useful
MAX_LENGTH = 100
SHOWN = 5  # rows shown per kind


@dataclass(frozen=True)
class Hit:
    """How one result is shown: a title, a line under it, and the page it opens."""

    title: str
    subtitle: str
    url: str


def _no_list(user: Any, q: str) -> str | None:
    return None


@dataclass(frozen=True)
class SearchKind:
    """A kind of record the search finds.

    key       stable name (the result group's id on the page)
    label     the group's heading, translatable (English source, zh-hans shown first)
    find      (user, q) -> queryset of matches, starting from the scoped queryset; ordered best first
    show      record -> Hit; `find` should select_related what `show` reads
    list_url  (user, q) -> url of the full filtered list (e.g. the ledger with ?q=), or None
    hint      what it is searched by, for the help text (e.g. "number, place or school")
    """

    key: str
    label: Any
    find: Callable[[Any, str], QuerySet]
    show: Callable[[Any], Hit]
    list_url: Callable[[Any, str], str | None] = _no_list
    hint: Any = ""
    icon: str = "bi-search"
    order: int = 100


KINDS: Registry[SearchKind] = Registry("search")


def register(kind: SearchKind) -> SearchKind:
    return KINDS.register(kind.key, kind)


@dataclass
class Group:
    kind: SearchKind
    count: int
    hits: list[Hit]
    list_url: str | None


def clean_query(raw: str | None) -> str:
    """What the box sent, trimmed and bounded (PostgreSQL refuses NUL in text)."""
    return (raw or "").replace("\x00", "").strip()[:MAX_LENGTH]


def search(user: Any, q: str, shown: int = SHOWN) -> list[Group]:
    """Each kind's first `shown` matches and how many there are in all; kinds with none are left out."""
    q = clean_query(q)
    if len(q) < MIN_LENGTH:
        return []
    groups = []
    for kind in KINDS:
        matches = kind.find(user, q)
        rows = list(matches[:shown])
        count = len(rows) if len(rows) < shown else matches.count()
        if count:
            groups.append(Group(kind, count, [kind.show(row) for row in rows], kind.list_url(user, q)))
    return groups


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    q = clean_query(request.GET.get("q"))
    searched = len(q) >= MIN_LENGTH
    context = {
        "q": q,
        "searched": searched,
        "groups": search(request.user, q) if searched else [],
        "kinds": list(KINDS),
        "shown": SHOWN,
    }
    return render(request, "core/search.html", context)
