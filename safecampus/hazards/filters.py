"""The hazard ledger's filters, shared by the ledger page, its Excel export and the API."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import django_filters
from django.db import connection
from django.db.models import CharField, F, Func, Q, QuerySet
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThanOrEqual, In, LessThan
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core import clock, counting
from safecampus.core.clock import local_bound as _local
from safecampus.core.paths import path_upper_bound
from safecampus.orgs.models import OrgUnit, SchoolKind

from .desk import TODO, todo
from .models import OPEN_STATES, Area, Hazard, HazardLevel, HazardSource, HazardState, InspectionTask
from .models.hazards import overdue_q

ORDERINGS = {
    "-found_at": ("-found_at", "-id"),
    "found_at": ("found_at", "id"),
    "deadline": ("deadline", "id"),
    "-deadline": ("-deadline", "-id"),
    "-level": ("-level", "-found_at"),
    "school": ("org_path", "-found_at"),
}


# The filters the counter store can answer for a whole subtree (with the state filter, which it needs).
COUNTED_FILTERS = {"org", "state", "level", "area", "ordering"}


class Unindexed(Func):
    """A column as a value no index can serve: on SQLite a unary plus, the documented way to steer its planner
    away from an index for one term; other databases plan from statistics and get the column itself."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra)


@dataclass(frozen=True)
class Counted:
    """What the counters tell of a ledger query: its total, the same total in the whole tree, and its terms."""

    total: int
    everywhere: int
    paths: tuple[str, ...]
    states: frozenset[str]
    level: str | None
    area: str | None
    ordering: str

    def newest_first(self, rows: int) -> QuerySet | None:
        """The newest `rows` records by walking the time index backwards, when that reads fewer rows than sorting
        the subtree's records (else None: the filtered queryset is the better plan).

        Walking reads about rows × everywhere / total records, sorting about total: walk when total² exceeds
        rows × everywhere (a province or a city; not a county or a school). PostgreSQL weighs the two from its
        statistics by itself; SQLite takes the path range's index whatever the range holds, then sorts, so its
        query names the path and state terms as values no index serves (`Unindexed`), leaving the time index.
        """
        if connection.vendor != "sqlite" or self.ordering not in ("", "-found_at"):
            return None
        if self.total * self.total <= rows * self.everywhere:
            return None
        path, state = Unindexed("org_path", output_field=CharField()), Unindexed("state", output_field=CharField())
        inside = Q(pk__in=[])
        for node in self.paths:
            inside |= Q(GreaterThanOrEqual(path, node), LessThan(path, path_upper_bound(node)))
        hazards = Hazard.objects.filter(inside, In(state, sorted(self.states)))
        if self.level:
            hazards = hazards.filter(level=self.level)
        if self.area:
            hazards = hazards.filter(area=self.area)
        return hazards.order_by(*ORDERINGS["-found_at"])


