"""Control of a risk beyond its own steps: loss of control found by the platform (a failed or missed check, an overdue
hazard linked at the point), listing a red risk out of control for supervision by a city or the province, and
linking hazards found at the point."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock, counting
from safecampus.core.access import SCHOOL_MANAGERS, Perm, access, holders
from safecampus.core.notifications import notify
from safecampus.core.text import TEXT, check_texts

from .. import forms as f
from ..models import LIVE_STATES, Grade, MeasureCheck, Risk
from .common import event, flow, manages, risk_url
from .steps import _save, out_of_control


def mark_out_of_control(risk: Risk, reason: str, actor: Any = None) -> bool:
    """Flag a live risk out of control for a reason the platform found (a failed or missed check, an overdue
    hazard at the point); False when it already was, or is not live. Runs in the caller's transaction or its own."""
    with transaction.atomic():
        locked = Risk.objects.select_for_update().get(pk=risk.pk)
        if locked.out_of_control or locked.state not in LIVE_STATES:
            return False
        before = counting.track(locked)
        out_of_control(locked, reason, actor)
        counting.changed(locked, before)
    return True


def lists_here(user: Any, risk: Risk) -> bool:
    """An officer of the city or the province over the school (they list risks for supervision)."""
    return any(access(user).holds_at(Perm.SUPERVISE, path) for path in risk.school.ancestor_paths()[:2])


def _listable(risk: Risk, user: Any) -> bool:
    return risk.grade == Grade.RED and risk.out_of_control and not risk.listed_by_id


def _not_listable(user: Any, risk: Risk) -> str:
    if risk.listed_by_id:
        return _("The risk is already listed for supervision.")
    return _("Only a red risk out of control is listed for supervision.")


@flow.step(
    "list_for_supervision",
    title=gettext_lazy("List for supervision"),
    sources=LIVE_STATES,
    who=lists_here,
    when=_listable,
    conflict=_not_listable,
    form=f.ControlForm,
)
def list_for_supervision(risk: Risk, *, actor: Any, reason: str) -> Risk:
    """A city or the province supervises the red risk until it is back under control (挂牌督办)."""
    check_texts({"reason": reason}, required={"reason": _("Say what the school must do.")}, limits={"reason": TEXT})
    paths = risk.school.ancestor_paths()[:2]
    held = [path for path in paths if access(actor).holds_at(Perm.SUPERVISE, path)]
    from safecampus.orgs.models import OrgUnit

    risk.listed_by = OrgUnit.objects.get(path=held[-1] if held else paths[-1])
    risk.listed_at = clock.now()
    _save(risk, actor, "list_for_supervision")
    event(risk, "list_for_supervision", actor, reason.strip(), by=risk.listed_by_id)
    notify(
        holders(risk.org_path, SCHOOL_MANAGERS),
        _("A red risk is listed for supervision: %(factor)s") % {"factor": risk.factor},
        reason.strip(),
        risk_url(risk),
        kind="risk",
        exclude=actor,
    )
    return risk


def _listed_and_back(risk: Risk, user: Any) -> bool:
    return bool(risk.listed_by_id) and not risk.out_of_control


@flow.step(
    "end_supervision",
    title=gettext_lazy("End the supervision"),
    sources=LIVE_STATES,
    who=lists_here,
    when=_listed_and_back,
    conflict=lambda user, risk: _("The risk must be back under control first."),
)
def end_supervision(risk: Risk, *, actor: Any) -> Risk:
    """The risk is back under control; the supervising bureau ends its listing."""
    risk.listed_by, risk.listed_at = None, None
    _save(risk, actor, "end_supervision")
    event(risk, "end_supervision", actor)
    return risk


def check_link(risk: Risk, data: dict[str, Any]) -> None:
    hazard_for(risk, data.get("number", ""))


def hazard_for(risk: Risk, number: str) -> Any:
    """The school's hazard with this printed number, or a ValidationError naming the field."""
    from safecampus.hazards.models import Hazard

    found = re.fullmatch(r"YH(\d{4})(\d{7,})", (number or "").strip(), re.IGNORECASE)
    hazard = Hazard.objects.filter(pk=int(found[2]), school_id=risk.school_id).first() if found else None
    if hazard is None or f"{hazard.found_at:%Y}" != found[1]:
        raise ValidationError({"number": _("No hazard of this school has the number %(n)s.") % {"n": number}})
    return hazard


@flow.step(
    "link_hazard",
    title=gettext_lazy("Link a hazard at this point"),
    sources=LIVE_STATES,
    who=manages,
    form=f.LinkHazardForm,
    validate=check_link,
)
def link_hazard(risk: Risk, *, actor: Any, number: str) -> Risk:
    """A hazard found at the risk point: the risk is flagged out of control if the hazard goes overdue."""
    hazard = hazard_for(risk, number)
    risk.hazards.add(hazard)
    event(risk, "link_hazard", actor, hazard=hazard.pk, number=hazard.number)
    return risk


def find_loss_of_control() -> dict[str, int]:
    """The tick's sweep: a check missed past its day, or a linked hazard overdue, puts a live risk out of control."""
    from safecampus.hazards.models.hazards import overdue_q

    today = clock.today()
    flagged = 0
    missed = MeasureCheck.objects.filter(status="due", due_on__lt=today, risk__out_of_control=False)
    for check in missed.filter(risk__state__in=LIVE_STATES).select_related("measure", "risk"):
        reason = _("A check of a measure was missed (due %(day)s): %(measure)s") % {
            "day": check.due_on.isoformat(),
            "measure": check.measure.text,
        }
        flagged += mark_out_of_control(check.risk, reason)
    risks = Risk.objects.filter(state__in=LIVE_STATES, out_of_control=False, hazards__in=_overdue(overdue_q(today)))
    for risk in risks.distinct():
        flagged += mark_out_of_control(risk, _("A hazard at the risk point is overdue."))
    return {"risks_out_of_control": flagged}


def _overdue(condition: Any) -> Any:
    from safecampus.hazards.models import Hazard

    return Hazard.objects.filter(condition)
