"""Acceptance against an index system (达标验收): start, self-score with evidence, submit, the county's on-site
score (the one that counts), the accepting level's decision, and the safe-campus title a pass awards.

Score = points given ÷ (total points − points of indicators not applicable) × 100; a veto indicator that
applies fails the whole assessment, whatever the score.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock, counting, uploads
from safecampus.core.access import Perm, access
from safecampus.core.history import register_reasons, stamp
from safecampus.core.steps import Workflow
from safecampus.core.text import TEXT, check_texts
from safecampus.rules.services import rule_value

from .. import forms_acceptance as f
from ..models import (
    Assessment,
    AssessmentEvent,
    AssessmentScheme,
    AssessmentState,
    Evidence,
    Indicator,
    IndicatorScore,
    SchemeKind,
    ScoreStage,
    Title,
)
from .common import may_manage_school

S = AssessmentState
flow = Workflow(
    "assessment",
    Assessment,
    related=("school", "scheme"),
    display=("score", "submit", "review_score", "finish_review", "send_back", "decide"),
)
register_reasons(
    {
        "start": gettext_lazy("Self-assessment started"),
        "score": gettext_lazy("Indicator scored"),
        "submit": gettext_lazy("Submitted for review"),
        "review_score": gettext_lazy("Indicator scored on site"),
        "finish_review": gettext_lazy("County review finished"),
        "send_back": gettext_lazy("Sent back to the school"),
        "decide": gettext_lazy("Decided"),
        "adopt": gettext_lazy("Index system published for the area"),
    }
)
EVIDENCE_BYTES = 10 * 1024 * 1024


def leaves(scheme: AssessmentScheme) -> list[Indicator]:
    """The indicators that are scored (second-level ones; a first-level one without children counts itself)."""
    indicators = list(scheme.indicators.all())
    parents = {i.parent_id for i in indicators if i.parent_id}
    return [i for i in indicators if i.pk not in parents]


def score_of(assessment: Assessment, stage: str) -> tuple[Decimal | None, bool, list[Indicator]]:
    """(score out of 100, a veto applies, indicators not yet scored) for one stage."""
    scored = {s.indicator_id: s for s in assessment.scores.filter(stage=stage)}
    unscored = [i for i in leaves(assessment.scheme) if i.pk not in scored]
    total = given = Decimal(0)
    veto = False
    for indicator in leaves(assessment.scheme):
        row = scored.get(indicator.pk)
        if row is None:
            total += indicator.points
            continue
        veto = veto or (indicator.is_veto and row.veto_hit)
        if row.not_applicable:
            continue
        total += indicator.points
        given += row.points or 0
    score = (given / total * 100).quantize(Decimal("0.1")) if total else Decimal("100.0")
    return score, veto, unscored


def _event(assessment: Assessment, verb: str, actor: Any, comment: str = "", **data: Any) -> AssessmentEvent:
    return AssessmentEvent.objects.create(
        assessment=assessment, verb=verb, actor=actor, at=clock.now(), comment=comment, data=data
    )


def _save(assessment: Assessment, actor: Any, reason: str) -> None:
    stamp(assessment, actor, reason)
    assessment.save()


def schemes_for(school: Any) -> list[AssessmentScheme]:
    """The newest version of each scheme published at or above the school."""
    rows = AssessmentScheme.objects.filter(org_path__in=school.ancestor_paths(), published_at__isnull=False)
    newest: dict[str, AssessmentScheme] = {}
    for scheme in rows.order_by("code", "-version"):
        newest.setdefault(scheme.code, scheme)
    return list(newest.values())


def start(school: Any, scheme: AssessmentScheme, *, actor: Any) -> Assessment:
    """Open a self-assessment of the school against the scheme (one open at a time per scheme)."""
    if not may_manage_school(actor, school):
        raise PermissionDenied(
            _("Only the school's principal, safety lead or safety officer starts its self-assessment.")
        )
    if scheme not in schemes_for(school):
        raise ValidationError({"scheme": _("This index system is not published for the school's area.")})
    open_states = (S.DRAFT, S.SUBMITTED, S.REVIEWED)
    if Assessment.objects.filter(school=school, scheme__code=scheme.code, state__in=open_states).exists():
        raise ValidationError(
            {"scheme": _("The school already has an assessment against this index system under way.")}
        )
    with transaction.atomic():
        assessment = Assessment(school=school, scheme=scheme, started_at=clock.now(), created_by=actor)
        stamp(assessment, actor, "start")
        assessment.save()
        counting.created(assessment)
        _event(assessment, "start", actor)
    return assessment


def _scorable(assessment: Assessment, user: Any) -> dict[str, Any]:
    return {"indicators": leaves(assessment.scheme)}


def check_score(assessment: Assessment, data: dict[str, Any]) -> None:
    """Points within the indicator's, not-applicable only where allowed, a veto only on a veto indicator."""
    errors: dict[str, Any] = {}
    indicator = next((i for i in leaves(assessment.scheme) if i.pk == data.get("indicator")), None)
    if indicator is None:
        errors["indicator"] = _("Choose an indicator of this index system.")
    else:
        points = data.get("points")
        if data.get("not_applicable"):
            if not indicator.allows_na:
                errors["not_applicable"] = _("This indicator applies to every school.")
        elif points is None and not indicator.is_veto:
            errors["points"] = _("Give the points, or mark the indicator not applicable.")
        if points is not None and points > indicator.points:
            errors["points"] = _("At most %(max)s points for this indicator.") % {"max": indicator.points}
        if data.get("veto_hit") and not indicator.is_veto:
            errors["veto_hit"] = _("Only a veto indicator can fail the assessment.")
    for upload in data.get("evidence") or []:
        try:
            uploads.check(upload, uploads.IMAGES, field="evidence", max_bytes=EVIDENCE_BYTES)
        except ValidationError as error:
            errors.setdefault("evidence", []).extend(error.messages)
    check_texts(data, limits={"note": TEXT}, errors=errors)


