"""Routing up the tree: which bureaus an incident must reach, acknowledging and forwarding, skipping levels.

一般 stops at the city, 较大 goes to the province, 重大 and above reach every
level up to the province at once (rule rows `incident.route` and `incident.at_once`).
Each bureau that must pass it on has a forwarding clock (`incident.clock.forward_minutes`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock
from safecampus.core.access import Perm, holds_at
from safecampus.core.exceptions import StateConflict
from safecampus.core.text import TEXT, too_long
from safecampus.orgs.models import Level, OrgUnit
from safecampus.rules.services import rule_value

from .. import forms as f
from ..grading import forward_due
from ..models import Incident, Receipt
from ..permissions import my_receipt, on_the_chain, units_above
from . import common
from .faults import flag_late_forward

LEVEL_DEPTH = {Level.PROVINCE: 1, Level.CITY: 2}


def chain(incident: Incident) -> list[OrgUnit]:
    """The bureaus above the incident's unit, nearest first, up to the level its grade is reported to."""
    top = LEVEL_DEPTH.get(incident.route_level, 1)
    return list(units_above(incident.org).filter(depth__gte=top))


def route(incident: Incident) -> None:
    """Set where an incident must go from its grade, and deliver it (at the first report or a regrade)."""
    incident.route_level = rule_value("incident.route", incident.org).get(incident.grade, Level.CITY)
    incident.is_national = incident.grade in rule_value("incident.national", incident.org)


def deliver(incident: Incident, actor: Any) -> list[Receipt]:
    """Create the receipts the incident needs now: the next bureau, or every bureau up to the top at once."""
    bureaus = chain(incident)
    if not bureaus:
        return []
    at_once = incident.grade in rule_value("incident.at_once", incident.org)
    have = dict(Receipt.objects.filter(incident=incident).values_list("org_id", "forwarded_at"))
    made = []
    if at_once:
        for bureau in bureaus:
            if bureau.pk not in have:
                made.append(_receive(incident, bureau, forward=False, top=bureau == bureaus[-1], skip=False))
    elif not have:
        made.append(_receive(incident, bureaus[0], forward=len(bureaus) > 1, top=len(bureaus) == 1, skip=False))
    else:
        # A raised grade extends the chain: whoever held the top before must now forward it.
        Receipt.objects.filter(incident=incident, is_top=True, forwarded_at__isnull=True).exclude(
            org=bureaus[-1]
        ).update(is_top=False, forward_due_at=forward_due(clock.now(), incident.org))
        Receipt.objects.filter(incident=incident, org=bureaus[-1]).update(is_top=True)
    for receipt in made:
        common.event(incident, "arrived", actor, receipt.org, at_once=at_once)
        common.tell(
            common.handlers_at(receipt.org_path),
            _("Incident reported: %(title)s") % {"title": incident.title},
            incident,
            actor,
        )
    return made


def _receive(incident: Incident, bureau: OrgUnit, *, forward: bool, top: bool, skip: bool) -> Receipt:
    now = clock.now()
    return Receipt.objects.create(
        incident=incident,
        org=bureau,
        arrived_at=now,
        forward_due_at=forward_due(now, bureau) if forward else None,
        is_top=top,
        by_skip=skip,
    )


def _receipt_of(incident: Incident, actor: Any, org: OrgUnit | None) -> Receipt:
    """The receipt the actor handles: of the bureau named, or of the actor's own bureau on the chain."""
    if org is None:
        receipt = my_receipt(actor, incident)
        if receipt is None:
            raise PermissionDenied(_("Only the bureau that received the report handles it."))
        org = receipt.org
    if not holds_at(actor, Perm.HANDLE_INCIDENT, org):
        raise PermissionDenied(_("Only the bureau that received the report handles it."))
    receipt = Receipt.objects.select_for_update().filter(incident=incident, org=org).first()
    if receipt is None:
        raise StateConflict(_("This report has not reached %(org)s.") % {"org": org.name})
    return receipt


