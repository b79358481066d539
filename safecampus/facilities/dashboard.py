"""What the ledgers contribute to the dashboards (dashboards.registry): the baseline's coverage, guards needed
against guards in post, schools without cover, records failing a rule now and within the warn days; a map figure
and layer of the schools without a full-time guard; three warning parts (weights: rule rows)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core import counting
from safecampus.core.models import Counter
from safecampus.core.paths import subtree_q
from safecampus.dashboards.registry import (
    Figures,
    MapFigure,
    MapLayer,
    Panel,
    WarningPart,
    figures,
    map_figures,
    map_layers,
    panels,
    percent,
    warning_parts,
)
from safecampus.orgs.models import Level

from .ledgers import LEDGERS
from .models import BaselineKind

SOON_DAYS = 30  # the panel's "within 30 days"; each school's own warn days drive its reminders (rulebook.py)
PATROL = ["fac.patrol.required", "fac.patrol.done", "fac.patrol.missed_days"]
DATED = ["fac.uninsured", *(f"fac.{key}.{part}" for key in LEDGERS for part in ("any", "expiry"))]
DATED += [f"fac.{key}.{check.code}" for key, ledger in LEDGERS.items() for check in ledger.checks]


def facility_figures(orgs: list[Any], today: date) -> dict[int, dict[str, Any]]:
    ids = [org.pk for org in orgs]
    plain = counting.figures(ids, prefixes=("fac.",))
    now = counting.dated_sums(ids, DATED, last=today)
    soon = counting.dated_sums(ids, DATED, last=today + timedelta(days=SOON_DAYS))
    week = counting.dated_sums(ids, PATROL, first=today - timedelta(days=7), last=today - timedelta(days=1))
    found: dict[int, dict[str, Any]] = {}
    for pk in ids:
        mine, failing, coming = plain.get(pk, {}), now.get(pk, {}), soon.get(pk, {})
        schools = mine.get("fac.school", 0)
        values: dict[str, Any] = {
            "fac_schools": schools,
            "fac_guards_required": mine.get("fac.guards.required", 0),
            "fac_guards_actual": mine.get("fac.guards.actual", 0),
            "fac_guards_none": mine.get("fac.guards.none", 0),
            "fac_guards_short": mine.get("fac.guards.short", 0),
            "fac_uninsured": failing.get("fac.uninsured", 0),
            "fac_uninsured_soon": coming.get("fac.uninsured", 0) - failing.get("fac.uninsured", 0),
            "fac_baseline_all": percent(mine.get("fac.baseline.all", 0), schools),
            # The last seven days' patrol rounds (days that are over).
            "fac_patrol_required": week.get(pk, {}).get("fac.patrol.required", 0),
            "fac_patrol_done": week.get(pk, {}).get("fac.patrol.done", 0),
            "fac_patrol_missed_days": week.get(pk, {}).get("fac.patrol.missed_days", 0),
        }
        values["fac_patrol_rate"] = percent(values["fac_patrol_done"], values["fac_patrol_required"])
        for item in BaselineKind.values:
            values[f"fac_baseline_{item}"] = percent(mine.get(f"fac.baseline.{item}", 0), schools)
        for key, ledger in LEDGERS.items():
            values[f"fac_{key}_live"] = mine.get(f"fac.{key}.live", 0)
            values[f"fac_{key}_failing"] = failing.get(f"fac.{key}.any", 0)
            # Records whose validity runs out within 30 days (routine rounds such as a lift's fortnightly upkeep
            # are not warned of; they count once overdue): the same records as the ledger's "soon" list.
            values[f"fac_{key}_soon"] = coming.get(f"fac.{key}.expiry", 0) - failing.get(f"fac.{key}.expiry", 0)
            for check in ledger.checks:
                values[f"fac_{key}_{check.code}"] = failing.get(f"fac.{key}.{check.code}", 0)
        found[pk] = values
    return found


GUARDS = {"fac.school": "fac_schools", "fac.guards.none": "fac_guards_none"}
GUARDS |= {"fac.guards.required": "fac_guards_required", "fac.guards.actual": "fac_guards_actual"}


def guard_figures(orgs: list[Any], today: date) -> dict[int, dict[str, Any]]:
    """What every node's figures carry (the map's region figure, the children table, a school's card): schools,
    guards required and in post, schools without a full-time guard — one indexed read. The rest of the ledgers'
    figures are the panel's, cached with the dashboard."""
    plain = counting.figures([org.pk for org in orgs], metrics=GUARDS)
    return {org.pk: {name: plain.get(org.pk, {}).get(metric, 0) for metric, name in GUARDS.items()} for org in orgs}


