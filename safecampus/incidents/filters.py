"""The incident ledger's filters, shared by the page, its Excel export and the API."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from safecampus.core.clock import local_bound as _local

from .models import SUBTYPE_LABELS, Category, Fault, Grade, Incident, IncidentState, Receipt


class IncidentFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("Category"))
    subtype = django_filters.ChoiceFilter(choices=list(SUBTYPE_LABELS.items()), label=_("Type"))
    grade = django_filters.ChoiceFilter(choices=Grade.choices, label=_("Grade"))
    state = django_filters.ChoiceFilter(choices=IncidentState.choices, label=_("State"))
    fault = django_filters.ChoiceFilter(choices=Fault.choices, method="filter_fault", label=_("Reporting fault"))
    year = django_filters.NumberFilter(method="filter_year", label=_("Year"))
    month_from = django_filters.DateFilter(method="filter_from", label=_("Occurred from"))
    month_to = django_filters.DateFilter(method="filter_to", label=_("Occurred until"))
    national = django_filters.BooleanFilter(field_name="is_national", label=_("For national reporting"))
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    todo = django_filters.ChoiceFilter(
        choices=[("receipts", _("Waiting for my bureau")), ("unfinished", _("My unit must finish reporting"))],
        method="filter_todo",
        label=_("My desk"),
    )

    class Meta:
        model = Incident
        fields: list[str] = []

    def filter_todo(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """What the desk's incident sections count (incidents/desk.py)."""
        from .desk import unfinished, waiting_receipts

        user = self.request.user
        if value == "receipts":
            return queryset.filter(pk__in=Receipt.objects.filter(waiting_receipts(user)).values("incident_id"))
        return queryset.filter(unfinished(user)) if value == "unfinished" else queryset

    def filter_fault(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{f"is_{value}": True}) if value else queryset

    def filter_year(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if not value or not 2000 <= int(value) <= 2100:
            return queryset.none() if value else queryset
        year = int(value)
        return queryset.filter(
            occurred_at__gte=_local(date(year, 1, 1), time.min), occurred_at__lte=_local(date(year, 12, 31), time.max)
        )

    def filter_from(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(occurred_at__gte=_local(value, time.min))

    def filter_to(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(occurred_at__lte=_local(value, time.max))

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        # A number as printed on reports (SJ + year occurred + 6-digit id) finds exactly that incident.
        number = re.fullmatch(r"SJ(\d{4})(\d{6,18})", value, re.IGNORECASE)
        if number:
            year, digits = int(number[1]), number[2]
            if digits != f"{int(digits):06d}" or not 2000 <= year <= 2100:
                return queryset.none()
            # Pages print the year of the stored (UTC) time, exports the local one: either finds it.
            return queryset.filter(
                pk=int(digits),
                occurred_at__gte=_local(date(year, 1, 1), time.min),
                occurred_at__lt=datetime(year + 1, 1, 1, tzinfo=UTC),
            )
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value) | Q(org__name__icontains=value))
