"""What the top bar's search finds of the tree: schools and other units, by name, short name or code."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core.access import scope_paths
from safecampus.core.search import Hit, SearchKind, register

from .filters import OrgUnitFilter
from .models import Level, OrgUnit


def area(user: Any) -> OrgUnit | None:
    """The one node whose subtree is the user's area (where "see all" lists start); None if they have several."""
    if not hasattr(user, "_search_area"):
        paths = scope_paths(user)
        nodes = OrgUnit.objects.filter(depth=1) if paths is None else OrgUnit.objects.filter(path__in=paths)
        found = list(nodes.only("pk", "path")[:2])
        user._search_area = found[0] if len(found) == 1 else None
    return user._search_area


def list_url(user: Any, viewname: str, q: str) -> str | None:
    """The full list `viewname` of the user's area, searching for `q`."""
    node = area(user)
    return f"{reverse(viewname, args=[node.pk])}?{urlencode({'q': q})}" if node else None


def find_units(user: Any, q: str) -> Any:
    base = OrgUnit.objects.visible_to(user).select_related("school")
    return OrgUnitFilter({"q": q}, queryset=base).qs.with_parent().order_by("depth", "code")


def show_unit(unit: OrgUnit) -> Hit:
    if unit.level == Level.SCHOOL and hasattr(unit, "school"):
        kind = unit.school.get_kind_display()
    else:
        kind = unit.get_level_display()
    parts = [str(kind), unit.parent_name or "", unit.code]
    title = unit.name if not unit.short_name else f"{unit.name}（{unit.short_name}）"
    return Hit(title, " · ".join(part for part in parts if part), reverse("orgs:detail", args=[unit.pk]))


register(
    SearchKind(
        key="orgs",
        label=_("Schools and units"),
        find=find_units,
        show=show_unit,
        hint=_("name, short name or code"),
        list_url=lambda user, q: list_url(user, "orgs:detail", q),
        icon="bi-building",
        order=10,
    )
)