def _not_reached(user: Any, incident: Incident) -> str:
    receipt = my_receipt(user, incident)
    if receipt is None:
        return _("This report has not reached your bureau.")
    if receipt.acknowledged_at and receipt.forwarded_at:
        return _("This report was already acknowledged and forwarded.")
    if receipt.acknowledged_at:
        return _("This report was already acknowledged.")
    return _("Your bureau is the last this incident's grade is reported to.")


def _unacknowledged(incident: Incident, user: Any) -> bool:
    receipt = my_receipt(user, incident)
    return receipt is not None and receipt.acknowledged_at is None


def _to_forward(incident: Incident, user: Any) -> bool:
    receipt = my_receipt(user, incident)
    return receipt is not None and receipt.forwarded_at is None and not receipt.is_top


HANDLER = gettext_lazy("Only the bureau that received the report handles it.")


@common.flow.step(
    "acknowledge",
    title=gettext_lazy("Acknowledge receipt"),
    who=on_the_chain,
    refused=HANDLER,
    when=_unacknowledged,
    conflict=_not_reached,
)
def acknowledge(incident: Incident, *, actor: Any, org: OrgUnit | None = None) -> Receipt:
    """The receiving bureau confirms it has the report (签收)."""
    receipt = _receipt_of(incident, actor, org)
    if receipt.acknowledged_at:
        raise StateConflict(_("This report was already acknowledged."))
    receipt.acknowledged_at = clock.now()
    receipt.acknowledged_by = actor
    receipt.save()
    common.event(incident, "acknowledge", actor, receipt.org)
    return receipt


def _forward_targets(incident: Incident, user: Any) -> dict[str, Any]:
    receipt = my_receipt(user, incident)
    targets = [b for b in chain(incident) if receipt and len(b.path) < len(receipt.org.path)]
    return {"targets": targets[1:]}


@common.flow.step(
    "forward",
    title=gettext_lazy("Forward up"),
    who=on_the_chain,
    refused=HANDLER,
    when=_to_forward,
    conflict=_not_reached,
    form=f.ForwardForm,
    form_kwargs=_forward_targets,
)
def forward(
    incident: Incident, *, actor: Any, org: OrgUnit | None = None, to: Any = None, comment: str = ""
) -> Receipt:
    """Pass the report up: to the next bureau of the chain, or to any bureau above (越级上报)."""
    receipt = _receipt_of(incident, actor, org)
    org = receipt.org
    bureaus = chain(incident)
    above = [b for b in bureaus if len(b.path) < len(org.path)]
    if not above or receipt.forwarded_at:
        raise StateConflict(_("%(org)s is the last bureau this incident's grade is reported to.") % {"org": org.name})
    chosen = getattr(to, "pk", to)
    target = next((b for b in above if str(b.pk) == str(chosen)), None) if chosen else above[0]
    if target is None:
        raise ValidationError({"to": _("Choose a bureau above yours on the reporting chain.")})
    errors: dict[str, Any] = {}
    too_long(errors, {"comment": comment}, {"comment": TEXT})
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    if not receipt.acknowledged_at:
        receipt.acknowledged_at, receipt.acknowledged_by = now, actor
    receipt.forwarded_at, receipt.forwarded_by, receipt.forwarded_to = now, actor, target
    receipt.save()
    if receipt.forward_due_at and now > receipt.forward_due_at:
        flag_late_forward(incident, receipt)
    skipped = [b for b in above if len(b.path) < len(org.path) and len(b.path) > len(target.path)]
    existing = set(Receipt.objects.filter(incident=incident).values_list("org_id", flat=True))
    for bureau in [*skipped, target]:
        if bureau.pk in existing:
            continue
        is_target = bureau == target
        _receive(
            incident,
            bureau,
            forward=is_target and bureau != bureaus[-1],
            top=is_target and bureau == bureaus[-1],
            skip=not is_target or bool(skipped),
        )
        common.event(incident, "arrived", actor, bureau, by_skip=bool(skipped))
        common.tell(
            common.handlers_at(bureau.path),
            _("Incident reported: %(title)s") % {"title": incident.title},
            incident,
            actor,
        )
    common.event(incident, "forward", actor, org, comment, to=target.pk, to_name=target.name, skipped=len(skipped))
    return receipt
