"""Import a school's risk register from Excel: one row per risk, its point created or updated by name.

Rows go through the same services as the pages (create_point, edit_point,
identify_risk, the evaluate and add_measure steps), in one transaction: a bad
row is reported with its row number and nothing is written. Importing the same
file again changes nothing (a risk is known by its point and its hazard factor).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import Perm
from safecampus.core.imports import Column, Importer, RowChange, RowChecks, RowInvalid, RowsInvalid, register
from safecampus.orgs.importers import SchoolRows
from safecampus.orgs.models import OrgUnit

from .models import AccidentType, DirectReason, FactorClass, MeasureKind, PointCategory, PointKind, Risk, RiskPoint
from .services import points, steps

METHODS = {
    "LEC": "lec",
    "LEC法": "lec",
    "矩阵": "matrix",
    "风险矩阵": "matrix",
    "矩阵法": "matrix",
    "直接判定": "direct",
}


def _zh_choices(choices: Any) -> dict[str, str]:
    """Chinese labels (and codes) of a choice list → code."""
    from django.utils import translation

    with translation.override("zh-hans"):
        found = {str(label): value for value, label in choices}
    return found | {value: value for value, _label in choices}


def _labels(choices: Any) -> list[str]:
    from django.utils import translation

    with translation.override("zh-hans"):
        return [str(label) for _value, label in choices]


@register
class RiskImporter(SchoolRows, Importer):
    kind = "risks"
    title_zh = "风险清单"
    upload_label = gettext_lazy("Risk register (one row per risk)")
    perm = Perm.MANAGE_RISK
    max_rows = 5000

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]
        return [
            Column("school", "学校代码", "School code", False, "维护多所学校清单时必填；只维护一所学校可不填。"),
            Column(
                "point",
                "风险点名称",
                "Risk point",
                True,
                "同名风险点只建一次，其余各列更新该风险点。",
                example="食堂燃气间",
            ),
            Column(
                "point_kind",
                "风险点类型",
                "Point type",
                True,
                "、".join(_labels(PointKind.choices)),
                _labels(PointKind.choices),
                example="场所、设施设备",
            ),
            Column(
                "category",
                "类别",
                "Category",
                True,
                "、".join(_labels(PointCategory.choices)),
                _labels(PointCategory.choices),
                example="燃气间或锅炉房",
            ),
            Column("place", "位置", "Place", False, "", example="食堂一楼东侧"),
            Column("post", "责任岗位", "Responsible post", True, "", example="后勤主任"),
            Column("person", "责任人", "Responsible person", True, "", example="王强"),
            Column("phone", "联系电话", "Phone", False, "", example="13800000000"),
            Column(
                "factor",
                "危险有害因素",
                "Hazard factor",
                True,
                "同一风险点下同一因素只登记一次。",
                example="燃气管道泄漏",
            ),
            Column(
                "factor_class",
                "因素类别",
                "Factor class",
                True,
                "、".join(_labels(FactorClass.choices)),
                _labels(FactorClass.choices),
                example="物的因素（设施、设备、物料）",
            ),
            Column(
                "accident",
                "可能导致的事故",
                "Possible accident",
                True,
                "、".join(_labels(AccidentType.choices)),
                _labels(AccidentType.choices),
                example="爆炸",
            ),
            Column("consequences", "可能的后果", "Consequences", False, "", example="燃气爆炸、火灾"),
            Column("emergency", "应急措施", "Emergency steps", False, "", example="关闭总阀，疏散人员，拨打119"),
            Column(
                "method",
                "评价方法",
                "Method",
                False,
                "LEC、矩阵、直接判定；不填则只登记不评价。",
                ["LEC", "矩阵", "直接判定"],
                example="LEC",
            ),
            Column("l", "L", "L", False, "LEC：10、6、3、1、0.5、0.2、0.1；矩阵：1–5", example=3),
            Column("e", "E", "E", False, "LEC：10、6、3、2、1、0.5", example=6),
            Column("c", "C", "C", False, "LEC：100、40、15、7、3、1", example=15),
            Column("s", "S", "S", False, "矩阵：1–5", example=""),
            Column(
                "direct_reason",
                "直接判定依据",
                "Direct reason",
                False,
                "、".join(_labels(DirectReason.choices)),
                _labels(DirectReason.choices),
            ),
            Column("reason", "评价说明", "Remarks", False, "直接判定时必填。"),
            Column(
                "measure_kind",
                "措施类型",
                "Measure type",
                False,
                "、".join(_labels(MeasureKind.choices)),
                _labels(MeasureKind.choices),
                example="工程技术",
            ),
            Column(
                "measure",
                "管控措施",
                "Measure",
                False,
                "每行一项措施；多项措施可分多行填写同一风险。",
                example="安装可燃气体报警器",
            ),
            Column("measure_post", "措施责任岗位", "Measure owner", False, "", example="后勤主任"),
        ]

    def apply_row(self, number: int, record: dict[str, Any], seen: dict[str, int]) -> RowChange:
        check = RowChecks()
        school = check(self.school, record)
        point_values = {
            "name": check(self.text, record, "point", required=True, max_length=80),
            "kind": check(self.choice, record, "point_kind", PointKind.choices),
            "category": check(self.choice, record, "category", PointCategory.choices),
            "place": check(self.text, record, "place", max_length=120),
            "responsible_post": check(self.text, record, "post", required=True, max_length=60),
            "responsible_person": check(self.text, record, "person", required=True, max_length=40),
            "responsible_phone": check(self.text, record, "phone", max_length=20),
        }
        risk_values = {
            "factor": check(self.text, record, "factor", required=True, max_length=200),
            "factor_class": check(self.choice, record, "factor_class", FactorClass.choices),
            "accident_type": check(self.choice, record, "accident", AccidentType.choices),
            "consequences": check(self.text, record, "consequences", max_length=2000),
            "emergency_steps": check(self.text, record, "emergency", max_length=2000),
        }
        evaluation = check(self.evaluation, record)
        measure = check(self.measure, record)
        check.done()
        point = RiskPoint.objects.filter(school=school, name=point_values["name"]).first()
        action = "unchanged"
        if point is None:
            point = points.create_point(school, actor=self.actor, **point_values)
            action = "create"
        elif any(getattr(point, key) != value for key, value in point_values.items()):
            point = points.edit_point(point, actor=self.actor, **point_values)
            action = "update"
        risk = Risk.objects.filter(point=point, factor=risk_values["factor"]).first()
        if risk is None:
            risk = points.identify_risk(point, actor=self.actor, **risk_values)
            action = "create"
        if evaluation and not risk.grade:
            steps.evaluate(risk, actor=self.actor, **evaluation)
            action = "create" if action == "create" else "update"
        if measure and not risk.measures.filter(text=measure["text"]).exists():
            steps.add_measure(risk, actor=self.actor, **measure)
            action = "create" if action == "create" else "update"
        return RowChange(number, action, f"{point.name} · {risk.factor}", school.name)

    def school(self, record: dict[str, Any]) -> OrgUnit:
        return self.kept_school(
            record,
            Perm.MANAGE_RISK,
            several=_("give the school's code (you keep more than one register)"),
            refused=_("you do not keep the risk register of school %(code)s"),
        )

    def choice(self, record: dict[str, Any], key: str, choices: Any, required: bool = True) -> str:
        text = self.text(record, key, required=required, max_length=60)
        if not text:
            return ""
        value = _zh_choices(choices).get(text)
        if value is None:
            raise RowInvalid(
                self.label(key),
                _("“%(value)s” is not one of: %(allowed)s") % {"value": text, "allowed": "、".join(_labels(choices))},
            )
        return value

    def evaluation(self, record: dict[str, Any]) -> dict[str, Any] | None:
        method_text = self.text(record, "method", max_length=20)
        if not method_text:
            return None
        method = METHODS.get(method_text.upper() if method_text.isascii() else method_text)
        if method is None:
            raise RowInvalid(
                self.label("method"), _("must be LEC, 矩阵 or 直接判定, not “%(value)s”") % {"value": method_text}
            )
        data: dict[str, Any] = {
            "stage": "current",
            "method": method,
            "reason": self.text(record, "reason", max_length=2000),
        }
        if method == "lec":
            data |= {key: self.text(record, key, max_length=10) for key in ("l", "e", "c")}
        elif method == "matrix":
            data |= {"ml": self.text(record, "l", max_length=10), "ms": self.text(record, "s", max_length=10)}
        else:
            data["direct_reason"] = self.choice(record, "direct_reason", DirectReason.choices)
        try:
            steps.check_evaluation(_Unscored(), data)
        except ValidationError as error:  # every factor's error at once, named by its column
            columns = {"ml": "l", "ms": "s", "stage": "method"}
            raise RowsInvalid(
                [
                    RowInvalid(self.label(columns.get(key, key)), "；".join(messages))
                    for key, messages in error.message_dict.items()
                ]
            ) from error
        return data

    def measure(self, record: dict[str, Any]) -> dict[str, Any] | None:
        text = self.text(record, "measure", max_length=300)
        if not text:
            return None
        kind = self.choice(record, "measure_kind", MeasureKind.choices, required=False) or MeasureKind.MANAGEMENT
        post = self.text(record, "measure_post", max_length=60) or self.text(record, "post", max_length=60)
        return {"kind": kind, "text": text, "owner_post": post, "check_every_days": None}


class _Unscored:
    """Stands for a risk not yet scored while a row's factors are checked (the school's bands are not needed)."""

    grade = ""
    school = None
