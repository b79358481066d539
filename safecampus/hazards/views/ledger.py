"""The hazard ledger (台账) of a node: filters, sorting, paging, and the same rows as Excel."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

from safecampus.core import clock
from safecampus.core.access import Perm, has_perm
from safecampus.core.api import CountedPaginator
from safecampus.core.scope import sees_whole
from safecampus.core.xlsx_stream import stream_xlsx
from safecampus.orgs.models import Level, OrgUnit
from safecampus.orgs.views import breadcrumb

from ..figures import clear_to_zero_figures
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
    base = Hazard.objects.visible_within(request.user, org.path).select_related("school", "listed_by")
    filtered = HazardFilter(params, queryset=base, request=request)
    return filtered, filtered.qs


@login_required
def ledger(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    filtered, queryset = ledger_queryset(request, org)
    whole = sees_whole(request.user, org.path)
    counted = filtered.counted([org.path] if whole else None)
    if counted is not None:
        number = request.GET.get("page", "1")
        newest = counted.newest_first(50 * (int(number) if number.isdigit() else 1))
        queryset = newest.select_related("school", "listed_by") if newest is not None else queryset
    total = counted.total if counted is not None else None
    page = CountedPaginator(queryset, 50, count=total).get_page(request.GET.get("page"))
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
        "zero": clear_to_zero_figures(org, clock.today())
        if whole
        else clear_to_zero(Hazard.objects.visible_within(request.user, org.path), clock.today().year),
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
    # Labels are turned into text once, not once per row; Asia/Shanghai has no daylight saving time.
    areas = {k: str(v) for k, v in Area.choices}
    levels = {k: str(v) for k, v in HazardLevel.choices}
    sources = {k: str(v) for k, v in HazardSource.choices}
    states = {k: str(v) for k, v in HazardState.choices}
    shift = timedelta(hours=8)
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
        local_found = (found_at + shift).replace(tzinfo=None)
        yield [
            f"YH{local_found:%Y}{pk:07d}",
            school,
            code,
            place,
            areas.get(area, area),
            levels.get(level, level),
            sources.get(source, source),
            states.get(state, state),
            local_found,
            deadline,
            "是" if overdue else "否",
            listed or "",
            owner,
            measures,
            (closed + shift).replace(tzinfo=None) if closed else None,
            description,
        ]


WIDTHS = [16, 24, 14, 18, 14, 8, 12, 10, 17, 12, 8, 16, 10, 30, 17, 50]


@login_required
def ledger_export(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """Exactly the rows the ledger shows with the same filters, as .xlsx streamed while it is read."""
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    _filtered, queryset = ledger_queryset(request, org)
    name = f"hazards-{org.code}-{clock.today():%Y%m%d}.xlsx"
    response = StreamingHttpResponse(
        stream_xlsx("隐患台账", COLUMNS, ledger_rows(queryset, clock.today()), WIDTHS), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
