"""The two index systems the platform seeds for the province, in the platform's own words (domain/standards.md §5).

Each is (code, kind, name, pass mark, accepting level, [first-level element, points, [second-level indicators]]);
an indicator is (title, points, requirement, how to score, not-applicable allowed, veto).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from safecampus.core import clock
from safecampus.orgs.models import OrgUnit

from .models import AssessmentScheme, Indicator, SchemeKind

RISK_ACCEPTANCE = (
    "SD-RISK-ACCEPT",
    SchemeKind.RISK,
    "中小学幼儿园校园安全风险评估达标验收指标",
    80,
    "city",
    [
        (
            "组织与责任",
            [
                (
                    "成立校园安全风险防控工作机构，校长为第一责任人",
                    5,
                    "有文件明确机构组成和职责",
                    "有文件得满分，无文件不得分",
                    False,
                    False,
                ),
                ("建立全员安全岗位责任清单", 5, "各岗位职责清单齐全并签字", "缺一类岗位扣1分", False, False),
                (
                    "分级管控责任落实到部门和岗位",
                    5,
                    "风险清单中每项风险有管控层级和责任岗位",
                    "抽查5项，每项缺失扣1分",
                    False,
                    False,
                ),
            ],
        ),
        (
            "风险辨识与评价",
            [
                (
                    "风险点覆盖全部场所、设施设备和作业活动",
                    10,
                    "风险清单覆盖教学、生活、运动、后勤、周边和大型活动",
                    "漏一类扣2分",
                    False,
                    False,
                ),
                (
                    "每项风险均经评价并确定颜色",
                    10,
                    "采用LEC法、风险矩阵法或直接判定，评价记录完整",
                    "抽查10项，每项不符扣1分",
                    False,
                    False,
                ),
                (
                    "重大、较大风险由校长审定",
                    10,
                    "红色、橙色风险评价结果和管控措施经校长审定",
                    "有一项未审定即一票否决",
                    False,
                    True,
                ),
            ],
        ),
        (
            "管控措施",
            [
                ("每项风险有管控措施和责任岗位", 10, "措施具体可行，落实到岗", "抽查10项，每项不符扣1分", False, False),
                ("管控措施定期检查并记录", 10, "需定期检查的措施按周期检查，记录可查", "缺一次记录扣1分", False, False),
                (
                    "重大风险失控时及时报告并处置",
                    5,
                    "红色风险失控当日报告县级教育行政部门",
                    "未报告不得分",
                    True,
                    False,
                ),
            ],
        ),
        (
            "告知与复核",
            [
                ("风险告知卡在风险点醒目位置张贴", 5, "告知卡内容完整，张贴位置醒目", "每缺一处扣1分", False, False),
                ("绘制并公示校园安全风险四色分布图", 5, "四色图与风险清单一致", "无四色图不得分", False, False),
                (
                    "按周期复核风险，无逾期",
                    10,
                    "红色每月、橙色每季度、黄色每半年、蓝色每年至少复核一次",
                    "每项逾期扣1分",
                    False,
                    False,
                ),
            ],
        ),
        (
            "应急准备",
            [
                ("制定并更新应急预案", 5, "预案覆盖主要风险，每年修订", "无预案不得分", False, False),
                ("按规定开展应急疏散演练", 5, "中小学每月、幼儿园每季度至少一次", "缺一次扣1分", False, False),
                (
                    "校车应急演练",
                    0,
                    "使用校车的学校每学期至少一次校车疏散演练",
                    "未开展即一票否决；无校车学校不适用",
                    True,
                    True,
                ),
            ],
        ),
    ],
)

SAFE_CAMPUS = (
    "SD-SAFE-CAMPUS",
    SchemeKind.SAFE_CAMPUS,
    "平安校园创建评估标准",
    85,
    "city",
    [
        (
            "组织领导与制度",
            [
                (
                    "党政同责、一岗双责，安全工作纳入学校发展规划",
                    5,
                    "有年度安全工作计划和总结",
                    "缺一项扣2分",
                    False,
                    False,
                ),
                ("安全管理制度健全并落实", 5, "门卫、值班、巡查、报告等制度齐全", "缺一项扣1分", False, False),
            ],
        ),
        (
            "人防物防技防",
            [
                ("专职保安配备达标", 6, "按学生规模配备专职保安，持证上岗", "不达标不得分", False, False),
                ("封闭化管理", 5, "校园实行封闭管理，出入登记", "不符不得分", False, False),
                ("一键式紧急报警与公安联网", 5, "报警装置联网并定期测试", "未联网不得分", False, False),
                (
                    "视频监控覆盖重点部位并与公安联网",
                    4,
                    "出入口、周界、食堂、宿舍全覆盖",
                    "每缺一处扣1分",
                    False,
                    False,
                ),
            ],
        ),
        (
            "安全教育与演练",
            [
                (
                    "安全教育纳入课程，每学期开展专题教育",
                    8,
                    "开学初、放假前专题教育有记录",
                    "缺一次扣2分",
                    False,
                    False,
                ),
                ("按规定开展应急疏散演练", 7, "中小学每月、幼儿园每季度至少一次", "缺一次扣1分", False, False),
            ],
        ),
        (
            "隐患排查与风险管控",
            [
                ("隐患排查治理闭环，无逾期重大隐患", 10, "隐患按期整改销号", "每条逾期重大隐患扣5分", False, False),
                ("建立风险清单并分级管控", 10, "风险清单完整，红橙风险管控到位", "不符扣5分", False, False),
            ],
        ),
        (
            "重点部位",
            [
                (
                    "食堂持证经营、每餐留样、校领导陪餐",
                    10,
                    "许可证在有效期内，留样和陪餐记录完整",
                    "每项不符扣3分",
                    False,
                    False,
                ),
                (
                    "学生宿舍消防设施和夜间值守",
                    5,
                    "宿舍有值班人员，疏散通道畅通",
                    "不符不得分；走读学校不适用",
                    True,
                    False,
                ),
                ("实验室和危险化学品管理", 5, "危化品双人双锁、台账清楚", "不符不得分；无实验室不适用", True, False),
                ("校车安全管理", 5, "校车有使用许可，驾驶人、照管人员合格", "不符不得分；无校车不适用", True, False),
            ],
        ),
        (
            "校园周边",
            [
                ("会同有关部门整治校园周边环境", 10, "护学岗、交通设施、周边商户管理落实", "缺一项扣3分", False, False),
            ],
        ),
        (
            "一票否决项",
            [
                ("本年度发生负有责任的安全事故", 0, "学校负有责任的人员伤亡事故", "发生即否决", False, True),
                (
                    "临空护栏高度、门窗设置不符合安全要求",
                    0,
                    "护栏高度不足或门窗设置影响逃生",
                    "存在即否决",
                    False,
                    True,
                ),
                ("食堂无许可证或未按规定留样", 0, "无食品经营许可或未留样", "存在即否决", True, True),
                ("校车无使用许可", 0, "使用未取得许可的车辆接送学生", "存在即否决", True, True),
                ("危险化学品未落实双人双锁管理", 0, "危化品购买、保管、处置未落实双人管理", "存在即否决", True, True),
            ],
        ),
    ],
)

SCHEMES = (RISK_ACCEPTANCE, SAFE_CAMPUS)


def load_schemes() -> list[AssessmentScheme]:
    """Create the province's two schemes, version 1, if they are not there (idempotent)."""
    province = OrgUnit.objects.filter(depth=1).order_by("path").first()
    if province is None:
        return []
    loaded = []
    with transaction.atomic():
        for code, kind, name, pass_score, level, elements in SCHEMES:
            scheme = AssessmentScheme.objects.filter(code=code, version=1).first()
            if scheme is None:
                scheme = AssessmentScheme.objects.create(
                    code=code,
                    version=1,
                    kind=kind,
                    name=name,
                    org=province,
                    pass_score=Decimal(pass_score),
                    accept_level=level,
                    published_at=clock.now(),
                )
                _indicators(scheme, elements)
            loaded.append(scheme)
    return loaded


def _indicators(scheme: AssessmentScheme, elements: list[Any]) -> None:
    order = 0
    for number, (title, children) in enumerate(elements, start=1):
        total = sum(Decimal(points) for _t, points, *_rest in children)
        order += 1
        parent = Indicator.objects.create(scheme=scheme, code=str(number), title=title, points=total, order=order)
        for sub, (text, points, requirement, how, allows_na, veto) in enumerate(children, start=1):
            order += 1
            Indicator.objects.create(
                scheme=scheme,
                parent=parent,
                code=f"{number}.{sub}",
                title=text,
                requirement=requirement,
                how_to_score=how,
                points=Decimal(points),
                allows_na=allows_na,
                is_veto=veto,
                order=order,
            )
