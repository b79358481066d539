"""The duties (obligations) the platform counts, each a rule row `duty.<code>` a province may tighten.

A row says who owes the duty (school kinds, and optionally only boarding schools or those with buses), what
fulfils it (which kinds of record), how often (`every`, `times`), what evidence a record needs to count, the
on-time window (`on_time_days` from the period's start; 0: the whole period) and how long after the period a
late record is still taken (`grace_days`). Code evaluates the rows (engine.py); nothing here names a school.
Numbers: seed 002, seed 000, seed 004, domain/standards.md §5.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from safecampus.core.registry import Registry
from safecampus.dashboards.rulebook import LOCAL, REVIEW_WEIGHT, WARNING_POINTS
from safecampus.rules.shapes import (
    DAYS,
    HIGHER,
    LOWER,
    Number,
)
from safecampus.rules.specs import declare

from .duty_shapes import PER_PERSON, SHAPES
from .models import DrillKind, Post

# Schools below senior secondary and kindergartens: the primary and secondary schools of seed 002.
SCHOOLS = ["primary", "junior", "senior", "nine_year", "twelve_year", "vocational", "special"]
ALL = ["kindergarten", *SCHOOLS]


@dataclass(frozen=True)
class Obligation:
    code: str
    source: str  # which records fulfil it: a key of SHAPES
    title: Any
    order: int

    @property
    def per_person(self) -> bool:
        """Owed by each of the school's people of a post (training hours, a letter), not by the school as a whole."""
        return self.source in PER_PERSON

    @property
    def by_units(self) -> bool:
        """Owed by units of the levels its row names (bureaus among them), not only by schools."""
        return self.source in ("document", "practical", "supervision")

    @property
    def rule_key(self) -> str:
        return f"duty.{self.code}"


obligations: Registry[Obligation] = Registry("obligations")
_order = itertools.count()


def obligation(code: str, source: str, title: Any, default: dict[str, Any], *, title_zh: str, source_text: str) -> None:
    obligations.register(code, Obligation(code, source, title, order=next(_order)))
    base = {"active": "on", "on_time_days": 0, "grace_days": 10, "only": "all", "evidence": [], "unannounced": "any"}
    keys = {part.key for part in SHAPES[source].parts}
    declare(
        f"duty.{code}",
        {key: value for key, value in {**base, **default}.items() if key in keys},
        SHAPES[source],
        title=title_zh,
        title_en=str(title),
        source=source_text,
    )


EVERY_DRILL = [k.value for k in DrillKind]
obligation(
    "drill_monthly",
    "drill",
    _("Evacuation drill every month"),
    {"every": "month", "times": 1, "school_kinds": SCHOOLS, "counts": EVERY_DRILL},
    title_zh="中小学每月至少开展一次应急疏散演练",
    source_text="种子文件 002：中小学每月至少组织一次应急疏散演练",
)
obligation(
    "drill_kindergarten",
    "drill",
    _("Evacuation drill every quarter (kindergartens)"),
    {"every": "quarter", "times": 1, "school_kinds": ["kindergarten"], "counts": EVERY_DRILL},
    title_zh="幼儿园每季度至少开展一次应急疏散演练",
    source_text="种子文件 002：幼儿园每季度至少组织一次应急疏散演练",
)
obligation(
    "drill_night",
    "drill",
    _("Two night drills a year (boarding schools)"),
    {"every": "year", "times": 2, "school_kinds": ALL, "only": "boarding", "counts": ["night"]},
    title_zh="寄宿制学校每年至少开展两次夜间疏散演练",
    source_text="种子文件 002：寄宿制学校每年至少组织两次夜间应急疏散演练",
)
obligation(
    "drill_bus",
    "drill",
    _("School-bus evacuation drill every term"),
    {"every": "term", "times": 1, "school_kinds": ALL, "only": "bus", "counts": ["bus"]},
    title_zh="配备校车的学校每学期至少开展一次校车应急疏散演练",
    source_text="种子文件 002、国务院《校车安全管理条例》：每学期至少组织一次校车应急疏散演练",
)
obligation(
    "drill_unannounced",
    "drill",
    _("An unannounced (四不) drill every year"),
    {"every": "year", "times": 1, "school_kinds": ALL, "counts": EVERY_DRILL, "unannounced": "only"},
    title_zh="每年至少开展一次“四不两直”式（不提前通知、不设定脚本、不预设场景、不预设地点）应急演练",
    source_text="种子文件 000：每年至少开展一次“四不”应急演练",
)
obligation(
    "first_lesson",
    "activity",
    _("First safety lesson at each term's start"),
    {"every": "term", "times": 1, "on_time_days": 14, "school_kinds": ALL, "counts": ["first_lesson"]},
    title_zh="每学期开学第一课安全教育（开学两周内）",
    source_text="种子文件 002、004：开学第一课（平台默认开学后 14 天内）",
)
obligation(
    "holiday_warning",
    "activity",
    _("Safety warning before each holiday"),
    {"every": "before_break", "times": 1, "grace_days": 0, "school_kinds": ALL, "counts": ["holiday_warning"]},
    title_zh="每个假期前开展假期安全警示教育（放假前 14 天内）",
    source_text="种子文件 002、004：放假前安全教育和致家长的一封信",
)
obligation(
    "drowning_reminder",
    "activity",
    _("Weekly drowning-prevention reminder in the summer break"),
    {
        "every": "summer_week",
        "times": 1,
        "grace_days": 3,
        "school_kinds": ALL,
        "counts": ["drowning_reminder"],
    },
    title_zh="暑假期间每周向家长发送防溺水安全提醒",
    source_text="种子文件 004：暑期防溺水“每周一提醒”",
)
obligation(
    "fire_lesson",
    "activity",
    _("Fire-safety lesson in the new students' military training"),
    {
        "every": "year",
        "times": 1,
        "school_kinds": ["junior", "senior", "nine_year", "twelve_year", "vocational"],
        "counts": ["fire_lesson"],
    },
    title_zh="新生军训期间开展消防安全知识教育（每学年一次）",
    source_text="种子文件 004：新生军训中开展消防知识教育和疏散演练",
)
obligation(
    "safety_day",
    "activity",
    _("Activity for the national safety education day"),
    {"every": "safety_week", "times": 1, "school_kinds": ALL, "counts": ["safety_day"]},
    title_zh="全国中小学生安全教育日（三月最后一周的星期一）当周开展主题教育活动",
    source_text="全国中小学生安全教育日：每年三月份最后一周的星期一",
)

