"""Every spreadsheet the platform writes goes through this module; user text is always written as text.

Text that begins with `=`, `+`, `-` or `@` (or a tab or carriage return) would
be a live formula in Excel or LibreOffice (CSV/formula injection, OWASP). Here
text is always a string cell, never a formula, with its value unchanged, and
such text is also marked "quote prefix" so that editing the cell in Excel keeps
it text. Numbers, dates and times stay numbers, dates and times.

- `stream_xlsx(...)`: a streaming one-sheet writer for ledgers (rows go out as
  they are read, in constant memory; openpyxl builds the whole workbook first,
  about 5,000 rows/s here, while a 100,000-row ledger must start at once).
- `append_row(sheet, values)`: openpyxl's `sheet.append` for workbooks built
  with openpyxl (several sheets, merged titles, styles).
- `text_cell(sheet, value)`: one openpyxl cell, for code that places cells itself.
- `workbook_bytes(workbook)`: save an openpyxl workbook; any cell still typed as
  a formula is turned back into text first, so no export can ever carry one.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.cell.cell import Cell

# What makes a spreadsheet read text as a formula (OWASP CSV injection guidance).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
EPOCH = datetime(1899, 12, 30)
# Characters XML 1.0 forbids; Excel refuses files that contain them.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"""
# Style 1: date; style 2: date and time; style 3: bold (the header); style 4: text with a quote prefix.
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="5"><xf/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf fontId="1" applyFont="1"/><xf quotePrefix="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""


class _Sink(io.RawIOBase):
    """A write-only stream whose bytes are taken away as they arrive."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.size = 0
        self.position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.chunks.append(chunk)
        self.size += len(chunk)
        self.position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self.position

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks, self.size = [], 0
        return data


def _cell(value: Any, style: int = 0) -> str:
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, datetime):
        serial = (value.replace(tzinfo=None) - EPOCH).total_seconds() / 86400
        return f'<c s="2"><v>{serial:.10f}</v></c>'
    if isinstance(value, date):
        return f'<c s="1"><v>{(value - EPOCH.date()).days}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f"<c><v>{value}</v></c>"
    raw = ILLEGAL.sub("", str(value))
    if not style and raw.startswith(FORMULA_LEADS):
        style = 4
    text = escape(raw, {"\r": "&#13;"})  # a bare CR would be read back as LF
    styled = f' s="{style}"' if style else ""
    return f'<c t="inlineStr"{styled}><is><t xml:space="preserve">{text}</t></is></c>'


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def text_cell(sheet: Any, value: Any) -> Any:
    """An openpyxl cell of `sheet` holding `value`: text as a string cell (never a formula), others as they are."""
    if not isinstance(value, str):
        return value
    cell = Cell(sheet)
    cell.value = ILLEGAL.sub("", value)
    cell.data_type = "s"
    if looks_like_formula(value):
        cell.quotePrefix = True
    return cell


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """`sheet.append(values)`, with every text written as text."""
    sheet.append([text_cell(sheet, value) for value in values])


def workbook_bytes(workbook: Any) -> bytes:
    """The saved .xlsx of an openpyxl workbook; a cell typed as a formula is turned back into text first."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def stream_xlsx(
    sheet_name: str,
    header: list[str],
    rows: Iterable[list[Any]],
    widths: list[int] | None = None,
    flush_bytes: int = 256 * 1024,
) -> Iterator[bytes]:
    """Yield the bytes of a one-sheet .xlsx with a bold header row, as the rows come."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name=escape(sheet_name[:31])))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            columns = "".join(
                f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths or [], start=1)
            )
            sheet.write(
                (
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" state="frozen"/>'
                    f"</sheetView></sheetViews>{f'<cols>{columns}</cols>' if columns else ''}<sheetData>"
                ).encode()
            )
            sheet.write(("<row>" + "".join(_cell(title, 3) for title in header) + "</row>").encode())
            buffer: list[str] = []
            for row in rows:
                buffer.append("<row>" + "".join(_cell(value) for value in row) + "</row>")
                if len(buffer) >= 500:
                    sheet.write("".join(buffer).encode())
                    buffer = []
                    if sink.size >= flush_bytes:
                        yield sink.take()
            sheet.write(("".join(buffer) + "</sheetData></worksheet>").encode())
    yield sink.take()
