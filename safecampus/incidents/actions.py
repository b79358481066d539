"""One registry of incident steps: the form that checks the input and the service that takes the step.

The detail page and the API both look up a verb here, so a step is wired once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.orgs.models import OrgUnit

from . import forms as f
from .models import Incident
from .permissions import my_receipt
from .services import faults, reporting, routing


@dataclass(frozen=True)
class Action:
    title: Any
    form: Callable[..., forms.Form]
    run: Callable[[Incident, Any, dict[str, Any]], Any]
    danger: bool = False


def _forward_form(incident: Incident, user: Any, *args: Any, **kwargs: Any) -> forms.Form:
    receipt = my_receipt(user, incident)
    chain = routing.chain(incident)
    targets = [b for b in chain if receipt and len(b.path) < len(receipt.org.path)]
    return f.ForwardForm(*args, targets=targets[1:], **kwargs)


def _forward(incident: Incident, user: Any, data: dict[str, Any]) -> Any:
    receipt = my_receipt(user, incident)
    org = receipt.org if receipt else incident.org
    to = OrgUnit.objects.filter(pk=data["to"]).first() if data.get("to") else None
    return routing.forward(incident, actor=user, org=org, to=to, comment=data.get("comment", ""))


def _acknowledge(incident: Incident, user: Any, data: dict[str, Any]) -> Any:
    receipt = my_receipt(user, incident)
    return routing.acknowledge(incident, actor=user, org=receipt.org if receipt else incident.org)


def _plain(form_class: type[forms.Form]) -> Callable[..., forms.Form]:
    return lambda incident, user, *args, **kwargs: form_class(*args, **kwargs)


def _follow_up_form(incident: Incident, user: Any, *args: Any, **kwargs: Any) -> forms.Form:
    initial = {name: getattr(incident, name) for name in f.FollowUpForm.base_fields if hasattr(incident, name)}
    return f.FollowUpForm(*args, initial=initial, **kwargs)


ACTIONS: dict[str, Action] = {
    "acknowledge": Action(_("Acknowledge receipt"), _plain(f.EmptyForm), _acknowledge),
    "forward": Action(_("Forward up"), _forward_form, _forward),
    "follow_up": Action(
        _("Send a follow-up report"),
        _follow_up_form,
        lambda incident, user, data: reporting.follow_up(incident, actor=user, **data),
    ),
    "set_grade": Action(
        _("Change the grade"),
        _plain(f.GradeForm),
        lambda incident, user, data: reporting.set_grade(incident, actor=user, **data),
    ),
    "mark_handled": Action(
        _("Declare the handling ended"),
        _plain(f.EmptyForm),
        lambda incident, user, data: reporting.mark_handled(incident, actor=user),
    ),
    "final": Action(
        _("Send the final report"),
        _plain(f.FinalForm),
        lambda incident, user, data: reporting.final_report(incident, actor=user, **data),
    ),
    "flag": Action(
        _("Record a reporting fault"),
        _plain(f.FaultForm),
        lambda incident, user, data: faults.flag_fault(incident, actor=user, **data),
        danger=True,
    ),
    "hazard": Action(
        _("Register a hazard found as a cause"),
        _plain(f.HazardForm),
        lambda incident, user, data: reporting.hazard_from_incident(incident, actor=user, **data),
    ),
}
