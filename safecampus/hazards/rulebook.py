"""The rules the hazard closed loop and inspections read (domain/standards.md §4), with their shapes."""

from safecampus.core.access import Role
from safecampus.orgs.models import Level
from safecampus.rules.shapes import (
    DAYS,
    HIGHER,
    LOWER,
    MB,
    PERCENT,
    DayList,
    MonthDays,
    Number,
    Verifier,
    VerifierLevel,
)
from safecampus.rules.specs import declare

# Who may verify (验收) at each level: the school's leaders, or a bureau's safety staff and administrators.
# Staff and guards never verify; levels from the lowest up.
SCHOOL_VERIFIERS = tuple((role.value, role.label) for role in (Role.PRINCIPAL, Role.SAFETY_LEAD))
BUREAU_VERIFIERS = tuple((role.value, role.label) for role in (Role.BUREAU_SAFETY_OFFICER, Role.BUREAU_ADMIN))
VERIFIER = Verifier(
    (
        VerifierLevel(Level.SCHOOL.value, Level.SCHOOL.label, 4, SCHOOL_VERIFIERS),
        VerifierLevel(Level.COUNTY.value, Level.COUNTY.label, 3, BUREAU_VERIFIERS),
        VerifierLevel(Level.CITY.value, Level.CITY.label, 2, BUREAU_VERIFIERS),
        VerifierLevel(Level.PROVINCE.value, Level.PROVINCE.label, 1, BUREAU_VERIFIERS),
    )
)
DEADLINE = Number(1, 365, DAYS, stricter=LOWER)
PLATFORM = "平台默认设置"

declare(
    "hazard.verifier.general",
    {"roles": ["principal", "safety_lead"], "level": "school"},
    VERIFIER,
    title="一般隐患的验收人",
    title_en="Who verifies a general hazard",
    source="默认由学校校长或分管安全副校长验收销号",
)
declare(
    "hazard.verifier.major",
    {"roles": ["bureau_safety_officer", "bureau_admin"], "level": "county"},
    VERIFIER,
    title="重大隐患的验收单位",
    title_en="Who verifies a major hazard",
    source="默认由县级教育行政部门验收销号",
)
declare(
    "hazard.listing.acceptance_days",
    10,
    Number(1, 90, DAYS, stricter=LOWER),
    title="挂牌督办隐患整改期满后的验收期限（天）",
    title_en="Days after a listed hazard's deadline within which acceptance must happen",
    source="挂牌督办→验收→销号：整改期限届满后10日内组织验收（湖北等地做法）",
)
declare(
    "hazard.deadline_days.general",
    7,
    DEADLINE,
    title="一般隐患默认整改期限（天）",
    title_en="Default days to fix a general hazard",
    source="一般隐患应立即或限期整改；国家未规定统一时限，按本地要求设置",
)
declare(
    "hazard.deadline_days.major",
    60,
    DEADLINE,
    title="重大隐患默认整改期限（天）",
    title_en="Default days to fix a major hazard",
    source="参照部分城市“60日重大隐患闭环”做法",
)
declare(
    "hazard.reminder_days_before",
    [3, 1],
    DayList(0, 365, DAYS, max_items=10),
    title="整改期限前提醒的天数",
    title_en="Days before a hazard's deadline when its owner is reminded",
    source=PLATFORM,
)
declare(
    "hazard.escalate_days_overdue",
    3,
    Number(1, 90, DAYS, stricter=LOWER),
    title="逾期多少天后上报上一级",
    title_en="Days overdue after which a hazard is escalated to the level above",
    source=PLATFORM,
)
declare(
    "hazard.extension.max_days",
    90,
    Number(1, 365, DAYS, stricter=LOWER),
    title="一次延期最多可延长的天数",
    title_en="Longest extension the level above may grant at once",
    source=PLATFORM,
)
# A technical limit, not a safety rule: no direction. 0 refuses every photo.
declare(
    "hazard.evidence.max_mb",
    10,
    Number(0, 50, MB),
    title="照片大小上限（MB）",
    title_en="Largest evidence photo accepted, in MB",
    source=PLATFORM,
)
declare(
    "inspection.self_check.dates",
    ["03-01", "09-01"],
    MonthDays(min_items=1, max_items=12),
    title="学期初全面自查的完成日期（月-日）",
    title_en="Dates by which every school completes its term-start self-check",
    source="校长每学期开学前后组织全面自查（省三年行动方案）",
)
declare(
    "inspection.recheck.sample_percent",
    10,
    Number(0, 100, PERCENT, stricter=HIGHER),
    title="回头看抽查比例（%）",
    title_en="Share of closed hazards sampled for re-check (回头看)",
    source="对已销号隐患开展“回头看”（省工作要点）",
)
