"""The dashboard's figures computed from the records at request time, with plain GROUP BYs.

This is what a dashboard without the counter store would do: one grouped scan of
the node's hazards per request. The benchmark serves it next to the real
dashboard, compares the two answers and times both.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr, TruncDate, TruncMonth

from safecampus.alerts.models import OPEN_STATES as OPEN_ALARMS
from safecampus.alerts.models import Alarm, Camera, Device
from safecampus.core import recount
from safecampus.facilities.models import SecurityProfile
from safecampus.hazards.figures import month_starts, task_period
from safecampus.hazards.models import Hazard, InspectionTask
from safecampus.hazards.models.choices import OPEN_STATES
from safecampus.orgs.models import OrgUnit

OPEN = Q(state__in=OPEN_STATES)
GUARD_SUMS = ("fac_schools", "fac_guards_none", "fac_guards_required", "fac_guards_actual")
ALERT_SUMS = (
    "alert_open",
    "alert_unacked",
    "alert_open_critical",
    "alert_devices",
    "alert_devices_offline",
    "alert_cameras",
    "alert_cameras_online",
    "alert_cameras_police",
)
HAZARD_SUMS = (
    "open_general",
    "open_major",
    "overdue",
    "listed_open",
    "closed_this_year",
    "closed_on_time_this_year",
    "closed_all",
    "days_total",
    "stock",
    "stock_cleared",
    "increment",
)


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=_tz())


def _hazard_sums(hazards: QuerySet, child_length: int, today: date) -> dict[str, dict[str, int]]:
    """Per child path: the sums the figures are made of, in one GROUP BY."""
    start, end = _local_midnight(date(today.year, 1, 1)), _local_midnight(date(today.year + 1, 1, 1))
    found_this_year = Q(found_at__gte=start, found_at__lt=end)
    closed_this_year = Q(closed_at__gte=start, closed_at__lt=end) | Q(closed_at__isnull=True) & found_this_year
    closed_from_this_year = Q(closed_at__gte=start) | Q(closed_at__isnull=True, found_at__gte=start)
    days = RawSQL(recount.whole_days("closed_at", "found_at"), (), output_field=IntegerField())
    rows = (
        hazards.annotate(child=Substr("org_path", 1, child_length))
        .values("child")
        .annotate(
            open_general=Count("pk", filter=OPEN & Q(level="general")),
            open_major=Count("pk", filter=OPEN & Q(level="major")),
            overdue=Count("pk", filter=OPEN & Q(deadline__lt=today)),
            listed_open=Count("pk", filter=OPEN & Q(listed_by__isnull=False)),
            closed_this_year=Count("pk", filter=~OPEN & closed_this_year),
            closed_on_time_this_year=Count("pk", filter=~OPEN & closed_this_year & Q(closed_on_time=True)),
            closed_all=Count("pk", filter=~OPEN),
            days_total=Sum(days, filter=~OPEN & Q(closed_at__isnull=False)),
            stock=Count("pk", filter=Q(found_at__lt=start) & (OPEN | closed_from_this_year)),
            stock_cleared=Count("pk", filter=Q(found_at__lt=start) & ~OPEN & closed_this_year),
            increment=Count("pk", filter=found_this_year),
        )
    )
    return {row["child"]: {key: row[key] or 0 for key in HAZARD_SUMS} for row in rows}


def _task_sums(org: OrgUnit, child_length: int, today: date) -> dict[str, dict[str, int]]:
    first, last = task_period(today)
    done = Q(done_at__isnull=False)
    this_year = Q(due_date__gte=first, due_date__lte=last)
    rows = (
        InspectionTask.objects.within(org.path)
        .annotate(child=Substr("org_path", 1, child_length), done_day=TruncDate("done_at", tzinfo=_tz()))
        .values("child")
        .annotate(
            tasks_due=Count("pk", filter=this_year),
            tasks_done=Count("pk", filter=this_year & done),
            tasks_on_time=Count("pk", filter=this_year & done & Q(done_day__lte=F("due_date"))),
            tasks_overdue=Count("pk", filter=Q(done_at__isnull=True, due_date__lt=today)),
        )
    )
    return {row["child"]: row for row in rows}


def _guard_sums(org: OrgUnit, child_length: int) -> dict[str, dict[str, int]]:
    """The ledgers' figures every node carries, from the schools' security profiles."""
    rows = (
        SecurityProfile.objects.within(org.path)
        .annotate(child=Substr("org_path", 1, child_length))
        .values("child")
        .annotate(
            fac_schools=Count("pk"),
            fac_guards_none=Count("pk", filter=Q(guards_full_time=0)),
            fac_guards_required=Sum("guards_required"),
            fac_guards_actual=Sum("guards_full_time"),
        )
    )
    return {row["child"]: {key: row[key] or 0 for key in GUARD_SUMS} for row in rows}


def _alert_sums(org: OrgUnit, child_length: int) -> dict[str, dict[str, int]]:
    """Early warning's figures every node carries: open alarms, devices and cameras, from their tables."""
    open_ = Q(state__in=OPEN_ALARMS)
    live = Q(is_active=True)
    counts = (
        (
            Alarm,
            {
                "alert_open": open_,
                "alert_unacked": Q(state="raised"),
                "alert_open_critical": open_ & Q(severity="critical"),
            },
        ),
        (Device, {"alert_devices": live, "alert_devices_offline": live & Q(online=False)}),
        (
            Camera,
            {
                "alert_cameras": live,
                "alert_cameras_online": live & Q(online=True),
                "alert_cameras_police": live & Q(police_linked=True),
            },
        ),
    )
    found: dict[str, dict[str, int]] = {}
    for model, named in counts:
        rows = model.objects.within(org.path).annotate(child=Substr("org_path", 1, child_length)).values("child")
        for row in rows.annotate(**{key: Count("pk", filter=condition) for key, condition in named.items()}):
            mine = found.setdefault(row["child"], dict.fromkeys(ALERT_SUMS, 0))
            mine.update({key: row[key] for key in named})
    return found


