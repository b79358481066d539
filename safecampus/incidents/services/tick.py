"""Running clocks: remind those who owe a report before its deadline, escalate after it, flag omissions."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.orgs.models import OrgUnit
from safecampus.rules.services import rule_value

from ..models import Flag, Incident, IncidentState, Receipt
from . import common
from .faults import flag_omitted


def remind_and_escalate() -> dict[str, int]:
    now = clock.now()
    counts = {"incident_reminders": 0, "incident_escalations": 0, "incident_omissions": 0}
    before = timedelta(minutes=rule_value("incident.clock.reminder_minutes"))
    grace = timedelta(hours=rule_value("incident.omitted_after_hours"))
    pending = Receipt.objects.filter(forward_due_at__isnull=False, forwarded_at__isnull=True).select_related(
        "incident", "org"
    )
    for receipt in pending:
        with transaction.atomic():
            if receipt.reminded_at is None and now >= receipt.forward_due_at - before and now < receipt.forward_due_at:
                Receipt.objects.filter(pk=receipt.pk).update(reminded_at=now)
                common.tell(
                    common.handlers_at(receipt.org_path),
                    _("Forward the incident report by %(time)s: %(title)s")
                    % {"time": clock_text(receipt.forward_due_at), "title": receipt.incident.title},
                    receipt.incident,
                    kind="incident.reminder",
                )
                counts["incident_reminders"] += 1
            if receipt.escalated_at is None and now > receipt.forward_due_at:
                receipt.escalated_at = now
                receipt.save()
                parent = OrgUnit.objects.filter(path=receipt.org_path[: -OrgUnit.steplen]).first()
                if parent is not None:
                    common.tell(
                        common.handlers_at(parent.path),
                        _("%(org)s has not forwarded an incident report in time: %(title)s")
                        % {"org": receipt.org.name, "title": receipt.incident.title},
                        receipt.incident,
                        kind="incident.escalation",
                    )
                common.event(receipt.incident, "escalate", None, receipt.org)
                counts["incident_escalations"] += 1
            if now > receipt.forward_due_at + grace and not _flagged(receipt.incident, receipt.org, "forward"):
                flag_omitted(receipt.incident, receipt.org, _omitted_forward(receipt.org), receipt.forward_due_at)
                counts["incident_omissions"] += 1
    finals = Incident.objects.filter(state=IncidentState.HANDLED, final_due_at__isnull=False).select_related("org")
    for incident in finals:
        with transaction.atomic():
            if now > incident.final_due_at + grace and not _flagged(incident, incident.org, "final"):
                flag_omitted(incident, incident.org, str(_("Final report")), incident.final_due_at)
                counts["incident_omissions"] += 1
            elif incident.final_due_at - timedelta(days=1) <= now < incident.final_due_at:
                if not incident.events.filter(verb="remind_final").exists():
                    common.event(incident, "remind_final", None, incident.org)
                    common.tell(
                        common.reporters_of(incident),
                        _("Final report due by %(time)s: %(title)s")
                        % {"time": clock_text(incident.final_due_at), "title": incident.title},
                        incident,
                        kind="incident.reminder",
                    )
                    counts["incident_reminders"] += 1
    return counts


def _omitted_forward(org: OrgUnit) -> str:
    return str(_("Forwarding by %(org)s") % {"org": org.name})


def _flagged(incident: Incident, org: OrgUnit, what: str) -> bool:
    text = _omitted_forward(org) if what == "forward" else str(_("Final report"))
    return Flag.objects.filter(incident=incident, org=org, fault="omitted", what=text).exists()


def clock_text(moment: object) -> str:
    from django.utils.timezone import localtime

    return localtime(moment).strftime("%Y-%m-%d %H:%M")
