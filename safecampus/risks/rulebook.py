"""The rules the risk register reads (domain/standards.md §3): band tables, control levels, approvers, reviews."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from safecampus.core.access import Role
from safecampus.dashboards.rulebook import LOCAL, WARNING_POINTS
from safecampus.rules.shapes import DAYS, HIGHER, LOWER, ORDERED, PERCENT, Choice, Number, Part, Table
from safecampus.rules.specs import declare

from .models import GRADES_UP, ControlLevel, Grade

# A band starts at its lower bound; a lower bound is stricter (more risks land in the colour), and the bands
# fall from red down (red's bound ≥ orange's ≥ yellow's); below yellow is blue.
BANDED = (Grade.RED, Grade.ORANGE, Grade.YELLOW)


def bands(most: float) -> Table:
    score = Number(0, most, _("points"), stricter=LOWER)
    return Table(tuple(Part(g.value, g.label, score) for g in BANDED), required=True, monotone="down")


GRADE_PARTS = tuple((g.value, g.label) for g in GRADES_UP)
CONTROL = Table(
    tuple(
        Part(g, label, Choice(tuple((c.value, c.label) for c in ControlLevel), stricter=ORDERED))
        for g, label in GRADE_PARTS
    ),
    required=True,
    monotone="up",
)
# Who approves the measures of a risk of each colour, from the least senior up; a more senior approver is stricter.
APPROVERS = tuple((role.value, role.label) for role in (Role.SAFETY_OFFICER, Role.SAFETY_LEAD, Role.PRINCIPAL))
APPROVER = Table(
    tuple(Part(g, label, Choice(APPROVERS, stricter=ORDERED)) for g, label in GRADE_PARTS), required=True, monotone="up"
)
# Days between reviews: fewer days is stricter, and a more serious colour is reviewed no less often.
REVIEW = Table(
    tuple(Part(g, label, Number(1, 730, DAYS, stricter=LOWER)) for g, label in GRADE_PARTS),
    required=True,
    monotone="down",
)

declare(
    "risk.bands.lec",
    {"red": 320, "orange": 160, "yellow": 70},
    bands(10 * 10 * 100),
    title="LEC 法风险分级：各颜色的 D 值下限（D ≥ 下限即为该颜色，低于黄色下限为蓝色）",
    title_en="LEC bands: the lowest D of each colour (below yellow is blue)",
    source="格雷厄姆—金尼法（LEC）常用取值：D ≥ 320 重大（红），160–320 较大（橙），70–160 一般（黄），< 70 低（蓝）",
)
declare(
    "risk.bands.matrix",
    {"red": 20, "orange": 10, "yellow": 4},
    bands(25),
    title="风险矩阵法（5×5）风险分级：各颜色的 R 值下限（低于黄色下限为蓝色）",
    title_en="Risk matrix (5 × 5) bands: the lowest R of each colour (below yellow is blue)",
    source="风险矩阵 R = L × S：20–25 重大（红），10–16 较大（橙），4–9 一般（黄），1–3 低（蓝）",
)
declare(
    "risk.control_level",
    {"blue": "post", "yellow": "department", "orange": "safety_lead", "red": "principal"},
    CONTROL,
    title="分级管控：各颜色风险由哪一层级管控",
    title_en="Graded control: the level that controls a risk of each colour",
    source="双重预防机制：重大风险由校长负责管控并报县级教育行政部门，较大风险由分管安全负责人，一般风险由部门，低风险由岗位",
)
declare(
    "risk.approver",
    {"blue": "safety_officer", "yellow": "safety_officer", "orange": "principal", "red": "principal"},
    APPROVER,
    title="各颜色风险的评价结果和管控措施由谁审定",
    title_en="Who approves the evaluation and measures of a risk of each colour",
    source="重大、较大风险的管控措施由学校主要负责人审定",
)
declare(
    "risk.review_days",
    {"red": 30, "orange": 90, "yellow": 180, "blue": 365},
    REVIEW,
    title="各颜色风险的复核周期（天）",
    title_en="Days between reviews of a risk of each colour",
    source="风险辨识评估每年至少全面开展一次，重大风险按月复核（平台默认）",
)
declare(
    "risk.out_of_control_days",
    7,
    Number(1, 90, DAYS, stricter=LOWER),
    title="红色风险失控多少天后列入县级教育局待办",
    title_en="Days a red risk may stay out of control before it goes to the county bureau's desk",
    source="平台默认",
)
declare(
    "risk.min_measures_red",
    1,
    Number(1, 10, _("measures"), stricter=HIGHER),
    title="红色、橙色风险审定前至少应有的管控措施数",
    title_en="Control measures a red or orange risk needs before approval",
    source="重大、较大风险须落实管控措施",
)

for key, default, title, title_en in (
    (
        "risk_red_out_of_control",
        10,
        "预警分：每项失控的红色风险计分",
        "Warning score: points per red risk out of control",
    ),
    ("risk_review_overdue", 1, "预警分：每项逾期未复核的风险计分", "Warning score: points per risk review overdue"),
):
    declare(f"warning.weight.{key}", default, WARNING_POINTS, title=title, title_en=title_en, source=LOCAL)

TARGET_YEARS = ("2025", "2026", "2027", "2028", "2029", "2030")
declare(
    "acceptance.target",
    {"2025": 60, "2026": 100, "2027": 100, "2028": 100, "2029": 100, "2030": 100},
    Table(
        tuple(Part(year, year, Number(0, 100, PERCENT, stricter=HIGHER)) for year in TARGET_YEARS),
        required=True,
        monotone="up",
    ),
    title="校园安全风险评估达标验收目标：各年年底前通过验收的学校比例（%）",
    title_en="Risk assessment acceptance targets: share of schools passed by the end of each year (%)",
    source="种子文件000：2025年底全省60%的学校通过校园安全风险评估达标验收，2026年底100%",
)
declare(
    "acceptance.valid_days",
    1095,
    Number(30, 1825, DAYS, stricter=LOWER),
    title="达标验收和平安校园称号的有效期（天）",
    title_en="Days an acceptance pass and a safe-campus title stay valid",
    source="平台默认三年，期满重新评估（动态管理、能上能下）",
)
