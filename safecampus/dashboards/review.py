"""The bimonthly supervision review (双月督查点评) of a node: its children ranked by a weighted score.

The score is a weighted mean of the parts the apps declare (dashboards.registry.
ReviewPart: hazards closed on time, open hazards not overdue, inspections done,
done on time …), weighted by rule rows (`review.weight.*`). A part with nothing
to measure is left out of the mean, so a unit that inspects nothing cannot rank
first on hazards it never found. Once a period is over its review is published
as a frozen snapshot (ReviewSnapshot): the page, the PDF and the Excel show that
from then on, whatever changes later. A period still running is shown live.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction

from safecampus.core import clock
from safecampus.orgs.models import Level, OrgUnit
from safecampus.rules.services import rule_value

from .models import ReviewSnapshot
from .registry import review_figures, review_parts


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


def score(values: dict[str, Any], weights: dict[str, float]) -> float | None:
    """Weighted mean of the parts that have something to measure; None when none has (the unit is not ranked)."""
    measured = {key: weight for key, weight in weights.items() if values.get(key) is not None}
    total = sum(measured.values())
    if not total:
        return None
    return round(sum(weight * values[key] for key, weight in measured.items()) / total, 1)


def _unit_figures(orgs: list[OrgUnit], period: Period, today: date) -> dict[int, dict[str, Any]]:
    merged: dict[int, dict[str, Any]] = {org.pk: {} for org in orgs}
    for group in review_figures:
        for org_id, values in group.compute(orgs, period, today).items():
            merged[org_id].update(values)
    for values in merged.values():
        values.update({part.key: part.value(values) for part in review_parts})
    return merged


def compute(org: OrgUnit, period: Period, today: date, notable_limit: int = 10) -> dict[str, Any]:
    """The review as plain data (what a snapshot keeps): units by id and name, their figures and scores."""
    weights = {part.key: float(rule_value(f"review.weight.{part.key}", org)) for part in review_parts}
    children = list(OrgUnit.objects.within(org.path).filter(depth=org.depth + 1).order_by("code"))
    figures = _unit_figures([org, *children], period, today)
    ranking = [
        {"pk": c.pk, "name": c.name, "code": c.code, "f": figures[c.pk], "score": score(figures[c.pk], weights)}
        for c in children
    ]
    ranking.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), r["code"]))
    for place, row in enumerate(ranking, start=1):
        row["place"] = place
    scored = [row["pk"] for row in ranking if row["score"] is not None]
    size = 3 if len(scored) >= 6 else 1
    notable = [row for group in review_figures if group.notable for row in group.notable(org, period, notable_limit)]
    return {
        "org": {"pk": org.pk, "name": org.name, "code": org.code},
        "period": period.key,
        "today": today.isoformat(),
        "weights": weights,
        "total": figures[org.pk],
        "total_score": score(figures[org.pk], weights),
        "ranking": ranking,
        "best": scored[:size],
        "worst": list(reversed(scored[-size:])) if len(scored) > size else [],
        "notable": notable[:notable_limit],
    }


def published(org: OrgUnit, period: Period, today: date) -> ReviewSnapshot | None:
    """The frozen review of a period that is over (published now if nobody has yet); None while it runs."""
    if period.last >= today:
        return None
    found = ReviewSnapshot.objects.filter(org=org, period=period.key).first()
    if found is None:
        try:
            with transaction.atomic():
                found = ReviewSnapshot.objects.create(
                    org=org, period=period.key, published_at=clock.now(), data=compute(org, period, today)
                )
        except IntegrityError:  # published by another request a moment ago
            found = ReviewSnapshot.objects.get(org=org, period=period.key)
    return found


def build_review(org: OrgUnit, period: Period, today: date) -> dict[str, Any]:
    """What the page and the documents show: the published snapshot of an ended period, else the live review."""
    snapshot = published(org, period, today)
    data = snapshot.data if snapshot else compute(org, period, today)
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=[row["pk"] for row in data["ranking"]])}
    ranking = [{**row, "org": units.get(row["pk"])} for row in data["ranking"]]
    by_pk = {row["pk"]: row for row in ranking}
    parts = [part for part in review_parts if part.key in data["weights"]]
    return {
        "org": org,
        "period": period,
        "today": date.fromisoformat(data["today"]),
        "published_at": snapshot.published_at if snapshot else None,
        "weights": data["weights"],
        "parts": [(part.key, part.label) for part in parts],
        "weighted_parts": [(part.key, part.label, data["weights"][part.key]) for part in parts],
        "review_figures": list(review_figures),
        "total": data["total"],
        "total_score": data["total_score"],
        "ranking": ranking,
        "best": [by_pk[pk] for pk in data["best"]],
        "worst": [by_pk[pk] for pk in data["worst"]],
        "notable": data["notable"],
    }


def publish_ended(today: date) -> int:
    """Publish the review of the period that ended last for every bureau that has none (run by the tick)."""
    period = Period.containing(today).previous()
    have = set(ReviewSnapshot.objects.filter(period=period.key).values_list("org_id", flat=True))
    made = 0
    for org in OrgUnit.objects.exclude(level=Level.SCHOOL).exclude(pk__in=have):
        published(org, period, today)
        made += 1
    return made
