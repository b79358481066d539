from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from .models import Level, OrgUnit, SchoolKind


class OrgUnitFilter(django_filters.FilterSet):
    """Filters shared by the pages and the API for org units."""

    org = django_filters.NumberFilter(method="filter_org", label=_("Within unit (id)"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Level"))
    kind = django_filters.ChoiceFilter(field_name="school__kind", choices=SchoolKind.choices, label=_("School kind"))
    q = django_filters.CharFilter(method="filter_q", label=_("Name or code contains"))
    parent = django_filters.NumberFilter(method="filter_parent", label=_("Children of unit (id)"))

    class Meta:
        model = OrgUnit
        fields = ["org", "level", "kind", "q", "parent"]

    def filter_org(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        root = get_object_or_404(OrgUnit.objects.visible_to(self.request.user), pk=value)
        return queryset.within(root.path)

    def filter_parent(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        root = get_object_or_404(OrgUnit.objects.visible_to(self.request.user), pk=value)
        return queryset.within(root.path).filter(depth=root.depth + 1)

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__startswith=value))
