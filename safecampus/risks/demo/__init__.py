"""The demo's risk registers, in bulk (a seeder, core.demo): points by each school's kind and flags, their risks
in every state, evaluations with the band table of the day, measures, and reviews some of which are overdue."""

from __future__ import annotations

import random
from datetime import time, timedelta
from decimal import Decimal
from typing import Any, TextIO

from django.db import transaction

from safecampus.core import clock
from safecampus.core.access import Role
from safecampus.core.bulkload import indexes_after, insert_rows, reserve_ids
from safecampus.core.demo import Demo, seeder
from safecampus.core.progress import Progress
from safecampus.orgs.models import Level, Membership, OrgUnit
from safecampus.rules.services import rule_value

from ..models import ControlMeasure, MeasureCheck, Register, Risk, RiskEvaluation, RiskEvent, RiskPoint, RiskState
from ..scoring import METHOD_VERSION, band
from .acceptance import seed_acceptance
from .library import POINTS, DemoRisk
from .plans import seed_plans

S = RiskState
STATES = ((S.PUBLISHED, 0.78), (S.APPROVED, 0.05), (S.ASSESSED, 0.08), (S.IDENTIFIED, 0.06), (S.RETIRED, 0.03))
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞", "平", "刚")
POINT_COLUMNS = (
    "id",
    "school_id",
    "org_path",
    "name",
    "kind",
    "category",
    "place",
    "responsible_post",
    "responsible_person",
    "responsible_phone",
    "is_active",
    "created_at",
)
RISK_COLUMNS = (
    "id",
    "point_id",
    "school_id",
    "org_path",
    "factor",
    "factor_class",
    "accident_type",
    "consequences",
    "emergency_steps",
    "state",
    "grade",
    "score",
    "residual_grade",
    "residual_score",
    "control_level",
    "review_due",
    "reviewed_at",
    "needs_reassessment",
    "out_of_control",
    "out_of_control_since",
    "out_of_control_reason",
    "approved_by_id",
    "approved_at",
    "published_at",
    "retired_at",
    "created_by_id",
    "created_at",
)
EVALUATION_COLUMNS = (
    "risk_id",
    "stage",
    "method",
    "method_version",
    "factors",
    "score",
    "grade",
    "bands",
    "bands_source",
    "direct_reason",
    "reason",
    "evaluated_by_id",
    "evaluated_at",
)
MEASURE_COLUMNS = ("id", "risk_id", "kind", "text", "owner_post", "check_every_days", "is_active", "added_by_id")
MEASURE_COLUMNS += ("added_at",)
CHECK_COLUMNS = ("measure_id", "risk_id", "school_id", "org_path", "status", "due_on", "done_at", "done_by_id")
CHECK_COLUMNS += ("passed", "note")
EVENT_COLUMNS = ("risk_id", "verb", "actor_id", "at", "comment", "data")
REGISTER_COLUMNS = ("school_id", "org_path", "points_live", "next_review_due", "plan", "plan_width", "plan_height")
FULL_EVENTS = 100_000  # above this many risks only the unpublished ones get their step rows (the rest keep dates)


class _Scorer:
    """Scores with the province's band tables, read once."""

    def __init__(self, province: Any) -> None:
        self.bands = {method: dict(rule_value(f"risk.bands.{method}", province)) for method in ("lec", "matrix")}
        self.control = rule_value("risk.control_level", province)
        self.review = rule_value("risk.review_days", province)

    def score(self, method: str, factors: dict[str, str]) -> tuple[Decimal | None, str]:
        if method == "direct":
            return None, "red"
        score = Decimal(1)
        for value in factors.values():
            score *= Decimal(value)
        score = score.quantize(Decimal("0.1"))
        return score, band(score, self.bands[method])


