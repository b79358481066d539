"""The two steps of every ledger record, declared once per ledger (core.steps): take it out of use, and register
one of its failing checks as a hazard. Pages, the API, `allowed_steps` and the OpenAPI come from here; the step
mechanism checks role (403) and state (409), locks the record and moves its counters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock
from safecampus.core.access import Perm
from safecampus.core.forms import cleaned
from safecampus.core.history import stamp
from safecampus.core.steps import Workflow, holds

from ..forms import RetireForm
from ..ledgers import LEDGERS, Ledger, Rules, evaluate
from . import findings, logs, profile
from .common import require_keeper

IN_USE, RETIRED = "in_use", "retired"


def open_findings(record: Any) -> list[Any]:
    """The checks the record fails today that are not yet hazards."""
    if not record.is_active:
        return []
    return [f for f in findings.record_findings(record, clock.today(), 0) if f.failing and f.hazard_id is None]


class HazardForm(forms.Form):
    check = forms.ChoiceField(label=gettext_lazy("Finding"), choices=())

    def __init__(self, *args: Any, record: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if record is not None:
            ledger = next(ledger for ledger in LEDGERS.values() if isinstance(record, ledger.model))
            self.fields["check"].choices = [(c.code, c.label) for c in ledger.checks]


def _still_used(record: Any) -> str:
    key = next(k for k, ledger in LEDGERS.items() if isinstance(record, ledger.model))
    if key in ("bus", "driver", "escort") and record.routes.filter(is_active=True).exists():
        return _("A route in use still names it; change or retire the route first.")
    if key == "canteen" and record.workers.filter(is_active=True).exists():
        return _("Staff in use still work in this canteen; retire them or move them first.")
    return ""


def _flow(ledger: Ledger) -> Workflow:
    flow = Workflow(f"facility_{ledger.key}", ledger.model, related=("school",), display=("register_hazard", "retire"))
    keeps = holds(Perm.KEEP_FACILITIES)

    @flow.step(
        "retire",
        title=gettext_lazy("Take out of use"),
        sources=[IN_USE],
        who=keeps,
        form=RetireForm,
        initial=lambda record: {"retired_on": clock.today()},
        danger=True,
    )
    def retire(record: Any, *, actor: Any, retired_on: Any, reason: str) -> Any:
        """Take the record out of use (a guard who left, a bus sold): it keeps its history and stops counting."""
        blocked = _still_used(record)
        if blocked:
            raise ValidationError(blocked)
        record.is_active = False
        record.retired_on = retired_on
        record.retired_reason = reason
        evaluate(record, Rules(record.school), clock.today())
        stamp(record, actor, "retire")
        record.save()
        profile.refresh(record.school)
        return record

    @flow.step(
        "register_hazard",
        title=gettext_lazy("Register a finding as a hazard"),
        sources=[IN_USE],
        who=keeps,
        form=HazardForm,
        form_kwargs=lambda record, user: {"record": record},
        when=lambda record, user: bool(open_findings(record)),
        conflict=gettext_lazy("The record fails no check today that is not already a hazard."),
    )
    def register_hazard(record: Any, *, actor: Any, check: str) -> Any:
        """Register a check the record fails today as a hazard of its school (major by rule)."""
        return findings.register_hazard(record, check, actor=actor)

    return flow


FLOWS: dict[str, Workflow] = {key: _flow(ledger) for key, ledger in LEDGERS.items()}
logs.declare(FLOWS)  # the ledgers' own logs: a chemical's movements, a canteen's meals and deliveries


def retire_record(record: Any, *, actor: Any, retired_on: Any, reason: str) -> Any:
    """The retire step for callers outside a page or the API (imports, commands): the input checked first."""
    require_keeper(actor, record.school)
    form = RetireForm(data={"retired_on": retired_on, "reason": reason})
    cleaned(form)
    flow = next(flow for flow in FLOWS.values() if isinstance(record, flow.model))
    return flow.steps["retire"](record, actor=actor, **form.cleaned_data)
