"""The duties a responsibility letter states for each post, and the letter as a printable PDF with both parties.

A bureau (or a school, for its own posts) may word a post's duties for the schools below it, for one school kind or
for all (DutyTemplate); the nearest wording above a school wins, else the platform's text below, from the duties
the seeds name ("一岗双责", 党政同责; seeds 001, 002, 003).
"""

from __future__ import annotations

from typing import Any

from .models import DutyTemplate, Letter
from .models.responsibility import SCHOOL_POST

DEFAULT_DUTIES = {
    SCHOOL_POST: (
        "一、学校是安全工作的责任主体，校长（园长）是第一责任人，落实“党政同责、一岗双责、齐抓共管、失职追责”。\n"
        "二、每年4月底前制定主要负责人年度安全任务清单和全员安全责任制，逐岗签订安全责任书。\n"
        "三、落实隐患排查治理闭环管理，重大隐患及时报告、挂牌督办、限期整改。\n"
        "四、按规定开展应急疏散演练、安全教育和教职工安全培训，做好记录。\n"
        "五、落实人防、物防、技防建设，校园封闭化管理、专职保安、一键报警和视频监控达标。\n"
        "六、发生安全事故按规定时限如实报告，不得迟报、漏报、谎报、瞒报。"
    ),
    "principal": (
        "一、对本校安全工作负全面领导责任，是安全工作第一责任人。\n"
        "二、主持制定学校年度安全任务清单、全员安全责任制和应急预案，组织逐岗签订安全责任书。\n"
        "三、每月至少主持研究一次安全工作，督促隐患排查整改和安全经费保障。\n"
        "四、任职一年内接受不少于40学时的安全培训。"
    ),
    "safety_lead": (
        "一、协助校长抓好安全工作，对分管范围内的安全工作负直接领导责任。\n"
        "二、组织安全检查、隐患排查治理、应急演练和安全教育，建立健全安全台账。\n"
        "三、每年接受不少于20学时的安全培训。"
    ),
    "class_teacher": (
        "一、对本班学生安全教育和日常安全管理负直接责任。\n"
        "二、上好开学第一课和放假前安全教育，落实防溺水等安全提醒，做好家校沟通。\n"
        "三、掌握学生身心状况，发现异常及时报告。\n"
        "四、每年接受不少于10学时的安全培训。"
    ),
    "teacher": (
        "一、落实“一岗双责”，对所授课程、所管场所和组织的活动中的学生安全负责。\n"
        "二、发现安全隐患及时报告、及时处置。\n"
        "三、每年接受不少于10学时的安全培训。"
    ),
    "special": (
        "一、严格遵守本岗位安全操作规程，持证上岗。\n"
        "二、每日检查本岗位设施设备和场所，发现隐患及时报告、及时整改。\n"
        "三、每年至少接受一轮本岗位专项安全培训。"
    ),
    "other": (
        "一、遵守学校安全管理制度，落实本岗位安全职责。\n二、发现安全隐患和险情及时报告，参加应急演练和安全培训。"
    ),
}
# Kindergartens: the teachers' duties are those of care and education (保教), seed 002.
KINDERGARTEN_DUTIES = {
    "class_teacher": (
        "一、对本班幼儿在园一日生活的安全负直接责任，落实幼儿接送交接制度。\n"
        "二、开展适合幼儿的安全教育，做好放假前安全提醒和家园沟通。\n"
        "三、每年接受不少于10学时的安全培训。"
    ),
    "teacher": (
        "一、落实保教人员安全职责，幼儿活动全程看护，不得脱岗。\n"
        "二、发现安全隐患及时报告、及时处置。\n"
        "三、每年接受不少于10学时的安全培训。"
    ),
}


def duties_for(school: Any, post: str) -> str:
    """The duties a letter of `post` states at `school`: the nearest wording above it (its kind before every
    kind), else the platform's."""
    kind = school.school.kind if hasattr(school, "school") else ""
    # The school's own letter with the bureau is worded above it; its posts' letters by it or above.
    owners = school.ancestor_paths()[:-1] if post == SCHOOL_POST else school.ancestor_paths()
    rows = DutyTemplate.objects.filter(owner_path__in=owners, post=post)
    best = None
    for row in rows:
        if row.school_kind not in ("", kind):
            continue
        rank = (len(row.owner_path), row.school_kind == kind)
        if best is None or rank > best[0]:
            best = (rank, row)
    if best is not None:
        return best[1].duties
    if kind == "kindergarten" and post in KINDERGARTEN_DUTIES:
        return KINDERGARTEN_DUTIES[post]
    return DEFAULT_DUTIES.get(post, DEFAULT_DUTIES["other"])


def letter_context(letter: Letter) -> dict[str, Any]:
    return {
        "letter": letter,
        "issuer": letter.issuer,
        "holder": letter.holder_name,
        "lines": [line for line in letter.duties.splitlines() if line.strip()],
    }
