"""The hazard loop's sections of the desk (core.desk), each a database query with its full list in the ledger.

`todo(user, key)` is the condition of each section; the ledger's `todo` filter
uses the same one, so a section's count is the number of rows its link lists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core.access import Perm, holds_any_perm, perm_paths
from safecampus.core.desk import DeskSection, register
from safecampus.core.paths import subtrees_q
from safecampus.orgs.models import OrgUnit

from .models import OPEN_STATES, Extension, Hazard, HazardState, Inspection, InspectionTask
from .permissions import verifiable_q

TODO = {
    "verify": _("Rectifications to verify"),
    "extensions": _("Extension requests to decide"),
    "listed": _("Hazards listed by my bureau"),
    "recheck": _("Closed hazards to re-check"),
    "work": _("Hazards to plan or rectify"),
    "drafts": _("Drafts to register"),
}
# Who a section concerns at all (without the permission it is not shown, not even empty).
NEEDS = {
    "verify": (Perm.MANAGE_HAZARD, Perm.SUPERVISE),
    "extensions": (Perm.SUPERVISE,),
    "listed": (Perm.SUPERVISE,),
    "recheck": (Perm.SUPERVISE,),
    "work": (Perm.MANAGE_HAZARD,),
    "drafts": (Perm.REPORT_HAZARD,),
}


def _within(field: str, paths: list[str] | None) -> Q:
    return Q() if paths is None else subtrees_q(field, paths)


def todo(user: Any, key: str) -> Q:
    """The hazards of one desk section for `user` (combine with `visible_to`)."""
    if key == "verify":
        return verifiable_q(user)
    supervise = perm_paths(user, Perm.SUPERVISE)
    if key == "extensions":
        pending = Exists(Extension.objects.filter(hazard=OuterRef("pk"), approved__isnull=True))
        listing = Q(listed_by__isnull=True) | _within("listed_by__path", supervise)
        return Q(pending) & _within("org_path", supervise) & listing
    if key == "listed":
        return Q(state__in=OPEN_STATES, listed_by__isnull=False) & _within("listed_by__path", supervise)
    if key == "recheck":
        return Q(state=HazardState.CLOSED, recheck_due=True) & _within("org_path", supervise)
    if key == "work":
        manage = perm_paths(user, Perm.MANAGE_HAZARD)
        return Q(state__in=(HazardState.REPORTED, HazardState.RECTIFYING)) & _within("org_path", manage)
    if key == "drafts":
        return Q(state=HazardState.DRAFT) & _within("org_path", perm_paths(user, Perm.REPORT_HAZARD))
    raise KeyError(key)


ORDER = {
    "verify": ("submitted_at", "pk"),
    "extensions": ("deadline", "pk"),
    "listed": ("deadline", "pk"),
    "recheck": ("closed_at", "pk"),
    "work": ("deadline", "pk"),
    "drafts": ("found_at", "pk"),
}


def home(user: Any) -> OrgUnit | None:
    """The node whose lists a desk section links to: the user's (first) topmost node."""
    if not hasattr(user, "_desk_home"):
        homes = OrgUnit.objects.home_nodes(user)
        user._desk_home = homes[0] if homes else None
    return user._desk_home


def _hazards(key: str) -> Any:
    def rows(user: Any) -> QuerySet | None:
        if not any(holds_any_perm(user, perm) for perm in NEEDS[key]):
            return None
        queryset = Hazard.objects.visible_to(user).filter(todo(user, key)).select_related("school")
        return queryset.order_by(*ORDER[key])

    return rows


def _ledger(key: str) -> Any:
    def url(user: Any) -> str | None:
        node = home(user)
        return f"{reverse('hazards:ledger', args=[node.pk])}?todo={key}" if node else None

    return url


for order, key in enumerate(TODO):
    register(
        DeskSection(
            key=key,
            title=TODO[key],
            rows=_hazards(key),
            template="hazards/desk/_hazard.html",
            list_url=_ledger(key),
            order=20 + order,
        )
    )


def _tasks(user: Any) -> QuerySet | None:
    manage = perm_paths(user, Perm.MANAGE_HAZARD)
    if manage is not None and not manage:
        return None
    tasks = InspectionTask.objects.visible_to(user).undone().filter(_within("org_path", manage))
    return tasks.select_related("plan", "school", "inspection").order_by("due_date", "pk")


def _task_list(user: Any) -> str | None:
    node = home(user)
    return f"{reverse('hazards:tasks', args=[node.pk])}?state=undone" if node else None


register(
    DeskSection(
        key="tasks",
        title=_("Inspections due"),
        rows=_tasks,
        template="hazards/desk/_task.html",
        list_url=_task_list,
        order=40,
    )
)


def _my_inspections(user: Any) -> QuerySet | None:
    if not getattr(user, "is_authenticated", False):
        return None
    mine = Inspection.objects.filter(inspectors=user, status=Inspection.Status.IN_PROGRESS)
    return mine.select_related("school").order_by("date", "pk")


register(
    DeskSection(
        key="inspections",
        title=_("My open inspections"),
        rows=_my_inspections,
        template="hazards/desk/_inspection.html",
        order=41,
    )
)
