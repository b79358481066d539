"""Demo acceptance: about 62 % of schools passed the risk assessment acceptance last year (the 60 % target), some
assessments in every other state, and safe-campus titles for a share of the passes — in bulk, as final rows."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction

from safecampus.core import clock
from safecampus.core.access import Role
from safecampus.core.bulkload import insert_rows, reserve_ids
from safecampus.orgs.models import Level, Membership, OrgUnit
from safecampus.rules.services import rule_value

from ..models import Assessment, AssessmentScheme, AssessmentState, SchemeKind, Title
from ..schemes import load_schemes

S = AssessmentState
COLUMNS = (
    "id",
    "scheme_id",
    "scheme_kind",
    "school_id",
    "org_path",
    "state",
    "self_score",
    "review_score",
    "veto_failed",
    "started_at",
    "submitted_at",
    "reviewed_at",
    "reviewed_by_id",
    "decided_at",
    "decided_by_id",
    "decision_reason",
    "valid_until",
    "created_by_id",
)
TITLE_COLUMNS = (
    "school_id",
    "org_path",
    "assessment_id",
    "state",
    "awarded_at",
    "valid_until",
    "review_reason",
    "revoke_reason",
)


def seed_acceptance(seed: int) -> tuple[int, int, int]:
    """(assessments, passes of the risk acceptance, titles)."""
    rng = random.Random(seed + 20)
    schemes = {s.kind: s for s in load_schemes()}
    if not schemes:
        return 0, 0, 0
    # The first school (the one the demo logins name) is left without any, for a visitor to walk through.
    schools = list(OrgUnit.objects.filter(level=Level.SCHOOL).order_by("path").values_list("pk", "path"))[1:]
    keepers = dict(Membership.objects.filter(role=Role.SAFETY_OFFICER).values_list("org_id", "user_id"))
    bureaus = dict(Membership.objects.filter(role=Role.BUREAU_SAFETY_OFFICER).values_list("org_path", "user_id"))
    days = rule_value("acceptance.valid_days", OrgUnit.objects.filter(depth=1).first())
    last_year = clock.today().year - 1
    rows: list[tuple] = []
    titles: list[tuple] = []
    plan = []
    for pk, path in schools:
        if pk not in keepers:
            continue
        draw = rng.random()
        state = (
            S.PASSED if draw < 0.62 else S.FAILED if draw < 0.66 else S.REVIEWED if draw < 0.7
            else S.SUBMITTED if draw < 0.76 else S.DRAFT if draw < 0.85 else None
        )  # fmt: skip
        if state is not None:
            plan.append((pk, path, state, schemes[SchemeKind.RISK]))
        if state == S.PASSED and rng.random() < 0.3:
            plan.append((pk, path, S.PASSED, schemes[SchemeKind.SAFE_CAMPUS]))
    with transaction.atomic():
        _insert(plan, rng, keepers, bureaus, days, last_year, rows, titles)
    return len(rows), sum(1 for row in rows if row[2] == SchemeKind.RISK and row[5] == S.PASSED), len(titles)


def _insert(
    plan: list, rng: random.Random, keepers: dict, bureaus: dict, days: int, last_year: int, rows: list, titles: list
) -> None:
    ids = iter(reserve_ids(Assessment, len(plan))) if plan else iter(())
    for pk, path, state, scheme in plan:
        assessment_id = next(ids)
        county = path[: len(path) - OrgUnit.steplen]
        city = path[: len(path) - 2 * OrgUnit.steplen]
        reviewer, decider = bureaus.get(county), bureaus.get(city)
        day = date(last_year, 1, 1) + timedelta(days=rng.randint(30, 330))
        started = datetime.combine(day, time(9), tzinfo=clock.now().tzinfo)
        passed_mark = float(scheme.pass_score)
        self_score = Decimal(str(round(rng.uniform(passed_mark - 5, 99), 1)))
        review = Decimal(
            str(round(rng.uniform(passed_mark, 98) if state == S.PASSED else rng.uniform(60, passed_mark - 1), 1))
        )
        submitted = started + timedelta(days=14) if state != S.DRAFT else None
        reviewed = started + timedelta(days=30) if state in (S.REVIEWED, S.PASSED, S.FAILED) else None
        decided = started + timedelta(days=45) if state in (S.PASSED, S.FAILED) else None
        valid = decided.date() + timedelta(days=days) if state == S.PASSED else None
        reason = "县级评分低于合格线，风险清单不完整" if state == S.FAILED else ""
        rows.append(
            (assessment_id, scheme.pk, scheme.kind, pk, path, str(state), self_score if submitted else None)
            + (review if reviewed else None, False, started, submitted, reviewed, reviewer if reviewed else None)
            + (decided, decider if decided else None, reason, valid, keepers[pk])
        )
        if state == S.PASSED and scheme.kind == SchemeKind.SAFE_CAMPUS:
            titles.append((pk, path, assessment_id, "active", decided, valid, "", ""))
    insert_rows(Assessment, COLUMNS, rows)
    insert_rows(Title, TITLE_COLUMNS, titles)


__all__ = ["AssessmentScheme", "seed_acceptance"]