def _record(assessment: Assessment, stage: str, actor: Any, data: dict[str, Any]) -> IndicatorScore:
    check_score(assessment, data)
    row, _new = IndicatorScore.objects.get_or_create(
        assessment=assessment,
        indicator_id=data["indicator"],
        stage=stage,
        defaults={"scored_by": actor, "scored_at": clock.now()},
    )
    row.not_applicable = bool(data.get("not_applicable"))
    row.points = None if row.not_applicable else data.get("points")
    row.veto_hit = bool(data.get("veto_hit"))
    row.note = (data.get("note") or "").strip()
    row.scored_by, row.scored_at = actor, clock.now()
    stamp(row, actor, stage)
    row.save()
    for upload in data.get("evidence") or []:
        kind = uploads.check(upload, uploads.IMAGES, field="evidence", max_bytes=EVIDENCE_BYTES)
        evidence = Evidence(score=row, added_by=actor, added_at=clock.now())
        uploads.save(evidence.file, upload, kind)
        evidence.save()
    return row


def keeps_register(user: Any, assessment: Assessment) -> bool:
    return access(user).holds(Perm.MANAGE_RISK, assessment.org_path)


def reviews(user: Any, assessment: Assessment) -> bool:
    """An officer of the bureau the school belongs to (the county, which scores on site)."""
    paths = assessment.school.ancestor_paths()
    return access(user).superuser or (len(paths) > 1 and access(user).holds_at(Perm.SUPERVISE, paths[-2]))


LEVEL_DEPTH = {"province": 1, "city": 2, "county": 3}


def accepts(user: Any, assessment: Assessment) -> bool:
    """An officer of a bureau over the school at the scheme's accepting level or above."""
    depth = LEVEL_DEPTH.get(assessment.scheme.accept_level, 2)
    bureaus = assessment.school.ancestor_paths()[:-1][:depth]
    return access(user).superuser or any(access(user).holds_at(Perm.SUPERVISE, path) for path in bureaus)


