"""The bimonthly review as a printable PDF (always Chinese) and as an Excel workbook."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import translation
from django.utils.timezone import localtime
from openpyxl import Workbook
from openpyxl.styles import Font

from safecampus.core.pdf import render_pdf
from safecampus.core.xlsx_stream import append_row, workbook_bytes


def review_pdf(review: dict[str, Any]) -> bytes:
    return render_pdf("dashboards/pdf/review.html", review)


def review_xlsx(review: dict[str, Any]) -> bytes:
    """Two sheets: the ranking with every figure behind the score, and the notable hazards."""
    with translation.override("zh-hans"):
        book = Workbook()
        sheet = book.active
        sheet.title = "排名"
        period = review["period"]
        append_row(sheet, [f"{review['org'].name} {period.label()} 督查点评"])
        sheet["A1"].font = Font(bold=True, size=14)
        weights = review["weights"]
        append_row(
            sheet,
            ["权重："] + [f"{label} {weights[key]:g}" for key, label in review["parts"]],
        )
        parts = review["weighted_parts"]
        header = [
            "名次",
            "单位",
            "得分",
            *[f"{label}%" for _key, label, _weight in parts],
            "新发现隐患",
            "整改销号",
            "按期销号",
            "当前未整改",
            "当前逾期",
            "应检查",
            "已检查",
            "按时检查",
        ]
        append_row(sheet, header)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in review["ranking"]:
            f = row["f"]
            append_row(
                sheet,
                [
                    row["place"],
                    row["name"],
                    row["score"],
                    *[f.get(key) for key, _label, _weight in parts],
                    *[
                        f.get(key)
                        for key in (
                            "found",
                            "closed",
                            "closed_on_time",
                            "open_now",
                            "overdue_now",
                            "tasks_due",
                            "tasks_done",
                            "tasks_on_time",
                        )
                    ],
                ],
            )
        sheet.column_dimensions["B"].width = 28
        notable = book.create_sheet("重点隐患")
        append_row(notable, ["编号", "学校", "部位", "隐患描述", "发现时间", "整改期限", "状态", "挂牌督办"])
        for cell in notable[1]:
            cell.font = Font(bold=True)
        for hazard in review["notable"]:
            append_row(
                notable,
                [
                    hazard["number"],
                    hazard["school"],
                    hazard["place"],
                    hazard["description"],
                    localtime(datetime.fromisoformat(hazard["found_at"])).strftime("%Y-%m-%d"),
                    hazard["deadline"] or "",
                    hazard["state"],
                    hazard["listed_by"],
                ],
            )
        notable.column_dimensions["B"].width = 28
        notable.column_dimensions["D"].width = 50
        return workbook_bytes(book)
