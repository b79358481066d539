"""Steps of the level above on a hazard: extensions, supervised listing (挂牌督办), reopening.

Declared on the same `flow` as the school's steps (common.py); the kernel checks
role, then state, in one transaction with the row locked.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock
from safecampus.core.access import Perm
from safecampus.core.history import stamp
from safecampus.core.steps import holds
from safecampus.core.text import LINE, TEXT, check_texts, too_long
from safecampus.orgs.models import OrgUnit
from safecampus.rules.services import rule_value

from .. import forms as f
from ..models import Extension, Hazard, HazardLevel, Listing
from ..permissions import active_listing, can_supervise_school, decides_extensions, ends_listings, listing_orgs
from .common import S, flow, record
from .dates import check_future_date
from .notify import notify_step

OPEN_WORK = (S.REPORTED, S.RECTIFYING)
OPEN = (S.REPORTED, S.RECTIFYING, S.SUBMITTED)


def pending_extension(hazard: Hazard) -> Extension | None:
    return hazard.extensions.filter(approved__isnull=True).first()


def _check_extension(hazard: Hazard, values: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}
    limit = int(rule_value("hazard.extension.max_days", hazard.school))
    new_deadline = values.get("new_deadline")
    if new_deadline is None:
        errors["new_deadline"] = _("Give the new deadline.")
    elif hazard.deadline and new_deadline <= hazard.deadline:
        errors["new_deadline"] = _("The new deadline must be after the current one (%(date)s).") % {
            "date": hazard.deadline.isoformat()
        }
    elif hazard.deadline and new_deadline > hazard.deadline + timedelta(days=limit):
        errors["new_deadline"] = _("An extension may add at most %(days)d days.") % {"days": limit}
    if not (values.get("reason") or "").strip():
        errors["reason"] = _("Give the reason for the extension.")
    too_long(errors, values, {"reason": TEXT})
    if errors:
        raise ValidationError(errors)
    check_future_date("new_deadline", new_deadline)


@flow.step(
    "request_extension",
    title=gettext_lazy("Request an extension"),
    sources=OPEN_WORK,
    who=holds(Perm.MANAGE_HAZARD),
    when=lambda hazard, user: hazard.deadline is not None and pending_extension(hazard) is None,
    conflict=gettext_lazy("An extension request is already waiting for a decision."),
    form=f.ExtensionForm,
    validate=_check_extension,
)
def request_extension(hazard: Hazard, *, actor: Any, new_deadline: date | None, reason: str) -> Extension:
    """Ask the level above for a later deadline."""
    _check_extension(hazard, {"new_deadline": new_deadline, "reason": reason})
    extension = Extension.objects.create(
        hazard=hazard,
        requested_by=actor,
        requested_at=clock.now(),
        old_deadline=hazard.deadline,
        new_deadline=new_deadline,
        reason=reason.strip(),
    )
    record(hazard, "request_extension", hazard.state, actor, reason.strip(), {"new_deadline": new_deadline.isoformat()})
    notify_step(hazard, "request_extension")
    return extension


def _decide(hazard: Hazard, actor: Any, approve: bool, note: str) -> Extension:
    extension = hazard.extensions.select_for_update().filter(approved__isnull=True).first()
    if not approve and not (note or "").strip():
        raise ValidationError({"note": _("Say why the extension is denied.")})
    errors: dict[str, Any] = {}
    too_long(errors, {"note": note}, {"note": TEXT})
    if errors:
        raise ValidationError(errors)
    extension.approved, extension.decided_by, extension.decided_at = approve, actor, clock.now()
    extension.decision_note = (note or "").strip()
    stamp(extension, actor, "approved" if approve else "denied")
    extension.save()
    if approve:
        hazard.deadline = extension.new_deadline
        hazard.escalated_at = None  # a new deadline: overdue again later means escalated again
        listing = active_listing(hazard)
        if listing is not None:
            days = int(rule_value("hazard.listing.acceptance_days", listing.listed_by))
            listing.deadline = extension.new_deadline
            listing.accept_by = extension.new_deadline + timedelta(days=days)
            listing.acceptance_overdue_at = None
            stamp(listing, actor, "approve_extension")
            listing.save()
    verb = "approve_extension" if approve else "deny_extension"
    record(
        hazard, verb, hazard.state, actor, extension.decision_note, {"new_deadline": extension.new_deadline.isoformat()}
    )
    notify_step(hazard, verb, extension.decision_note)
    return extension


_DECIDE = {
    "sources": OPEN,
    "who": decides_extensions,
    "refused": gettext_lazy("Only the level above the school decides extensions."),
    "when": lambda hazard, user: pending_extension(hazard) is not None,
    "conflict": gettext_lazy("No extension request is waiting for a decision."),
    "form": f.DecisionForm,
}


@flow.step("approve_extension", title=gettext_lazy("Approve the extension"), **_DECIDE)
def approve_extension(hazard: Hazard, *, actor: Any, note: str = "") -> Extension:
    """The level above grants the requested deadline."""
    return _decide(hazard, actor, True, note)


@flow.step("deny_extension", title=gettext_lazy("Deny the extension"), danger=True, **_DECIDE)
def deny_extension(hazard: Hazard, *, actor: Any, note: str = "") -> Extension:
    """The level above keeps the deadline, saying why."""
    return _decide(hazard, actor, False, note)


def _check_listing(hazard: Hazard, values: dict[str, Any]) -> None:
    deadline = values.get("deadline")
    check_texts(
        values,
        required={"notice_no": _("Give the notice number."), "supervising_unit": _("Name the supervising unit.")},
        limits={"notice_no": 60, "supervising_unit": LINE},
        errors={"deadline": _("Set a deadline that is not in the past.")}
        if deadline is None or deadline < clock.today()
        else {},
    )
    check_future_date("deadline", deadline)


@flow.step(
    "list",
    title=gettext_lazy("List for supervision"),
    sources=OPEN,
    who=lambda user, hazard: bool(listing_orgs(user, hazard)),
    refused=gettext_lazy("Only a city or province bureau lists hazards for supervision."),
    when=lambda hazard, user: hazard.level == HazardLevel.MAJOR and not hazard.listed_by_id,
    conflict=gettext_lazy("Only a major hazard that is not listed yet can be listed for supervision."),
    form=f.ListForm,
    form_kwargs=lambda hazard, user: {"orgs": listing_orgs(user, hazard)},
    validate=_check_listing,
)
def list_hazard(
    hazard: Hazard,
    *,
    actor: Any,
    listed_by: OrgUnit | int | None = None,
    notice_no: str,
    supervising_unit: str,
    deadline: date | None,
) -> Listing:
    """A city or province takes a major hazard of its subtree under formal supervision (挂牌督办)."""
    orgs = listing_orgs(actor, hazard)
    chosen = getattr(listed_by, "pk", listed_by)
    bureau = next((org for org in orgs if org.pk == chosen), None) if chosen else orgs[0]
    if bureau is None:
        raise ValidationError({"listed_by": _("Choose a city or province bureau above the school that you serve.")})
    _check_listing(hazard, {"notice_no": notice_no, "supervising_unit": supervising_unit, "deadline": deadline})
    days = int(rule_value("hazard.listing.acceptance_days", bureau))
    listing = Listing(
        hazard=hazard,
        org_path=hazard.org_path,
        listed_by=bureau,
        notice_no=notice_no.strip(),
        supervising_unit=supervising_unit.strip(),
        deadline=deadline,
        accept_by=deadline + timedelta(days=days),
        listed_at=clock.now(),
        listed_by_user=actor,
    )
    stamp(listing, actor, "listed")
    listing.save()
    hazard.listed_by = bureau
    hazard.deadline = deadline
    hazard.escalated_at = None
    record(
        hazard,
        "list",
        hazard.state,
        actor,
        notice_no.strip(),
        {"listed_by": bureau.pk, "deadline": deadline.isoformat(), "accept_by": listing.accept_by.isoformat()},
    )
    notify_step(hazard, "list")
    return listing


def _check_reason(hazard: Hazard, values: dict[str, Any]) -> None:
    check_texts(values, required={"reason": _("Say why the listing ends.")}, limits={"reason": TEXT})


@flow.step(
    "unlist",
    title=gettext_lazy("End the listing"),
    sources=OPEN,
    who=ends_listings,
    refused=gettext_lazy("Only the listing bureau or one above it ends a listing."),
    when=lambda hazard, user: bool(hazard.listed_by_id),
    conflict=gettext_lazy("This hazard is not listed."),
    form=f.ReasonForm,
    validate=_check_reason,
    danger=True,
)
def unlist(hazard: Hazard, *, actor: Any, reason: str) -> Hazard:
    """End the supervised listing before the hazard is closed."""
    _check_reason(hazard, {"reason": reason})
    listing = active_listing(hazard)
    if listing is not None:
        listing.ended_at, listing.ended_by, listing.end_reason = clock.now(), actor, reason.strip()[:200]
        stamp(listing, actor, "unlisted")
        listing.save()
    hazard.listed_by = None
    record(hazard, "unlist", hazard.state, actor, reason.strip())
    return hazard


def _check_reopen(hazard: Hazard, values: dict[str, Any]) -> None:
    deadline = values.get("deadline")
    check_texts(
        values,
        required={"reason": _("Say what the re-check found.")},
        limits={"reason": TEXT},
        errors={"deadline": _("Set a new deadline that is not in the past.")}
        if deadline is None or deadline < clock.today()
        else {},
    )
    check_future_date("deadline", deadline)


@flow.step(
    "reopen",
    title=gettext_lazy("Reopen after re-check"),
    sources=[S.CLOSED],
    who=can_supervise_school,
    refused=gettext_lazy("Only the level above reopens hazards."),
    form=f.ReopenForm,
    validate=_check_reopen,
    danger=True,
)
def reopen(hazard: Hazard, *, actor: Any, reason: str, deadline: date | None) -> Hazard:
    """A re-check (回头看) finds a closed hazard back: it returns to rectifying with a new deadline."""
    _check_reopen(hazard, {"reason": reason, "deadline": deadline})
    hazard.state = S.RECTIFYING
    hazard.closed_at = hazard.closed_by = hazard.closed_on_time = None
    hazard.deadline = deadline
    hazard.reopen_count += 1
    hazard.escalated_at = None
    hazard.recheck_due = False  # a re-check that reopens it is done
    record(hazard, "reopen", S.CLOSED, actor, reason.strip(), {"deadline": deadline.isoformat()})
    notify_step(hazard, "reopen", reason.strip())
    return hazard


__all__ = [
    "approve_extension",
    "deny_extension",
    "list_hazard",
    "reopen",
    "request_extension",
    "unlist",
]
