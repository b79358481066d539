"""Keeping a ledger's records: add one or correct one (taking one out of use is a declared step, steps.py).

One function per action, called by the pages, the API, the Excel imports and the demo alike: who may, the input
checked by the ledger's form (every field at fault at once), one transaction (the record, its failing windows,
its counters, the school's profile), the history row. Records are never deleted: one out of use keeps its history
and leaves the counts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock, counting
from safecampus.core.forms import cleaned
from safecampus.core.history import register_reasons, stamp

from ..forms import ledger_form
from ..ledgers import LEDGERS, Ledger, Rules, evaluate
from . import profile
from .common import require_keeper

register_reasons({"retire": gettext_lazy("Taken out of use")})


def _checked(ledger: Ledger, school: Any, values: dict[str, Any], record: Any = None, partial: bool = False) -> Any:
    unknown = sorted(set(values) - set(ledger.columns))
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    data = {name: value for name, value in values.items() if value is not None}
    if record is not None and partial:  # an API PATCH names only what changes
        form = ledger_form(ledger.key, school, instance=record)
        data = {**{name: form.initial.get(name) for name in form.fields}, **data}
    form = ledger_form(ledger.key, school, data=data, instance=record)
    cleaned(form)
    return form


@transaction.atomic
def save_record(
    ledger_key: str, *, actor: Any, school: Any, values: dict[str, Any], record: Any = None, partial: bool = False
) -> Any:
    """Add a record to a school's ledger, or correct one (`record`; `partial`: only the fields given change); its
    checks are evaluated against the rules in force at the school."""
    ledger = LEDGERS[ledger_key]
    require_keeper(actor, school)
    if record is not None:
        record = type(record).objects.select_for_update().get(pk=record.pk)
        if not record.is_active:
            raise ValidationError(_("This record is out of use; add a new one instead."))
    form = _checked(ledger, school, values, record, partial)
    before = counting.track(record) if record is not None else None
    item = form.save(commit=False)
    item.school = school
    if record is None:
        item.recorded_by = actor
    evaluate(item, Rules(school), clock.today())
    stamp(item, actor, "updated" if record is not None else "created")
    item.save()
    if before is None:
        counting.created(item)
    else:
        counting.changed(item, before)
    profile.refresh(school)  # its guards, cover and first failing day
    return item


def rewindow(record: Any, rules: Rules, today: date) -> bool:
    """Re-evaluate a record's checks (the daily job: a rule changed, or its failing window ended); True when
    anything moved."""
    before = counting.track(record)
    if not evaluate(record, rules, today):
        return False
    fields = {name: getattr(record, name) for name in ("windows", "fail_from", "fail_until", "expires_on")}
    type(record).objects.filter(pk=record.pk).update(**fields)
    counting.changed(record, before)
    profile.refresh(record.school, rules)
    return True