obligation(
    "training_principal",
    "training",
    _("40 hours of safety training on appointment (principals)"),
    {"every": "appointment", "times": 40, "grace_days": 0, "school_kinds": ALL, "counts": ["principal"]},
    title_zh="新任校长、副校长任职一年内接受不少于 40 学时的安全培训",
    source_text="种子文件 001：新任校长、副校长任职培训中安全教育不少于 40 学时",
)
obligation(
    "training_safety_lead",
    "training",
    _("20 hours of safety training a year (safety leads)"),
    {"every": "year", "times": 20, "grace_days": 0, "school_kinds": ALL, "counts": ["safety_lead"]},
    title_zh="分管安全副校长、安全负责人每年接受不少于 20 学时的安全培训",
    source_text="种子文件 001：分管安全负责人每年安全培训不少于 20 学时",
)
obligation(
    "training_teacher",
    "training",
    _("10 hours of safety training a year (teachers)"),
    {"every": "year", "times": 10, "grace_days": 0, "school_kinds": ALL, "counts": ["class_teacher", "teacher"]},
    title_zh="班主任和教师每年接受不少于 10 学时的安全培训",
    source_text="种子文件 001：班主任、教师每年安全培训不少于 10 学时",
)
obligation(
    "training_special",
    "training",
    _("A round of safety training a year (fire, construction, lab, workshop, kitchen staff)"),
    {"every": "year", "times": 1, "grace_days": 0, "school_kinds": ALL, "counts": ["special"]},
    title_zh="消防、施工、实验、实训、食堂等重点岗位人员每年至少接受一轮专项安全培训",
    source_text="种子文件 001：重点岗位人员至少接受一轮培训（平台以 1 学时计一轮）",
)

