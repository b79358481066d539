"""The hazard loop's sections of the desk (core.desk), each a database query with its full list in the ledger.

`todo(user, key)` is the query of each section; the ledger's `todo` filter
applies the same one, so a section's count is the number of rows its link lists.
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


def todo(user: Any, key: str, hazards: QuerySet | None = None) -> QuerySet:
    """The hazards of one desk section for `user`, out of `hazards` (default: all they may read)."""
    hazards = Hazard.objects.visible_to(user) if hazards is None else hazards
    if key == "verify":
        return hazards.filter(verifiable_q(user))
    if key == "extensions":
        pending = Exists(Extension.objects.filter(hazard=OuterRef("pk"), approved__isnull=True))
        supervise = perm_paths(user, Perm.SUPERVISE)
        listing = Q(listed_by__isnull=True) | (Q() if supervise is None else subtrees_q("listed_by__path", supervise))
        return hazards.restrict(user, Perm.SUPERVISE).filter(Q(pending) & listing)
    if key == "listed":
        # The listing bureau's own list: hazards whose listing bureau lies in the user's area of supervision.
        supervise = perm_paths(user, Perm.SUPERVISE)
        by_mine = Q() if supervise is None else subtrees_q("listed_by__path", supervise)
        return hazards.filter(by_mine, state__in=OPEN_STATES, listed_by__isnull=False)
    if key == "recheck":
        return hazards.restrict(user, Perm.SUPERVISE).filter(state=HazardState.CLOSED, recheck_due=True)
    if key == "work":
        return hazards.restrict(user, Perm.MANAGE_HAZARD).filter(
            state__in=(HazardState.REPORTED, HazardState.RECTIFYING)
        )
    if key == "drafts":
        return hazards.restrict(user, Perm.REPORT_HAZARD).filter(state=HazardState.DRAFT)
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
        return todo(user, key).select_related("school").order_by(*ORDER[key])

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
    if not holds_any_perm(user, Perm.MANAGE_HAZARD):
        return None
    tasks = InspectionTask.objects.visible_to(user).restrict(user, Perm.MANAGE_HAZARD).undone()
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
