"""Import a training's attendance list from Excel: one row per attendee (the form most training providers send).

Rows of the same school, course and day make one training; each person is found on the school's roster by name
and post, or added to it. Through the same services as the pages, in one transaction: a bad row is reported with
its row number and column, and nothing is written. Importing the same file again changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import Perm
from safecampus.core.imports import Column, Importer, RowChange, RowChecks, RowInvalid, register
from safecampus.orgs.importers import SchoolRows
from safecampus.orgs.models import OrgUnit

from .models import Post, RecordState, Training
from .services import training as service

POSTS_ZH = {
    "校长": Post.PRINCIPAL,
    "副校长": Post.PRINCIPAL,
    "园长": Post.PRINCIPAL,
    "副园长": Post.PRINCIPAL,
    "分管安全副校长": Post.SAFETY_LEAD,
    "安全负责人": Post.SAFETY_LEAD,
    "安全办主任": Post.SAFETY_LEAD,
    "班主任": Post.CLASS_TEACHER,
    "教师": Post.TEACHER,
    "老师": Post.TEACHER,
    "重点岗位": Post.SPECIAL,
    "消防": Post.SPECIAL,
    "实验员": Post.SPECIAL,
    "食堂": Post.SPECIAL,
    "其他": Post.OTHER,
}


@register
class TrainingImporter(SchoolRows, Importer):
    kind = "training"
    title_zh = "安全培训签到表"
    upload_label = gettext_lazy("Safety training attendance (one row per attendee)")
    perm = Perm.RECORD_DUTY
    max_rows = 30000

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]
        posts = list(POSTS_ZH)
        return [
            Column("school", "学校代码", "School code", False, "负责多所学校时必填。"),
            Column("name", "姓名", "Name", True, example="李娜"),
            Column("post", "岗位", "Post", True, "、".join(posts), posts, example="班主任"),
            Column(
                "course",
                "培训课程",
                "Course",
                True,
                "同一学校、同一课程、同一日期的各行为同一次培训。",
                example="校园消防安全与应急疏散",
            ),
            Column("held_on", "培训日期", "Day", True, "如 2026-11-20", example="2026-11-20"),
            Column("hours", "学时", "Hours", True, "0.5–12", example=2),
            Column("provider", "培训机构", "Provider", False, "", example="区消防救援大队"),
            Column("certificate", "证书编号", "Certificate", False, ""),
            Column("appointed_on", "任职日期", "Appointed on", False, "新任校长、副校长填写，用于任职培训 40 学时。"),
        ]

    def apply_row(self, number: int, record: dict[str, Any], seen: dict[str, int]) -> RowChange:
        check = RowChecks()
        school = check(self.school, record)
        name = check(self.text, record, "name", required=True, max_length=40)
        post = check(self.post, record)
        course = check(self.text, record, "course", required=True, max_length=120)
        held_on = check(self.day, record, "held_on", required=True)
        hours = check(self.hours, record)
        provider = check(self.text, record, "provider", max_length=120)
        certificate = check(self.text, record, "certificate", max_length=60)
        appointed_on = check(self.day, record, "appointed_on")
        check.done()
        key = f"{school.pk}:{name}:{post}:{course}:{held_on}"
        if key in seen:
            raise RowInvalid(self.label("name"), _("repeats row %(row)s") % {"row": seen[key]})
        seen[key] = number
        person = service.add_trainee(school, actor=self.actor, name=name, post=post, appointed_on=appointed_on)
        training = Training.objects.filter(
            school=school, course=course, held_on=held_on, state=RecordState.RECORDED
        ).first()
        if training is None:
            service.record_training(
                school,
                actor=self.actor,
                course=course,
                held_on=held_on,
                hours=hours,
                attendees=[person],
                provider=provider,
                certificates={person.pk: certificate},
            )
            return RowChange(number, "create", f"{course} · {name}", school.name)
        added = service.add_attendee(training, person, actor=self.actor, hours=hours, certificate=certificate)
        return RowChange(number, "create" if added else "unchanged", f"{course} · {name}", school.name)

    def school(self, record: dict[str, Any]) -> OrgUnit:
        return self.kept_school(
            record,
            Perm.RECORD_DUTY,
            several=_("give the school's code (you keep more than one school)"),
            refused=_("you do not record the duties of school %(code)s"),
        )

    def post(self, record: dict[str, Any]) -> str:
        text = self.text(record, "post", required=True, max_length=20)
        value = POSTS_ZH.get(text) or (text if text in Post.values else None)
        if value is None:
            raise RowInvalid(
                self.label("post"),
                _("“%(value)s” is not one of: %(allowed)s") % {"value": text, "allowed": "、".join(POSTS_ZH)},
            )
        return value

    def day(self, record: dict[str, Any], key: str, required: bool = False) -> date | None:
        value = record.get(key)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = self.text(record, key, required=required, max_length=20).replace("/", "-").replace(".", "-")
        if not text:
            return None
        try:
            return date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
        except ValueError:
            raise RowInvalid(self.label(key), _("is not a date such as 2026-11-20")) from None

    def hours(self, record: dict[str, Any]) -> Any:
        value = self.text(record, "hours", required=True, max_length=10)
        try:
            return service.hours_value(value)
        except Exception as error:  # noqa: BLE001 - any unreadable number is this column's input error
            messages = getattr(error, "messages", [str(error)])
            raise RowInvalid(self.label("hours"), "；".join(messages)) from None
