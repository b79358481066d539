"""The streaming .xlsx writer makes files Excel (and openpyxl) read back exactly."""

import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from safecampus.core.xlsx_stream import stream_xlsx


def test_round_trip_of_every_cell_type():
    rows = [
        ["文字 & <标签>", 3, Decimal("12.50"), date(2026, 3, 1), datetime(2026, 3, 1, 8, 30), None, True, "bad\x01char"]
    ]
    data = b"".join(stream_xlsx("隐患台账", ["A", "B", "C", "D", "E", "F", "G", "H"], rows, widths=[10] * 8))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "隐患台账"
    header, row = list(sheet.iter_rows(values_only=True))
    assert header == ("A", "B", "C", "D", "E", "F", "G", "H")
    assert row[0] == "文字 & <标签>" and row[1] == 3 and row[2] == 12.5
    assert row[3].date() == date(2026, 3, 1) and row[4] == datetime(2026, 3, 1, 8, 30)
    assert row[5] is None and row[6] == "是" and row[7] == "badchar"


def test_large_exports_stream_in_chunks():
    rows = ([f"行{i}", i, "灭火器是否在有效期内，压力是否正常"] for i in range(30000))
    chunks = list(stream_xlsx("x", ["a", "b", "c"], rows, flush_bytes=1024))
    assert len(chunks) > 3, "bytes leave before the last row is read"
    sheet = load_workbook(io.BytesIO(b"".join(chunks)), read_only=True).active
    assert sum(1 for _ in sheet.iter_rows()) == 30001