figures.register("facilities", Figures("facilities", guard_figures, order=40))

panels.register(
    "facilities",
    Panel(
        "facilities",
        "facilities/dashboard/_panel.html",
        order=28,
        extra=lambda org, today: {"fac": facility_figures([org], today)[org.pk]},
        api=lambda values, extra: {"facilities": {key[4:]: value for key, value in extra["fac"].items()}},
        card="facilities/dashboard/_card.html",
    ),
)
map_figures.register(
    "no_guard_share",
    MapFigure(
        "no_guard_share",
        _("Schools without a full-time guard (%)"),
        lambda values, schools: percent(values.get("fac_guards_none", 0), values.get("fac_schools", 0)),
        order=20,
    ),
)


def _schools(org: Any) -> Any:
    return Counter.objects.filter(subtree_q("org__path", org.path), org__level=Level.SCHOOL, value__gt=0)


def without_guard(org: Any, today: date) -> set[int]:
    if org.level == Level.SCHOOL:
        rows = Counter.objects.filter(org=org, metric="fac.guards.none", value__gt=0)
    else:
        rows = _schools(org).filter(metric="fac.guards.none", day__isnull=True)
    return set(rows.values_list("org_id", flat=True))


def school_url(school_id: int) -> str:
    return reverse("facilities:school", args=[school_id])


map_layers.register(
    "no_guard",
    MapLayer("no_guard", _("Schools without a full-time guard"), without_guard, school_url, order=10),
)


def _dated_per_school(org: Any, today: date, metrics: list[str], since: date | None = None) -> dict[int, int]:
    rows = Counter.objects.filter(
        subtree_q("org__path", org.path), org__level=Level.SCHOOL, metric__in=metrics, day__lte=today
    )
    if since is not None:
        rows = rows.filter(day__gt=since)
    found: dict[int, int] = defaultdict(int)
    for row in rows.values("org_id").annotate(n=Sum("value")):
        found[row["org_id"]] += row["n"]
    return {pk: n for pk, n in found.items() if n > 0}


warning_parts.register(
    "fac_no_guard",
    WarningPart(
        "fac_no_guard",
        _("No full-time guard"),
        lambda org, today, soon: dict.fromkeys(without_guard(org, today), 1),
        lambda pk, today, soon: school_url(pk),
        order=60,
    ),
)
warning_parts.register(
    "fac_uninsured",
    WarningPart(
        "fac_uninsured",
        _("No liability insurance"),
        lambda org, today, soon: _dated_per_school(org, today, ["fac.uninsured"]),
        lambda pk, today, soon: school_url(pk) + "#insurance",
        order=61,
    ),
)
warning_parts.register(
    "fac_failing",
    WarningPart(
        "fac_failing",
        _("Ledger records failing a rule"),
        lambda org, today, soon: _dated_per_school(org, today, [f"fac.{key}.any" for key in LEDGERS]),
        lambda pk, today, soon: school_url(pk) + "#findings",
        order=62,
    ),
)


def _expiring(org: Any, today: date, soon: int) -> dict[int, int]:
    """Records whose validity runs out within the next 30 days (not yet failing)."""
    metrics = [f"fac.{key}.expiry" for key in LEDGERS]
    return _dated_per_school(org, today + timedelta(days=SOON_DAYS), metrics, since=today)


warning_parts.register(
    "fac_expiring",
    WarningPart(
        "fac_expiring",
        _("Ledger records expiring within 30 days"),
        _expiring,
        lambda pk, today, soon: school_url(pk) + "#findings",
        order=63,
    ),
)
