"""The hazard state machine. One function per step; each checks role then state, writes in one
transaction with the row locked, records an append-only step, and notifies after commit.

report → rectify (plan: 五落实) → submit (rectification + evidence) → verify (closed, 销号)
                                                                   ↘ reject (back to rectifying)
plus request/approve/deny extension, list/unlist (挂牌督办) and reopen (回头看).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import clock, counting
from safecampus.core.access import Perm, require_perm
from safecampus.core.exceptions import StateConflict
from safecampus.core.history import reason_label, stamp
from safecampus.orgs.models import OrgUnit
from safecampus.rules.services import rule_value

from ..models import Area, Hazard, HazardEvent, HazardLevel, HazardSource, HazardState, Photo
from ..permissions import can_verify
from .dates import check_future_date
from .notify import notify_step
from .photos import save_photos

S = HazardState


def _locked(hazard: Hazard, allowed: tuple[str, ...], verb: str) -> Hazard:
    # No joins here: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join (listed_by).
    locked = Hazard.objects.select_for_update().get(pk=hazard.pk)
    locked._counted = counting.track(locked)
    if locked.state not in allowed:
        raise StateConflict(
            _("A hazard that is “%(state)s” cannot be given the step “%(verb)s”.")
            % {"state": HazardState(locked.state).label, "verb": reason_label(verb)}
        )
    return locked


def _record(
    hazard: Hazard, verb: str, from_state: str, actor: Any, comment: str = "", data: dict[str, Any] | None = None
) -> HazardEvent:
    stamp(hazard, actor, verb)
    hazard.save()
    # Roll-up counters of the school and every ancestor change in the same transaction.
    counting.changed(hazard, getattr(hazard, "_counted", counting.Tally()))
    hazard._counted = counting.track(hazard)
    return HazardEvent.objects.create(
        hazard=hazard,
        verb=verb,
        from_state=from_state,
        to_state=hazard.state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=clock.now(),
        comment=comment,
        data=data or {},
    )


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def default_deadline(school: OrgUnit, level: str, found_on: date) -> date:
    return found_on + timedelta(days=int(rule_value(f"hazard.deadline_days.{level}", school)))


def _check_fields(place: str, area: str, level: str, description: str, source: str) -> None:
    errors = {}
    if not (place or "").strip():
        errors["place"] = _("Say where the hazard is.")
    if area not in Area.values:
        errors["area"] = _("Choose a category.")
    if level not in HazardLevel.values:
        errors["level"] = _("Choose general or major.")
    if not (description or "").strip():
        errors["description"] = _("Describe the hazard.")
    if source not in HazardSource.values:
        errors["source"] = _("Choose where the hazard was found.")
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
    _check_fields(place, area, level, description, source)
    if school.level != "school":
        raise ValidationError({"school": _("A hazard belongs to a school.")})
    found_at = found_at or clock.now()
    if found_at > clock.now() + timedelta(minutes=5):
        raise ValidationError({"found_at": _("The time found cannot be in the future.")})
    profile = getattr(school, "school", None)
    hazard = Hazard(
        school=school,
        org_path=school.path,
        school_kind=profile.kind if profile else "",
        place=place.strip()[:120],
        area=area,
        level=level,
        source=source,
        description=description.strip(),
        found_at=found_at,
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
        from .photos import check_images

        check_images(photos, school)
    _record(hazard, "report", "", actor)
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
    _record(hazard, "create", "", actor, data={"item": item.code})
    return hazard


@transaction.atomic
def edit_draft(hazard: Hazard, *, actor: Any, place: str, area: str, level: str, description: str) -> Hazard:
    require_perm(actor, Perm.REPORT_HAZARD, hazard.school)
    hazard = _locked(hazard, (S.DRAFT,), "edit")
    if hazard.item_id and hazard.item.is_major_criterion and level != HazardLevel.MAJOR:
        raise ValidationError({"level": _("A failed major criterion is a major hazard; it cannot be lowered.")})
    _check_fields(place, area, level, description, hazard.source)
    hazard.place, hazard.area, hazard.level, hazard.description = place.strip(), area, level, description.strip()
    _record(hazard, "edit", S.DRAFT, actor)
    return hazard


@transaction.atomic
def report(hazard: Hazard, *, actor: Any, comment: str = "") -> Hazard:
    """Confirm a draft: it is registered and its default deadline starts."""
    require_perm(actor, Perm.REPORT_HAZARD, hazard.school)
    hazard = _locked(hazard, (S.DRAFT,), "report")
    hazard.state = S.REPORTED
    hazard.reported_at = clock.now()
    hazard.deadline = default_deadline(hazard.school, hazard.level, clock.today())
    _record(hazard, "report", S.DRAFT, actor, comment)
    notify_step(hazard, "report")
    return hazard


@transaction.atomic
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
    """Set (or revise) the rectification plan. A major hazard needs all five parts (五落实)."""
    require_perm(actor, Perm.MANAGE_HAZARD, hazard.school)
    hazard = _locked(hazard, (S.REPORTED, S.RECTIFYING), "rectify")
    errors = {}
    if not (owner_name or "").strip():
        errors["owner_name"] = _("Name the person responsible.")
    if not (measures or "").strip():
        errors["measures"] = _("Describe the measures.")
    if deadline is None:
        errors["deadline"] = _("Set a deadline.")
    elif deadline < clock.today():
        errors["deadline"] = _("The deadline cannot be in the past.")
    elif hazard.deadline and deadline > hazard.deadline:
        errors["deadline"] = _("The deadline cannot be later than %(date)s; request an extension instead.") % {
            "date": hazard.deadline.isoformat()
        }
    if hazard.level == HazardLevel.MAJOR:
        if funds is None:
            errors["funds"] = _("A major hazard's plan states the funds (0 if none are needed).")
        if not (contingency or "").strip():
            errors["contingency"] = _("A major hazard's plan needs a contingency plan.")
    if funds is not None and funds < 0:
        errors["funds"] = _("Funds cannot be negative.")
    if errors:
        raise ValidationError(errors)
    check_future_date("deadline", deadline)
    before = hazard.state
    hazard.state = S.RECTIFYING
    hazard.owner_name, hazard.measures, hazard.funds = owner_name.strip(), measures.strip(), funds
    hazard.deadline, hazard.contingency = deadline, (contingency or "").strip()
    _record(hazard, "rectify", before, actor, comment, {"deadline": deadline.isoformat()})
    return hazard


@transaction.atomic
def submit(hazard: Hazard, *, actor: Any, rectification: str, photos: list[Any] | None = None) -> Hazard:
    """Report the rectification done, with evidence photos; it waits for verification."""
    require_perm(actor, Perm.MANAGE_HAZARD, hazard.school)
    hazard = _locked(hazard, (S.RECTIFYING,), "submit")
    if not (rectification or "").strip():
        raise ValidationError({"rectification": _("Describe what was done.")})
    photos = photos or []
    if photos:
        from .photos import check_images

        check_images(photos, hazard.school)
    if not photos and not hazard.photos.filter(kind=Photo.Kind.EVIDENCE).exists():
        raise ValidationError({"photos": _("Add at least one photo as evidence of the rectification.")})
    hazard.state = S.SUBMITTED
    hazard.rectification = rectification.strip()
    hazard.submitted_at, hazard.submitted_by = clock.now(), actor
    _record(hazard, "submit", S.RECTIFYING, actor)
    if photos:
        save_photos(photos, actor=actor, org=hazard.school, kind=Photo.Kind.EVIDENCE, hazard=hazard)
    notify_step(hazard, "submit")
    return hazard


def _require_verifier(actor: Any, hazard: Hazard) -> None:
    if hazard.submitted_by_id == actor.pk:
        raise PermissionDenied(_("Nobody verifies their own rectification."))
    _require(can_verify(actor, hazard), _("Your role does not verify this hazard."))


@transaction.atomic
def verify(hazard: Hazard, *, actor: Any, comment: str = "") -> Hazard:
    """Accept the rectification: the hazard is closed (销号)."""
    _require_verifier(actor, Hazard.objects.select_related("listed_by", "school").get(pk=hazard.pk))
    hazard = _locked(hazard, (S.SUBMITTED,), "verify")
    _require_verifier(actor, hazard)
    hazard.state = S.CLOSED
    hazard.closed_at, hazard.closed_by = clock.now(), actor
    hazard.closed_on_time = hazard.deadline is None or clock.today() <= hazard.deadline
    listing = hazard.listings.filter(ended_at__isnull=True).first()
    if listing is not None:
        listing.ended_at, listing.ended_by, listing.end_reason = clock.now(), actor, "closed"
        stamp(listing, actor, "closed")
        listing.save()
    _record(hazard, "verify", S.SUBMITTED, actor, comment)
    notify_step(hazard, "verify")
    return hazard


@transaction.atomic
def reject(hazard: Hazard, *, actor: Any, reason: str) -> Hazard:
    """The rectification is not good enough: back to rectifying, with the reason."""
    _require_verifier(actor, Hazard.objects.select_related("listed_by", "school").get(pk=hazard.pk))
    hazard = _locked(hazard, (S.SUBMITTED,), "reject")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the rectification is rejected.")})
    hazard.state = S.RECTIFYING
    _record(hazard, "reject", S.SUBMITTED, actor, reason.strip())
    notify_step(hazard, "reject", reason.strip())
    return hazard


@transaction.atomic
def add_evidence(hazard: Hazard, *, actor: Any, photos: list[Any]) -> list[Photo]:
    """Attach rectification photos while the work goes on (before submitting)."""
    require_perm(actor, Perm.MANAGE_HAZARD, hazard.school)
    hazard = _locked(hazard, (S.REPORTED, S.RECTIFYING), "add_evidence")
    if not photos:
        raise ValidationError({"photos": _("Choose at least one photo.")})
    return save_photos(photos, actor=actor, org=hazard.school, kind=Photo.Kind.EVIDENCE, hazard=hazard)


# The level-above steps live in oversight.py; callers find every step here.
from .oversight import decide_extension, list_hazard, reopen, request_extension, unlist  # noqa: E402

__all__ = [
    "add_evidence",
    "create_draft",
    "decide_extension",
    "edit_draft",
    "list_hazard",
    "rectify",
    "reject",
    "reopen",
    "report",
    "report_hazard",
    "request_extension",
    "submit",
    "unlist",
    "verify",
]