def seed_registers(seed: int, stream: TextIO) -> tuple[int, int, int]:
    rng = random.Random(seed + 10)
    schools = list(
        OrgUnit.objects.filter(level=Level.SCHOOL, school__isnull=False)
        .order_by("path")
        .values_list("pk", "path", "school__kind", "school__is_boarding", "school__uses_school_bus", "school__is_rural")
    )
    keepers = dict(Membership.objects.filter(role=Role.SAFETY_OFFICER).values_list("org_id", "user_id"))
    principals = dict(Membership.objects.filter(role=Role.PRINCIPAL).values_list("org_id", "user_id"))
    schools = [row for row in schools if row[0] in keepers and row[0] in principals]
    if not schools:
        return 0, 0, 0
    scorer = _Scorer(OrgUnit.objects.filter(depth=1).first())
    plans = [(school, [p for p in POINTS if p.has(*school[2:], rng.random())]) for school in schools]
    point_total = sum(len(p) for _s, p in plans)
    risk_total = sum(len(point.risks) for _s, p in plans for point in p)
    generator = _Generator(rng, scorer, keepers, principals, full_events=risk_total <= FULL_EVENTS)
    progress = Progress("risks", len(plans), stream)
    reds = 0
    tables = (RiskPoint, Risk, RiskEvaluation, ControlMeasure, MeasureCheck, RiskEvent, Register)
    with transaction.atomic(), indexes_after(*tables):
        for offset in range(0, len(plans), 2000):
            batch = plans[offset : offset + 2000]
            point_ids = iter(reserve_ids(RiskPoint, sum(len(p) for _s, p in batch)))
            risk_ids = iter(reserve_ids(Risk, sum(len(point.risks) for _s, p in batch for point in p)))
            measures = sum(len(risk.measures) for _s, p in batch for point in p for risk in point.risks)
            rows = generator.batch(batch, point_ids, risk_ids, iter(reserve_ids(ControlMeasure, measures)))
            insert_rows(RiskPoint, POINT_COLUMNS, rows["points"])
            insert_rows(Risk, RISK_COLUMNS, rows["risks"])
            insert_rows(RiskEvaluation, EVALUATION_COLUMNS, rows["evaluations"])
            insert_rows(ControlMeasure, MEASURE_COLUMNS, rows["measures"])
            insert_rows(MeasureCheck, CHECK_COLUMNS, rows["checks"])
            insert_rows(RiskEvent, EVENT_COLUMNS, rows["events"])
            insert_rows(Register, REGISTER_COLUMNS, rows["registers"])
            reds += rows["reds"]
            progress.advance(len(batch))
    return point_total, risk_total, reds