class HazardFilter(django_filters.FilterSet):
    org = django_filters.NumberFilter(method="filter_org", label=_("Within unit"))
    kind = django_filters.ChoiceFilter(field_name="school_kind", choices=SchoolKind.choices, label=_("School kind"))
    level = django_filters.ChoiceFilter(choices=HazardLevel.choices, label=pgettext_lazy("hazard", "Level"))
    area = django_filters.ChoiceFilter(choices=Area.choices, label=_("Category"))
    state = django_filters.MultipleChoiceFilter(
        choices=[("open", _("Open")), ("registered", _("All but drafts")), *HazardState.choices],
        method="filter_state",
        label=_("State"),
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    listed = django_filters.BooleanFilter(method="filter_listed", label=_("Listed for supervision"))
    source = django_filters.ChoiceFilter(choices=HazardSource.choices, label=_("Source"))
    recheck = django_filters.BooleanFilter(field_name="recheck_due", label=_("Selected for re-check"))
    found_from = django_filters.DateFilter(method="filter_found_from", label=_("Found from"))
    found_to = django_filters.DateFilter(method="filter_found_to", label=_("Found until"))
    deadline_from = django_filters.DateFilter(field_name="deadline", lookup_expr="gte", label=_("Deadline from"))
    deadline_to = django_filters.DateFilter(field_name="deadline", lookup_expr="lte", label=_("Deadline until"))
    closed_from = django_filters.DateFilter(method="filter_closed_from", label=_("Closed from"))
    closed_to = django_filters.DateFilter(method="filter_closed_to", label=_("Closed until"))
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    todo = django_filters.ChoiceFilter(choices=list(TODO.items()), method="filter_todo", label=_("My desk"))
    ordering = django_filters.ChoiceFilter(
        choices=[(key, key) for key in ORDERINGS], method="filter_ordering", label=_("Sort")
    )

    class Meta:
        model = Hazard
        fields: list[str] = []

    def filter_org(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        root = get_object_or_404(OrgUnit.objects.visible_to(self.request.user), pk=value)
        return queryset.within(root.path)

    def filter_todo(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """What the desk's sections count (hazards/desk.py): the list behind each section's number."""
        return todo(self.request.user, value, queryset) if value else queryset

    def filter_state(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(state__in=_states(value))

    def counted(self, paths: list[str] | None) -> Counted | None:
        """How many records the filters select, from the counters when they can tell (else None: count them).

        `paths` are the nodes whose whole subtrees the queryset holds (the user reads all of them), or None when
        the queryset is anything else. The counters hold each node's hazards by state (`hazard.state.*`), and
        its open ones by level and by category; drafts count for nothing, so a list with drafts is counted.
        """
        if paths is None or not self.is_valid():
            return None
        data = self.form.cleaned_data
        given = {name for name, value in data.items() if value not in (None, "", [])}
        states = _states(data.get("state") or [])
        if not states or HazardState.DRAFT in states or given - COUNTED_FILTERS:
            return None
        level, area = data.get("level") or None, data.get("area") or None
        if level or area:
            if states != {str(state) for state in OPEN_STATES} or (level and area):
                return None
            metrics = [f"hazard.open.{level}" if level else f"hazard.open_area.{area}"]
        else:
            metrics = [f"hazard.state.{state}" for state in sorted(states)]
        total, everywhere = counting.totals(paths, metrics)
        return Counted(total, everywhere, tuple(paths), frozenset(states), level, area, data.get("ordering") or "")

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue = overdue_q(clock.today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_listed(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(listed_by__isnull=not value)

    def filter_found_from(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(found_at__gte=_local(value, time.min))

    def filter_found_to(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(found_at__lte=_local(value, time.max))

    def filter_closed_from(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(closed_at__gte=_local(value, time.min))

    def filter_closed_to(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(closed_at__lte=_local(value, time.max))

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        # A number as printed on notices (YH + year found + 7-digit id) finds exactly that hazard.
        number = re.fullmatch(r"YH(\d{4})(\d{7,18})", value, re.IGNORECASE)
        if number:
            year, digits = int(number[1]), number[2]
            if digits != f"{int(digits):07d}" or not 2000 <= year <= 2100:
                return queryset.none()
            # Pages print the year of the stored (UTC) time, exports the local one: either finds it.
            return queryset.filter(
                pk=int(digits),
                found_at__gte=_local(date(year, 1, 1), time.min),
                found_at__lt=datetime(year + 1, 1, 1, tzinfo=UTC),
            )
        return queryset.filter(
            Q(place__icontains=value)
            | Q(description__icontains=value)
            | Q(school__name__icontains=value)
            | Q(school__code=value)
        )

    def filter_ordering(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*ORDERINGS.get(value, ORDERINGS["-found_at"]))


def _states(value: list[str]) -> set[str]:
    """The states a `state` filter selects ("open" and "registered" stand for several)."""
    states = {str(state) for state in value}
    if "open" in states:
        states = (states - {"open"}) | {str(state) for state in OPEN_STATES}
    if "registered" in states:
        states = (states - {"registered"}) | (set(HazardState.values) - {HazardState.DRAFT.value})
    return states


class TaskFilter(django_filters.FilterSet):
    """Due inspections of an area: the records behind the completeness and timeliness figures."""

    due_from = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label=_("Due from"))
    due_to = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("Due until"))
    state = django_filters.ChoiceFilter(
        choices=[
            ("done", _("Done")),
            ("on_time", _("Done on time")),
            ("late", _("Done late")),
            ("missing", _("Not done")),
            ("undone", _("Not done yet")),
        ],
        method="filter_state",
        label=_("State"),
    )
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    class Meta:
        model = InspectionTask
        fields: list[str] = []

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # "On time" compares the local day of completion with the due day, as the counters do.
        queryset = queryset.annotate(done_day=TruncDate("done_at"))
        on_time = Q(done_day__lte=F("due_date"))
        return {
            "done": queryset.filter(done_at__isnull=False),
            "on_time": queryset.filter(on_time),
            "late": queryset.filter(done_at__isnull=False).exclude(on_time),
            "missing": queryset.missing(clock.today()),
            "undone": queryset.undone(),
        }.get(value, queryset)

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(school__name__icontains=value) | Q(school__code=value)) if value else queryset
