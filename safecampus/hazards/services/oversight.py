"""Steps of the level above on a hazard: extensions, supervised listing (挂牌督办), reopening.

They share the locking and recording helpers of workflow.py and follow the same
pattern: role, then state, one transaction, an append-only step, notifications.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.access import Perm, has_perm, require_perm
from safecampus.core.exceptions import StateConflict
from safecampus.core.history import stamp
from safecampus.orgs.models import OrgUnit
from safecampus.rules.services import rule_value

from ..models import Extension, Hazard, HazardLevel, Listing
from ..permissions import can_supervise_school, listing_orgs
from .dates import check_future_date
from .notify import notify_step
from .workflow import S, _locked, _record, _require


@transaction.atomic
def request_extension(hazard: Hazard, *, actor: Any, new_deadline: date | None, reason: str) -> Extension:
    require_perm(actor, Perm.MANAGE_HAZARD, hazard.school)
    hazard = _locked(hazard, (S.REPORTED, S.RECTIFYING), "request_extension")
    if hazard.extensions.filter(approved__isnull=True).exists():
        raise StateConflict(_("An extension request is already waiting for a decision."))
    errors = {}
    limit = int(rule_value("hazard.extension.max_days", hazard.school))
    if new_deadline is None:
        errors["new_deadline"] = _("Give the new deadline.")
    elif hazard.deadline and new_deadline <= hazard.deadline:
        errors["new_deadline"] = _("The new deadline must be after the current one (%(date)s).") % {
            "date": hazard.deadline.isoformat()
        }
    elif hazard.deadline and new_deadline > hazard.deadline + timedelta(days=limit):
        errors["new_deadline"] = _("An extension may add at most %(days)d days.") % {"days": limit}
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the extension.")
    if errors:
        raise ValidationError(errors)
    check_future_date("new_deadline", new_deadline)
    extension = Extension.objects.create(
        hazard=hazard,
        requested_by=actor,
        requested_at=clock.now(),
        old_deadline=hazard.deadline,
        new_deadline=new_deadline,
        reason=reason.strip(),
    )
    _record(
        hazard, "request_extension", hazard.state, actor, reason.strip(), {"new_deadline": new_deadline.isoformat()}
    )
    notify_step(hazard, "request_extension")
    return extension


@transaction.atomic
def decide_extension(hazard: Hazard, *, actor: Any, approve: bool, note: str = "") -> Extension:
    """The level above approves or denies the pending extension request."""
    current = Hazard.objects.select_related("listed_by").get(pk=hazard.pk)  # the caller's copy may be stale
    _require(
        can_supervise_school(actor, current) and _listing_allows(actor, current),
        _("Only the level above the school decides extensions."),
    )
    hazard = _locked(hazard, (S.REPORTED, S.RECTIFYING, S.SUBMITTED), "approve_extension")
    extension = hazard.extensions.select_for_update().filter(approved__isnull=True).first()
    if extension is None:
        raise StateConflict(_("No extension request is waiting for a decision."))
    if not approve and not (note or "").strip():
        raise ValidationError({"note": _("Say why the extension is denied.")})
    extension.approved, extension.decided_by, extension.decided_at = approve, actor, clock.now()
    extension.decision_note = (note or "").strip()
    stamp(extension, actor, "approved" if approve else "denied")
    extension.save()
    if approve:
        hazard.deadline = extension.new_deadline
        hazard.escalated_at = None  # a new deadline: overdue again later means escalated again
        listing = hazard.listings.filter(ended_at__isnull=True).first()
        if listing is not None:
            days = int(rule_value("hazard.listing.acceptance_days", listing.listed_by))
            listing.deadline = extension.new_deadline
            listing.accept_by = extension.new_deadline + timedelta(days=days)
            listing.acceptance_overdue_at = None
            stamp(listing, actor, "approve_extension")
            listing.save()
    _record(
        hazard,
        "approve_extension" if approve else "deny_extension",
        hazard.state,
        actor,
        extension.decision_note,
        {"new_deadline": extension.new_deadline.isoformat()},
    )
    notify_step(hazard, "approve_extension" if approve else "deny_extension", extension.decision_note)
    return extension


def _listing_allows(actor: Any, hazard: Hazard) -> bool:
    """A listed hazard's extensions are decided by the listing bureau."""
    if not hazard.listed_by_id:
        return True
    return has_perm(actor, Perm.SUPERVISE, hazard.listed_by)


