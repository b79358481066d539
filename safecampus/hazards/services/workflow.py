"""The hazard closed loop at the school: register, plan (五落实), submit with evidence, verify (销号) or reject.

report → rectify (plan) → submit (rectification + evidence) → verify (closed)
                                                            ↘ reject (back to rectifying)
Each step is declared once on `flow` (core.steps): who may take it, from which
states, its form; the kernel checks role then state and moves the counters.
The level-above steps (extensions, listing, reopening) are in oversight.py,
the re-check in recheck.py.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock, counting
from safecampus.core.access import Perm, require_perm
from safecampus.core.history import stamp
from safecampus.core.steps import holds
from safecampus.core.text import LINE, TEXT, check_texts, too_long
from safecampus.orgs.models import OrgUnit
from safecampus.rules.services import rule_value

from .. import forms as f
from ..models import Area, Hazard, HazardLevel, HazardSource, Photo
from ..permissions import active_listing, can_verify
from .common import S, flow, record
from .dates import check_future_date
from .notify import notify_step
from .photos import check_images, save_photos

OPEN_WORK = (S.REPORTED, S.RECTIFYING)


def default_deadline(school: OrgUnit, level: str, found_on: date) -> date:
    return found_on + timedelta(days=int(rule_value(f"hazard.deadline_days.{level}", school)))


def check_finding(values: dict[str, Any]) -> None:
    """What a finding must say: where, what kind, how serious, what is wrong (all problems at once)."""
    errors: dict[str, Any] = {}
    if not (values.get("place") or "").strip():
        errors["place"] = _("Say where the hazard is.")
    if "area" in values and values["area"] not in Area.values:
        errors["area"] = _("Choose a category.")
    if "level" in values and values["level"] not in HazardLevel.values:
        errors["level"] = _("Choose general or major.")
    if "description" in values and not (values.get("description") or "").strip():
        errors["description"] = _("Describe the hazard.")
    if "source" in values and values["source"] not in HazardSource.values:
        errors["source"] = _("Choose where the hazard was found.")
    found_at = values.get("found_at")
    if found_at and found_at > clock.now() + timedelta(minutes=5):
        errors["found_at"] = _("The time found cannot be in the future.")
    too_long(errors, values, {"place": LINE, "description": TEXT, "reporter_name": 60})
    if errors:
        raise ValidationError(errors)


def _new_hazard(
    *,
    actor: Any,
    school: OrgUnit,
    place: str,
    area: str,
    level: str,
    description: str,
    source: str,
    found_at: datetime | None,
    state: str,
    inspection: Any = None,
    item: Any = None,
    reporter_name: str = "",
) -> Hazard:
    check_finding(
        {
            "place": place,
            "area": area,
            "level": level,
            "description": description,
            "source": source,
            "found_at": found_at,
            "reporter_name": reporter_name,
        }
    )
    if school.level != "school":
        raise ValidationError({"school": _("A hazard belongs to a school.")})
    profile = getattr(school, "school", None)
    hazard = Hazard(
        school=school,
        org_path=school.path,
        school_kind=profile.kind if profile else "",
        place=place.strip(),
        area=area,
        level=level,
        source=source,
        description=description.strip(),
        found_at=found_at or clock.now(),
        found_by=actor if getattr(actor, "is_authenticated", False) else None,
        reporter_name=reporter_name,
        inspection=inspection,
        item=item,
        state=state,
    )
    if state == S.REPORTED:
        hazard.reported_at = clock.now()
        hazard.deadline = default_deadline(school, level, clock.today())
    return hazard


@transaction.atomic
def report_hazard(
    *,
    actor: Any,
    school: OrgUnit,
    place: str,
    area: str,
    level: str,
    description: str,
    source: str = HazardSource.STAFF,
    found_at: datetime | None = None,
    photos: list[Any] | None = None,
    reporter_name: str = "",
) -> Hazard:
    """Register a hazard found outside an inspection (by staff, a bureau, or the public)."""
    require_perm(actor, Perm.REPORT_HAZARD, school)
    hazard = _new_hazard(
        actor=actor,
        school=school,
        place=place,
        area=area,
        level=level,
        description=description,
        source=source,
        found_at=found_at,
        state=S.REPORTED,
        reporter_name=reporter_name,
    )
    if photos:
        check_images(photos, school)
    record(hazard, "report", "", actor)
    counting.created(hazard)
    if photos:
        save_photos(photos, actor=actor, org=school, kind=Photo.Kind.FINDING, hazard=hazard)
    notify_step(hazard, "report")
    return hazard


def create_draft(
    *, actor: Any, school: OrgUnit, inspection: Any, item: Any, place: str, description: str, source: str
) -> Hazard:
    """A failed checklist item becomes a hazard draft (called inside the inspection's transaction)."""
    level = HazardLevel.MAJOR if item.is_major_criterion else HazardLevel.GENERAL
    hazard = _new_hazard(
        actor=actor,
        school=school,
        place=place or item.get_area_display(),
        area=item.area,
        level=level,
        description=description,
        source=source,
        found_at=clock.now(),
        state=S.DRAFT,
        inspection=inspection,
        item=item,
    )
    record(hazard, "create", "", actor, data={"item": item.code})
    counting.created(hazard)
    return hazard


def _check_draft(hazard: Hazard, values: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}
    try:
        check_finding(values)
    except ValidationError as error:
        errors.update(error.message_dict)
    if hazard.item_id and hazard.item.is_major_criterion and values.get("level") == HazardLevel.GENERAL:
        errors["level"] = _("A failed major criterion is a major hazard; it cannot be lowered.")
    if errors:
        raise ValidationError(errors)


@flow.step(
    "edit",
    title=gettext_lazy("Correct the draft"),
    sources=[S.DRAFT],
    who=holds(Perm.REPORT_HAZARD),
    form=f.DraftForm,
    initial=lambda h: {"place": h.place, "area": h.area, "level": h.level, "description": h.description},
    validate=_check_draft,
)
def edit_draft(hazard: Hazard, *, actor: Any, place: str, area: str, level: str, description: str) -> Hazard:
    """Correct a draft made from an inspection before registering it."""
    _check_draft(hazard, {"place": place, "area": area, "level": level, "description": description})
    hazard.place, hazard.area, hazard.level, hazard.description = place.strip(), area, level, description.strip()
    record(hazard, "edit", S.DRAFT, actor)
    return hazard


@flow.step(
    "report",
    title=gettext_lazy("Register this hazard"),
    sources=[S.DRAFT],
    who=holds(Perm.REPORT_HAZARD),
    form=f.CommentForm,
)
def report(hazard: Hazard, *, actor: Any, comment: str = "") -> Hazard:
    """Confirm a draft: it is registered and its default deadline starts."""
    hazard.state = S.REPORTED
    hazard.reported_at = clock.now()
    hazard.deadline = default_deadline(hazard.school, hazard.level, clock.today())
    record(hazard, "report", S.DRAFT, actor, comment)
    notify_step(hazard, "report")
    return hazard


def _check_plan(hazard: Hazard, values: dict[str, Any]) -> None:
    """The rectification plan: a major hazard needs all five parts (五落实)."""
    errors: dict[str, Any] = {}
    if not (values.get("owner_name") or "").strip():
        errors["owner_name"] = _("Name the person responsible.")
    if not (values.get("measures") or "").strip():
        errors["measures"] = _("Describe the measures.")
    deadline, funds = values.get("deadline"), values.get("funds")
    if deadline is None:
        errors["deadline"] = _("Set a deadline.")
    elif deadline < clock.today():
        errors["deadline"] = _("The deadline cannot be in the past.")
    elif hazard.deadline and deadline > hazard.deadline:
        errors["deadline"] = _("The deadline cannot be later than %(date)s; request an extension instead.") % {
            "date": hazard.deadline.isoformat()
        }
    if hazard.level == HazardLevel.MAJOR:
        if funds is None and "funds" not in errors:
            errors["funds"] = _("A major hazard's plan states the funds (0 if none are needed).")
        if not (values.get("contingency") or "").strip():
            errors["contingency"] = _("A major hazard's plan needs a contingency plan.")
    if funds is not None and funds < 0:
        errors["funds"] = _("Funds cannot be negative.")
    too_long(errors, values, {"owner_name": 60, "measures": TEXT, "contingency": TEXT, "comment": TEXT})
    if errors:
        raise ValidationError(errors)
    check_future_date("deadline", deadline)


@flow.step(
    "rectify",
    title=gettext_lazy("Rectification plan"),
    sources=OPEN_WORK,
    who=holds(Perm.MANAGE_HAZARD),
    form=f.RectifyForm,
    initial=lambda h: {
        "owner_name": h.owner_name,
        "measures": h.measures,
        "funds": h.funds,
        "deadline": h.deadline,
        "contingency": h.contingency,
    },
    validate=_check_plan,
)
def rectify(
    hazard: Hazard,
    *,
    actor: Any,
    owner_name: str,
    measures: str,
    deadline: date | None,
    funds: Decimal | None = None,
    contingency: str = "",
    comment: str = "",
) -> Hazard:
    """Set (or revise) the rectification plan."""
    values = {
        "owner_name": owner_name,
        "measures": measures,
        "deadline": deadline,
        "funds": funds,
        "contingency": contingency,
        "comment": comment,
    }
    _check_plan(hazard, values)
    before = hazard.state
    hazard.state = S.RECTIFYING
    hazard.owner_name, hazard.measures, hazard.funds = owner_name.strip(), measures.strip(), funds
    hazard.deadline, hazard.contingency = deadline, (contingency or "").strip()
    record(hazard, "rectify", before, actor, comment, {"deadline": deadline.isoformat()})
    return hazard


def _check_submission(hazard: Hazard, values: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}
    if not (values.get("rectification") or "").strip():
        errors["rectification"] = _("Describe what was done.")
    too_long(errors, values, {"rectification": TEXT})
    photos = values.get("photos") or []
    try:
        if photos:
            check_images(photos, hazard.school)
        elif not hazard.photos.filter(kind=Photo.Kind.EVIDENCE).exists():
            errors["photos"] = _("Add at least one photo as evidence of the rectification.")
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


@flow.step(
    "submit",
    title=gettext_lazy("Submit the rectification"),
    sources=[S.RECTIFYING],
    who=holds(Perm.MANAGE_HAZARD),
    form=f.SubmitForm,
    validate=_check_submission,
)
def submit(hazard: Hazard, *, actor: Any, rectification: str, photos: list[Any] | None = None) -> Hazard:
    """Report the rectification done, with evidence photos; it waits for verification."""
    photos = photos or []
    _check_submission(hazard, {"rectification": rectification, "photos": photos})
    hazard.state = S.SUBMITTED
    hazard.rectification = rectification.strip()
    hazard.submitted_at, hazard.submitted_by = clock.now(), actor
    record(hazard, "submit", S.RECTIFYING, actor)
    if photos:
        save_photos(photos, actor=actor, org=hazard.school, kind=Photo.Kind.EVIDENCE, hazard=hazard)
    notify_step(hazard, "submit")
    return hazard


@flow.step(
    "photos",
    title=gettext_lazy("Add evidence photos"),
    sources=OPEN_WORK,
    who=holds(Perm.MANAGE_HAZARD),
    form=f.PhotosForm,
)
def add_evidence(hazard: Hazard, *, actor: Any, photos: list[Any]) -> list[Photo]:
    """Attach rectification photos while the work goes on (before submitting)."""
    if not photos:
        raise ValidationError({"photos": _("Choose at least one photo.")})
    return save_photos(photos, actor=actor, org=hazard.school, kind=Photo.Kind.EVIDENCE, hazard=hazard)


def _not_a_verifier(user: Any, hazard: Hazard) -> str:
    if hazard.submitted_by_id == getattr(user, "pk", None):
        return _("Nobody verifies their own rectification.")
    return _("Your role does not verify this hazard.")


@flow.step(
    "verify",
    title=gettext_lazy("Verify and close"),
    sources=[S.SUBMITTED],
    who=can_verify,
    refused=_not_a_verifier,
    form=f.CommentForm,
)
def verify(hazard: Hazard, *, actor: Any, comment: str = "") -> Hazard:
    """Accept the rectification: the hazard is closed (销号)."""
    hazard.state = S.CLOSED
    hazard.closed_at, hazard.closed_by = clock.now(), actor
    hazard.closed_on_time = hazard.deadline is None or clock.today() <= hazard.deadline
    listing = active_listing(hazard)
    if listing is not None:
        listing.ended_at, listing.ended_by, listing.end_reason = clock.now(), actor, "closed"
        stamp(listing, actor, "closed")
        listing.save()
    record(hazard, "verify", S.SUBMITTED, actor, comment)
    notify_step(hazard, "verify")
    return hazard


def _check_reason(hazard: Hazard, values: dict[str, Any]) -> None:
    check_texts(values, required={"reason": _("Say why the rectification is rejected.")}, limits={"reason": TEXT})


@flow.step(
    "reject",
    title=gettext_lazy("Reject the rectification"),
    sources=[S.SUBMITTED],
    who=can_verify,
    refused=_not_a_verifier,
    form=f.ReasonForm,
    validate=_check_reason,
    danger=True,
)
def reject(hazard: Hazard, *, actor: Any, reason: str) -> Hazard:
    """The rectification is not good enough: back to rectifying, with the reason."""
    _check_reason(hazard, {"reason": reason})
    hazard.state = S.RECTIFYING
    record(hazard, "reject", S.SUBMITTED, actor, reason.strip())
    notify_step(hazard, "reject", reason.strip())
    return hazard
