"""The “three lists” (问题清单、任务清单、责任清单) of a node and period, in the layout of the provincial annex."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from safecampus.core.xlsx_stream import append_row, workbook_bytes
from safecampus.orgs.models import OrgUnit

from .models import OPEN_STATES, Area, HazardLevel, HazardState

ANNEX = ["序号", "整治项目", "整治内容", "突出问题", "责任单位", "整治要求", "完成时间", "当前状态"]
PROBLEMS = ["序号", "类别", "学校", "地点", "问题描述", "等级", "来源", "发现时间", "状态"]
TASKS = ["序号", "学校", "地点", "整改措施", "整改资金（元）", "整改期限", "状态", "是否逾期"]
DUTIES = ["序号", "学校", "责任人", "主管单位", "挂牌督办单位", "验收销号时间"]


def period_hazards(queryset: QuerySet, start: date, end: date) -> QuerySet:
    """Hazards found in the period, plus those still open from before it (the stock it carries)."""
    tz = ZoneInfo(settings.TIME_ZONE)
    begin = datetime.combine(start, time.min, tz)
    finish = datetime.combine(end, time.max, tz)
    found = Q(found_at__gte=begin, found_at__lte=finish)
    carried = Q(found_at__lt=begin) & (Q(state__in=OPEN_STATES) | Q(closed_at__gte=begin))
    return (
        queryset.exclude(state=HazardState.DRAFT)
        .filter(found | carried)
        .select_related("school", "listed_by")
        .order_by("area", "org_path", "found_at")
    )


def three_lists(org: OrgUnit, queryset: QuerySet, start: date, end: date, today: date) -> bytes:
    hazards = list(period_hazards(queryset, start, end)[:100_000])
    areas, levels, states = dict(Area.choices), dict(HazardLevel.choices), dict(HazardState.choices)
    counties = {o.path: o.name for o in OrgUnit.objects.filter(depth=3)}
    workbook = Workbook()
    annex = workbook.active
    annex.title = "三个清单"
    append_row(
        annex, [f"{org.name}安全专项整治问题清单、任务清单、责任清单（{start:%Y年%m月%d日}—{end:%Y年%m月%d日}）"]
    )
    annex["A1"].font = Font(bold=True, size=13)
    _sheet_header(annex, ANNEX)
    for number, h in enumerate(hazards, start=1):
        responsible = f"{h.school.name}" + (f"（{h.owner_name}）" if h.owner_name else "")
        append_row(
            annex,
            [
                number,
                str(areas.get(h.area, h.area)),
                f"{h.school.name} {h.place}",
                h.description,
                responsible,
                h.measures or "按排查清单要求整改",
                h.deadline,
                str(states.get(h.state, h.state)),
            ],
        )
    problems = workbook.create_sheet("问题清单")
    _sheet_header(problems, PROBLEMS)
    tasks = workbook.create_sheet("任务清单")
    _sheet_header(tasks, TASKS)
    duties = workbook.create_sheet("责任清单")
    _sheet_header(duties, DUTIES)
    for number, h in enumerate(hazards, start=1):
        local = h.found_at.astimezone(ZoneInfo(settings.TIME_ZONE)).replace(tzinfo=None)
        append_row(
            problems,
            [
                number,
                str(areas.get(h.area, h.area)),
                h.school.name,
                h.place,
                h.description,
                str(levels.get(h.level, h.level)),
                h.get_source_display(),
                local,
                str(states.get(h.state, h.state)),
            ],
        )
        overdue = h.state in OPEN_STATES and h.deadline is not None and h.deadline < today
        append_row(
            tasks,
            [
                number,
                h.school.name,
                h.place,
                h.measures,
                h.funds,
                h.deadline,
                str(states.get(h.state, h.state)),
                "是" if overdue else "否",
            ],
        )
        closed = h.closed_at.astimezone(ZoneInfo(settings.TIME_ZONE)).replace(tzinfo=None) if h.closed_at else None
        append_row(
            duties,
            [
                number,
                h.school.name,
                h.owner_name,
                counties.get(h.org_path[:12], ""),
                h.listed_by.name if h.listed_by else "",
                closed,
            ],
        )
    for sheet in workbook.worksheets:
        for column, width in zip("ABCDEFGHI", (6, 16, 26, 40, 24, 36, 14, 12, 12), strict=True):
            sheet.column_dimensions[column].width = width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(workbook)


def _sheet_header(sheet: Any, titles: list[str]) -> None:
    append_row(sheet, titles)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
