"""The rules incident direct reporting reads (domain/standards.md §1): grade thresholds, routes and clocks."""

from django.utils.translation import gettext_lazy as _

from safecampus.orgs.models import Level
from safecampus.rules.shapes import (
    DAYS,
    HIGHER,
    HOURS,
    LOWER,
    MINUTES,
    ORDERED,
    PEOPLE,
    TEN_THOUSAND_YUAN,
    Choice,
    ChoiceSet,
    Number,
    Part,
    Table,
)
from safecampus.rules.specs import declare

from .models import SUBTYPE_LABELS, Grade

# Grades from the least serious up, and the grades a threshold can raise an incident to (most serious first).
GRADES = tuple((grade.value, grade.label) for grade in (Grade.ORDINARY, Grade.LARGE, Grade.MAJOR, Grade.EXTRAORDINARY))
RAISED = (Grade.EXTRAORDINARY, Grade.MAJOR, Grade.LARGE)
DEFAULT_ROW = _("Every type (default)")

# Reaching a threshold raises the grade: a lower threshold is stricter.
MEASURES = Table(
    (
        Part("deaths", _("deaths"), Number(1, 1000, PEOPLE, stricter=LOWER)),
        Part("serious_injuries", _("serious injuries"), Number(1, 10000, PEOPLE, stricter=LOWER)),
        Part("injured", _("injured"), Number(1, 10000, PEOPLE, stricter=LOWER)),
        Part("direct_loss", _("direct loss"), Number(1, 1000000, TEN_THOUSAND_YUAN, stricter=LOWER)),
    ),
    min_parts=1,
)
THRESHOLDS = Table(tuple(Part(grade.value, grade.label, MEASURES) for grade in RAISED), required=True, monotone="down")

# A report must reach at least this level; higher is stricter, and a more serious grade goes no less far.
ROUTE = Table(
    tuple(
        Part(
            grade,
            label,
            Choice(
                ((Level.CITY.value, Level.CITY.label), (Level.PROVINCE.value, Level.PROVINCE.label)), stricter=ORDERED
            ),
        )
        for grade, label in GRADES
    ),
    required=True,
    monotone="up",
)


def per_type(shape: object, default_shape: object | None = None) -> Table:
    """A default row every incident type falls back to, and an optional row per type."""
    rows = [Part(code, label, shape) for code, label in SUBTYPE_LABELS.items()]
    return Table((Part("default", DEFAULT_ROW, default_shape or shape), *rows), fallback="default")


def minutes_per_grade(required: bool) -> Table:
    """Minutes per grade; a more serious grade is reported no later."""
    minutes = Number(1, 2880, MINUTES, stricter=LOWER)
    return Table(
        tuple(Part(grade, label, minutes) for grade, label in GRADES),
        required=required,
        monotone="down" if required else "",
    )


WINDOW = Number(1, 365, DAYS, stricter=HIGHER)  # a longer window for casualty changes asks more

