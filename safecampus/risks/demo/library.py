"""The demo's risk points and their risks, written for schools of this province (the platform's own wording).

Each point says which schools have it; each risk how it is usually scored and controlled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LABS = {"junior", "senior", "nine_year", "twelve_year", "vocational"}


@dataclass(frozen=True)
class DemoRisk:
    factor: str
    factor_class: str
    accident: str
    consequences: str
    emergency: str
    method: str
    factors: dict[str, str]  # the current risk's factors (LEC: l, e, c; matrix: l, s)
    residual: dict[str, str]
    measures: tuple[tuple[str, str, str, int | None], ...]  # (kind, text, owner post, check every n days)


@dataclass(frozen=True)
class DemoPoint:
    name: str
    kind: str
    category: str
    place: str
    post: str
    risks: tuple[DemoRisk, ...]
    # (school kind, boarding, uses buses, rural, a random draw) → does this school have the point?
    has: Any = lambda kind, boarding, bus, rural, draw: True


POINTS = (
    DemoPoint(
        "教学楼楼梯间",
        "facility",
        "building",
        "教学楼东、西楼梯",
        "政教主任",
        (
            DemoRisk(
                "课间、放学时段楼梯间人员密集",
                "person",
                "crush",
                "拥挤踩踏，多人受伤",
                "就近教师立即疏导，停止人流上行，拨打120，报告校长",
                "matrix",
                {"l": "3", "s": "4"},
                {"l": "2", "s": "2"},
                (
                    ("management", "分年级错峰放学，楼梯口安排教师值守", "政教主任", 1),
                    ("training", "每学期开展一次疏散演练", "政教主任", None),
                ),
            ),
        ),
        has=lambda kind, boarding, bus, rural, draw: kind != "kindergarten",
    ),
    DemoPoint(
        "食堂燃气间",
        "facility",
        "gas_room",
        "食堂一楼东侧",
        "后勤主任",
        (
            DemoRisk(
                "燃气管道、阀门泄漏",
                "thing",
                "explosion",
                "燃气爆炸、火灾，人员伤亡",
                "关闭总阀，开窗通风，严禁开关电器，疏散人员，拨打119",
                "lec",
                {"l": "3", "e": "6", "c": "15"},
                {"l": "0.5", "e": "6", "c": "15"},
                (
                    ("engineering", "安装可燃气体报警器并与切断阀联动", "后勤主任", 7),
                    ("management", "每日班前检查阀门和软管", "食堂管理员", 1),
                ),
            ),
        ),
    ),
    DemoPoint(
        "食堂操作间",
        "facility",
        "canteen",
        "食堂一楼",
        "食堂管理员",
        (
            DemoRisk(
                "食品原料不合格或加工不当",
                "management",
                "food",
                "群体性食物中毒",
                "停止供餐，封存留样，送医救治，2小时内报告教育局和市场监管部门",
                "matrix",
                {"l": "2", "s": "5"},
                {"l": "1", "s": "5"},
                (
                    ("management", "索证索票、进货查验，每餐留样125克以上冷藏48小时", "食堂管理员", 1),
                    ("management", "校领导陪餐并记录", "校长", 1),
                ),
            ),
        ),
    ),
    DemoPoint(
        "配电室",
        "facility",
        "power",
        "综合楼地下一层",
        "电工",
        (
            DemoRisk(
                "带电设备检修或线路老化",
                "thing",
                "electric",
                "触电、电气火灾",
                "切断电源，用绝缘物使触电者脱离，心肺复苏，拨打120",
                "lec",
                {"l": "1", "e": "3", "c": "15"},
                {"l": "0.5", "e": "3", "c": "15"},
                (("management", "持证电工操作，停电挂牌检修", "电工", 30),),
            ),
        ),
    ),
    DemoPoint(
        "运动场",
        "facility",
        "sports",
        "田径场和篮球场",
        "体育教研组长",
        (
            DemoRisk(
                "体育课和课外活动运动伤害",
                "person",
                "struck",
                "扭伤、骨折",
                "停止活动，校医处置，通知家长，必要时送医",
                "matrix",
                {"l": "3", "s": "2"},
                {"l": "2", "s": "2"},
                (("management", "课前检查器材场地，做好准备活动", "体育教研组长", 7),),
            ),
        ),
    ),
    DemoPoint(
        "校门",
        "facility",
        "gate",
        "学校正门",
        "保卫干部",
        (
            DemoRisk(
                "上下学时段车辆和人员聚集",
                "environment",
                "vehicle",
                "车辆冲撞，学生伤亡",
                "保安启用防冲撞设施，疏导人群，报警",
                "matrix",
                {"l": "2", "s": "5"},
                {"l": "1", "s": "5"},
                (
                    ("engineering", "设置防冲撞硬隔离设施", "保卫干部", 30),
                    ("management", "护学岗：上下学时段保安和教师到岗", "保卫干部", 1),
                ),
            ),
            DemoRisk(
                "外来人员闯入校园",
                "management",
                "violence",
                "师生被伤害",
                "保安持械控制，启动一键报警，组织师生避险",
                "matrix",
                {"l": "2", "s": "4"},
                {"l": "1", "s": "4"},
                (("management", "门卫登记核验，封闭化管理", "保卫干部", 1),),
            ),
        ),
    ),
    DemoPoint(
        "学生宿舍楼",
        "facility",
        "dorm",
        "宿舍区",
        "宿管主任",
        (
            DemoRisk(
                "违规使用大功率电器、私拉电线",
                "person",
                "fire",
                "宿舍火灾，夜间群死群伤",
                "启动消防报警，组织疏散，使用灭火器初期扑救，拨打119",
                "lec",
                {"l": "3", "e": "6", "c": "15"},
                {"l": "1", "e": "6", "c": "15"},
                (
                    ("engineering", "宿舍安装限电器和独立式感烟探测器", "宿管主任", 30),
                    ("management", "每晚查寝，检查违规电器", "宿管员", 1),
                ),
            ),
            DemoRisk(
                "夜间疏散通道、安全出口锁闭",
                "management",
                "crush",
                "火灾时无法疏散",
                "值班人员立即开锁，广播引导疏散",
                "matrix",
                {"l": "2", "s": "5"},
                {"l": "1", "s": "5"},
                (("management", "安全出口夜间不上锁，值班人员巡查", "宿管主任", 1),),
            ),
        ),
        has=lambda kind, boarding, bus, rural, draw: boarding,
    ),
    DemoPoint(
        "化学实验室及危化品库",
        "facility",
        "lab",
        "实验楼三楼",
        "实验室管理员",
        (
            DemoRisk(
                "危险化学品存放、领用不当",
                "thing",
                "poisoning",
                "中毒、灼伤、火灾",
                "疏散人员，佩戴防护用品处置泄漏，送医，报告校长",
                "lec",
                {"l": "1", "e": "6", "c": "40"},
                {"l": "0.5", "e": "6", "c": "15"},
                (
                    ("management", "双人双锁保管、双人领用、台账登记", "实验室管理员", 7),
                    ("protection", "配备护目镜、防护手套和洗眼器", "实验室管理员", 30),
                ),
            ),
        ),
        has=lambda kind, boarding, bus, rural, draw: kind in LABS,
    ),
    DemoPoint(
        "校车接送线路",
        "activity",
        "bus_route",
        "城区至农村接送线路",
        "校车安全管理员",
        (
            DemoRisk(
                "校车超员、超速或驾驶人疲劳",
                "management",
                "vehicle",
                "交通事故，学生伤亡",
                "立即停车，照管人员组织学生撤离到安全地点，报警并报告学校",
                "matrix",
                {"l": "2", "s": "5"},
                {"l": "1", "s": "5"},
                (
                    ("management", "照管人员随车清点人数，出车前检查车辆", "校车安全管理员", 1),
                    ("emergency", "每学期开展一次校车应急疏散演练", "校车安全管理员", None),
                ),
            ),
        ),
        has=lambda kind, boarding, bus, rural, draw: bus,
    ),
    DemoPoint(
        "学校周边河道",
        "facility",
        "water",
        "学校北侧河道",
        "安全管理员",
        (
            DemoRisk(
                "学生私自下水游泳",
                "environment",
                "drowning",
                "溺水死亡",
                "不得盲目施救，呼救并拨打110、120，抛投救生物品",
                "matrix",
                {"l": "3", "s": "5"},
                {"l": "2", "s": "5"},
                (("training", "暑假前防溺水教育和致家长一封信", "班主任", None),),
            ),
        ),
        has=lambda kind, boarding, bus, rural, draw: rural and draw < 0.4,
    ),
    DemoPoint(
        "运动会和大型集会",
        "activity",
        "event",
        "田径场",
        "政教主任",
        (
            DemoRisk(
                "集会入场退场人员集中",
                "person",
                "crush",
                "拥挤踩踏",
                "现场教师停止人流，分区疏导",
                "matrix",
                {"l": "2", "s": "4"},
                {"l": "1", "s": "4"},
                (("management", "制定活动安全方案，分班级分通道进出", "政教主任", None),),
            ),
        ),
    ),
    DemoPoint(
        "校舍改造施工区",
        "activity",
        "construction",
        "北教学楼西侧",
        "总务主任",
        (
            DemoRisk(
                "施工区域未完全封闭，学生可进入",
                "management",
                "struck",
                "高处坠物砸伤学生",
                "立即疏散学生，设置警戒，停工整改",
                "direct",
                {},
                {"l": "1", "s": "4"},
                (("engineering", "施工区设置硬质围挡，与教学区完全隔离", "总务主任", 7),),
            ),
        ),
        has=lambda kind, boarding, bus, rural, draw: draw > 0.95,
    ),
)