class _Generator:
    def __init__(self, rng: random.Random, scorer: _Scorer, keepers: dict, principals: dict, full_events: bool):
        self.rng, self.scorer = rng, scorer
        self.keepers, self.principals = keepers, principals
        self.full_events = full_events
        self.now, self.today = clock.now(), clock.today()
        self.states = [state for state, _w in STATES]
        self.weights = [weight for _s, weight in STATES]

    def batch(self, plans: list, point_ids: Any, risk_ids: Any, measure_ids: Any) -> dict[str, Any]:
        self.measure_ids = measure_ids
        kinds = ("points", "risks", "evaluations", "measures", "checks", "events", "registers")
        out: dict[str, Any] = {k: [] for k in kinds}
        out["reds"] = 0
        for (school_id, path, *_profile), points in plans:
            dues = []
            for point in points:
                point_id = next(point_ids)
                created = self.now - timedelta(days=self.rng.uniform(60, 900))
                person = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN) + self.rng.choice(("", *GIVEN))
                phone = f"13{self.rng.randint(100000000, 999999999)}"
                out["points"].append(
                    (point_id, school_id, path, point.name, point.kind, point.category, point.place, point.post)
                    + (person, phone, True, created)
                )
                for demo_risk in point.risks:
                    due = self._risk(out, next(risk_ids), point_id, school_id, path, demo_risk, created)
                    if due is not None:
                        dues.append(due)
            out["registers"].append((school_id, path, len(points), min(dues) if dues else None, "", 0, 0))
        return out

    def _risk(self, out: dict, risk_id: int, point_id: int, school_id: int, path: str, demo: DemoRisk, at: Any) -> Any:
        rng = self.rng
        keeper, principal = self.keepers[school_id], self.principals[school_id]
        state = rng.choices(self.states, self.weights)[0]
        factors = dict(demo.factors)
        if demo.accident == "fire" and rng.random() < 0.15:
            factors["l"] = "6"  # some dormitories are worse than the usual: D = 540, red
        method = demo.method
        identified = at + timedelta(days=rng.uniform(0, 20))
        events = [(risk_id, "identify", keeper, identified, "", {})]
        grade = residual_grade = control = ""
        score = residual_score = review_due = reviewed_at = approved_at = published_at = retired_at = None
        approved_by = None
        out_since = None
        if state != S.IDENTIFIED:
            evaluated = identified + timedelta(days=rng.uniform(0.5, 10))
            score, grade = self.scorer.score(method, factors)
            control = self.scorer.control[grade]
            out["evaluations"].append(
                self._evaluation(risk_id, "current", method, factors, score, grade, keeper, evaluated)
            )
            events.append((risk_id, "evaluate", keeper, evaluated, "", {"stage": "current", "grade": grade}))
            out["reds"] += grade == "red"
            measures = []
            for kind, text, post, days in demo.measures:
                measures.append((next(self.measure_ids), days))
                out["measures"].append((measures[-1][0], risk_id, kind, text, post, days, True, keeper, evaluated))
            if state in (S.APPROVED, S.PUBLISHED, S.RETIRED):
                approved_at = evaluated + timedelta(days=rng.uniform(0.5, 7))
                approved_by = principal
                events.append((risk_id, "approve", principal, approved_at, "", {"grade": grade}))
            if state in (S.PUBLISHED, S.RETIRED):
                published_at = approved_at + timedelta(days=rng.uniform(0.1, 3))
                events.append((risk_id, "publish", keeper, published_at, "", {}))
                residual_score, residual_grade = self.scorer.score(
                    "lec" if "e" in demo.residual else "matrix", demo.residual
                )
                residual_method = "lec" if "e" in demo.residual else "matrix"
                out["evaluations"].append(
                    self._evaluation(
                        risk_id,
                        "residual",
                        residual_method,
                        demo.residual,
                        residual_score,
                        residual_grade,
                        keeper,
                        published_at,
                    )
                )
                review_due, reviewed_at = self._reviews(published_at, grade)
                self._checks(out, measures, risk_id, school_id, path, keeper, published_at)
                if grade in ("red", "orange") and rng.random() < 0.04:
                    out_since = self.now - timedelta(days=rng.uniform(1, 25))
            if state == S.RETIRED:
                retired_at = (published_at or identified) + timedelta(days=rng.uniform(5, 60))
                retired_at = min(retired_at, self.now)
                events.append((risk_id, "retire", keeper, retired_at, "场所已改造，风险消除", {}))
                review_due = None
        row = (risk_id, point_id, school_id, path, demo.factor, demo.factor_class, demo.accident, demo.consequences)
        row += (demo.emergency, str(state), grade, score, residual_grade, residual_score, control, review_due)
        lost = "督查发现管控措施未落实" if out_since else ""
        row += (reviewed_at, "", out_since is not None, out_since, lost, approved_by, approved_at, published_at)
        row += (retired_at,)
        row += (keeper, identified)
        out["risks"].append(row)
        if self.full_events or state != S.PUBLISHED or out_since:
            out["events"].extend(events)
        return review_due if state == S.PUBLISHED else None

    def _evaluation(
        self, risk_id: int, stage: str, method: str, factors: dict, score: Any, grade: str, by: int, at: Any
    ) -> tuple:
        bands = self.scorer.bands.get(method, {})
        direct = "observed" if method == "direct" else ""
        reason = "现场发现施工区与教学区未隔离" if direct else ""
        return (
            risk_id,
            stage,
            method,
            METHOD_VERSION[method],
            factors,
            score,
            grade,
            bands,
            "平台默认值" if bands else "",
        ) + (direct, reason, by, at)

    def _checks(self, out: dict, measures: list, risk_id: int, school_id: int, path: str, keeper: int, at: Any) -> None:
        """Each measure with an interval has its next check pending, as the live platform keeps it; one in sixteen
        is overdue. Small demos also keep the check done before it."""
        for measure_id, days in measures:
            if not days:
                continue
            if self.rng.random() < 1 / 16:
                due = self.today - timedelta(days=self.rng.randint(1, max(1, min(days, 20))))
            else:
                due = self.today + timedelta(days=self.rng.randint(0, days))
            row = (measure_id, risk_id, school_id, path)
            out["checks"].append((*row, "due", due, None, None, None, ""))
            previous = due - timedelta(days=days)  # the check before: due then, done that morning
            if self.full_events and at.date() < previous <= self.today:
                done_at = clock.local_bound(previous, time(9))
                out["checks"].append((*row, "done", previous, done_at, keeper, True, ""))

    def _reviews(self, published: Any, grade: str) -> tuple[Any, Any]:
        """Reviews every interval since publication; one in ten schools let the latest slip past its due day."""
        interval = timedelta(days=self.scorer.review[grade])
        due, reviewed = (published + interval).date(), None
        while due < self.today and self.rng.random() > 0.1:
            # Reviewed a few days before it was due; the next review falls one interval after that.
            day = due - timedelta(days=self.rng.randint(0, 5))
            reviewed = clock.local_bound(day, time(10))
            due = day + interval
        return due, reviewed


MAX_PLANS = 150


@seeder("risks", order=75)
def seed_demo_risks(demo: Demo) -> str:
    points, risks, reds = seed_registers(demo.seed, demo.progress)
    # The first school of each county (the one the demo logins name) gets a site plan.
    firsts = OrgUnit.objects.filter(level=Level.SCHOOL, code__endswith="0001").order_by("path")
    drawn = seed_plans(list(firsts.values_list("pk", flat=True)[:MAX_PLANS]))
    return f"{points} risk points with {risks} risks ({reds} red), {drawn} site plans"


@seeder("acceptance", order=76)
def seed_demo_acceptance(demo: Demo) -> str:
    made, passes, titles = seed_acceptance(demo.seed)
    return f"{made} acceptance assessments ({passes} risk acceptance passes last year), {titles} safe-campus titles"
