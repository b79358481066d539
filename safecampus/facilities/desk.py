"""The ledgers' sections of the desk (core.desk): for a school's keepers, their schools with a record failing a rule
or expiring within 30 days; for bureau officers, the schools of their area without a full-time guard."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core import clock
from safecampus.core.access import BUREAU_OFFICERS, Perm, access
from safecampus.core.desk import DeskSection, register
from safecampus.orgs.models import OrgUnit

from .models import SecurityProfile

SOON_DAYS = 30


def _kept(user: Any) -> QuerySet | None:
    schools = access(user).nodes(Perm.KEEP_FACILITIES)
    if not schools:
        return None
    soon = clock.today() + timedelta(days=SOON_DAYS)
    rows = SecurityProfile.objects.visible_to(user).filter(org_path__in=schools, findings_from__lte=soon)
    return rows.select_related("school").order_by("findings_from", "org_path")


def _bureaus(user: Any) -> list[str]:
    return [path for path in access(user).nodes(Perm.VIEW) if access(user).has_role_on(BUREAU_OFFICERS, path)]


def _unguarded(user: Any) -> QuerySet | None:
    bureaus = _bureaus(user)
    if not bureaus:
        return None
    rows = SecurityProfile.objects.visible_to(user).filter(guards_full_time=0, school__is_active=True)
    return rows.select_related("school").order_by("org_path")


def _unguarded_url(user: Any) -> str | None:
    home = OrgUnit.objects.filter(path__in=_bureaus(user)).order_by("depth").first()
    return f"{reverse('facilities:schools', args=[home.pk])}?missing=guard" if home else None


register(
    DeskSection(
        "facility_findings",
        _("Ledger records failing a rule or expiring within 30 days"),
        _kept,
        "facilities/desk/_finding.html",
        list_url=lambda user: None,
        order=70,
    )
)
register(
    DeskSection(
        "facility_unguarded",
        _("Schools without a full-time guard"),
        _unguarded,
        "facilities/desk/_unguarded.html",
        list_url=_unguarded_url,
        order=71,
    )
)
