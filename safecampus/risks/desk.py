"""The register's sections of the desk (core.desk): for a school, the risks it must evaluate, approve or review;
for a county bureau, the red risks of its schools out of control for longer than the rule allows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core import clock
from safecampus.core.access import BUREAU_OFFICERS, Perm, access
from safecampus.core.desk import DeskSection, register
from safecampus.orgs.models import OrgUnit
from safecampus.rules.services import rule_value

from .models import Grade, MeasureCheck, Risk, RiskState

SOON_DAYS = 7  # a review due within a week is listed before it is overdue


def waiting_for_keepers(user: Any) -> Q:
    """Risks of the schools whose register the user keeps that wait for them: not yet evaluated, evaluated again
    after a change, waiting for approval or publication, or due for review within a week."""
    schools = access(user).nodes(Perm.MANAGE_RISK)
    soon = clock.today() + timedelta(days=SOON_DAYS)
    waiting = (
        Q(state__in=(RiskState.IDENTIFIED, RiskState.ASSESSED, RiskState.APPROVED))
        | Q(state=RiskState.PUBLISHED, review_due__lte=soon)
        | (~Q(state=RiskState.RETIRED) & ~Q(needs_reassessment=""))
    )
    return Q(org_path__in=schools) & waiting


def _school_rows(user: Any) -> QuerySet | None:
    if not access(user).nodes(Perm.MANAGE_RISK):
        return None
    rows = Risk.objects.visible_to(user).filter(waiting_for_keepers(user)).select_related("school", "point")
    return rows.order_by("review_due", "state", "pk")


def _checks(user: Any) -> QuerySet | None:
    schools = access(user).nodes(Perm.MANAGE_RISK)
    if not schools:
        return None
    soon = clock.today() + timedelta(days=SOON_DAYS)
    rows = MeasureCheck.objects.visible_to(user).filter(org_path__in=schools, status="due", due_on__lte=soon)
    return rows.select_related("measure", "risk", "school").order_by("due_on", "pk")


def _red_out_of_control(user: Any) -> QuerySet | None:
    bureaus = [path for path in access(user).nodes(Perm.VIEW) if access(user).has_role_on(BUREAU_OFFICERS, path)]
    if not bureaus:
        return None
    home = OrgUnit.objects.filter(path__in=bureaus).first()
    days = rule_value("risk.out_of_control_days", home)
    since = clock.now() - timedelta(days=days)
    rows = Risk.objects.visible_to(user).filter(
        grade=Grade.RED, out_of_control=True, out_of_control_since__lte=since, state__in=(RiskState.PUBLISHED,)
    )
    return rows.select_related("school", "point").order_by("out_of_control_since", "pk")


def _register(query: str) -> Any:
    def url(user: Any) -> str | None:
        homes = OrgUnit.objects.home_nodes(user)
        return f"{reverse('risks:register', args=[homes[0].pk])}?{query}" if homes else None

    return url


register(
    DeskSection(
        key="risks",
        title=_("Risks waiting for the register's keepers"),
        rows=_school_rows,
        template="risks/desk/_risk.html",
        list_url=_register(""),
        order=30,
    )
)
register(
    DeskSection(
        key="risks_out_of_control",
        title=_("Red risks out of control"),
        rows=_red_out_of_control,
        template="risks/desk/_risk.html",
        list_url=_register("grade=red&out_of_control=true"),
        order=12,
        urgent=True,
    )
)
register(
    DeskSection(
        key="risk_checks",
        title=_("Measure checks due"),
        rows=_checks,
        template="risks/desk/_check.html",
        list_url=_register("state=published"),
        order=31,
    )
)
