"""The ledgers' periodic work (jobs.py): a profile for every school, re-evaluation where a rule or a school's
size moved or a failing window ended, and one reminder per coming expiry. Counting needs none of it: failing
windows count on their days (windows.py); this only keeps the stored windows and the lists' filters current."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from safecampus.core.access import SCHOOL_MANAGERS, holders
from safecampus.core.notifications import notify
from safecampus.orgs.models import Level, OrgUnit
from safecampus.rules.services import rule_value

from ..ledgers import LEDGERS, WARN_KEY, Rules, ledger_of
from ..models import SecurityProfile
from .findings import record_findings
from .profile import refresh, rules_stamp
from .records import rewindow


def _stale_schools(stamp: str) -> Any:
    """Active schools with no profile, or whose size or rules moved since their profile was computed."""
    moved = SecurityProfile.objects.filter(
        ~Q(rules_stamp=stamp)
        | ~Q(students=F("school__school__student_count"))
        | ~Q(staff=F("school__school__staff_count"))
    ).values("school_id")
    missing = OrgUnit.objects.filter(level=Level.SCHOOL, is_active=True).exclude(
        pk__in=SecurityProfile.objects.values("school_id")
    )
    return OrgUnit.objects.filter(Q(pk__in=moved) | Q(pk__in=missing.values("pk"))).select_related("school")


def refresh_stale(today: date) -> dict[str, int]:
    stamp = rules_stamp()
    schools = rewindowed = 0
    for school in _stale_schools(stamp).iterator(chunk_size=500):
        with transaction.atomic():
            rules = Rules(school)
            refresh(school, rules, stamp)
            for ledger in LEDGERS.values():
                for record in ledger.model.objects.filter(school=school, is_active=True):
                    rewindowed += rewindow(record, rules, today)
        schools += 1
    # A gap in cover that ended (the next policy began) hands over to the next one.
    for profile in SecurityProfile.objects.filter(gap_until__lte=today).select_related("school__school"):
        refresh(profile.school, Rules(profile.school), stamp)
    # A failing window that ended (a driver turned 25, a late registration done) hands over to the next one.
    for ledger in LEDGERS.values():
        ended = ledger.model.objects.filter(is_active=True, fail_until__lte=today).select_related("school")
        for record in ended.iterator(chunk_size=500):
            with transaction.atomic():
                rewindowed += rewindow(record, Rules(record.school), today)
    return {"facility_profiles": schools, "facility_records_rewindowed": rewindowed}


def send_warnings(today: date) -> int:
    """Tell the school's keepers once when a record enters its warn days (its first failing day ahead)."""
    sent = 0
    horizon = today + timedelta(days=180)
    for ledger in LEDGERS.values():
        due = (
            ledger.model.objects.filter(is_active=True, expires_on__gt=today, expires_on__lte=horizon)
            .exclude(warned_for=F("expires_on"))
            .select_related("school")
        )
        for record in due.iterator(chunk_size=500):
            days = rule_value("facilities.warn_days", record.school)[WARN_KEY[ledger.key]]
            coming = [f for f in record_findings(record, today, days) if not f.failing]
            if not coming:
                continue
            with transaction.atomic():
                type(record).objects.filter(pk=record.pk).update(warned_for=record.expires_on)
                _notify(record, coming[0].check.label, coming[0].since)
            sent += 1
    sent += _insurance_warnings(today)
    return sent


def _notify(record: Any, what: Any, day: date) -> None:
    ledger = ledger_of(record)
    notify(
        holders(record.org_path, SCHOOL_MANAGERS),
        _("%(ledger)s “%(record)s”: %(what)s from %(day)s")
        % {"ledger": ledger.label, "record": record, "what": what, "day": day.isoformat()},
        _("Renew or correct it before that day; the school's ledger shows what is due."),
        f"/facilities/school/{record.school_id}/",
        kind="facilities.expiry",
    )


def _insurance_warnings(today: date) -> int:
    from .findings import insurance_state

    sent = 0
    due = SecurityProfile.objects.filter(lapse_from__gt=today, lapse_from__lte=today + timedelta(days=180))
    for profile in due.exclude(warned_for=F("lapse_from")).select_related("school").iterator(chunk_size=500):
        state = insurance_state(profile.school, today)
        if not state["soon"] or profile.warned_for == state["lapses_on"]:
            continue
        with transaction.atomic():
            SecurityProfile.objects.filter(pk=profile.pk).update(warned_for=state["lapses_on"])
            notify(
                holders(profile.org_path, SCHOOL_MANAGERS),
                _("Liability insurance ends: no cover from %(day)s") % {"day": state["lapses_on"].isoformat()},
                _("Renew the school's liability insurance (校方责任险) before that day, and record the new policy."),
                f"/facilities/school/{profile.school_id}/",
                kind="facilities.insurance",
            )
        sent += 1
    return sent