def _figures(
    sums: dict[str, int],
    tasks: dict[str, int],
    guards: dict[str, int] | None = None,
    alerts: dict[str, int] | None = None,
) -> dict[str, Any]:
    alerts = alerts or dict.fromkeys(ALERT_SUMS, 0)
    due = sums["closed_this_year"] + sums["overdue"]
    on_time = sums["closed_on_time_this_year"]
    tasks_due, tasks_done, tasks_on_time = (tasks.get(key, 0) for key in ("tasks_due", "tasks_done", "tasks_on_time"))
    return {
        "open_general": sums["open_general"],
        "open_major": sums["open_major"],
        "overdue": sums["overdue"],
        "listed_open": sums["listed_open"],
        "closed_this_year": sums["closed_this_year"],
        "closed_on_time_this_year": on_time,
        "rectification_due": due,
        "rectification_rate": round(on_time * 100 / due, 1) if due else None,
        "average_days_to_close": round(sums["days_total"] / sums["closed_all"], 1) if sums["closed_all"] else None,
        "stock": sums["stock"],
        "stock_cleared": sums["stock_cleared"],
        "increment": sums["increment"],
        "tasks_due": tasks_due,
        "tasks_done": tasks_done,
        "tasks_on_time": tasks_on_time,
        "completeness": round(tasks_done * 100 / tasks_due, 1) if tasks_due else None,
        "timeliness": round(tasks_on_time * 100 / tasks_due, 1) if tasks_due else None,
        "tasks_overdue": tasks.get("tasks_overdue", 0),
        **{key: (guards or {}).get(key, 0) for key in GUARD_SUMS},
        **{key: alerts.get(key, 0) for key in ALERT_SUMS},
        "alert_cameras_offline": alerts.get("alert_cameras", 0) - alerts.get("alert_cameras_online", 0),
    }


def _trend(hazards: QuerySet, today: date) -> list[dict[str, Any]]:
    starts = month_starts(today)
    since = _local_midnight(starts[0])
    tz = _tz()

    def per_month(queryset: QuerySet, field: str) -> dict[date, int]:
        rows = queryset.annotate(month=TruncMonth(field, tzinfo=tz)).values("month").annotate(n=Count("pk"))
        return {row["month"].date() if isinstance(row["month"], datetime) else row["month"]: row["n"] for row in rows}

    found = per_month(hazards.filter(found_at__gte=since), "found_at")
    closed = per_month(hazards.exclude(OPEN).filter(closed_at__gte=since), "closed_at")
    return [
        {"month": start.strftime("%Y-%m"), "found": found.get(start, 0), "closed": closed.get(start, 0)}
        for start in starts
    ]


def _top_categories(hazards: QuerySet, limit: int = 5) -> list[dict[str, Any]]:
    from safecampus.hazards.models import Area

    rows = hazards.filter(OPEN).values("area").annotate(n=Count("pk")).order_by("-n", "area")[:limit]
    return [{"area": row["area"], "label": str(Area(row["area"]).label), "open": row["n"]} for row in rows]


def dashboard(org: OrgUnit, today: date) -> dict[str, Any]:
    """The dashboard's figures, trend and categories of `org` and its children, from the records."""
    children = list(OrgUnit.objects.within(org.path).filter(depth=org.depth + 1).order_by("code"))
    hazards = Hazard.objects.exclude(state="draft").within(org.path)
    child_length = len(org.path) + OrgUnit.steplen
    sums = _hazard_sums(hazards, child_length, today)
    tasks = _task_sums(org, child_length, today)
    guards = _guard_sums(org, child_length)
    guard_total = {key: sum(row[key] for row in guards.values()) for key in GUARD_SUMS}
    alerts = _alert_sums(org, child_length)
    alert_total = {key: sum(row[key] for row in alerts.values()) for key in ALERT_SUMS}
    total = {key: sum(row[key] for row in sums.values()) for key in HAZARD_SUMS}
    task_keys = ("tasks_due", "tasks_done", "tasks_on_time", "tasks_overdue")
    task_total = {key: sum(row[key] for row in tasks.values()) for key in task_keys}
    empty = dict.fromkeys(HAZARD_SUMS, 0)
    return {
        "org": {"id": org.pk, "name": org.name, "level": org.level, "code": org.code},
        "date": today.isoformat(),
        "figures": _figures(total, task_total, guard_total, alert_total),
        "trend": _trend(hazards, today),
        "top_categories": _top_categories(hazards),
        "children": [
            {
                "id": child.pk,
                "name": child.name,
                "level": child.level,
                "code": child.code,
                "figures": _figures(
                    sums.get(child.path, empty),
                    tasks.get(child.path, {}),
                    guards.get(child.path),
                    alerts.get(child.path),
                ),
            }
            for child in children
        ],
    }
