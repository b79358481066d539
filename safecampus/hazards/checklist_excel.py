"""A bureau's own checklist from Excel: one row per item, checked before anything is written."""

from __future__ import annotations

from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from safecampus.core.xlsx_stream import append_row, workbook_bytes
from safecampus.orgs.models import SCHOOL_KIND_ZH

from .models import Area

COLUMNS = ["编码", "类别", "检查内容", "合格标准", "依据", "重大隐患判定项", "权重", "适用学校类型", "适用条件"]
AREA_BY_LABEL = {str(label): value for value, label in Area.choices}
FLAG_LABELS = {
    "寄宿制": "is_boarding",
    "校车": "uses_school_bus",
    "民办": "is_private",
    "农村": "is_rural",
    "小规模": "is_small",
}


def template() -> bytes:
    from django.utils import translation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "检查项"
    append_row(sheet, COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    with translation.override("zh-hans"):
        areas = "、".join(str(label) for _value, label in Area.choices)
    notes = workbook.create_sheet("填写说明")
    for row in (
        ["类别", areas],
        ["重大隐患判定项", "是/否"],
        ["权重", "1～10 的整数"],
        ["适用学校类型", "空白为全部；多个用、分隔：" + "、".join(v[0] for v in SCHOOL_KIND_ZH.values())],
        ["适用条件", "空白为无；多个用、分隔：" + "、".join(FLAG_LABELS)],
        [
            "示例",
            "LX-01 | 防溺水 | 校园周边河道是否设置护栏和警示牌 | 护栏完好，警示牌醒目 | "
            "县级要求 | 否 | 3 | 小学、初中 | 农村",
        ],
    ):
        append_row(notes, row)
    return workbook_bytes(workbook)


def _split(text: Any) -> list[str]:
    return [part.strip() for part in str(text or "").replace(",", "、").replace("，", "、").split("、") if part.strip()]


def read_items(stream: BinaryIO) -> list[dict[str, Any]]:
    """Parse the item rows; every problem names its row, and none means nothing is returned."""
    from django.utils import translation

    try:
        sheet = load_workbook(stream, read_only=True, data_only=True).worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for non-xlsx input
        raise ValidationError({"file": _("This is not a readable Excel (.xlsx) file.")}) from error
    with translation.override("zh-hans"):
        areas = {str(label): value for value, label in Area.choices}
    kinds = {alias: kind.value for kind, aliases in SCHOOL_KIND_ZH.items() for alias in aliases}
    items, problems = [], []
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if not row or all(value in (None, "") for value in row):
            continue
        cells = list(row) + [None] * (len(COLUMNS) - len(row))
        code, area, text, hint, source, major, weight, kind_text, flag_text = (cells[i] for i in range(9))
        row_problems = []
        area_value = areas.get(str(area or "").strip(), str(area or "").strip())
        if area_value not in Area.values:
            row_problems.append(_("unknown category “%(value)s”") % {"value": area})
        unknown_kinds = [k for k in _split(kind_text) if k not in kinds]
        unknown_flags = [f for f in _split(flag_text) if f not in FLAG_LABELS]
        if unknown_kinds or unknown_flags:
            row_problems.append(
                _("unknown school kind or condition: %(values)s") % {"values": "、".join(unknown_kinds + unknown_flags)}
            )
        try:
            weight_value = int(weight) if weight not in (None, "") else 1
        except (TypeError, ValueError):
            weight_value = 0
        if not 1 <= weight_value <= 10:
            row_problems.append(_("weight must be a whole number from 1 to 10"))
        if row_problems:
            problems.append(_("Row %(row)d: %(problems)s") % {"row": number, "problems": "；".join(row_problems)})
            continue
        items.append(
            {
                "code": str(code or "").strip(),
                "area": area_value,
                "text": str(text or "").strip(),
                "pass_hint": str(hint or "").strip(),
                "source": str(source or "").strip()[:200],
                "is_major_criterion": str(major or "").strip() in ("是", "yes", "1", "true", "True"),
                "weight": weight_value,
                "kinds": [kinds[k] for k in _split(kind_text)],
                "flags": [FLAG_LABELS[f] for f in _split(flag_text)],
            }
        )
    if problems:
        raise ValidationError({"file": problems})
    if not items:
        raise ValidationError({"file": _("The file has no data rows.")})
    return items
