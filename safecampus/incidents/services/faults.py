"""Reporting faults: late (迟报) and omitted (漏报) found by the platform; false (谎报) and concealed (瞒报)
found by a bureau after investigation. Each is an append-only Flag row; nothing is edited away."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from safecampus.core import clock, uploads
from safecampus.orgs.models import OrgUnit

from ..models import Fault, Flag, Incident, Receipt
from ..permissions import handles_above
from . import common

MANUAL = (Fault.OMITTED, Fault.FALSE, Fault.CONCEALED)


def _flag(
    incident: Incident, fault: str, org: OrgUnit, what: str, reason: str, actor: Any = None, **extra: Any
) -> Flag:
    flag = Flag.objects.create(
        incident=incident,
        fault=fault,
        org=org,
        what=what[:120],
        reason=reason,
        actor=actor,
        at=clock.now(),
        automatic=actor is None,
        **extra,
    )
    row = common.locked(incident)
    if not getattr(row, f"is_{fault}"):
        setattr(row, f"is_{fault}", True)
        common.save(row, actor, f"flag_{fault}")
    common.event(incident, f"flag_{fault}", actor, org, reason, what=what)
    return flag


def flag_late_stage(incident: Incident, stage_label: str, due: Any, sent: Any) -> Flag:
    minutes = int((sent - due).total_seconds() // 60)
    return _flag(
        incident,
        Fault.LATE,
        incident.org,
        str(stage_label),
        _("Sent %(minutes)s minutes after the deadline %(due)s.")
        % {"minutes": minutes, "due": localtime(due).strftime("%Y-%m-%d %H:%M")},
    )


def flag_late_forward(incident: Incident, receipt: Receipt) -> Flag:
    minutes = int((receipt.forwarded_at - receipt.forward_due_at).total_seconds() // 60)
    return _flag(
        incident,
        Fault.LATE,
        receipt.org,
        _("Forwarding by %(org)s") % {"org": receipt.org.name},
        _("Forwarded %(minutes)s minutes after the deadline.") % {"minutes": minutes},
    )


def flag_omitted(incident: Incident, org: OrgUnit, what: str, due: Any) -> Flag:
    return _flag(
        incident,
        Fault.OMITTED,
        org,
        what,
        _("Not done by %(due)s.") % {"due": localtime(due).strftime("%Y-%m-%d %H:%M")},
    )


@transaction.atomic
def flag_fault(
    incident: Incident, *, actor: Any, fault: str, reason: str, org: OrgUnit | None = None, evidence: Any = None
) -> Flag:
    """A bureau above the unit marks a report omitted, false or concealed after investigation."""
    org = org or incident.org
    if fault not in MANUAL:
        raise ValidationError(
            {"fault": _("Choose omitted, false or concealed; late reports are found by the platform.")}
        )
    if not (incident.org_path.startswith(org.path) or org.path.startswith(incident.org_path)):
        raise ValidationError({"org": _("The unit at fault must be the incident's unit or a bureau above it.")})
    if not handles_above(actor, org):
        raise PermissionDenied(_("Only a bureau above the unit at fault may find a reporting fault."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the finding of the investigation.")})
    extra = {"evidence": uploads.accept(evidence, uploads.DOCUMENTS, field="evidence")} if evidence else {}
    return _flag(incident, fault, org, str(Fault(fault).label), reason.strip(), actor, **extra)