declare(
    "incident.grade.threshold_set",
    "national",
    Choice(
        (("national", _("National accident thresholds")), ("education", _("Education-sector thresholds (lower)"))),
        stricter=ORDERED,
    ),
    title="事件分级采用的阈值组（national：国家生产安全事故标准；education：教育系统较低触发标准）",
    title_en="Which grade thresholds apply: national (accident regulation) or education (lower triggers)",
    source="《生产安全事故报告和调查处理条例》第3条；教育系统可按本地应急预案采用更低的触发标准",
)
declare(
    "incident.grade.thresholds.national",
    {
        "extraordinary": {"deaths": 30, "serious_injuries": 100, "direct_loss": 10000},
        "major": {"deaths": 10, "serious_injuries": 50, "direct_loss": 5000},
        "large": {"deaths": 3, "serious_injuries": 10, "direct_loss": 1000},
    },
    THRESHOLDS,
    title="国家事故分级阈值（死亡人数、重伤人数、直接经济损失万元，达到即升级）",
    title_en=(
        "National accident grade thresholds (deaths, serious injuries, direct loss in 10,000 yuan; "
        "reaching one is enough)"
    ),
    source="《生产安全事故报告和调查处理条例》第3条：“以上”含本数",
)
declare(
    "incident.grade.thresholds.education",
    {"extraordinary": {"deaths": 5}, "major": {"deaths": 1}, "large": {"injured": 5}},
    THRESHOLDS,
    title="教育系统事件分级阈值（死亡人数、受伤总人数）",
    title_en="Education-sector grade thresholds (deaths, all injured)",
    source="参照地方教育系统校园安全事件应急预案（如临安2023）",
)
declare(
    "incident.route",
    {"ordinary": "city", "large": "province", "major": "province", "extraordinary": "province"},
    ROUTE,
    title="各级别事件逐级上报至哪一级",
    title_en="How far up each grade is reported",
    source=(
        "《生产安全事故报告和调查处理条例》第10条：一般事故上报至设区的市级，较大事故逐级上报至省级，"
        "重大、特别重大事故逐级上报至国务院"
    ),
)
declare(
    "incident.at_once",
    ["major", "extraordinary"],
    ChoiceSet(GRADES),
    title="同时报送各级（越级直报）的事件级别",
    title_en="Grades reported to every level up to the top at once",
    source="重大、特别重大事故可越级上报（第11条）",
)
declare(
    "incident.national",
    ["major", "extraordinary"],
    ChoiceSet(GRADES),
    title="须报国家层面的事件级别",
    title_en="Grades marked for national reporting",
    source="第10条：重大、特别重大事故上报至国务院",
)
declare(
    "incident.clock.initial_minutes",
    {
        "default": {"ordinary": 60, "large": 30, "major": 30, "extraordinary": 30},
        "infectious_cluster": {"ordinary": 1440, "large": 120, "major": 120, "extraordinary": 60},
    },
    per_type(minutes_per_grade(required=False), minutes_per_grade(required=True)),
    title="初报时限（分钟，自单位获知起；可按事件类型单列）",
    title_en="Minutes from the unit learning of an incident to its initial report (by grade; per type where set)",
    source="第9条：单位负责人1小时内报告；较大及以上建议30分钟；学校传染病聚集性疫情24小时内报告",
)
declare(
    "incident.clock.forward_minutes",
    120,
    Number(1, 1440, MINUTES, stricter=LOWER),
    title="各级教育行政部门接报后上报上一级的时限（分钟）",
    title_en="Minutes within which each bureau forwards a report up",
    source="第10条：每级上报时间不得超过2小时",
)
declare(
    "incident.clock.final_days",
    7,
    Number(1, 90, DAYS, stricter=LOWER),
    title="处置结束后提交终报的时限（天）",
    title_en="Days after handling ends within which the final report is due",
    source="平台建议值：处置结束后7日内终报",
)
declare(
    "incident.clock.casualty_window_days",
    {"default": 30, "traffic": 7, "fire": 7, "school_bus": 7},
    per_type(WINDOW),
    title="伤亡人数变化须补报的期限（天，自事件发生起）",
    title_en="Days after the incident within which casualty changes must be reported",
    source="第13条：事故发生之日起30日内伤亡人数变化应及时补报；道路交通、火灾事故7日内",
)
# Read platform-wide (the reminder job runs once for everyone): no direction.
declare(
    "incident.clock.reminder_minutes",
    30,
    Number(1, 1440, MINUTES),
    title="上报期限前多少分钟提醒",
    title_en="Minutes before a reporting deadline when the people who owe it are reminded",
    source="平台默认设置",
)
declare(
    "incident.omitted_after_hours",
    24,
    Number(1, 720, HOURS, stricter=LOWER),
    title="超过期限多少小时仍未报送视为漏报",
    title_en="Hours past a reporting deadline after which a missing report is flagged omitted",
    source="平台默认设置；调查后可另行认定",
)
