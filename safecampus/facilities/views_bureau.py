"""A bureau's view of the ledgers: the figures of each unit below it, the schools that miss a baseline item, a
guard or cover, and each sector ledger of the subtree (filterable, exportable to Excel)."""

from __future__ import annotations

from collections import Counter as Tally
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.xlsx_stream import stream_xlsx
from safecampus.orgs.models import Level, OrgUnit
from safecampus.orgs.views import breadcrumb
from safecampus.rules.services import rule_value

from .dashboard import facility_figures
from .filters import filter_ledger
from .ledgers import LEDGERS, WARN_KEY, Ledger
from .models import BaselineKind, GateDuty, GatePeriod, SecurityProfile
from .services.findings import record_findings
from .services.patrols import last_school_day
from .views import _cell, _label, _ledger

PER_PAGE = 50


def _unit(request: HttpRequest, pk: int) -> OrgUnit:
    return get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)


@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    org = _unit(request, pk)
    if org.level == Level.SCHOOL:
        return redirect("facilities:school", pk=org.pk)
    today = clock.today()
    children = list(
        OrgUnit.objects.visible_to(request.user).within(org.path).filter(depth=org.depth + 1).order_by("code")
    )
    values = facility_figures([org, *children], today)
    return render(
        request,
        "facilities/overview.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "f": values[org.pk],
            "children": [{"org": child, "f": values[child.pk]} for child in children],
            "baseline": BaselineKind.choices,
            "ledgers": list(LEDGERS.values()),
        },
    )


def _missing_q(missing: str, today: Any) -> Q | None:
    if missing == "guard":
        return Q(guards_full_time=0)
    if missing == "short":
        return Q(guards_full_time__lt=F("guards_required"))
    if missing.startswith("baseline_") and missing[9:] in BaselineKind.values:
        return ~Q(baseline_met__contains=missing[9:])
    if missing == "gate":
        day = last_school_day(today)
        periods = Tally(GateDuty.objects.filter(day=day).values_list("school_id", flat=True))
        return ~Q(school_id__in=[school for school, n in periods.items() if n >= len(GatePeriod.values)])
    if missing == "insurance":
        return Q(gap_from__lte=today) & (Q(gap_until__isnull=True) | Q(gap_until__gt=today))
    return None


@login_required
def schools(request: HttpRequest, pk: int) -> HttpResponse:
    """The schools of the subtree missing something (a guard, cover, a baseline item), with their figures."""
    org = _unit(request, pk)
    today = clock.today()
    missing = request.GET.get("missing", "guard")
    condition = _missing_q(missing, today)
    if condition is None:
        missing, condition = "guard", Q(guards_full_time=0)
    rows = (
        SecurityProfile.objects.visible_to(request.user)
        .within(org.path)
        .filter(condition, school__is_active=True)
        .select_related("school")
        .order_by("org_path")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    choices = [("guard", _("without a full-time guard")), ("short", _("with too few full-time guards"))]
    choices += [("insurance", _("without liability insurance today"))]
    choices += [("gate", _("without both gate posts logged on the last school day"))]
    choices += [
        (f"baseline_{kind}", _("not meeting: %(item)s") % {"item": label}) for kind, label in BaselineKind.choices
    ]
    return render(
        request,
        "facilities/schools.html",
        {"org": org, "crumbs": breadcrumb(request.user, org), "page": page, "missing": missing, "choices": choices},
    )


def ledger_rows(request: HttpRequest, org: OrgUnit, ledger: Ledger) -> tuple[QuerySet, dict[str, str]]:
    """The ledger's records in use under `org`, filtered by the query: state (failing now / within N days),
    search text, school code."""
    rows = ledger.model.objects.visible_to(request.user).within(org.path).filter(is_active=True)
    rows, shown = filter_ledger(rows, ledger, request.GET, clock.today())
    return rows.select_related("school").order_by("org_path", "pk"), shown


@login_required
def ledger_page(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    org = _unit(request, pk)
    ledger = _ledger(key)
    rows, shown = ledger_rows(request, org, ledger)
    if request.GET.get("format") == "xlsx":
        return _export(org, ledger, rows)
    today = clock.today()
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    warn = rule_value("facilities.warn_days", org)[WARN_KEY[key]]
    items = [
        {
            "record": record,
            "cells": [_cell(record, name) for name in ledger.columns[:6]],
            "findings": record_findings(record, today, warn),
        }
        for record in page.object_list
    ]
    return render(
        request,
        "facilities/ledger.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "ledger": ledger,
            "ledgers": list(LEDGERS.values()),
            "page": page,
            "items": items,
            "headers": [_label(ledger, name) for name in ledger.columns[:6]],
            "shown": shown,
        },
    )


def _export(org: OrgUnit, ledger: Ledger, rows: QuerySet) -> HttpResponse:
    today = clock.today()
    header = [_("School code"), _("School"), *(_label(ledger, n) for n in ledger.columns), _("Findings today")]

    def lines() -> Any:
        for record in rows.iterator(chunk_size=1000):
            problems = [str(f.check.label) for f in record_findings(record, today, 0) if f.failing]
            cells = [_plain(record, name) for name in ledger.columns]
            yield [record.school.code, record.school.name, *cells, "；".join(problems)]

    name = f"{ledger.key}-{org.code or org.pk}-{today.isoformat()}.xlsx"
    response = StreamingHttpResponse(
        stream_xlsx(str(ledger.title), header, lines()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _plain(record: Any, name: str) -> Any:
    value = _cell(record, name)
    return value if isinstance(value, int | float | str) or hasattr(value, "isoformat") else str(value)
