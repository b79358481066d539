"""The hazard ledger (台账) of a node: filters, sorting, paging, and the same rows as Excel."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from safecampus.accounts.roles import Perm
from safecampus.core import clock
from safecampus.orgs.models import Level, OrgUnit
from safecampus.orgs.permissions import has_perm
from safecampus.orgs.views import breadcrumb

from ..filters import HazardFilter
from ..models import Area, Hazard, HazardLevel, HazardSource, HazardState
from ..stats import clear_to_zero

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ledger_queryset(request: HttpRequest, org: OrgUnit) -> tuple[HazardFilter, QuerySet]:
    params = request.GET.copy()
    params.pop("page", None)
    params["org"] = str(org.pk)
    if not params.get("ordering"):
        params["ordering"] = "-found_at"
    base = Hazard.objects.visible_to(request.user).select_related("school", "listed_by")
    filtered = HazardFilter(params, queryset=base, request=request)
    return filtered, filtered.qs


@login_required
def ledger(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    filtered, queryset = ledger_queryset(request, org)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    context = {
        "org": org,
        "crumbs": breadcrumb(request.user, org),
        "filter": filtered,
        "page": page,
        "today": clock.today(),
        "query": request.GET.urlencode(),
        "states": HazardState.choices,
        "levels": HazardLevel.choices,
        "areas": Area.choices,
        "sources": HazardSource.choices,
        "zero": clear_to_zero(Hazard.objects.visible_to(request.user).within(org.path), clock.today().year),
        "can_recheck": org.level != Level.SCHOOL and has_perm(request.user, Perm.SUPERVISE, org),
    }
    template = "hazards/_ledger_rows.html" if request.htmx else "hazards/ledger.html"
    return render(request, template, context)


COLUMNS = [
    "编号",
    "学校",
    "学校代码",
    "地点",
    "类别",
    "等级",
    "来源",
    "状态",
    "发现时间",
    "整改期限",
    "是否逾期",
    "挂牌督办单位",
    "责任人",
    "整改措施",
    "销号时间",
    "隐患描述",
]


def ledger_rows(queryset: QuerySet, today: Any) -> Any:
    areas, levels = dict(Area.choices), dict(HazardLevel.choices)
    sources, states = dict(HazardSource.choices), dict(HazardState.choices)
    rows = queryset.values_list(
        "pk",
        "found_at",
        "school__name",
        "school__code",
        "place",
        "area",
        "level",
        "source",
        "state",
        "deadline",
        "listed_by__name",
        "owner_name",
        "measures",
        "closed_at",
        "description",
    )
    for (
        pk,
        found_at,
        school,
        code,
        place,
        area,
        level,
        source,
        state,
        deadline,
        listed,
        owner,
        measures,
        closed,
        description,
    ) in rows.iterator(chunk_size=2000):
        overdue = state in ("reported", "rectifying", "submitted") and deadline is not None and deadline < today
        yield [
            f"YH{timezone.localtime(found_at):%Y}{pk:07d}",
            school,
            code,
            place,
            str(areas.get(area, area)),
            str(levels.get(level, level)),
            str(sources.get(source, source)),
            str(states.get(state, state)),
            timezone.localtime(found_at).replace(tzinfo=None),
            deadline,
            "是" if overdue else "否",
            listed or "",
            owner,
            measures,
            timezone.localtime(closed).replace(tzinfo=None) if closed else None,
            description,
        ]


@login_required
def ledger_export(request: HttpRequest, pk: int) -> FileResponse:
    """Exactly the rows the ledger shows with the same filters, as .xlsx (write-only, constant memory)."""
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    _filtered, queryset = ledger_queryset(request, org)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("隐患台账")
    sheet.append([_bold(sheet, title) for title in COLUMNS])
    for row in ledger_rows(queryset, clock.today()):
        sheet.append(row)
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    workbook.save(spool)
    spool.seek(0)
    name = f"hazards-{org.code}-{clock.today():%Y%m%d}.xlsx"
    return FileResponse(spool, as_attachment=True, filename=name, content_type=XLSX)


def _bold(sheet: Any, value: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell
