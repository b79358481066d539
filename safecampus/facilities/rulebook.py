"""The rules the sector ledgers read (domain/standards.md §5): the guards a school needs, the school bus and driver
rules of 校车安全管理条例, special equipment's time limits, how early expiries warn, which findings are major."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.dashboards.rulebook import LOCAL, WARNING_POINTS
from safecampus.rules.shapes import DAYS, HIGHER, LOWER, ORDERED, PEOPLE, Choice, ChoiceSet, Number, Part, Table
from safecampus.rules.specs import declare

YEARS = pgettext_lazy("rule unit", "years")
MONTHS = pgettext_lazy("rule unit", "months")
STUDENTS = pgettext_lazy("rule unit", "students")

BASES = (
    ("gongzhi_168", _("公治〔2015〕168号 (by teachers, students and staff)")),
    ("gbt_29315", _("GB/T 29315-2022 (by non-boarding students)")),
    ("stricter", _("the stricter of the two")),
)
declare(
    "facilities.guards.basis",
    "stricter",
    Choice(BASES, stricter=ORDERED),
    title="专职保安配备人数的计算依据",
    title_en="Which rule sets the number of full-time guards a school needs",
    source="公治〔2015〕168号；GB/T 29315-2022；默认取两者中较严者",
)
declare(
    "facilities.guards.gbt_29315",
    {"from": 1000, "base": 3, "per": 500},
    Table(
        (
            Part("from", _("applies from (non-boarding students)"), Number(1, 100_000, STUDENTS, stricter=LOWER)),
            Part("base", _("guards at that size"), Number(1, 50, PEOPLE, stricter=HIGHER)),
            Part("per", _("one more guard per further"), Number(50, 5000, STUDENTS, stricter=LOWER)),
        ),
        required=True,
    ),
    title="GB/T 29315-2022：非寄宿学生 1000 人及以上至少 3 名专职保安，每增加 500 人增配 1 名",
    title_en="GB/T 29315-2022: at least 3 guards from 1,000 non-boarding students, one more per further 500",
    source="GB/T 29315-2022《中小学、幼儿园安全技术防范系统要求》",
)
declare(
    "facilities.guards.gongzhi_168",
    {"small_below": 100, "small": 1, "mid_upto": 1000, "mid": 2, "per": 500},
    Table(
        (
            Part("small_below", _("a small school has fewer than (people)"), Number(1, 10_000, PEOPLE)),
            Part("small", _("guards of a small school"), Number(1, 50, PEOPLE, stricter=HIGHER)),
            Part("mid_upto", _("a middle-sized school has up to (people)"), Number(1, 100_000, PEOPLE)),
            Part("mid", _("guards of a middle-sized school"), Number(1, 50, PEOPLE, stricter=HIGHER)),
            Part("per", _("above that, one more guard per further (people)"), Number(50, 5000, PEOPLE, stricter=LOWER)),
        ),
        required=True,
    ),
    title="公治〔2015〕168号：师生员工 100 人以下至少 1 名，100–1000 人至少 2 名，1000 人以上每增加 500 人增配 1 名",
    title_en="公治〔2015〕168号: under 100 people 1 guard, 100–1,000 people 2, then one more per further 500",
    source="公安部、教育部 公治〔2015〕168号",
)
declare(
    "facilities.guard.training_days",
    365,
    Number(30, 730, DAYS, stricter=LOWER),
    title="保安员培训的有效期（天）：超过即需再培训",
    title_en="Days a guard's training stays current",
    source="各地校园保安管理办法：保安员每年至少培训一次",
)
declare(
    "facilities.bus.inspection_months",
    6,
    Number(1, 12, MONTHS, stricter=LOWER),
    title="校车安全技术检验的周期（月）",
    title_en="Months between a school bus's safety inspections",
    source="校车安全管理条例 第20条：每 6 个月检验 1 次",
)
declare(
    "facilities.bus.driver",
    {"min_age": 25, "max_age": 60, "years_driving": 3, "review_days": 365},
    Table(
        (
            Part("min_age", _("youngest age"), Number(18, 40, YEARS, stricter=HIGHER)),
            Part("max_age", _("oldest age"), Number(40, 70, YEARS, stricter=LOWER)),
            Part("years_driving", _("years of driving at least"), Number(1, 20, YEARS, stricter=HIGHER)),
            Part("review_days", _("days between reviews"), Number(30, 730, DAYS, stricter=LOWER)),
        ),
        required=True,
    ),
    title="校车驾驶人条件：年龄 25–60 周岁，3 年以上驾驶经历，每年审验",
    title_en="School bus drivers: aged 25–60, at least 3 years' driving, reviewed every year",
    source="校车安全管理条例 第23、26条",
)
declare(
    "facilities.escort.training_days",
    365,
    Number(30, 730, DAYS, stricter=LOWER),
    title="照管员安全培训的有效期（天）",
    title_en="Days a school bus escort's training stays current",
    source="校车安全管理条例 第38条：学校指派照管人员并进行安全教育",
)
declare(
    "facilities.equipment.register_days",
    30,
    Number(1, 90, DAYS, stricter=LOWER),
    title="特种设备投入使用后办理使用登记的期限（天）",
    title_en="Days after commissioning within which special equipment must be registered",
    source="特种设备安全法 第33条：投入使用前或者投入使用后三十日内办理使用登记",
)
declare(
    "facilities.equipment.lift_maintenance_days",
    15,
    Number(1, 60, DAYS, stricter=LOWER),
    title="电梯维护保养的间隔（天）",
    title_en="Days between a lift's maintenance visits",
    source="电梯维护保养规则：至少每 15 日进行一次清洁、润滑、调整和检查",
)
declare(
    "facilities.chemical.count_days",
    90,
    Number(7, 366, DAYS, stricter=LOWER),
    title="危险化学品库存盘点的间隔（天）",
    title_en="Days between counts of a laboratory's hazardous chemicals",
    source="中小学实验室危险化学品安全管理：定期盘点，账物相符；平台默认每季度",
)
declare(
    "facilities.canteen.sample_grams",
    125,
    Number(50, 500, pgettext_lazy("rule unit", "g"), stricter=HIGHER),
    title="食品留样：每个品种不少于（克）",
    title_en="Food samples: at least this many grams of each dish",
    source="学校食品安全与营养健康管理规定；餐饮服务食品安全操作规范：每个品种留样量不少于 125 克",
)
declare(
    "facilities.canteen.sample_hours",
    48,
    Number(24, 168, pgettext_lazy("rule unit", "hours"), stricter=HIGHER),
    title="食品留样：冷藏保存不少于（小时）",
    title_en="Food samples: kept refrigerated for at least this many hours",
    source="餐饮服务食品安全操作规范：留样冷藏存放 48 小时以上",
)
declare(
    "facilities.canteen.log_days",
    7,
    Number(1, 60, DAYS, stricter=LOWER),
    title="陪餐记录：最近一次记录距今不超过（天）",
    title_en="Accompanied meals: days within which the last one must be logged",
    source="学校食品安全与营养健康管理规定 第十条：学校负责人与学生共同用餐并做好记录；平台默认按周检查",
)
declare(
    "facilities.patrol.rounds_per_day",
    5,
    Number(1, 48, pgettext_lazy("rule unit", "rounds"), stricter=HIGHER),
    title="保安每日巡逻不少于（次）：每个巡逻点每天至少扫码的次数",
    title_en="Guard patrol rounds a day: scans of each patrol point",
    source="GB/T 29315-2022：每天巡逻不少于 5 次",
)
declare(
    "facilities.gate_duty.people",
    2,
    Number(1, 10, PEOPLE, stricter=HIGHER),
    title="护学岗：上学、放学时段校门口值守不少于（人）",
    title_en="Gate posts at arrival and dismissal: at least this many people on duty",
    source="公安部、教育部关于加强中小学幼儿园安全风险防控：上下学时段校门口安排保安、教师值守（护学岗）",
)
WARNED = (
    ("insurance", _("liability insurance")),
    ("guard", _("guards")),
    ("bus", _("school buses")),
    ("driver", _("drivers")),
    ("escort", _("escorts")),
    ("canteen", _("canteens")),
    ("worker", _("health certificates")),
    ("equipment", _("special equipment")),
    ("chemical", _("hazardous chemicals")),
)
declare(
    "facilities.warn_days",
    {key: 30 for key, _label in WARNED},
    Table(tuple(Part(key, label, Number(0, 180, DAYS, stricter=HIGHER)) for key, label in WARNED), required=True),
    title="到期前多少天开始预警（责任险、保安、校车、驾驶人、照管员、食堂、健康证、特种设备）",
    title_en="Days before an expiry from which it warns, per ledger",
    source="特种设备安全法 第40条：定期检验有效期届满前一个月提出检验要求；其余为平台默认",
)
MAJOR = (
    ("driver.age_high", _("driver over the age limit")),
    ("driver.points", _("driver with a full 12-point deduction")),
    ("driver.experience", _("driver without the years of driving")),
    ("bus.inspection", _("bus past its safety inspection")),
    ("bus.licence", _("bus without a valid licence")),
    ("equipment.inspection", _("special equipment past its inspection")),
    ("canteen.licence", _("canteen without a valid food licence")),
    ("chemical.storage", _("controlled chemicals without a separate cabinet and two locks")),
    ("chemical.reconcile", _("chemical stock that does not reconcile")),
)
declare(
    "facilities.major_findings",
    [key for key, _label in MAJOR],
    ChoiceSet(MAJOR),
    title="登记为隐患时按重大隐患处理的台账问题",
    title_en="Ledger findings that are major hazards when registered",
    source="校车安全管理条例；特种设备安全法 第40条（未经定期检验不得继续使用）；食品安全法",
)
for key, default, title, title_en in (
    ("fac_no_guard", 8, "预警分：学校无专职保安计分", "Warning score: a school without a full-time guard"),
    ("fac_uninsured", 6, "预警分：学校校方责任险脱保计分", "Warning score: a school without liability insurance"),
    (
        "fac_failing",
        2,
        "预警分：每条不合规的安全台账记录计分",
        "Warning score: points per ledger record failing a rule",
    ),
    (
        "fac_expiring",
        0.5,
        "预警分：每条 30 天内到期的安全台账记录计分",
        "Warning score: points per ledger record expiring within 30 days",
    ),
):
    declare(f"warning.weight.{key}", default, WARNING_POINTS, title=title, title_en=title_en, source=LOCAL)
