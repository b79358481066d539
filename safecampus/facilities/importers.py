"""Excel import of each ledger, from its template (one per ledger, its columns those the ledger declares).

Schools keep these lists in Excel today. Each row goes through the same service and form as the page, inside the
import's one transaction: a bad row is named with its row number and column, and nothing is written. A row whose
number (plate, policy, registration, licence) or name matches a record in use at the school corrects it; the
others are added. Importing the same file again changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import Perm
from safecampus.core.imports import Column, Importer, RowChange, RowChecks, RowInvalid, register
from safecampus.orgs.importers import SchoolRows

from .forms import ledger_form
from .ledgers import LEDGERS, Ledger
from .services import records

# The field that names a record within its school, per ledger (a re-import corrects that record).
IDENTITY = {
    "guard": "name",
    "insurance": "number",
    "bus": "plate",
    "driver": "name",
    "escort": "name",
    "route": "name",
    "canteen": "name",
    "worker": "name",
    "equipment": "name",
    "chemical": "name",
}
EXAMPLES: dict[str, Any] = {
    "plate": "鲁A12345",
    "seats": 35,
    "licence_no": "370102001",
    "name": "张建国",
    "birth_date": "1975-03-02",
    "number": "PZAA202637010200001",
    "insurer": "中国人民财产保险",
    "premium": 3000,
    "cas": "7664-93-9",
    "lab": "化学实验室",
}
YES_NO = ["是", "否"]


def _column(ledger: Ledger, name: str) -> Column:
    field = ledger.model._meta.get_field(name)
    kind = field.get_internal_type()
    required = not (field.blank or kind == "BooleanField" or field.has_default() and kind != "CharField")
    label = str(field.verbose_name)
    help_text = str(field.help_text or "")
    choices: list[str] = []
    if kind == "DateField":
        help_text = (help_text + " 如 2026-09-01").strip()
    elif kind == "BooleanField":
        choices = YES_NO
    elif field.choices:
        choices = [str(text) for _value, text in field.choices]
    elif kind == "ForeignKey":
        help_text = _("The name (or plate) of the school's record, as in its own ledger.")
    with_zh = _zh(label)
    return Column(name, with_zh, label, required, help_text, choices, example=EXAMPLES.get(name, ""))


def _zh(label: str) -> str:
    from django.utils import translation

    with translation.override("zh-hans"):
        return str(_(label))


class LedgerImporter(SchoolRows, Importer):
    ledger_key = ""
    perm = Perm.KEEP_FACILITIES
    max_rows = 20000

    @property
    def ledger(self) -> Ledger:
        return LEDGERS[self.ledger_key]

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]
        school = Column("school", "学校代码", "School code", False, "负责多所学校时必填。")
        return [school, *(_column(self.ledger, name) for name in self.ledger.columns)]

    def apply_row(self, number: int, record: dict[str, Any], seen: dict[str, int]) -> RowChange:
        school = self.kept_school(
            record,
            Perm.KEEP_FACILITIES,
            several=_("give the school's code (you keep more than one school)"),
            refused=_("you do not keep the ledgers of school %(code)s"),
        )
        check = RowChecks()
        values = {name: check(self.cell, school, name, record.get(name)) for name in self.ledger.columns}
        if check.errors:  # the cells that could not be read, and what the form finds wrong in the others, at once
            bad = {self.label(error.column) for error in check.errors} | {error.column for error in check.errors}
            form = ledger_form(self.ledger.key, school, data={k: v for k, v in values.items() if v is not None})
            form.is_valid()
            for name, messages in form.errors.items():
                if self.label(name) not in bad and name in self.ledger.columns:
                    check.errors.append(RowInvalid(self.label(name), "；".join(messages)))
            check.done()
        identity = IDENTITY[self.ledger.key]
        key = f"{school.pk}:{values.get(identity)}"
        if key in seen:
            raise RowInvalid(self.label(identity), _("repeats row %(row)s") % {"row": seen[key]})
        seen[key] = number
        model = self.ledger.model
        existing = model.objects.filter(school=school, is_active=True, **{identity: values.get(identity)}).first()
        if existing is not None and self._same(existing, values):
            return RowChange(number, "unchanged", str(existing), school.name)
        saved = records.save_record(self.ledger.key, actor=self.actor, school=school, values=values, record=existing)
        return RowChange(number, "update" if existing else "create", str(saved), school.name)

    def cell(self, school: Any, name: str, value: Any) -> Any:
        field = self.ledger.model._meta.get_field(name)
        kind = field.get_internal_type()
        if isinstance(value, datetime):
            value = value.date()
        if value is None or (isinstance(value, str) and not value.strip()):
            return False if kind == "BooleanField" else ""
        if kind == "BooleanField":
            return self.boolean({name: value}, name)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if kind == "DateField" and isinstance(value, str):
            return value.strip().replace("/", "-").replace(".", "-")
        if field.choices:
            by_label = {str(text): code for code, text in field.choices}
            return by_label.get(str(value).strip(), str(value).strip())
        if kind == "ForeignKey":
            target = field.related_model
            label = IDENTITY.get(next(k for k, ledger in LEDGERS.items() if ledger.model is target))
            found = target.objects.filter(school=school, is_active=True, **{label: str(value).strip()}).first()
            if found is None:
                raise RowInvalid(self.label(name), _("“%(value)s” is not in the school's ledger") % {"value": value})
            return found.pk
        return value if isinstance(value, int | float | date) else str(value).strip()

    @staticmethod
    def _same(existing: Any, values: dict[str, Any]) -> bool:
        for name, value in values.items():
            field = existing._meta.get_field(name)
            mine = getattr(existing, field.attname)
            if str(mine if mine is not None else "") != str(value if value is not None else ""):
                return False
        return True


for _key, _ledger in LEDGERS.items():
    register(
        type(
            f"{_ledger.model.__name__}Importer",
            (LedgerImporter,),
            {
                "kind": f"facilities_{_key}",
                "title_zh": f"安全台账：{_zh(str(_ledger.title))}",
                "upload_label": format_lazy("{}: {}", gettext_lazy("Security ledger"), _ledger.title),
                "ledger_key": _key,
            },
        )
    )
