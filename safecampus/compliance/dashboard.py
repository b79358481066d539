"""What the duties contribute to the dashboards (dashboards.registry): the node's completeness and timeliness this
year, and each school's missed drills and education moments in the warnings (weights: rule rows)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core.models import Counter
from safecampus.core.paths import subtree_q
from safecampus.dashboards.registry import (
    Panel,
    ReviewFigures,
    ReviewPart,
    WarningPart,
    panels,
    percent,
    review_figures,
    review_parts,
    warning_parts,
)
from safecampus.orgs.models import Level

from . import stats
from .counted import PREFIX
from .engine import duty_of, window
from .rulebook import obligations
from .schoolyear import Terms, periods

# The panel's tiles and the duty sources each sums (a person's year of training or letter counts once).
TILES = {
    "drill": ("drill",),
    "activity": ("activity",),
    "training": ("training",),
    "letter": ("letter", "post_letter"),
    "responsibility": ("document", "practical", "supervision"),
}


def _panel(org: Any, today: date) -> dict[str, Any]:
    """This year's figures of the node, per source (plain values: the panel is cached)."""
    first, last = stats.bounds("year", today, org)
    table = stats.table(org, [], first, last, today)
    own = table.rows.get(org.pk, {})
    found = {}
    for tile, sources in TILES.items():
        whole = stats.Figures()
        for spec in obligations:
            if spec.source in sources and spec.code in own:
                whole.add(own[spec.code])
        found[tile] = whole.as_dict()
    found["submission"] = _requests(org, first, last, today).as_dict()
    return {"duties": found, "duties_from": first.isoformat()}


def _requests(org: Any, first: date, last: date, today: date) -> stats.Figures:
    """The submissions asked of the node's subtree in the range (a request's own figures, by its deadline)."""
    from .models import SubmissionRequest

    whole = stats.Figures()
    for request in SubmissionRequest.objects.filter(opens_on__gte=first, opens_on__lte=last)[:200]:
        whole.add(stats.table(org, [], first, last, today, request=request).total(org.pk))
    return whole


panels.register(
    "compliance",
    Panel(
        "compliance",
        "compliance/dashboard/_panel.html",
        order=27,
        extra=_panel,
        api=lambda values, extra: {"duties": extra["duties"]},
    ),
)


def _missed(source: str) -> Any:
    """{school id: periods missed in the last year} of the source's duties, from the counters: open occurrences of
    periods that closed before today (closing days by the node's own rules)."""

    def counts(org: Any, today: date, soon: int) -> dict[int, int]:
        terms, wanted = Terms.of(org), []
        for spec in obligations:
            if spec.source != source:
                continue
            duty = duty_of(spec, org)
            if duty["every"] == "appointment":  # each person's own year: read by the training page
                continue
            for period in periods(duty["every"], today - timedelta(days=365), today, terms):
                if window(duty, period)[1] < today:
                    wanted.append((f"{PREFIX}{spec.code}.open", period.start))
        if not wanted:
            return {}
        metrics, days = {m for m, _d in wanted}, {d for _m, d in wanted}
        rows = Counter.objects.filter(
            subtree_q("org__path", org.path), org__level=Level.SCHOOL, metric__in=metrics, day__in=days, value__gt=0
        )
        pairs = set(wanted)
        found: dict[int, int] = {}
        for org_id, metric, day, value in rows.values_list("org_id", "metric", "day", "value"):
            if (metric, day) in pairs:
                found[org_id] = found.get(org_id, 0) + value
        return found

    return counts


def _missing_url(school_id: int, today: date, soon: int) -> str:
    return f"{reverse('compliance:occurrences', args=[school_id])}?state=missing&from={today - timedelta(days=365)}"


def _submissions_late(org: Any, today: date, soon: int) -> dict[int, int]:
    """{school id: submissions not sent by their deadline in the last year} from the counters of the requests."""
    from .models import SubmissionRequest

    asked = SubmissionRequest.objects.filter(deadline__lt=today, deadline__gte=today - timedelta(days=365))
    wanted = {(f"{PREFIX}{row.code}.open", row.opens_on) for row in asked}
    if not wanted:
        return {}
    rows = Counter.objects.filter(
        subtree_q("org__path", org.path),
        org__level=Level.SCHOOL,
        metric__in={m for m, _d in wanted},
        day__in={d for _m, d in wanted},
        value__gt=0,
    )
    found: dict[int, int] = {}
    for org_id, metric, day, value in rows.values_list("org_id", "metric", "day", "value"):
        if (metric, day) in wanted:
            found[org_id] = found.get(org_id, 0) + value
    return found


def _submissions_url(school_id: int, today: date, soon: int) -> str:
    return reverse("compliance:submissions", args=[school_id])


warning_parts.register(
    "submissions_late",
    WarningPart("submissions_late", _("Submissions not sent"), _submissions_late, _submissions_url, order=52),
)
warning_parts.register(
    "drills_missed",
    WarningPart("drills_missed", _("Drills missed"), _missed("drill"), _missing_url, order=50),
)
warning_parts.register(
    "training_short",
    WarningPart("training_short", _("People short of training hours"), _missed("training"), _missing_url, order=53),
)
warning_parts.register(
    "education_missed",
    WarningPart("education_missed", _("Education moments missed"), _missed("activity"), _missing_url, order=51),
)


def _review(orgs: list[Any], period: Any, today: date) -> dict[int, dict[str, Any]]:
    """Each unit's duties of the periods that began in the review period (so far): owed, done, on time, missing."""
    table = stats.table(orgs[0], orgs[1:], period.first, min(period.last, today), today)
    found = {}
    for org in orgs:
        total = table.total(org.pk)
        found[org.pk] = {
            "duties_expected": total.expected,
            "duties_done": total.done + total.late,
            "duties_on_time": total.done,
            "duties_missing": total.missing,
        }
    return found


review_figures.register(
    "compliance",
    ReviewFigures(
        "compliance",
        _review,
        head="compliance/review/_head.html",
        cells="compliance/review/_cells.html",
        order=30,
    ),
)
# Its weight is a rule row (`review.weight.duties`), 0 by default: a bureau that counts the duties in its review
# says how much.
review_parts.register(
    "duties",
    ReviewPart("duties", _("Duties done"), lambda f: percent(f["duties_done"], f["duties_expected"]), order=10),
)
