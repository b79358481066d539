"""Findings: a ledger record failing one of its checks today (or within the warn days, for an expiry), read from
its windows; and a finding registered as a hazard, so the closed loop (整改 → 验收) takes it from there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.hazards.models import Hazard, HazardLevel, HazardSource
from safecampus.hazards.services.workflow import report_hazard
from safecampus.rules.services import rule_value

from .. import windows as w
from ..ledgers import LEDGERS, WARN_KEY, Check, Ledger, ledger_of
from ..models import Guard, GuardPost, PatrolDay, SecurityProfile
from .common import require_keeper
from .profile import uninsured


@dataclass
class Finding:
    ledger: Ledger
    record: Any
    check: Check
    since: date  # the first failing day (today or later for a warning)
    failing: bool  # failing today; False: will fail within the warn days
    hazard_id: int | None

    @property
    def days_left(self) -> int:
        return (self.since - clock.today()).days

    @property
    def major(self) -> bool:
        return f"{self.ledger.key}.{self.check.code}" in rule_value("facilities.major_findings", self.record.school)

    @property
    def since_display(self) -> date | None:
        return None if self.since == w.EARLIEST else self.since

    @property
    def due(self) -> date:
        """The day a failing finding is to be put right by: from its first failing day (or, failing whatever the
        day, from when the record was last saved), the days the hazard rules give a finding of its level; for a
        coming expiry, the day it fails."""
        if not self.failing:
            return self.since
        start = self.since if self.since != w.EARLIEST else timezone.localdate(self.record.updated_at)
        level = "major" if self.major else "general"
        return start + timedelta(days=rule_value(f"hazard.deadline_days.{level}", self.record.school))

    @property
    def overdue(self) -> bool:
        return self.failing and self.due < clock.today()


def record_findings(record: Any, today: date, warn_days: int) -> list[Finding]:
    ledger = ledger_of(record)
    found = []
    for check in ledger.checks:
        spans = w.load((record.windows or {}).get(check.code, []))
        first = w.next_failure(spans, today)
        if first is None:
            continue
        failing = first <= today
        if not failing and (not check.expiry or first > today + timedelta(days=warn_days)):
            continue
        found.append(Finding(ledger, record, check, first, failing, (record.hazards or {}).get(check.code)))
    return found


def school_findings(school: Any, today: date | None = None) -> list[Finding]:
    """Every finding of a school's ledgers, failing ones first, then the warnings by the day they fall due."""
    today = today or clock.today()
    warn = rule_value("facilities.warn_days", school)
    found: list[Finding] = []
    for ledger in LEDGERS.values():
        for record in ledger.model.objects.filter(school=school, is_active=True):
            found += record_findings(record, today, warn[WARN_KEY[ledger.key]])
    return sorted(found, key=lambda f: (not f.failing, f.since, f.ledger.order))


def insurance_state(school: Any, today: date | None = None) -> dict[str, Any]:
    """Covered or not today, and the first day without cover from today on (a lapse to warn of)."""
    today = today or clock.today()
    profile = SecurityProfile.objects.filter(school=school).first()
    gaps = w.load(profile.insurance_windows) if profile else uninsured([])
    first = w.next_failure(gaps, today)
    warn = rule_value("facilities.warn_days", school)["insurance"]
    now = next((start for start, end in gaps if start <= today and (end is None or today < end)), None)
    return {
        "covered": now is None,
        "lapses_on": first if now is None else None,
        "soon": now is None and first is not None and first <= today + timedelta(days=warn),
        "since": None if now is None or now == w.EARLIEST else now,  # None while uncovered: never insured
        "never": now == w.EARLIEST,
    }


def school_problems(school: Any, profile_row: Any, today: date | None = None) -> list[dict[str, Any]]:
    """What the school as a whole lacks (not one record): guards, cover, baseline items — for its findings list."""
    from ..models import BaselineItem, BaselineKind

    found = []
    if profile_row.guards_full_time < profile_row.guards_required:
        found.append(
            {
                "anchor": "guards",
                "text": _("Full-time guards: %(n)d in post of %(m)d required")
                % {"n": profile_row.guards_full_time, "m": profile_row.guards_required},
            }
        )
    cover = insurance_state(school, today)
    if not cover["covered"]:
        found.append({"anchor": "insurance", "text": _("No liability insurance today (脱保)")})
    from .patrols import patrol_points

    last = PatrolDay.objects.filter(school=school, closed=True).order_by("-day").first()
    if not patrol_points(school):
        found.append(
            {"anchor": "patrol", "text": _("No patrol points: add the security area to the checkpoints guards patrol")}
        )
    elif not Guard.objects.filter(school=school, is_active=True, post=GuardPost.PATROL).exists():
        found.append({"anchor": "patrol", "text": _("No guard has the patrol post: name the guards responsible")})
    if patrol_points(school) and last is not None and last.missed:
        found.append(
            {
                "anchor": "patrol",
                "text": _("Patrols on %(day)s: %(done)d of %(required)d rounds")
                % {"day": last.day.isoformat(), "done": last.done, "required": last.required},
            }
        )
    from ..models import GatePeriod
    from .patrols import gate_gaps, last_school_day

    for period in gate_gaps(school, today or clock.today()):
        found.append(
            {
                "anchor": "gate",
                "text": _("Gate post (护学岗) not logged: %(day)s, %(period)s")
                % {"day": last_school_day(today or clock.today()).isoformat(), "period": GatePeriod(period).label},
            }
        )
    checked = dict(BaselineItem.objects.filter(school=school).values_list("item", "met"))
    for item, label in BaselineKind.choices:
        if item not in checked:
            found.append({"anchor": "baseline", "text": _("%(item)s: not checked yet") % {"item": label}})
        elif not checked[item]:
            found.append({"anchor": "baseline", "text": _("%(item)s: not met") % {"item": label}})
    return found


@transaction.atomic
def register_hazard(record: Any, code: str, *, actor: Any, place: str = "") -> Hazard:
    """Register a failing check of a record as a hazard of its school (major by rule `facilities.major_findings`);
    once per record and check."""
    require_keeper(actor, record.school)
    record = type(record).objects.select_for_update().get(pk=record.pk)
    ledger = ledger_of(record)
    if code not in {check.code for check in ledger.checks}:
        raise ValidationError({"check": _("There is no such check.")})
    if (record.hazards or {}).get(code):
        raise ValidationError({"check": _("This finding is already a hazard.")})
    finding = next((f for f in record_findings(record, clock.today(), 0) if f.check.code == code and f.failing), None)
    if finding is None:
        raise ValidationError({"check": _("The record does not fail this check today.")})
    level = HazardLevel.MAJOR if finding.major else HazardLevel.GENERAL
    hazard = report_hazard(
        actor=actor,
        school=record.school,
        place=(place or str(record))[:120],
        area=ledger.area,
        level=level,
        description=_("%(ledger)s “%(record)s”: %(check)s (found in the school's sector ledger).")
        % {"ledger": ledger.label, "record": record, "check": finding.check.label},
        source=HazardSource.SELF_CHECK,
    )
    hazards = dict(record.hazards or {})
    hazards[code] = hazard.pk
    type(record).objects.filter(pk=record.pk).update(hazards=hazards)
    return hazard
