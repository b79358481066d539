"""Build real .xlsx files for import tests."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook, load_workbook


def make_xlsx(header: list[str], rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_xlsx(data: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


SCHOOL_HEADER = ["学校代码", "学校名称", "上级单位代码", "学校类型", "寄宿制", "校车", "学生数", "经度", "纬度"]
