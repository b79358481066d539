"""The rules the warning list and the bimonthly review read. Weights and display settings have no direction."""

from safecampus.rules.shapes import DAYS, POINTS, Number
from safecampus.rules.specs import declare

WARNING_POINTS = Number(0, 100, POINTS, whole=False)
REVIEW_WEIGHT = Number(0, 100, whole=False)
LOCAL = "平台默认设置；各级可按本地督导办法调整"

for key, default, title, title_en in (
    ("overdue_major", 10, "预警分：每条逾期重大隐患计分", "Warning score: points per overdue major hazard"),
    ("overdue_general", 2, "预警分：每条逾期一般隐患计分", "Warning score: points per overdue general hazard"),
    (
        "listed_due_soon",
        5,
        "预警分：每条临近期限的挂牌督办隐患计分",
        "Warning score: points per listed hazard near its deadline",
    ),
    (
        "tasks_overdue",
        3,
        "预警分：每项逾期未完成的检查任务计分",
        "Warning score: points per inspection not done by its due date",
    ),
    ("incident_late", 6, "预警分：本年每起迟报事件计分", "Warning score: points per incident reported late this year"),
    (
        "incident_omitted",
        8,
        "预警分：本年每起漏报事件计分",
        "Warning score: points per incident with an omitted report this year",
    ),
):
    declare(f"warning.weight.{key}", default, WARNING_POINTS, title=title, title_en=title_en, source=LOCAL)

declare(
    "warning.listed_due_soon_days",
    7,
    Number(1, 90, DAYS),
    title="挂牌督办隐患距整改期限多少天内列入预警",
    title_en="Days before a listed hazard's deadline from which it counts as near",
    source=LOCAL,
)

for key, default, title, title_en in (
    (
        "rectification",
        40,
        "双月点评得分：按期整改率的权重",
        "Bimonthly review score: weight of the on-time rectification rate",
    ),
    (
        "not_overdue",
        20,
        "双月点评得分：未逾期比例的权重",
        "Bimonthly review score: weight of the share of open hazards not overdue",
    ),
    ("completeness", 20, "双月点评得分：检查完成率的权重", "Bimonthly review score: weight of inspection completeness"),
    ("timeliness", 20, "双月点评得分：检查及时率的权重", "Bimonthly review score: weight of inspection timeliness"),
):
    declare(f"review.weight.{key}", default, REVIEW_WEIGHT, title=title, title_en=title_en, source=LOCAL)