@flow.step(
    "score",
    title=gettext_lazy("Score an indicator"),
    sources=[S.DRAFT],
    who=keeps_register,
    form=f.ScoreForm,
    form_kwargs=_scorable,
    validate=check_score,
)
def score(assessment: Assessment, *, actor: Any, **data: Any) -> IndicatorScore:
    """Self-assess one indicator, with evidence photos; scoring it again replaces the points, keeps the photos."""
    row = _record(assessment, ScoreStage.SELF, actor, data)
    assessment.self_score = score_of(assessment, ScoreStage.SELF)[0]
    _save(assessment, actor, "score")
    _event(assessment, "score", actor, indicator=row.indicator_id)
    return row


def _all_scored(stage: str) -> Any:
    def when(assessment: Assessment, user: Any) -> bool:
        return not score_of(assessment, stage)[2]

    return when


def _unscored(stage: str) -> Any:
    def conflict(user: Any, assessment: Assessment) -> str:
        left = score_of(assessment, stage)[2]
        return _("Score every indicator first; still to score: %(codes)s.") % {"codes": "、".join(i.code for i in left)}

    return conflict


@flow.step(
    "submit",
    title=gettext_lazy("Submit for review"),
    sources=[S.DRAFT],
    who=keeps_register,
    when=_all_scored(ScoreStage.SELF),
    conflict=_unscored(ScoreStage.SELF),
)
def submit(assessment: Assessment, *, actor: Any) -> Assessment:
    """Send the self-assessment to the county for its on-site review."""
    assessment.self_score = score_of(assessment, ScoreStage.SELF)[0]
    assessment.state, assessment.submitted_at = S.SUBMITTED, clock.now()
    _save(assessment, actor, "submit")
    _event(assessment, "submit", actor, score=str(assessment.self_score))
    return assessment


@flow.step(
    "review_score",
    title=gettext_lazy("Score an indicator on site"),
    sources=[S.SUBMITTED],
    who=reviews,
    form=f.ScoreForm,
    form_kwargs=_scorable,
    validate=check_score,
)
def review_score(assessment: Assessment, *, actor: Any, **data: Any) -> IndicatorScore:
    """The county's score of one indicator (the one that counts)."""
    row = _record(assessment, ScoreStage.REVIEW, actor, data)
    _event(assessment, "review_score", actor, indicator=row.indicator_id)
    return row


@flow.step(
    "finish_review",
    title=gettext_lazy("Finish the on-site review"),
    sources=[S.SUBMITTED],
    who=reviews,
    when=_all_scored(ScoreStage.REVIEW),
    conflict=_unscored(ScoreStage.REVIEW),
)
def finish_review(assessment: Assessment, *, actor: Any) -> Assessment:
    """Fix the county's score and pass the assessment to the accepting level."""
    assessment.review_score, assessment.veto_failed, _unscored = score_of(assessment, ScoreStage.REVIEW)
    assessment.state = S.REVIEWED
    assessment.reviewed_at, assessment.reviewed_by = clock.now(), actor
    _save(assessment, actor, "finish_review")
    _event(assessment, "finish_review", actor, score=str(assessment.review_score), veto=assessment.veto_failed)
    return assessment


@flow.step(
    "send_back", title=gettext_lazy("Send back to the school"), sources=[S.SUBMITTED], who=reviews, form=f.ReasonForm
)
def send_back(assessment: Assessment, *, actor: Any, reason: str) -> Assessment:
    """Return the self-assessment for rework (missing evidence, wrong points); the school submits again."""
    check_texts({"reason": reason}, required={"reason": _("Say what the school must rework.")}, limits={"reason": TEXT})
    assessment.state = S.DRAFT
    _save(assessment, actor, "send_back")
    _event(assessment, "send_back", actor, reason.strip())
    return assessment


