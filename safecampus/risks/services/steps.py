"""The steps of a risk, declared once on `flow`: evaluate, add a measure, approve, publish, review, retire.

Each body runs on the locked row inside the step's transaction (core.steps),
which also moves the counters; the body writes the step row and the history.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock, counting
from safecampus.core.access import BUREAU_OFFICERS, Perm, Role, access, holders
from safecampus.core.history import stamp
from safecampus.core.notifications import notify
from safecampus.core.text import TEXT, check_texts
from safecampus.rules.services import rule_value

from .. import forms as f
from ..models import LIVE_STATES, ControlMeasure, Grade, Method, Risk, RiskEvaluation, RiskState, Stage
from ..scoring import Result
from ..scoring import evaluate as score
from . import checks
from .common import approver_role, approves, event, flow, manages, refresh_register, risk_url

S = RiskState
EVALUABLE = (S.IDENTIFIED, S.ASSESSED, S.APPROVED, S.PUBLISHED)
# The page's matrix factors are named apart from LEC's (both sit on one form).
MATRIX_FIELDS = {"l": "ml", "s": "ms"}


def _save(risk: Risk, actor: Any, reason: str) -> None:
    stamp(risk, actor, reason)
    risk.save()


def scored(risk: Risk, data: dict[str, Any]) -> Result:
    """The evaluation the input makes, or every problem of it at once (errors on the page's field names)."""
    method = data.get("method") or ""
    errors: dict[str, Any] = {}
    if data.get("stage") == Stage.RESIDUAL and not risk.grade:
        errors["stage"] = _("Score the current risk before the residual risk.")
    if method == Method.MATRIX:
        factors = {key: data.get(name, "") for key, name in MATRIX_FIELDS.items()}
    else:
        factors = {key: data.get(key, "") for key in ("l", "e", "c")}
    try:
        result = score(method, risk.school, factors, data.get("reason", ""), data.get("direct_reason", ""))
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            name = MATRIX_FIELDS.get(key, key) if method == Method.MATRIX else key
            errors[name] = messages
        result = None
    check_texts(data, limits={"reason": TEXT}, errors=errors)  # raises when anything above was wrong
    return result  # type: ignore[return-value]


def check_evaluation(risk: Risk, data: dict[str, Any]) -> None:
    scored(risk, data)


@flow.step(
    "evaluate",
    title=gettext_lazy("Evaluate"),
    sources=EVALUABLE,
    who=manages,
    form=f.EvaluateForm,
    validate=check_evaluation,
)
def evaluate(risk: Risk, *, actor: Any, **data: Any) -> RiskEvaluation:
    """Score the current or residual risk (LEC, matrix or direct); a new current colour needs approval again."""
    result = scored(risk, data)
    stage = data.get("stage") or Stage.CURRENT
    row = RiskEvaluation.objects.create(
        risk=risk,
        stage=stage,
        method=result.method,
        method_version=result.version,
        factors=result.factors,
        score=result.score,
        grade=result.grade,
        bands=result.bands,
        bands_source=result.bands_source,
        direct_reason=result.direct_reason,
        reason=(data.get("reason") or "").strip(),
        evaluated_by=actor,
        evaluated_at=clock.now(),
    )
    if stage == Stage.RESIDUAL:
        risk.residual_grade, risk.residual_score = result.grade, result.score
    else:
        risk.grade, risk.score = result.grade, result.score
        risk.control_level = rule_value("risk.control_level", risk.school)[result.grade]
        risk.needs_reassessment = ""
        risk.state = S.ASSESSED
        risk.approved_by = risk.approved_at = None
    _save(risk, actor, "evaluate")
    event(risk, "evaluate", actor, stage=stage, method=result.method, grade=result.grade, score=str(result.score or ""))
    refresh_register(risk.school)
    return row


@flow.step(
    "add_measure", title=gettext_lazy("Add a control measure"), sources=LIVE_STATES, who=manages, form=f.MeasureForm
)
def add_measure(risk: Risk, *, actor: Any, **data: Any) -> ControlMeasure:
    """Add an engineering, management, training, emergency or protection measure with the post that owns it."""
    check_texts(
        data,
        required={"text": _("Describe the measure."), "owner_post": _("Name the post that owns the measure.")},
        limits={"text": 300, "owner_post": 60},
    )
    measure = ControlMeasure(
        risk=risk,
        kind=data["kind"],
        text=data["text"].strip(),
        owner_post=data["owner_post"].strip(),
        check_every_days=data.get("check_every_days"),
        added_by=actor,
        added_at=clock.now(),
    )
    stamp(measure, actor, "add_measure")
    measure.save()
    event(risk, "add_measure", actor, measure=measure.pk, kind=measure.kind)
    checks.schedule(measure)
    return measure


def measures_needed(risk: Risk) -> int:
    if risk.grade in (Grade.RED, Grade.ORANGE):
        return rule_value("risk.min_measures_red", risk.school)
    return 0


def _has_measures(risk: Risk, user: Any) -> bool:
    return risk.measures.filter(is_active=True).count() >= measures_needed(risk)


def _refused_approval(user: Any, risk: Risk) -> str:
    return _("A %(grade)s risk is approved by the school's %(role)s.") % {
        "grade": risk.get_grade_display(),
        "role": Role(approver_role(risk)).label,
    }


def _too_few_measures(user: Any, risk: Risk) -> str:
    return _("A %(grade)s risk needs at least %(n)d control measure(s) before approval.") % {
        "grade": risk.get_grade_display(),
        "n": measures_needed(risk),
    }


@flow.step(
    "approve",
    title=gettext_lazy("Approve"),
    sources=[S.ASSESSED],
    who=approves,
    when=_has_measures,
    refused=_refused_approval,
    conflict=_too_few_measures,
)
def approve(risk: Risk, *, actor: Any) -> Risk:
    """Approve the evaluation and its measures; a red risk's approval is sent to the county bureau."""
    risk.state = S.APPROVED
    risk.approved_by, risk.approved_at = actor, clock.now()
    _save(risk, actor, "approve")
    event(risk, "approve", actor, grade=risk.grade)
    if risk.grade == Grade.RED:
        county = risk.school.ancestor_paths()[-2] if len(risk.school.ancestor_paths()) > 1 else None
        if county:
            notify(
                holders(county, BUREAU_OFFICERS),
                _("A red risk is under the principal's control: %(factor)s") % {"factor": risk.factor},
                risk.school.name,
                risk_url(risk),
                kind="risk",
                exclude=actor,
            )
    return risk


def review_due_from(risk: Risk) -> Any:
    days = rule_value("risk.review_days", risk.school)[risk.grade or "blue"]
    return clock.today() + timedelta(days=days)


@flow.step("publish", title=gettext_lazy("Publish"), sources=[S.APPROVED], who=manages)
def publish(risk: Risk, *, actor: Any) -> Risk:
    """Put the risk on the school's notice board and start its review clock."""
    risk.state = S.PUBLISHED
    risk.published_at = clock.now()
    risk.review_due = review_due_from(risk)
    _save(risk, actor, "publish")
    event(risk, "publish", actor, review_due=risk.review_due.isoformat())
    refresh_register(risk.school)
    checks.schedule_risk(risk)
    return risk


def _no_reassessment_pending(risk: Risk, user: Any) -> bool:
    return not risk.needs_reassessment


def _reassess_first(user: Any, risk: Risk) -> str:
    return _("Evaluate the risk again first: %(reason)s") % {"reason": risk.needs_reassessment}


@flow.step(
    "review",
    title=gettext_lazy("Record a review"),
    sources=[S.PUBLISHED],
    who=manages,
    form=f.ReviewForm,
    when=_no_reassessment_pending,
    conflict=_reassess_first,
)
def review(risk: Risk, *, actor: Any, comment: str) -> Risk:
    """The periodic review found the evaluation and the measures still right; the next review is due."""
    check_texts({"comment": comment}, required={"comment": _("Say what the review found.")}, limits={"comment": TEXT})
    risk.reviewed_at = clock.now()
    risk.review_due = review_due_from(risk)
    _save(risk, actor, "review")
    event(risk, "review", actor, comment.strip(), review_due=risk.review_due.isoformat())
    refresh_register(risk.school)
    return risk


@flow.step("retire", title=gettext_lazy("Retire"), sources=LIVE_STATES, who=manages, form=f.RetireForm, danger=True)
def retire(risk: Risk, *, actor: Any, reason: str) -> Risk:
    """The risk no longer exists (the facility is gone, the activity ended); its record stays."""
    check_texts(
        {"reason": reason}, required={"reason": _("Say why the risk no longer exists.")}, limits={"reason": TEXT}
    )
    risk.state = S.RETIRED
    risk.retired_at = clock.now()
    risk.out_of_control = False
    risk.listed_by, risk.listed_at = None, None
    checks.cancel_pending(risk)
    _save(risk, actor, "retire")
    event(risk, "retire", actor, reason.strip())
    refresh_register(risk.school)
    return risk


def ask_reassessment(risk: Risk, reason: str, *, actor: Any = None) -> Risk:
    """A change at the point (its place, an incident, a new hazard) asks for the risk to be evaluated again."""
    with transaction.atomic():
        locked = Risk.objects.select_for_update().get(pk=risk.pk)
        if locked.state not in LIVE_STATES:
            return locked
        before = counting.track(locked)
        locked.needs_reassessment = reason[:200]
        _save(locked, actor, "ask_reassessment")
        counting.changed(locked, before)
        event(locked, "ask_reassessment", actor, reason)
    return locked


def manages_or_supervises(user: Any, risk: Risk) -> bool:
    """The school's keepers, or a bureau above that supervises (a bureau sees a loss of control on its visit)."""
    return manages(user, risk) or access(user).holds_above(Perm.SUPERVISE, risk.org_path)


def _in_control(risk: Risk, user: Any) -> bool:
    return not risk.out_of_control


def _out_of_control(risk: Risk, user: Any) -> bool:
    return risk.out_of_control


@flow.step(
    "lose_control",
    title=gettext_lazy("Flag out of control"),
    sources=LIVE_STATES,
    who=manages_or_supervises,
    when=_in_control,
    form=f.ControlForm,
    danger=True,
)
def lose_control(risk: Risk, *, actor: Any, reason: str) -> Risk:
    """The measures no longer hold (a check missed, a hazard overdue at the point, seen on a visit)."""
    check_texts({"reason": reason}, required={"reason": _("Say what shows the risk is out of control.")})
    return out_of_control(risk, reason, actor)


def out_of_control(risk: Risk, reason: str, actor: Any = None) -> Risk:
    """The change itself, on a locked row inside the caller's transaction: by the step, or by the platform when it
    finds a loss of control (control.mark_out_of_control)."""
    risk.out_of_control = True
    risk.out_of_control_since = clock.now()
    risk.out_of_control_reason = reason.strip()[:200]
    _save(risk, actor, "lose_control")
    event(risk, "lose_control", actor, reason.strip())
    return risk


@flow.step(
    "regain_control",
    title=gettext_lazy("Back under control"),
    sources=LIVE_STATES,
    who=manages,
    when=_out_of_control,
    form=f.ControlForm,
)
def regain_control(risk: Risk, *, actor: Any, reason: str) -> Risk:
    """The measures hold again; say what was done."""
    check_texts({"reason": reason}, required={"reason": _("Say what was done to bring the risk back under control.")})
    risk.out_of_control = False
    risk.out_of_control_since = None
    risk.out_of_control_reason = ""
    _save(risk, actor, "regain_control")
    event(risk, "regain_control", actor, reason.strip())
    return risk
