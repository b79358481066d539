"""Import schools from Excel: create new ones, update existing ones, idempotently."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import Perm, access, english, has_perm
from safecampus.core.imports import Column, Importer, RowChange, RowChecks, RowInvalid, register

from .models import MAX_STAFF, MAX_STUDENTS, PHONE, SCHOOL_CODE, SCHOOL_KIND_ZH, Level, OrgUnit, School, SchoolKind
from .services import create_org, update_org, update_school

FLAGS = [
    ("is_boarding", "寄宿制", "Boarding"),
    ("uses_school_bus", "校车", "School bus"),
    ("is_private", "民办", "Private"),
    ("is_rural", "农村", "Rural"),
    ("is_small", "小规模", "Small school"),
]


def kind_from_text(text: str) -> str | None:
    """Accept a kind code, its Chinese name or alias, or its English label."""
    cleaned = (text or "").strip()
    for kind in SchoolKind:
        if cleaned.lower() == kind.value or cleaned in SCHOOL_KIND_ZH[kind] or cleaned == english(kind.label):
            return kind.value
    return None


def kind_labels_zh() -> list[str]:
    return [SCHOOL_KIND_ZH[kind][0] for kind in SchoolKind]


@register
class SchoolImporter(Importer):
    kind = "schools"
    title_zh = "学校"
    upload_label = gettext_lazy("Schools")

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]
        return [
            Column(
                "code",
                "学校代码",
                "School code",
                True,
                "学校标识码，全省唯一；已存在则更新该校。",
                example="3701021001",
            ),
            Column("name", "学校名称", "Name", True, "", example="历下区第一实验小学"),
            Column(
                "parent_code",
                "上级单位代码",
                "Parent code",
                True,
                "所属县（市、区）的行政区划代码或其他单位代码。",
                example="370102",
            ),
            Column(
                "kind", "学校类型", "Kind", True, "、".join(kind_labels_zh()), choices=kind_labels_zh(), example="小学"
            ),
            *[
                Column(key, zh, en, False, "是/否，空白为否", choices=["是", "否"], example="否")
                for key, zh, en in FLAGS
            ],
            Column("student_count", "学生数", "Students", False, "整数", example=1200),
            Column("staff_count", "教职工数", "Staff", False, "整数", example=80),
            Column("address", "地址", "Address", False, "", example="济南市历下区文化东路1号"),
            Column("phone", "联系电话", "Phone", False, "", example="0531-00000000"),
            Column("lng", "经度", "Longitude", False, "十进制度，73～136", example=117.05),
            Column("lat", "纬度", "Latitude", False, "十进制度，3～54", example=36.66),
            Column("short_name", "简称", "Short name", False, "", example=""),
        ]

    def apply_row(self, number: int, record: dict[str, Any], seen: dict[str, int]) -> RowChange:
        check = RowChecks()
        code = check(self.school_code, record, number, seen)
        name = check(self.text, record, "name", required=True, max_length=100)
        parent_code = check(self.text, record, "parent_code", required=True, max_length=20)
        kind = check(self.school_kind, record)
        school_fields: dict[str, Any] = {"kind": kind}
        for key, _zh, _en in FLAGS:
            school_fields[key] = check(self.boolean, record, key)
        school_fields["student_count"] = check(self.integer, record, "student_count", maximum=MAX_STUDENTS)
        school_fields["staff_count"] = check(self.integer, record, "staff_count", maximum=MAX_STAFF)
        school_fields["address"] = check(self.text, record, "address", max_length=200)
        school_fields["phone"] = check(self.phone, record)
        org_fields: dict[str, Any] = {
            "name": name,
            "code": code,
            "short_name": check(self.text, record, "short_name", max_length=40),
            "lng": check(self.decimal, record, "lng", 73, 136),
            "lat": check(self.decimal, record, "lat", 3, 54),
        }
        check.done()
        # Optional cells left blank keep what is stored (flags: blank means 否).
        for key in ("student_count", "staff_count", "address", "phone"):
            if _blank(record.get(key)):
                school_fields.pop(key)
        for key in ("short_name", "lng", "lat"):
            if _blank(record.get(key)):
                org_fields.pop(key)
        parent = OrgUnit.objects.filter(code=parent_code).first()
        if parent is None:
            raise RowInvalid(self.label("parent_code"), _("no unit has the code %(code)s") % {"code": parent_code})
        if not has_perm(self.actor, Perm.MANAGE_ORGS, parent):
            raise RowInvalid(self.label("parent_code"), _("unit %(code)s is outside your area") % {"code": parent_code})
        if parent.level == Level.SCHOOL:
            raise RowInvalid(
                self.label("parent_code"),
                _("unit %(code)s is a school; a school cannot hold schools") % {"code": parent_code},
            )
        existing = OrgUnit.objects.filter(code=code).first()
        if existing is None:
            create_org(actor=self.actor, parent=parent, level=Level.SCHOOL, fields=org_fields, school=school_fields)
            return RowChange(number, "create", code, name)
        if existing.level != Level.SCHOOL:
            raise RowInvalid(
                self.label("code"), _("code %(code)s belongs to a unit that is not a school") % {"code": code}
            )
        if not has_perm(self.actor, Perm.MANAGE_ORGS, existing):
            raise RowInvalid(self.label("code"), _("school %(code)s is outside your area") % {"code": code})
        if not existing.path.startswith(parent.path) or existing.depth != parent.depth + 1:
            raise RowInvalid(
                self.label("parent_code"),
                _("the school is registered under another unit; moving a school is not done by import"),
            )
        profile = School.objects.get(org=existing)
        before = _snapshot(existing, profile)
        update_org(existing, actor=self.actor, fields={k: v for k, v in org_fields.items() if k != "code"})
        update_school(profile, actor=self.actor, fields=school_fields)
        changed = [key for key, value in _snapshot(existing, profile).items() if before[key] != value]
        if not changed:
            return RowChange(number, "unchanged", code, name)
        return RowChange(number, "update", code, "、".join(self.label(FIELD_COLUMNS.get(k, k)) for k in changed))

    def school_code(self, record: dict[str, Any], number: int, seen: dict[str, int]) -> str:
        code = self.text(record, "code", required=True, max_length=20)
        if not SCHOOL_CODE.match(code):
            raise RowInvalid(self.label("code"), _("must be 6 to 20 digits, not “%(value)s”") % {"value": code})
        if code in seen:
            raise RowInvalid(self.label("code"), _("duplicates row %(row)d of this file") % {"row": seen[code]})
        seen[code] = number
        return code

    def school_kind(self, record: dict[str, Any]) -> str:
        kind_text = self.text(record, "kind", required=True, max_length=30)
        kind = kind_from_text(kind_text)
        if kind is None:
            raise RowInvalid(
                self.label("kind"),
                _("“%(value)s” is not a school kind; use one of: %(kinds)s")
                % {"value": kind_text, "kinds": "、".join(kind_labels_zh())},
            )
        return kind

    def phone(self, record: dict[str, Any]) -> str:
        phone = self.text(record, "phone", max_length=30)
        if phone and not PHONE.match(phone):
            raise RowInvalid(self.label("phone"), _("is not a phone number (digits, spaces, + and - only)"))
        return phone


FIELD_COLUMNS = {"name": "name", "short_name": "short_name", "lng": "lng", "lat": "lat"}


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def _snapshot(org: OrgUnit, school: School) -> dict[str, Any]:
    fields = {name: getattr(org, name) for name in ("name", "short_name", "lng", "lat")}
    fields.update(
        {
            name: getattr(school, name)
            for name in ("kind", "student_count", "staff_count", "address", "phone", *School.FLAG_FIELDS)
        }
    )
    return fields


class SchoolRows:
    """Mixin for an Importer whose rows carry a `school` column (a school's code)."""

    def kept_school(self, record: dict[str, Any], perm: str, *, several: str, refused: str) -> Any:
        """The school of the row's `school` column (its code), which the user must hold `perm` on; with the column
        empty, the one school they hold it on. `several` and `refused` (with %(code)s) say why a row is refused."""
        code = self.text(record, "school", max_length=20)
        if not code:
            schools = list(OrgUnit.objects.filter(path__in=access(self.actor).nodes(perm), level=Level.SCHOOL)[:2])
            if len(schools) != 1:
                raise RowInvalid(self.label("school"), several)
            return schools[0]
        school = OrgUnit.objects.visible_to(self.actor).filter(code=code, level=Level.SCHOOL).first()
        if school is None or not access(self.actor).holds(perm, school.path):
            raise RowInvalid(self.label("school"), refused % {"code": code})
        return school
