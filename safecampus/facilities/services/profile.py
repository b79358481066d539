"""A school's security profile: the guards it needs and has, the baseline items it meets, its days without
liability insurance. Refreshed by every service that changes them, and daily (rules and school sizes change)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter as Tally
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock, counting
from safecampus.core.forms import cleaned
from safecampus.core.history import register_reasons, stamp
from safecampus.rules.models import Rule

from .. import windows as w
from ..forms import BaselineForm, ProfileForm
from ..guards import required_at
from ..ledgers import Rules
from ..models import BaselineItem, Guard, InsurancePolicy, SecurityProfile
from .common import require_keeper

register_reasons({"baseline": gettext_lazy("Baseline item checked")})


def uninsured(policies: list[tuple[date, date]]) -> list[w.Window]:
    """The days no paid-or-unpaid policy covers: before the first, in the gaps, after the last (a lapse, 脱保)."""
    if not policies:
        return w.always()
    spans = w.union((start, end + timedelta(days=1)) for start, end in policies)
    gaps: list[w.Window] = [(w.EARLIEST, spans[0][0])] if spans[0][0] > w.EARLIEST else []
    for (_start, end), (next_start, _end) in zip(spans, spans[1:], strict=False):
        gaps.append((end, next_start))  # type: ignore[arg-type]
    if spans[-1][1] is not None:
        gaps.append((spans[-1][1], None))
    return gaps


def rules_stamp() -> str:
    """A fingerprint of every facilities rule row: when it moves, the daily job re-evaluates every school."""
    rows = Rule.objects.filter(key__startswith="facilities.").order_by("key", "org_path")
    text = json.dumps(list(rows.values_list("key", "org_path", "value")), sort_keys=True, default=str)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def _findings_from(school: Any, today: date) -> date | None:
    from ..ledgers import LEDGERS

    days = []
    for ledger in LEDGERS.values():
        rows = ledger.model.objects.filter(school=school, is_active=True, fail_from__isnull=False)
        rows = rows.filter(Q(fail_until__isnull=True) | Q(fail_until__gt=today))
        first = rows.aggregate(first=Min("fail_from"))["first"]
        if first is not None:
            days.append(first)
    return min(days) if days else None


def _values(profile: SecurityProfile, rules: Rules) -> dict[str, Any]:
    school = profile.school
    size = getattr(school, "school", None)
    policies = InsurancePolicy.objects.filter(school=school, is_active=True).values_list("starts_on", "ends_on")
    gaps = uninsured(list(policies))
    today = clock.today()
    upcoming = [(start, end) for start, end in gaps if end is None or end > today]
    gap_from, gap_until = upcoming[0] if upcoming else (None, None)
    return {
        "findings_from": _findings_from(school, today),
        "gap_from": gap_from,
        "gap_until": gap_until,
        "guards_required": required_at(school, profile.boarders, rules),
        "guards_full_time": Guard.objects.filter(school=school, is_active=True, full_time=True).count(),
        "baseline_met": sorted(BaselineItem.objects.filter(school=school, met=True).values_list("item", flat=True)),
        "insurance_windows": w.dump(gaps),
        "lapse_from": gaps[-1][0] if gaps and gaps[-1][1] is None and gaps[-1][0] > w.EARLIEST else None,
        "students": size.student_count if size else 0,
        "staff": size.staff_count if size else 0,
    }


@transaction.atomic
def refresh(school: Any, rules: Rules | None = None, stamp: str | None = None) -> SecurityProfile:
    """Recompute the school's profile and move its counters (inside the caller's transaction); `stamp`: the rules
    fingerprint it was computed under (the daily job reads it once for all schools)."""
    profile, created = SecurityProfile.objects.select_for_update().get_or_create(
        school=school, defaults={"org_path": school.path}
    )
    before = Tally() if created else counting.track(profile)
    fresh = _values(profile, rules or Rules(school))
    fresh["rules_stamp"] = stamp if stamp is not None else rules_stamp()
    if not created and all(getattr(profile, name) == value for name, value in fresh.items()):
        return profile
    for name, value in fresh.items():
        setattr(profile, name, value)
    profile.save()
    counting.changed(profile, before)
    return profile


def profile_of(school: Any) -> SecurityProfile:
    found = SecurityProfile.objects.filter(school=school).first()
    return found if found is not None else refresh(school)


@transaction.atomic
def set_boarders(school: Any, *, actor: Any, boarders: Any) -> SecurityProfile:
    require_keeper(actor, school)
    form = ProfileForm(data={"boarders": boarders})
    cleaned(form)
    value = form.cleaned_data["boarders"]
    students = getattr(getattr(school, "school", None), "student_count", 0)
    if value > students:
        raise ValidationError({"boarders": _("More boarders than the school's %(n)d students.") % {"n": students}})
    profile = profile_of(school)
    SecurityProfile.objects.filter(pk=profile.pk).update(boarders=value)
    return refresh(school)


@transaction.atomic
def record_baseline(
    school: Any,
    *,
    actor: Any,
    item: str,
    met: Any,
    checked_on: Any,
    evidence: Any = None,
    note: str = "",
) -> BaselineItem:
    """Record one baseline item as checked on a day: met or not, with its evidence (kept if none is sent again)."""
    require_keeper(actor, school)
    form = BaselineForm(
        data={"item": item, "met": met, "checked_on": checked_on, "note": note},
        files={"evidence": evidence} if evidence is not None else {},
    )
    cleaned(form)
    values = form.cleaned_data
    row = BaselineItem.objects.select_for_update().filter(school=school, item=values["item"]).first()
    if row is None:
        row = BaselineItem(school=school, item=values["item"])
    if values["met"] and not values.get("evidence") and not (row.pk and row.evidence):
        raise ValidationError({"evidence": _("An item that is met needs its evidence (a photo, contract or record).")})
    row.met = values["met"]
    row.checked_on = values["checked_on"]
    row.note = values["note"]
    row.recorded_by = actor
    if values.get("evidence"):
        row.evidence = values["evidence"]  # checked and renamed by its content (core.uploads.UploadField)
    stamp(row, actor, "baseline")
    row.save()
    refresh(school)
    return row