# Responsibility (seed 001: every April bureaus publish their lists and schools theirs; seeds 001, 003: letters layer
# by layer; seed 001: each leadership's list of concrete problems solved in the year).
APRIL = 120  # days from 1 January: on time by the end of April (29 April in a leap year)
BUREAUS = ["province", "city", "county"]
obligation(
    "duty_list",
    "document",
    _("Leaders' safety duty list by the end of April"),
    {
        "every": "year",
        "times": 1,
        "on_time_days": APRIL,
        "levels": BUREAUS,
        "school_kinds": ALL,
        "counts": ["duty_list"],
    },
    title_zh="教育行政部门每年 4 月底前制定本年度领导干部安全生产职责清单",
    source_text="种子文件 001：各级教育行政部门每年4月底前制定完成本年度领导干部安全生产职责清单和重点工作任务清单",
)
obligation(
    "key_tasks",
    "document",
    _("Key safety task list by the end of April"),
    {
        "every": "year",
        "times": 1,
        "on_time_days": APRIL,
        "levels": BUREAUS,
        "school_kinds": ALL,
        "counts": ["key_tasks"],
    },
    title_zh="教育行政部门每年 4 月底前制定本年度安全生产重点工作任务清单",
    source_text="种子文件 001：各级教育行政部门每年4月底前制定完成本年度领导干部安全生产职责清单和重点工作任务清单",
)
obligation(
    "head_tasks",
    "document",
    _("Head's yearly safety task list by the end of April"),
    {
        "every": "year",
        "times": 1,
        "on_time_days": APRIL,
        "levels": ["school"],
        "school_kinds": ALL,
        "counts": ["head_tasks"],
    },
    title_zh="学校每年 4 月底前制定主要负责人年度安全生产任务清单",
    source_text="种子文件 001：各学校每年4月底前制定并动态调整单位主要负责人年度安全生产任务清单",
)
obligation(
    "staff_system",
    "document",
    _("Whole-staff safety responsibility system by the end of April"),
    {
        "every": "year",
        "times": 1,
        "on_time_days": APRIL,
        "levels": ["school"],
        "school_kinds": ALL,
        "counts": ["staff_system"],
    },
    title_zh="学校每年 4 月底前制定（调整）全员安全生产责任制",
    source_text="种子文件 001：各学校每年4月底前制定并动态调整全员安全生产责任制",
)
obligation(
    "practical_tasks",
    "practical",
    _("At least 10 safety problems solved in the year (办实事清单)"),
    {
        "every": "year",
        "times": 10,
        "grace_days": 0,
        "levels": [*BUREAUS, "school"],
        "school_kinds": ALL,
        "counts": ["solved"],
    },
    title_zh="各级领导班子每年建立安全办实事、解难题清单，解决不少于 10 个具体安全问题",
    source_text="种子文件 001：各级党委行政要建立安全办实事、解难题清单（平台默认每年不少于 10 项）",
)
obligation(
    "supervision_plan",
    "supervision",
    _("Supervision plan for the schools by the end of April"),
    {"every": "year", "times": 1, "on_time_days": APRIL, "levels": BUREAUS, "school_kinds": ALL, "counts": ["plan"]},
    title_zh="教育行政部门每年 4 月底前编制年度监督检查计划，明确每个学校的监管责任、检查频次和检查内容",
    source_text="种子文件 001：每年4月底前编制年度监督检查计划，明确每个学校监管责任、检查频次、检查内容",
)
obligation(
    "letter_school",
    "letter",
    _("Responsibility letter signed with the bureau every year"),
    {"every": "year", "times": 1, "on_time_days": APRIL, "school_kinds": ALL, "counts": ["school"]},
    title_zh="学校每年与主管教育行政部门签订安全责任书（4 月底前）",
    source_text="种子文件 001、003：层层签订安全责任书，落实“一岗双责”",
)
obligation(
    "letter_post",
    "post_letter",
    _("Responsibility letter signed for each post every year"),
    {
        "every": "year",
        "times": 1,
        "on_time_days": APRIL,
        "school_kinds": ALL,
        "counts": [p.value for p in Post if p != Post.UNIT_HEAD],
    },
    title_zh="学校每年与每个岗位的教职工签订岗位安全责任书（4 月底前）",
    source_text="种子文件 002、003：构建“人人有责、层层负责、各负其责”的全员安全责任链条",
)

obligation(
    "training_unit_head",
    "training",
    _("3 days (24 hours) of safety training a year (heads of bureau units)"),
    {"every": "year", "times": 24, "grace_days": 0, "school_kinds": ALL, "counts": ["unit_head"]},
    title_zh="教育行政部门科室和直属单位负责人每年接受不少于 3 天（24 学时）的安全培训",
    source_text="种子文件 001：各单位负责人安全培训不少于 3 天（平台按每天 8 学时计）",
)

declare(
    "drill.evacuation_seconds",
    120,
    Number(30, 900, _("seconds"), stricter=LOWER),
    title="疏散演练目标时间（秒）：四层及以下教学楼全部撤离",
    title_en="Evacuation target (seconds) for buildings of up to 4 floors",
    source="应急疏散演练常用指标：四层及以下建筑 2 分钟内全部撤离（平台默认）",
)

for key, default, title, title_en in (
    ("drills_missed", 3, "预警分：每次应开展而未开展的演练计分", "Warning score: points per drill period missed"),
    (
        "education_missed",
        1,
        "预警分：每次应开展而未开展的安全教育活动计分",
        "Warning score: points per education moment missed",
    ),
    (
        "training_short",
        1,
        "预警分：每名年度安全培训学时未达标的教职工计分",
        "Warning score: points per person whose year closed short of training hours",
    ),
    (
        "submissions_late",
        2,
        "预警分：每项逾期未报送的报送任务计分",
        "Warning score: points per submission not sent by its deadline",
    ),
):
    declare(f"warning.weight.{key}", default, WARNING_POINTS, title=title, title_en=title_en, source=LOCAL)

declare(
    "submission.grace_days",
    30,
    Number(0, 180, DAYS, stricter=LOWER),
    title="报送截止后仍可补报（计为逾期）的天数；之后计为缺报",
    title_en="Days after a submission's deadline a late one is still taken; then it is missing",
    source="平台默认",
)
declare(
    "submission.remind_days",
    3,
    Number(1, 30, DAYS, stricter=HIGHER),
    title="报送截止前几天提醒未报送的单位",
    title_en="Days before a submission's deadline the units that have not sent it are reminded",
    source="平台默认",
)

declare(
    "review.weight.duties",
    0,
    REVIEW_WEIGHT,
    title="双月点评得分：合规义务（演练、安全教育、报送）完成率的权重（0 为不计入）",
    title_en="Bimonthly review score: weight of the duties' completeness (drills, education, submissions; 0: left out)",
    source=LOCAL,
)
declare(
    "duty.remind_days",
    5,
    Number(1, 30, DAYS, stricter=HIGHER),
    title="义务按时截止前几天提醒学校（演练、安全教育）",
    title_en="Days before a duty's on-time window ends the school is reminded (drills, education)",
    source="平台默认",
)
