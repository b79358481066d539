"""The register's filters, shared by the page, its Excel export and the API."""

from __future__ import annotations

import re

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from safecampus.core import clock

from .models import ControlLevel, Grade, PointCategory, PointKind, Risk, RiskState


class RiskFilter(django_filters.FilterSet):
    grade = django_filters.ChoiceFilter(choices=Grade.choices, label=_("Colour"))
    state = django_filters.ChoiceFilter(choices=RiskState.choices, label=_("State"))
    kind = django_filters.ChoiceFilter(field_name="point__kind", choices=PointKind.choices, label=_("Type"))
    category = django_filters.ChoiceFilter(
        field_name="point__category", choices=PointCategory.choices, label=_("Category")
    )
    control_level = django_filters.ChoiceFilter(choices=ControlLevel.choices, label=_("Control level"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Review overdue"))
    out_of_control = django_filters.BooleanFilter(label=_("Out of control"))
    point = django_filters.NumberFilter(field_name="point_id", label=_("Risk point"))
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    class Meta:
        model = Risk
        fields: list[str] = []

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue = Q(state=RiskState.PUBLISHED, review_due__lt=clock.today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        number = re.fullmatch(r"FX(\d{6,18})", value, re.IGNORECASE)
        if number:
            return queryset.filter(pk=int(number[1]))
        return queryset.filter(
            Q(factor__icontains=value)
            | Q(point__name__icontains=value)
            | Q(point__place__icontains=value)
            | Q(school__name__icontains=value)
        )
