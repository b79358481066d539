"""The bimonthly supervision review (双月督查点评) of a node: its children ranked by a weighted score.

The score is a weighted mean of four percentages — hazards closed on time, open
hazards not overdue, inspections done, inspections done on time — with the
weights held as rule rows (`review.weight.*`). A part with nothing to measure
(no hazard due, no inspection due) is left out of the mean, so a unit that
inspects nothing cannot rank first on hazards it never found.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, IntegerField, Sum, Value, When
from django.utils.translation import gettext_lazy as _

from safecampus.core.models import Counter
from safecampus.orgs.models import OrgUnit
from safecampus.rules.services import rule_value

from .services import TASK_METRICS, kpis_for, percent

PARTS = (
    ("rectification", _("Closed on time")),
    ("not_overdue", _("Open hazards not overdue")),
    ("completeness", _("Inspections done")),
    ("timeliness", _("Inspections done on time")),
)
MONTH_METRICS = ("hazard.found_month", "hazard.closed_month", "hazard.on_time_month")


@dataclass(frozen=True)
class Period:
    year: int
    number: int  # 1 = January–February … 6 = November–December

    @property
    def first(self) -> date:
        return date(self.year, 2 * self.number - 1, 1)

    @property
    def last(self) -> date:
        if self.number == 6:
            return date(self.year, 12, 31)
        return date(self.year, 2 * self.number + 1, 1) - timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.number}"

    def label(self) -> str:
        return f"{self.year}年{2 * self.number - 1}—{2 * self.number}月"

    def previous(self) -> Period:
        return Period(self.year - 1, 6) if self.number == 1 else Period(self.year, self.number - 1)

    @classmethod
    def containing(cls, day: date) -> Period:
        return cls(day.year, (day.month + 1) // 2)

    @classmethod
    def parse(cls, text: str | None, today: date) -> Period:
        """`2026-5` → September–October 2026; anything else → the last period that has ended."""
        try:
            year, number = (int(part) for part in (text or "").split("-"))
            if 2000 <= year <= today.year and 1 <= number <= 6 and cls(year, number).first <= today:
                return cls(year, number)
        except ValueError:
            pass
        return cls.containing(today).previous()


def recent_periods(today: date, count: int = 12) -> list[Period]:
    periods = [Period.containing(today)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods


def period_figures(orgs: list[OrgUnit], period: Period, today: date) -> dict[int, dict[str, Any]]:
    """Found/closed/on time in the period, inspections due in it, and the overdue count now."""
    ids = [org.pk for org in orgs]
    now = kpis_for(orgs, today)
    sums: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    months = Counter.objects.filter(
        org_id__in=ids, metric__in=MONTH_METRICS, day__gte=period.first, day__lte=period.last
    ).values("org_id", "metric")
    task_end = min(period.last, today - timedelta(days=1))
    tasks = Counter.objects.filter(
        org_id__in=ids, metric__in=TASK_METRICS, day__gte=period.first, day__lte=task_end
    ).values("org_id", "metric")
    for row in [*months.annotate(total=Sum("value")), *tasks.annotate(total=Sum("value"))]:
        sums[row["org_id"]][row["metric"]] += row["total"]
    result = {}
    for org_id in ids:
        got = sums[org_id]
        current = now[org_id]
        open_now = current["open_general"] + current["open_major"]
        closed, on_time = got["hazard.closed_month"], got["hazard.on_time_month"]
        due, done, in_time = (got[m] for m in TASK_METRICS)
        values = {
            "rectification": percent(on_time, closed + current["overdue"]),
            "not_overdue": percent(open_now - current["overdue"], open_now),
            "completeness": percent(done, due),
            "timeliness": percent(in_time, due),
        }
        result[org_id] = {
            "found": got["hazard.found_month"],
            "closed": closed,
            "closed_on_time": on_time,
            "open_now": open_now,
            "overdue_now": current["overdue"],
            "tasks_due": due,
            "tasks_done": done,
            "tasks_on_time": in_time,
            **values,
        }
    return result


def score(values: dict[str, Any], weights: dict[str, float]) -> float | None:
    """Weighted mean of the parts that have something to measure; None when none has (the unit is not ranked)."""
    measured = {key: weight for key, weight in weights.items() if values[key] is not None}
    total = sum(measured.values())
    if not total:
        return None
    return round(sum(weight * values[key] for key, weight in measured.items()) / total, 1)


def build_review(org: OrgUnit, period: Period, today: date, notable_limit: int = 10) -> dict[str, Any]:
    from safecampus.hazards.models import Hazard

    weights = {key: float(rule_value(f"review.weight.{key}", org)) for key, _label in PARTS}
    children = list(OrgUnit.objects.within(org.path).filter(depth=org.depth + 1).order_by("code"))
    figures = period_figures([org, *children], period, today)
    ranking = [{"org": child, "f": figures[child.pk], "score": score(figures[child.pk], weights)} for child in children]
    ranking.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), r["org"].code))
    for place, row in enumerate(ranking, start=1):
        row["place"] = place
    scored = [row for row in ranking if row["score"] is not None]
    size = 3 if len(scored) >= 6 else 1
    notable = (
        Hazard.objects.within(org.path)
        .exclude(state="draft")
        .filter(level="major", found_at__date__gte=period.first, found_at__date__lte=period.last)
        .select_related("school", "listed_by")
        .annotate(still_open=Case(When(state="closed", then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("still_open", "deadline", "pk")[:notable_limit]
    )
    return {
        "org": org,
        "period": period,
        "today": today,
        "weights": weights,
        "parts": PARTS,
        "weighted_parts": [(key, label, weights[key]) for key, label in PARTS],
        "total": figures[org.pk],
        "total_score": score(figures[org.pk], weights),
        "ranking": ranking,
        "best": scored[:size],
        "worst": list(reversed(scored[-size:])) if len(scored) > size else [],
        "notable": list(notable),
    }
