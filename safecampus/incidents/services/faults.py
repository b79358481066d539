"""Reporting faults: late (迟报) and omitted (漏报) found by the platform; false (谎报) and concealed (瞒报)
found by a bureau after investigation. Each is an append-only Flag row; nothing is edited away."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock, counting, uploads
from safecampus.core.text import TEXT, check_texts
from safecampus.orgs.models import OrgUnit

from .. import forms as f
from ..models import Fault, Flag, Incident, Receipt
from ..permissions import handles_above, is_bureau_above
from . import common

MANUAL = (Fault.OMITTED, Fault.FALSE, Fault.CONCEALED)


def _flag(
    incident: Incident, fault: str, org: OrgUnit, what: str, reason: str, actor: Any = None, **extra: Any
) -> Flag:
    """Record a fault on an incident row the caller holds (a step's locked row, or one being reported)."""
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
    if not getattr(incident, f"is_{fault}"):
        setattr(incident, f"is_{fault}", True)
        common.save(incident, actor, f"flag_{fault}")
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


@transaction.atomic
def flag_omitted(incident: Incident, org: OrgUnit, what: str, due: Any) -> Flag:
    """The tick finds a report still missing a day after its clock: 漏报, outside any step."""
    row = common.locked(incident)
    before = counting.track(row)
    flag = _flag(
        row,
        Fault.OMITTED,
        org,
        what,
        _("Not done by %(due)s.") % {"due": localtime(due).strftime("%Y-%m-%d %H:%M")},
    )
    counting.changed(row, before)
    return flag


def _check_fault(incident: Incident, values: dict[str, Any]) -> None:
    wrong = _("Choose omitted, false or concealed; late reports are found by the platform.")
    check_texts(
        values,
        required={"reason": _("Give the finding of the investigation.")},
        limits={"reason": TEXT},
        errors={} if values.get("fault") in MANUAL else {"fault": wrong},
    )


@common.flow.step(
    "flag",
    title=gettext_lazy("Record a reporting fault"),
    who=is_bureau_above,
    refused=gettext_lazy("Only a bureau above the unit at fault may find a reporting fault."),
    form=f.FaultForm,
    validate=_check_fault,
    danger=True,
)
def flag_fault(
    incident: Incident, *, actor: Any, fault: str, reason: str, org: OrgUnit | None = None, evidence: Any = None
) -> Flag:
    """A bureau above the unit marks a report omitted, false or concealed after investigation."""
    org = org or incident.org
    if not (incident.org_path.startswith(org.path) or org.path.startswith(incident.org_path)):
        raise ValidationError({"org": _("The unit at fault must be the incident's unit or a bureau above it.")})
    if not handles_above(actor, org.path):
        raise PermissionDenied(_("Only a bureau above the unit at fault may find a reporting fault."))
    _check_fault(incident, {"fault": fault, "reason": reason})
    extra = {"evidence": uploads.accept(evidence, uploads.DOCUMENTS, field="evidence")} if evidence else {}
    return _flag(incident, fault, org, str(Fault(fault).label), reason.strip(), actor, **extra)
