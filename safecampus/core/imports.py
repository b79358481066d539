"""Excel import machinery shared by every importer: templates, parsing, all-or-nothing runs.

An importer declares its columns and a `apply_row` that calls the same service
functions the pages use. A run always happens inside one transaction; a dry
run, or a run with any bad row, is rolled back, so the preview shows exactly
what the real run would do and a bad file changes nothing.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .history import change_context
from .xlsx_stream import append_row, workbook_bytes

TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "有"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "", "无"}


@dataclass
class Column:
    key: str
    label_zh: str
    label_en: str
    required: bool = False
    help_zh: str = ""
    choices: list[str] | None = None  # offered as a drop-down in the template
    example: Any = ""


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class RowChange:
    row: int
    action: str  # create, update, unchanged
    key: str
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "action": self.action, "key": self.key, "detail": self.detail}


@dataclass
class ImportResult:
    changes: list[RowChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        counts = {"create": 0, "update": 0, "unchanged": 0, "errors": len(self.errors)}
        for change in self.changes:
            counts[change.action] = counts.get(change.action, 0) + 1
        return counts


class RowInvalid(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


class RowsInvalid(Exception):
    """Several cells of one row are wrong; all of them are reported at once."""

    def __init__(self, errors: list[RowInvalid]) -> None:
        super().__init__("; ".join(error.message for error in errors))
        self.errors = errors


class RowChecks:
    """Run every cell check of a row, keep going after a failure, then report them all."""

    def __init__(self) -> None:
        self.errors: list[RowInvalid] = []

    def __call__(self, check: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return check(*args, **kwargs)
        except RowInvalid as error:
            self.errors.append(error)
            return None
        except RowsInvalid as errors:
            self.errors.extend(errors.errors)
            return None

    def done(self) -> None:
        if self.errors:
            raise RowsInvalid(self.errors)


class FileInvalid(Exception):
    """The file as a whole cannot be read (not Excel, no header, missing columns)."""


class Importer(ABC):
    kind = ""
    title_zh = ""
    upload_label: Any = ""  # what the upload form calls it
    perm = "import.run"  # the permission (core.access.Perm) that opens this import to a user
    columns: list[Column] = []
    max_rows = 100_000

    def __init__(self, actor: Any) -> None:
        self.actor = actor

    # --- reading -----------------------------------------------------------
    def header_map(self, header: Iterable[Any]) -> dict[int, Column]:
        lookup: dict[str, Column] = {}
        for column in self.columns:
            for name in (column.key, column.label_zh, column.label_en):
                lookup[name.strip().lower()] = column
        mapping: dict[int, Column] = {}
        for index, cell in enumerate(header):
            text = str(cell or "").replace("*", "").strip().lower()
            if text in lookup:
                mapping[index] = lookup[text]
        missing = [c.label_zh for c in self.columns if c.required and c not in mapping.values()]
        if missing:
            raise FileInvalid(
                _("Missing columns: %(columns)s. Download the template and keep its header row.")
                % {"columns": "、".join(missing)}
            )
        return mapping

    def read_rows(self, stream: BinaryIO) -> list[tuple[int, dict[str, Any]]]:
        try:
            workbook = load_workbook(stream, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for non-xlsx input
            raise FileInvalid(_("This is not a readable Excel (.xlsx) file.")) from error
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise FileInvalid(_("The first sheet is empty."))
        mapping = self.header_map(header)
        result = []
        for number, values in enumerate(rows, start=2):
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            if len(result) >= self.max_rows:
                raise FileInvalid(_("The file has more than %(max)d rows; split it.") % {"max": self.max_rows})
            record = {column.key: None for column in self.columns}
            for index, column in mapping.items():
                if index < len(values):
                    record[column.key] = values[index]
            result.append((number, record))
        workbook.close()
        if not result:
            raise FileInvalid(_("The file has no data rows."))
        return result

    # --- cell helpers --------------------------------------------------------
    def text(self, record: dict[str, Any], key: str, required: bool = False, max_length: int = 200) -> str:
        value = record.get(key)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
        if "\x00" in text:
            raise RowInvalid(self.label(key), _("contains a NUL character"))
        if required and not text:
            raise RowInvalid(self.label(key), _("is required"))
        if len(text) > max_length:
            raise RowInvalid(self.label(key), _("is longer than %(max)d characters") % {"max": max_length})
        return text

    def boolean(self, record: dict[str, Any], key: str) -> bool:
        value = record.get(key)
        if isinstance(value, bool):
            return value
        text = "" if value is None else str(value).strip().lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise RowInvalid(self.label(key), _("must be 是 or 否 (yes or no), not “%(value)s”") % {"value": value})

    def integer(self, record: dict[str, Any], key: str, minimum: int = 0, maximum: int = 10**7) -> int:
        value = record.get(key)
        if value is None or str(value).strip() == "":
            return 0
        try:
            number = float(str(value).strip())
        except ValueError as error:
            raise RowInvalid(
                self.label(key), _("must be a whole number, not “%(value)s”") % {"value": value}
            ) from error
        if not number.is_integer() or not minimum <= number <= maximum:
            raise RowInvalid(
                self.label(key), _("must be a whole number from %(min)d to %(max)d") % {"min": minimum, "max": maximum}
            )
        return int(number)

    def decimal(self, record: dict[str, Any], key: str, minimum: float, maximum: float) -> float | None:
        value = record.get(key)
        if value is None or str(value).strip() == "":
            return None
        try:
            number = float(str(value).strip())
        except ValueError as error:
            raise RowInvalid(self.label(key), _("must be a number, not “%(value)s”") % {"value": value}) from error
        if not minimum <= number <= maximum:
            raise RowInvalid(
                self.label(key), _("must lie between %(min)s and %(max)s") % {"min": minimum, "max": maximum}
            )
        return number

    def label(self, key: str) -> str:
        for column in self.columns:
            if column.key == key:
                return column.label_zh if translation.get_language() == "zh-hans" else column.label_en
        return key

    # --- running -------------------------------------------------------------
    @abstractmethod
    def apply_row(self, number: int, record: dict[str, Any], seen: dict[str, int]) -> RowChange:
        """Validate one row and apply it through the services; `seen` catches repeats in the file."""

    def run(self, stream: BinaryIO, *, dry_run: bool) -> ImportResult:
        """Validate and apply every row in one transaction; keep it only if all rows pass and not a dry run."""
        result = ImportResult()
        try:
            rows = self.read_rows(stream)
        except FileInvalid as error:
            result.errors.append(RowError(0, "", str(error)))
            return result
        seen: dict[str, int] = {}
        with transaction.atomic(), change_context("import"):
            for number, record in rows:
                try:
                    with transaction.atomic():
                        result.changes.append(self.apply_row(number, record, seen))
                except RowInvalid as error:
                    result.errors.append(RowError(number, error.column, error.message))
                except RowsInvalid as errors:
                    result.errors.extend(RowError(number, e.column, e.message) for e in errors.errors)
                except ValidationError as error:
                    for column, messages in _validation_items(error):
                        result.errors.append(
                            RowError(number, self.label(column) if column else "", "；".join(messages))
                        )
                except PermissionDenied as error:
                    result.errors.append(RowError(number, "", str(error)))
            if dry_run or result.errors:
                transaction.set_rollback(True)
            else:
                result.applied = True
        return result

    # --- template ------------------------------------------------------------
    def template(self) -> bytes:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = self.title_zh or self.kind
        bold = Font(bold=True)
        required_fill = PatternFill("solid", fgColor="FFF2CC")
        for index, column in enumerate(self.columns, start=1):
            cell = sheet.cell(row=1, column=index, value=column.label_zh + ("*" if column.required else ""))
            cell.font = bold
            if column.required:
                cell.fill = required_fill
            sheet.column_dimensions[get_column_letter(index)].width = max(12, len(column.label_zh) * 2 + 4)
            if column.choices:
                validation = DataValidation(
                    type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True
                )
                validation.error = "请从下拉列表中选择"
                sheet.add_data_validation(validation)
                validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}5000")
        sheet.freeze_panes = "A2"
        notes = workbook.create_sheet("填写说明 Instructions")
        append_row(notes, ["列 Column", "English", "必填 Required", "说明 Notes"])
        for cell in notes[1]:
            cell.font = bold
        for column in self.columns:
            append_row(notes, [column.label_zh, column.label_en, "是" if column.required else "否", column.help_zh])
        append_row(notes, [])
        append_row(notes, ["示例 Example (在第一张表中从第2行起填写 fill in the first sheet from row 2)"])
        append_row(notes, [column.label_zh for column in self.columns])
        append_row(notes, [column.example for column in self.columns])
        append_row(notes, [])
        append_row(notes, ["带*的列必须填写。Columns marked * are required."])
        for letter, width in zip("ABCD", (18, 24, 12, 70), strict=True):
            notes.column_dimensions[letter].width = width
        return workbook_bytes(workbook)


def _validation_items(error: ValidationError) -> list[tuple[str, list[str]]]:
    if hasattr(error, "error_dict"):
        return [(key, [str(m) for m in ValidationError(value).messages]) for key, value in error.error_dict.items()]
    return [("", [str(m) for m in error.messages])]


IMPORTERS: dict[str, type[Importer]] = {}


def register(importer: type[Importer]) -> type[Importer]:
    IMPORTERS[importer.kind] = importer
    return importer