def check_decision(assessment: Assessment, data: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}
    if data.get("result") == "pass":
        if assessment.veto_failed:
            errors["result"] = _("A veto indicator applies: the assessment cannot pass.")
        elif assessment.review_score is not None and assessment.review_score < assessment.scheme.pass_score:
            errors["result"] = _("The county's score %(score)s is below the pass mark %(mark)s.") % {
                "score": assessment.review_score,
                "mark": assessment.scheme.pass_score,
            }
    elif not (data.get("reason") or "").strip():
        errors["reason"] = _("Give the reasons for failing the assessment.")
    check_texts(data, limits={"reason": TEXT}, errors=errors)


@flow.step(
    "decide",
    title=gettext_lazy("Accept or fail"),
    sources=[S.REVIEWED],
    who=accepts,
    form=f.DecideForm,
    validate=check_decision,
)
def decide(assessment: Assessment, *, actor: Any, result: str, reason: str = "") -> Assessment:
    """Pass (valid for `acceptance.valid_days`; a safe-campus pass awards the title) or fail with reasons."""
    check_decision(assessment, {"result": result, "reason": reason})
    assessment.decided_at, assessment.decided_by = clock.now(), actor
    assessment.decision_reason = reason.strip()
    if result == "pass":
        assessment.state = S.PASSED
        assessment.valid_until = clock.today() + timedelta(days=rule_value("acceptance.valid_days", assessment.school))
    else:
        assessment.state = S.FAILED
    _save(assessment, actor, "decide")
    _event(assessment, "decide", actor, reason.strip(), result=result)
    if result == "pass" and assessment.scheme.kind == SchemeKind.SAFE_CAMPUS:
        title = Title(
            school=assessment.school, assessment=assessment, awarded_at=clock.now(), valid_until=assessment.valid_until
        )
        stamp(title, actor, "award")
        title.save()
    return assessment


def adopt_scheme(scheme: AssessmentScheme, org: Any, *, actor: Any, pass_score: Any) -> AssessmentScheme:
    """A bureau publishes the index system in force for its area as a new version it owns: the same indicators,
    and a pass mark no lower than the one above (a lower level may tighten, never weaken). Its schools use it for
    assessments they start from then on; assessments already under way keep theirs."""
    if org.level == "school" or not access(actor).holds(Perm.MANAGE_ORGS, org.path):
        raise PermissionDenied(_("Only a bureau's administrator publishes an index system for its area."))
    if scheme.pk not in {s.pk for s in schemes_for(org)}:
        raise ValidationError({"scheme": _("This index system is not the one in force for your area.")})
    try:
        mark = Decimal(str(pass_score))
    except Exception as error:  # noqa: BLE001 - any unreadable mark is the same input error
        raise ValidationError({"pass_score": _("Give the pass mark as a number.")}) from error
    if not scheme.pass_score <= mark <= 100:
        raise ValidationError(
            {
                "pass_score": _("The pass mark lies between %(low)s (the level above) and 100.")
                % {"low": scheme.pass_score}
            }
        )
    with transaction.atomic():
        newest = AssessmentScheme.objects.filter(code=scheme.code).order_by("-version").first()
        copy = AssessmentScheme(
            code=scheme.code,
            version=(newest.version if newest else scheme.version) + 1,
            kind=scheme.kind,
            name=scheme.name,
            org=org,
            pass_score=mark,
            accept_level=scheme.accept_level,
            description=scheme.description,
            published_at=clock.now(),
        )
        stamp(copy, actor, "adopt")
        copy.save()
        parents: dict[int, Indicator] = {}
        for indicator in scheme.indicators.order_by("order", "pk"):
            old_pk, parent = indicator.pk, parents.get(indicator.parent_id) if indicator.parent_id else None
            indicator.pk, indicator.scheme, indicator.parent = None, copy, parent
            indicator.save()
            parents[old_pk] = indicator
    return copy