@transaction.atomic
def list_hazard(
    hazard: Hazard,
    *,
    actor: Any,
    listed_by: OrgUnit | None = None,
    notice_no: str,
    supervising_unit: str,
    deadline: date | None,
) -> Listing:
    """A city or province takes a major hazard of its subtree under formal supervision (挂牌督办)."""
    orgs = listing_orgs(actor, hazard)
    _require(bool(orgs), _("Only a city or province bureau lists hazards for supervision."))
    if listed_by is None:
        listed_by = orgs[0]
    _require(listed_by.pk in {org.pk for org in orgs}, _("You may not list hazards for this unit."))
    hazard = _locked(hazard, (S.REPORTED, S.RECTIFYING, S.SUBMITTED), "list")
    if hazard.level != HazardLevel.MAJOR:
        raise StateConflict(_("Only major hazards are listed for supervision."))
    if hazard.listed_by_id:
        raise StateConflict(_("This hazard is already listed."))
    errors = {}
    if not (notice_no or "").strip():
        errors["notice_no"] = _("Give the notice number.")
    if not (supervising_unit or "").strip():
        errors["supervising_unit"] = _("Name the supervising unit.")
    if deadline is None or deadline < clock.today():
        errors["deadline"] = _("Set a deadline that is not in the past.")
    if errors:
        raise ValidationError(errors)
    check_future_date("deadline", deadline)
    days = int(rule_value("hazard.listing.acceptance_days", listed_by))
    listing = Listing(
        hazard=hazard,
        org_path=hazard.org_path,
        listed_by=listed_by,
        notice_no=notice_no.strip(),
        supervising_unit=supervising_unit.strip(),
        deadline=deadline,
        accept_by=deadline + timedelta(days=days),
        listed_at=clock.now(),
        listed_by_user=actor,
    )
    stamp(listing, actor, "listed")
    listing.save()
    hazard.listed_by = listed_by
    hazard.deadline = deadline
    hazard.escalated_at = None
    _record(
        hazard,
        "list",
        hazard.state,
        actor,
        notice_no.strip(),
        {"listed_by": listed_by.pk, "deadline": deadline.isoformat(), "accept_by": listing.accept_by.isoformat()},
    )
    notify_step(hazard, "list")
    return listing


@transaction.atomic
def unlist(hazard: Hazard, *, actor: Any, reason: str) -> Hazard:
    current = Hazard.objects.select_related("listed_by").get(pk=hazard.pk)
    if current.listed_by_id is None:
        raise StateConflict(_("This hazard is not listed."))
    require_perm(actor, Perm.SUPERVISE, current.listed_by)
    hazard = _locked(hazard, (S.REPORTED, S.RECTIFYING, S.SUBMITTED), "unlist")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the listing ends.")})
    listing = hazard.listings.filter(ended_at__isnull=True).first()
    if listing is not None:
        listing.ended_at, listing.ended_by, listing.end_reason = clock.now(), actor, reason.strip()[:200]
        stamp(listing, actor, "unlisted")
        listing.save()
    hazard.listed_by = None
    _record(hazard, "unlist", hazard.state, actor, reason.strip())
    return hazard


@transaction.atomic
def reopen(hazard: Hazard, *, actor: Any, reason: str, deadline: date | None) -> Hazard:
    """A re-check (回头看) finds a closed hazard back: it returns to rectifying with a new deadline."""
    _require(can_supervise_school(actor, Hazard.objects.get(pk=hazard.pk)), _("Only the level above reopens hazards."))
    hazard = _locked(hazard, (S.CLOSED,), "reopen")
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("Say what the re-check found.")
    if deadline is None or deadline < clock.today():
        errors["deadline"] = _("Set a new deadline that is not in the past.")
    if errors:
        raise ValidationError(errors)
    check_future_date("deadline", deadline)
    hazard.state = S.RECTIFYING
    hazard.closed_at = hazard.closed_by = hazard.closed_on_time = None
    hazard.deadline = deadline
    hazard.reopen_count += 1
    hazard.escalated_at = None
    hazard.recheck_due = False  # a re-check that reopens it is done
    _record(hazard, "reopen", S.CLOSED, actor, reason.strip(), {"deadline": deadline.isoformat()})
    notify_step(hazard, "reopen", reason.strip())
    return hazard
