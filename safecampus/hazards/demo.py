"""Demo hazards and inspections over three years, in bulk (scales to millions of hazards)."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import Any, NamedTuple, TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from safecampus.core import clock
from safecampus.core.bulkload import insert_rows, reserve_ids
from safecampus.core.progress import Progress
from safecampus.orgs.models import Level, OrgUnit

from .models import (
    Checklist,
    Hazard,
    HazardEvent,
    HazardSource,
    HazardState,
    Inspection,
    InspectionResult,
    Listing,
)
from .services.checklists import effective_items

# Where hazards are found, per area. A place suits only some schools (see FITS): a dormitory only a boarding
# school, a chemistry lab only a school with secondary grades, a nap room only a kindergarten.
ANY, CAMPUS, SCHOOL, KG, BOARDING, CHEM, SCIENCE, LAB, BUS, RURAL = (
    "any", "campus", "school", "kg", "boarding", "chem", "science", "lab", "bus", "rural",
)  # fmt: skip
CHEM_KINDS = frozenset({"junior", "senior", "nine_year", "twelve_year", "vocational", "university"})
SCIENCE_KINDS = frozenset({"primary", "nine_year", "twelve_year", "special"})
FITS: dict[str, Callable[[Any], bool]] = {
    ANY: lambda s: True,
    CAMPUS: lambda s: s.kind != "training_institution",  # a campus of its own, with a kitchen
    SCHOOL: lambda s: s.kind not in ("kindergarten", "training_institution"),  # classroom blocks, a playground
    KG: lambda s: s.kind == "kindergarten",
    BOARDING: lambda s: s.is_boarding,
    CHEM: lambda s: s.kind in CHEM_KINDS,
    SCIENCE: lambda s: s.kind in SCIENCE_KINDS,
    LAB: lambda s: s.kind in CHEM_KINDS or s.kind in SCIENCE_KINDS,
    BUS: lambda s: s.uses_school_bus,
    RURAL: lambda s: s.is_rural,
}
PLACES: dict[str, dict[str, str]] = {
    "fire": {
        "教学楼一层走廊": SCHOOL, "教学楼三楼楼梯间": SCHOOL, "教学楼外窗": SCHOOL, "综合楼": ANY, "图书室": ANY,
        "行政办公室": ANY, "礼堂": SCHOOL, "体育馆": SCHOOL, "学生食堂": SCHOOL, "食堂仓库": CAMPUS,
        "消防控制室": CAMPUS, "校园主干道": CAMPUS, "电动车棚": CAMPUS, "维修施工现场": CAMPUS,
        "校内临时板房": CAMPUS, "校内超市": SCHOOL, "学生宿舍楼": BOARDING, "宿舍管理员值班室": BOARDING,
        "幼儿活动室": KG, "幼儿午睡室": KG, "幼儿园走廊": KG, "化学实验室": CHEM, "危化品储存室": CHEM,
        "科学实验室": SCIENCE,
    },
    "dorm": {
        "男生宿舍1号楼": BOARDING, "男生宿舍1号楼305室": BOARDING, "女生宿舍2号楼": BOARDING,
        "女生宿舍2号楼412室": BOARDING, "学生宿舍楼3楼走廊": BOARDING, "学生宿舍楼一层出口": BOARDING,
        "宿舍管理员值班室": BOARDING,
    },
    "canteen": {
        "食堂后厨": CAMPUS, "食堂操作间": CAMPUS, "食堂仓库": CAMPUS, "留样间": CAMPUS, "食堂办公室": CAMPUS,
        "食堂就餐区": SCHOOL,
    },
    "lab": {
        "化学实验室": CHEM, "物理实验室": CHEM, "危化品储存室": CHEM, "实验废液暂存点": CHEM, "实验准备室": LAB,
        "科学实验室": SCIENCE, "科学仪器室": SCIENCE,
    },
    "gas": {"食堂燃气间": CAMPUS, "食堂操作间": CAMPUS, "液化气瓶间": CAMPUS, "锅炉房": CAMPUS},
    "electricity": {
        "配电室": CAMPUS, "教学楼配电箱": SCHOOL, "计算机教室": SCHOOL, "综合楼": ANY, "办公室": ANY,
        "食堂操作间": CAMPUS, "学生宿舍楼走廊": BOARDING, "幼儿活动室": KG, "幼儿园走廊": KG,
    },
    "buildings": {
        "教学楼": SCHOOL, "老教学楼": SCHOOL, "教学楼外墙": SCHOOL, "教学楼走廊护栏": SCHOOL,
        "教学楼楼梯扶手": SCHOOL, "连廊": SCHOOL, "操场": SCHOOL, "综合楼": ANY, "原平房用房": CAMPUS,
        "围墙": CAMPUS, "学生宿舍楼": BOARDING, "幼儿园主楼": KG, "户外活动场地": KG,
    },
    "special_equipment": {
        "锅炉房": CAMPUS, "食堂蒸汽锅炉": CAMPUS, "后勤办公室": CAMPUS, "教学楼电梯": SCHOOL,
    },
    "school_bus": {"校车停车场": BUS, "1号校车": BUS, "2号校车": BUS, "校车管理办公室": BUS},
    "security": {
        "校门": ANY, "门卫室": ANY, "保安值班室": ANY, "监控室": ANY, "西侧围墙": CAMPUS, "北侧围栏": CAMPUS,
    },
    "surroundings": {"校门口": ANY, "校门外东侧街道": ANY, "学校周边路口": ANY},
    "crowd": {"教学楼楼梯间": SCHOOL, "礼堂": SCHOOL, "操场": SCHOOL, "幼儿园楼梯": KG, "户外活动场地": KG},
    "water": {"安全办公室": ANY, "学校南侧河塘": RURAL, "村边水库": RURAL, "上学路线沟渠": RURAL},
    "management": {
        "校长办公室": SCHOOL, "园长办公室": KG, "安全办公室": ANY, "档案室": ANY, "教务处": SCHOOL, "政教处": SCHOOL,
    },
}  # fmt: skip
# What failing each library item looks like: (how often it fails, relative), the usual rectification, and
# findings: (places, what the inspector wrote). {pupil} is 幼儿 at a kindergarten, 学生 elsewhere; {head} 园长 or 校长.
FINDINGS: dict[str, tuple[float, str, tuple[tuple[tuple[str, ...], str], ...]]] = {
    "FIRE-01": (0.4, "修订消防安全责任制，明确消防安全责任人和消防安全管理人，逐岗位签订责任书并开展岗位消防职责培训", (
        (("行政办公室",), "未制定成文的消防安全责任制度，未明确消防安全管理人"),
        (("行政办公室",), "消防安全责任书只签到部门负责人，食堂、门卫等岗位人员说不出本岗位消防职责"),
        (("行政办公室",), "消防安全责任人已调整，责任制未及时修订，现行文件仍为三年前版本"),
    )),
    "FIRE-02": (0.15, "停止使用不符合楼层要求的用房，调整至符合要求的地上楼层（幼儿用房在一至三层），报主管部门备案", (
        (("幼儿午睡室",), "幼儿午睡室设在综合楼四层，超出幼儿用房只能设在一至三层的要求"),
        (("幼儿活动室",), "一间幼儿活动室设在半地下室，仍在日常使用"),
        (("学生宿舍楼",), "宿舍楼地下一层改作临时宿舍，住有学生十余人"),
    )),
    "FIRE-03": (0.3, "立即清理易燃易爆物品并按规定存放；不符合要求的彩钢板房停止使用，限期拆除或更换为A级芯材", (
        (("食堂仓库",), "仓库内存放两桶柴油和一箱稀释剂"),
        (("维修施工现场",), "外墙维修现场堆放油漆、稀释剂等易燃物品，无专人看管"),
        (("校内临时板房",), "临时板房为聚苯乙烯夹芯彩钢板搭建，无芯材A级检测证明，仍作为仓库使用"),
        (("学生宿舍楼",), "宿舍楼储物间内发现学生存放的打火机油和酒精炉"),
    )),
    "FIRE-04": (0.3, "委托有资质的维保单位检修消防设施，恢复被屏蔽点位；宿舍和午休室全部加装联网型独立式烟感", (
        (("消防控制室",), "火灾报警主机显示故障点位12个，部分点位被屏蔽，值班人员说不清原因"),
        (("学生宿舍楼",), "抽查宿舍三间，均未安装火灾探测器或独立式烟感"),
        (("幼儿午睡室",), "午睡室未安装火灾自动报警探测器或独立式烟感"),
        (("教学楼一层走廊",), "室内消火栓系统末端试水压力不足，消火栓不能正常出水"),
    )),
    "FIRE-05": (0.2, "立即停止违规动火作业，落实动火审批，动火前清理可燃物，配备监护人和灭火器材，焊工持证上岗", (
        (("维修施工现场",), "改造施工中进行电焊作业，未办理动火审批，现场无监护人员和灭火器材"),
        (("维修施工现场",), "施工方在楼内进行气割作业，焊工无证，未办理动火审批手续"),
    )),
    "FIRE-06": (0.8, "清理楼内电动自行车和电池，拆除私拉电线，在室外设置集中停放充电区并配置定时断电的充电设施", (
        (("教学楼一层走廊",), "楼梯间下停放电动自行车3辆，其中1辆正在充电"),
        (("学生宿舍楼",), "宿舍楼一层门厅有电动自行车充电，电源从值班室私拉电线接出"),
        (("行政办公室",), "办公室内给电动自行车电池充电"),
        (("综合楼",), "从二楼窗口拉下电线，为楼下电动自行车“飞线”充电"),
        (("电动车棚",), "车棚内私拉电线、用插线板给电动自行车充电，无充电保护装置"),
    )),
    "FIRE-07": (0.15, "停止使用未经消防验收（备案）的建筑和场所，补办消防验收或备案手续，合格后方可投入使用", (
        (("综合楼",), "新建综合楼未取得消防验收意见书即投入使用"),
        (("校内超市",), "校内超市未取得消防安全检查合格证明即营业"),
        (("学生宿舍楼",), "新建宿舍楼未办理消防验收备案即安排学生入住"),
    )),
    "FIRE-08": (0.15, "恢复被封堵的安全出口，按规范增设或拓宽出口，确保出口数量和总宽度达到要求", (
        (("礼堂",), "礼堂两个安全出口中一个被封堵改作储藏间，只剩一个出口可用"),
        (("学生食堂",), "就餐区只有一个安全出口，出口总宽度不足规范值的80%"),
        (("体育馆",), "体育馆侧门长期锁闭，实际可用的安全出口数量不足"),
    )),
    "FIRE-09": (0.3, "拆除妨碍逃生和救援的铁栅栏、防盗网和广告牌；确需防护的改为能从内部不用工具快速开启的形式", (
        (("教学楼外窗",), "一层外窗安装固定式防盗网，不能从内部开启"),
        (("学生宿舍楼",), "宿舍楼一层窗户全部焊有铁栅栏，没有可开启的逃生窗口"),
        (("学生食堂",), "食堂外墙广告牌遮挡二层窗户，影响逃生和救援"),
        (("幼儿活动室",), "活动室外窗加装固定铁护栏，无法从室内打开"),
    )),
    "FIRE-10": (0.25, "将易燃易爆化学品移入专用防爆柜，按禁忌分类存放，存量核减至限量以内，使用逐次登记", (
        (("化学实验室",), "实验台上存放乙醇、丙酮等易燃试剂多瓶，超过当日用量，未放回防爆柜"),
        (("危化品储存室",), "易燃试剂与高锰酸钾等氧化剂混放在同一试剂柜内"),
        (("危化品储存室",), "乙醚、乙醇存量超出规定限量，无使用登记"),
        (("科学实验室",), "实验用酒精成桶存放在实验室内，无专用柜"),
    )),
    "FIRE-11": (5, "更换失压、过期的灭火器，按场所补足配置，放在明显便于取用的位置，落实每月检查并挂卡记录", (
        (("教学楼一层走廊", "综合楼", "学生食堂", "图书室", "学生宿舍楼", "幼儿活动室", "行政办公室"),
         "抽查灭火器6具，其中2具压力表指针处于红区"),
        (("教学楼一层走廊", "综合楼", "学生宿舍楼", "幼儿园走廊", "图书室"),
         "灭火器已超过报废年限，瓶体锈蚀，未挂月度检查卡"),
        (("学生食堂", "综合楼", "图书室", "幼儿活动室"), "灭火器被杂物遮挡，放置位置无明显标识"),
        (("教学楼一层走廊", "学生宿舍楼", "幼儿园走廊", "综合楼"), "灭火器配置数量不足，按面积应配8具，实配4具"),
    )),
    "FIRE-12": (3, "清除遮挡和圈占物，补齐水带水枪，维修消火栓阀门，出水压力达到要求", (
        (("教学楼一层走廊", "综合楼", "学生宿舍楼"), "室内消火栓箱被储物柜遮挡，箱门无法打开"),
        (("教学楼一层走廊", "综合楼", "学生宿舍楼", "幼儿园走廊"), "消火栓箱内缺少水带和水枪"),
        (("综合楼", "学生食堂"), "试水时消火栓出水压力不足"),
        (("校园主干道",), "室外消火栓被绿化带圈占，周边堆放建筑垃圾"),
    )),
    "FIRE-13": (4, "立即清理疏散通道和安全出口堆物，拆除锁闭装置，施划消防车通道标线并设置禁停标志", (
        (("教学楼三楼楼梯间",), "楼梯间堆放废旧课桌椅，占用疏散通道"),
        (("学生宿舍楼",), "宿舍楼一侧安全出口门用铁链上锁"),
        (("校园主干道",), "消防车通道被教职工车辆长期占用"),
        (("学生食堂",), "食堂后门安全出口堆放纸箱和食材，无法推开"),
        (("幼儿活动室",), "活动室通往室外的安全出口被玩具柜堵住"),
        (("综合楼",), "疏散走道堆放装修材料，通行宽度不足"),
    )),
    "FIRE-14": (4, "更换损坏的应急照明灯和疏散指示标志，纠正指示方向，每月断电测试并记录", (
        (("教学楼一层走廊",), "断电测试时走廊2盏应急照明灯不亮"),
        (("学生宿舍楼",), "疏散指示标志指向错误，部分被海报遮挡"),
        (("综合楼",), "楼梯间应急照明灯电池失效，按测试键不亮"),
        (("礼堂",), "礼堂内3处疏散指示灯损坏"),
        (("幼儿园走廊",), "走廊疏散指示标志缺失，断电后应急照明不亮"),
    )),
    "FIRE-15": (3, "撤除撑门物，维修或更换闭门器和变形门扇，确保常闭式防火门处于关闭状态", (
        (("教学楼三楼楼梯间",), "楼梯间常闭式防火门被木楔顶住，长期敞开"),
        (("综合楼",), "防火门闭门器损坏，门扇不能自动关闭"),
        (("学生宿舍楼",), "楼梯间防火门门扇变形，关闭不严"),
        (("学生食堂",), "后厨与就餐区之间的防火门用绳子拴住敞开"),
    )),
    "FIRE-16": (2, "委托有资质的机构开展年度消防设施检测，对检测发现的问题逐项整改并存档", (
        (("消防控制室", "行政办公室"), "不能提供近12个月内的建筑消防设施检测报告"),
        (("行政办公室",), "上年度消防设施检测报告提出的5项问题至今未整改，无整改记录"),
    )),
    "FIRE-17": (2, "落实每日防火巡查和夜间巡查，巡查记录写明时间、部位、巡查人和处理结果", (
        (("学生宿舍楼",), "防火巡查记录近两周有5天空白，夜间巡查时段无记录"),
        (("宿舍管理员值班室",), "防火巡查记录只写“正常”，未写明巡查部位和时间"),
        (("学生食堂",), "巡查记录未覆盖食堂和配电间等重点部位"),
    )),
    "FIRE-18": (2, "落实每日防火巡查，午睡时段安排专人值守巡查，如实填写巡查记录", (
        (("幼儿午睡室",), "午睡时段无人巡查，防火巡查记录中没有午睡时段"),
        (("行政办公室",), "防火巡查记录本近一个月未填写"),
    )),
    "DORM-01": (4, "收缴违规电器，开展宿舍安全用电教育，张贴禁用电器清单，加强日常查寝", (
        (("男生宿舍1号楼305室", "女生宿舍2号楼412室"), "宿舍内查出热得快1个、电热毯2条"),
        (("女生宿舍2号楼412室",), "学生储物柜内藏有电吹风和卷发棒"),
        (("男生宿舍1号楼305室",), "宿舍内使用小电锅煮面"),
    )),
    "DORM-02": (3, "拆除私拉电线和串接的插线板，更换破损插座，按需增设固定插座", (
        (("男生宿舍1号楼305室", "女生宿舍2号楼412室"), "宿舍内多个插线板串接使用，电线缠绕在床架上"),
        (("男生宿舍1号楼",), "学生从走廊插座私拉电线进宿舍为手机充电"),
        (("学生宿舍楼3楼走廊",), "走廊插座面板破损，有烧焦痕迹"),
    )),
    "DORM-03": (1.5, "收缴火源物品，对涉及学生进行批评教育，宿管加强夜间巡查", (
        (("男生宿舍1号楼305室", "女生宿舍2号楼412室"), "宿舍内发现蜡烛和打火机，床边有烧焦痕迹"),
        (("男生宿舍1号楼",), "宿舍卫生间内发现烟头"),
        (("女生宿舍2号楼412室",), "宿舍内点蚊香，放在床下纸箱旁"),
    )),
    "DORM-04": (1.5, "拆除挂锁，夜间出口改为从内部可快速开启的管理方式，清理出口堆物，值班室备齐钥匙并演练开门流程", (
        (("学生宿舍楼一层出口",), "夜间两个出口均用挂锁锁闭，值班员找不到钥匙"),
        (("学生宿舍楼一层出口",), "北侧出口门前堆放床板和废旧床垫"),
        (("宿舍管理员值班室",), "值班人员说不清夜间紧急情况下的开门流程"),
    )),
    "DORM-05": (2, "每层补配灭火器，维修应急照明和疏散指示，张贴楼层疏散示意图", (
        (("学生宿舍楼3楼走廊",), "三楼走廊未配置灭火器"),
        (("学生宿舍楼3楼走廊",), "楼层应急照明灯不亮，未张贴疏散示意图"),
        (("女生宿舍2号楼",), "楼内灭火器压力不足，已过检验期"),
    )),
    "DORM-06": (2, "落实每晚不少于两次的巡查，如实记录巡查时间、巡查人和发现的情况，值班领导定期检查", (
        (("宿舍管理员值班室",), "查夜记录近一周每晚只有一次，未写明巡查时间"),
        (("宿舍管理员值班室",), "夜间巡查记录系值班员事后补写，与监控记录不一致"),
    )),
    "DORM-07": (1, "配齐专职宿舍管理人员，女生宿舍安排女性管理员值守，排班表与实际一致", (
        (("女生宿舍2号楼",), "女生宿舍夜间由男性职工值班"),
        (("宿舍管理员值班室",), "宿舍管理员只有1人，夜间无人值守"),
    )),
    "CANTEEN-01": (0.8, "办理食品经营许可证延续（变更）手续，在醒目位置公示许可证", (
        (("食堂办公室",), "食品经营许可证已过期两个月，未办理延续"),
        (("食堂就餐区", "食堂后厨"), "未公示食品经营许可证，现场不能出示"),
        (("食堂办公室",), "许可证上的经营地址与食堂实际地址不一致"),
    )),
    "CANTEEN-02": (2, "过期和无证人员立即离岗体检，取得健康证明后再上岗，建立从业人员健康管理台账", (
        (("食堂后厨",), "2名从业人员健康证明已过期，仍在岗操作"),
        (("食堂后厨",), "新招1名帮厨人员未体检即上岗"),
        (("食堂办公室",), "从业人员名单与健康证明不能一一对应"),
    )),
    "CANTEEN-03": (2.5, "每餐每个品种留样不少于125克、冷藏48小时以上，使用专用留样冰箱，留样盒标识齐全，专人记录", (
        (("留样间",), "昨日午餐少留样2个品种"),
        (("留样间",), "留样盒未标明日期和餐次，抽称一份留样约80克"),
        (("留样间",), "留样冰箱内混放其他食品，温度显示12℃"),
        (("留样间",), "留样保存不足48小时即被清理"),
    )),
    "CANTEEN-04": (1.5, "制定{head}陪餐排班表，每餐落实陪餐并如实记录意见，发现的问题及时整改", (
        (("食堂就餐区", "食堂办公室"), "近两周陪餐记录有6餐空缺"),
        (("食堂办公室",), "陪餐记录内容雷同，没有对饭菜质量的意见"),
    )),
    "CANTEEN-05": (1, "补装后厨监控摄像头消除盲区，修复就餐区显示屏，接入“互联网+明厨亮灶”平台", (
        (("食堂操作间",), "粗加工间和面点间没有摄像头，存在监控盲区"),
        (("食堂就餐区",), "就餐区显示屏损坏，看不到后厨实时画面"),
    )),
    "CANTEEN-06": (2, "落实食材双人验收、索证索票，完善进货查验台账，确保来源可追溯", (
        (("食堂仓库",), "抽查3批次蔬菜无进货票据，未留存供应商资质"),
        (("食堂仓库",), "进货查验记录只有一人签字"),
        (("食堂仓库",), "进货台账缺少品名和数量，无法追溯来源"),
    )),
    "CANTEEN-07": (0.8, "立即停止供应和加工高风险食品，清理发芽土豆等变质食材，将禁止清单纳入食品安全制度并培训厨师", (
        (("食堂后厨",), "当日菜谱有凉拌熟肉"),
        (("食堂仓库",), "仓库内发现发芽土豆约10公斤"),
        (("食堂后厨",), "正在加工四季豆，未见烧熟煮透的措施"),
    )),
    "CANTEEN-08": (1, "加装可燃气体泄漏报警器和紧急切断阀并实现联动，对厨房人员进行操作培训", (
        (("食堂操作间",), "燃气灶区域未安装可燃气体泄漏报警器"),
        (("食堂操作间",), "报警器测试能报警，但不能联动关闭紧急切断阀"),
        (("食堂操作间",), "厨房人员不知道紧急切断阀的位置"),
    )),
    "CANTEEN-09": (1.2, "在灶台排烟罩处加装厨房自动灭火装置，更换过期药剂，委托有资质单位定期维保", (
        (("食堂操作间",), "灶台排烟罩处未安装自动灭火装置"),
        (("食堂操作间",), "自动灭火装置药剂已过有效期，无维保记录"),
    )),
    "CANTEEN-10": (2, "立即清洗排油烟罩和管道，建立日常清洗记录，委托专业单位每季度至少清洗一次排烟管道", (
        (("食堂操作间",), "排油烟罩表面油垢较厚，无日常清洗记录"),
        (("食堂操作间",), "排烟管道近一年未清洗，不能提供清洗服务单"),
    )),
    "LAB-01": (1.5, "清理无标签试剂并按规定处置，补贴标签，配齐危险化学品安全技术说明书", (
        (("实验准备室",), "试剂柜内4瓶试剂标签脱落，无法辨认"),
        (("危化品储存室",), "危险化学品未配备安全技术说明书"),
        (("科学仪器室",), "实验用酒精分装在饮料瓶中，没有标签"),
    )),
    "LAB-02": (1, "维修通风橱和排风设施，产生有害气体的实验一律在通风橱内进行", (
        (("化学实验室",), "通风橱排风机不能启动"),
        (("化学实验室",), "排风扇损坏，室内有明显刺激性气味"),
    )),
    "LAB-03": (1.2, "配齐灭火沙箱、灭火毯和适用的灭火器，放在醒目便于取用的位置", (
        (("化学实验室",), "实验室未配备灭火沙箱"),
        (("科学实验室", "物理实验室"), "实验室灭火器已过期"),
        (("实验准备室",), "灭火毯、灭火器锁在柜内，取用不便"),
    )),
    "LAB-04": (1, "危险化学品专柜加装双锁，钥匙由两名指定人员分别保管，开柜须两人同时在场", (
        (("危化品储存室",), "危化品柜只有一把锁，钥匙由实验员一人保管"),
        (("危化品储存室",), "两把钥匙由同一人保管，开柜无两人在场的记录"),
    )),
    "LAB-05": (1.2, "完善危险化学品采购、领用、归还登记，定期盘点，做到账物相符", (
        (("危化品储存室",), "抽查浓硫酸库存与台账相差约500毫升，无领用记录"),
        (("实验准备室",), "药品领用登记缺少用途和归还量"),
    )),
    "LAB-06": (0.6, "易制毒、易制爆化学品分别存入专用柜并设标识，按清单核对，不与其他试剂混放", (
        (("危化品储存室",), "易制爆的高锰酸钾、硝酸钾与普通试剂混放"),
        (("危化品储存室",), "易制毒化学品专柜无标识，柜内物品与清单不符"),
    )),
    "LAB-07": (1, "实验废液和废弃化学品分类收集、加盖存放，与有资质的单位签订处置合同并定期转运", (
        (("化学实验室",), "实验废液倒入水池直接排放"),
        (("实验废液暂存点",), "废液桶无分类标签、未加盖，放在配电箱旁"),
        (("实验准备室",), "过期试剂堆放在准备室角落，未交有资质的单位处置"),
    )),
    "GAS-01": (1.5, "更换锈蚀管段和泄漏接口，拆除占压和包封，经燃气企业检测合格后使用", (
        (("食堂燃气间",), "燃气管道多处锈蚀，接口处检漏有气泡"),
        (("食堂操作间",), "燃气管道被吊顶封死，无法检查"),
        (("锅炉房",), "燃气管道上方搭建杂物棚，管道被占压"),
    )),
    "GAS-02": (1.2, "安装（更换）与燃气种类相符的泄漏报警装置，定期测试并记录", (
        (("食堂燃气间",), "燃气间未安装可燃气体泄漏报警装置"),
        (("锅炉房",), "燃气报警器测试不报警，已损坏"),
    )),
    "GAS-03": (1, "更换带熄火保护装置的燃气灶具，无熄火保护的灶具停止使用", (
        (("食堂操作间",), "3台燃气灶没有熄火保护装置"),
        (("食堂操作间",), "大锅灶熄火保护装置失灵，熄火后不能切断气源"),
    )),
    "GAS-04": (1.5, "将橡胶软管全部更换为金属（不锈钢波纹）软管，接口紧固", (
        (("食堂操作间",), "灶具与管道之间用橡胶软管连接，软管老化开裂"),
        (("食堂操作间",), "软管接头用铁丝绑扎"),
    )),
    "GAS-05": (1, "设置独立通风的气瓶间，钢瓶直立固定、空瓶实瓶分开存放，超期钢瓶退回供气单位", (
        (("食堂操作间",), "液化气钢瓶放在操作间内，距灶具不足1米"),
        (("液化气瓶间",), "钢瓶未直立固定，空瓶实瓶混放"),
        (("液化气瓶间",), "气瓶间堆放杂物、通风不良，2只钢瓶超过检验期"),
    )),
    "ELEC-01": (4, "更换老化破损线路，裸露接头做绝缘处理，拆除临时线路，吊顶内线路穿管保护", (
        (("配电室",), "电缆绝缘层老化开裂"),
        (("教学楼配电箱",), "配电箱内有裸露接头，未做绝缘处理"),
        (("办公室",), "临时拉设电线，沿地面敷设无保护"),
        (("综合楼",), "吊顶内电线未穿管，直接敷设在木龙骨上"),
        (("幼儿活动室",), "墙面电线外露，幼儿伸手可及"),
        (("食堂操作间",), "潮湿区域电线接头裸露"),
    )),
    "ELEC-02": (2, "更换失效的漏电保护器，插座回路和潮湿场所回路全部加装漏电保护，每月试验并记录", (
        (("配电室",), "按漏电保护器测试键不跳闸"),
        (("食堂操作间",), "插座回路未安装漏电保护装置"),
        (("教学楼配电箱", "幼儿园走廊"), "漏电保护器被短接，处于失效状态"),
    )),
    "ELEC-03": (2, "大功率设备改用专用回路，更换发热变色的插座和电缆，合理分配用电负荷", (
        (("计算机教室",), "插座发热变色，多台设备共用一个插线板"),
        (("办公室",), "电暖器与照明共用回路，线路发热"),
        (("食堂操作间",), "大功率消毒柜使用普通插座供电，插头有烧焦痕迹"),
    )),
    "ELEC-04": (3, "配电箱、配电室上锁管理，钥匙由电工专人保管，清理周边杂物，补贴回路标识", (
        (("配电室",), "配电室未上锁，室内堆放扫帚、纸箱等杂物"),
        (("教学楼配电箱",), "配电箱门损坏无法上锁，回路没有标识"),
        (("学生宿舍楼走廊",), "走廊配电箱未上锁，学生可随意打开"),
        (("幼儿园走廊",), "走廊配电箱未上锁，安装位置低，幼儿可触及"),
    )),
    "BLDG-01": (0.15, "D级危房立即停用封闭，设置围挡和警示标志，列入拆除计划，禁止任何人员进入", (
        (("原平房用房",), "经鉴定为D级的原平房用房未封闭，仍作为器材仓库使用"),
        (("老教学楼",), "D级危房老教学楼未设围挡，有学生进入"),
    )),
    "BLDG-02": (0.4, "C级校舍停止用于教学、住宿和集会，制定加固方案，加固验收合格后再使用", (
        (("老教学楼",), "鉴定为C级的老教学楼未加固，仍安排两个班上课"),
        (("学生宿舍楼",), "C级宿舍楼加固未完成，仍有学生住宿"),
    )),
    "BLDG-03": (1.5, "设置警戒区，委托专业机构鉴定并按意见处置，落实每学期校舍全面检查", (
        (("教学楼",), "二层楼板出现贯通裂缝，未进行监测"),
        (("围墙",), "西段围墙倾斜开裂，有倒塌危险"),
        (("幼儿园主楼",), "主楼外墙出现斜向裂缝，本学期未做校舍全面检查"),
        (("综合楼",), "本学期未开展校舍全面检查，没有检查记录"),
    )),
    "BLDG-04": (3, "加高、加密护栏，拆除或封闭可踩踏的横向构件，紧固松动部位", (
        (("教学楼走廊护栏",), "二楼走廊护栏高度实测1.0米，低于1.10米"),
        (("教学楼楼梯扶手",), "楼梯栏杆竖杆间距约0.15米，大于0.11米"),
        (("连廊",), "护栏底部有横向构件，容易攀爬"),
        (("幼儿园主楼",), "二楼阳台护栏松动，竖杆间距过大"),
        (("学生宿舍楼",), "宿舍楼阳台护栏松动"),
    )),
    "BLDG-05": (2, "拆除或加固松动悬挂物，修复空鼓外墙和破损吊顶，危险区域设置围挡警示", (
        (("教学楼外墙",), "外墙瓷砖空鼓，局部已经脱落"),
        (("综合楼",), "楼门口上方广告牌锈蚀，固定螺栓松动"),
        (("教学楼",), "教室吊顶局部下沉破损"),
        (("幼儿园主楼",), "门厅吊顶石膏板破损下垂"),
        (("综合楼",), "空调外机支架锈蚀松动"),
    )),
    "BLDG-06": (3, "加固或更换存在倾倒危险的体育器材和大型玩具，落实定期检查和维护", (
        (("操场",), "篮球架底座配重不足，推晃明显"),
        (("操场",), "足球门未固定，存在倾倒危险"),
        (("操场",), "单杠立柱根部锈蚀，焊缝开裂"),
        (("户外活动场地",), "大型滑梯螺栓松动，地面没有防护垫"),
    )),
    "SPEQ-01": (1, "向市场监管部门办理特种设备使用登记，在显著位置张贴登记标志", (
        (("教学楼电梯",), "电梯未办理使用登记，轿厢内无登记标志"),
        (("锅炉房",), "锅炉使用登记证未张贴，现场无登记标志"),
    )),
    "SPEQ-02": (1.5, "超期设备立即停用，申请定期检验，合格后恢复使用，台账记录下次检验日期", (
        (("教学楼电梯",), "电梯定期检验已过期一个月，仍在使用"),
        (("锅炉房",), "锅炉安全阀超过校验期"),
        (("食堂蒸汽锅炉",), "蒸汽锅炉未按期检验，检验合格标志已过期"),
    )),
    "SPEQ-03": (1, "书面任命特种设备安全管理人员，作业人员持有效证件上岗", (
        (("锅炉房",), "锅炉工作业人员证已过期，仍在岗"),
        (("后勤办公室",), "未书面任命特种设备安全管理人员"),
    )),
    "SPEQ-04": (1, "委托有资质单位按期维保，完善安全技术档案和自行检查记录，制定应急专项预案并演练", (
        (("教学楼电梯",), "电梯维保记录不连续，近两个月没有维保记录"),
        (("后勤办公室",), "未制定特种设备事故应急专项预案，没有演练记录"),
        (("锅炉房",), "锅炉没有日常运行和自行检查记录"),
    )),
    "BUS-01": (0.6, "停止使用未取得许可的车辆接送{pupil}，办理校车使用许可，按规定悬挂校车标牌", (
        (("校车停车场",), "1辆接送{pupil}的车辆未取得校车使用许可"),
        (("1号校车", "2号校车"), "校车标牌已过期，未换发"),
    )),
    "BUS-02": (0.8, "立即送检，检验合格前停止运营", (
        (("1号校车", "2号校车"), "最近一次机动车安全技术检验已超过6个月"),
    )),
    "BUS-03": (0.5, "续保承运人责任保险，保单与在用校车一一对应", (
        (("校车管理办公室",), "1辆校车的承运人责任保险已过期"),
    )),
    "BUS-04": (0.6, "调换不符合条件的驾驶人，由取得校车驾驶资格的驾驶人驾驶", (
        (("校车管理办公室",), "1名驾驶人未取得校车驾驶资格"),
        (("校车管理办公室",), "1名驾驶人年龄已超过60周岁"),
    )),
    "BUS-05": (1.2, "补齐逃生锤、灭火器和急救箱，修复卫星定位装置并保持在线", (
        (("1号校车", "2号校车"), "车内缺少逃生锤2个，灭火器已过期"),
        (("1号校车", "2号校车"), "卫星定位装置离线，调不出行驶记录"),
        (("1号校车", "2号校车"), "急救箱内药品过期"),
    )),
    "BUS-06": (1, "每趟校车安排照管人员全程随车，上下车逐一清点人数并登记", (
        (("1号校车", "2号校车"), "早班校车无照管人员随车"),
        (("校车管理办公室",), "乘车登记表上车、下车人数不一致，无人核实"),
    )),
    "BUS-07": (0.8, "严禁超员载客，调整乘车安排，副驾驶座位不安排{pupil}乘坐", (
        (("1号校车", "2号校车"), "抽查视频，校车核载19人，实载23人"),
        (("1号校车", "2号校车"), "副驾驶座位安排{pupil}乘坐"),
    )),
    "BUS-08": (1, "落实出车前安全检查并记录，由有资质的单位维护保养并建立档案", (
        (("校车停车场",), "驾驶人出车前未检查车况，近一周检查表空白"),
        (("校车管理办公室",), "校车安全维护档案不全，缺少维修保养记录"),
    )),
    "BUS-09": (0.6, "对驾驶人批评教育，按核定的运行方案行驶，落实超速监控和恶劣天气停运制度", (
        (("校车管理办公室",), "定位记录显示校车在乡道上行驶速度达75公里/小时"),
        (("校车管理办公室",), "校车未按核定线路行驶，擅自增加停靠站点"),
    )),
    "SEC-01": (1.5, "修补围墙围栏缺口，上课期间关闭校门，出入人员车辆经门卫核验", (
        (("西侧围墙",), "围墙有一处约2米宽的缺口，未封闭"),
        (("校门",), "上课期间校门敞开，无人管控"),
        (("北侧围栏",), "围栏被破坏，有校外人员翻越的痕迹"),
    )),
    "SEC-02": (1, "按标准补足专职保安员", (
        (("保安值班室",), "专职保安员数量未达到配备标准，由门卫兼任"),
        (("保安值班室",), "专职保安员仅1名，夜间无人值守"),
    )),
    "SEC-03": (1, "更换不符合条件的保安员，由正规保安公司派驻并组织培训考核", (
        (("保安值班室",), "2名保安员年龄超过60周岁，无上岗证"),
        (("保安值班室",), "保安员未经培训，不会使用钢叉、盾牌等防护器械"),
    )),
    "SEC-04": (1.5, "落实门卫24小时值守和外来人员、车辆核验登记制度", (
        (("门卫室",), "外来人员进校未登记，门卫只作口头询问"),
        (("门卫室",), "中午时段门卫室无人值守"),
        (("门卫室",), "访客登记本缺少事由和进出时间"),
    )),
    "SEC-05": (1, "落实每日不少于5次校园巡逻，覆盖重点部位，使用电子巡更记录", (
        (("保安值班室",), "巡逻记录每日仅2次，未覆盖围墙等重点部位"),
        (("保安值班室",), "电子巡更数据显示近一周多次漏巡"),
    )),
    "SEC-06": (1, "在校门口设置防冲撞设施，上下学时段保持阻挡状态，定期检查维护", (
        (("校门",), "校门口未设置防冲撞设施"),
        (("校门",), "升降柱损坏，上下学时段未处于阻挡状态"),
    )),
    "SEC-07": (0.8, "联系公安机关完成一键报警联网，定期测试并培训值守人员", (
        (("门卫室",), "一键式紧急报警装置未与公安机关联网"),
        (("门卫室",), "报警按钮测试无法接通，值守人员不会使用"),
    )),
    "SEC-08": (1.5, "补装摄像头消除盲区，维修故障点位，录像保存期限达到规定要求，完成与公安机关联网", (
        (("监控室",), "食堂后厨和北侧围墙没有监控覆盖"),
        (("监控室",), "3路监控摄像头画面无信号"),
        (("监控室",), "监控录像只能保存7天，达不到规定期限"),
        (("监控室",), "视频监控未与公安机关联网"),
    )),
    "SURR-01": (0.4, "报告文化执法部门依法处理，加强对{pupil}的教育引导", (
        (("校门外东侧街道",), "校门东侧约150米处有一家网吧营业"),
    )),
    "SURR-02": (1.2, "协调城管部门清理占道经营，建立校门口环境联动治理机制", (
        (("校门口",), "放学时段校门口有5处流动摊点占道经营"),
        (("校门口",), "校门口50米内有烧烤摊点，占用人行通道"),
    )),
    "SURR-03": (1, "协调公安交管部门落实高峰时段护学岗，完善校门口交通设施", (
        (("校门口",), "放学高峰时段校门口没有护学岗人员，{pupil}与车辆混行"),
        (("学校周边路口",), "校门外路口没有减速标志和人行横道，接送车辆乱停乱放"),
    )),
    "CROWD-01": (1.5, "人员集中时段安排教师在楼梯口值守，实行分班错时上下楼，维修楼梯照明和扶手", (
        (("教学楼楼梯间",), "课间操集中下楼时楼梯口没有教师值守"),
        (("教学楼楼梯间",), "楼梯间照明灯损坏，扶手松动"),
        (("幼儿园楼梯",), "离园时段楼梯口无教师看护，幼儿拥挤"),
    )),
    "CROWD-02": (0.8, "大型活动前制定安全工作方案和疏散预案，明确责任人，活动前检查疏散通道", (
        (("礼堂",), "开学典礼未制定安全工作方案和疏散预案"),
        (("操场",), "运动会安全方案未明确责任人和疏散路线"),
        (("户外活动场地",), "六一文艺汇演未制定疏散预案"),
    )),
    "WATER-01": (1, "会同村（居）委会排查学校周边和上学路线的危险水域，建立台账并定期更新", (
        (("安全办公室",), "未建立学校周边危险水域台账"),
        (("安全办公室",), "危险水域台账未更新，漏列上学路线上的2处坑塘"),
    )),
    "WATER-02": (1.2, "设置警示标志和防护设施，报请乡镇政府和村委会落实管护责任", (
        (("学校南侧河塘",), "河塘边未设置警示标志和防护栏"),
        (("村边水库",), "水库边警示牌损坏，未报请属地修复"),
        (("上学路线沟渠",), "沟渠临路一侧没有防护栏"),
    )),
    "WATER-03": (1.2, "开展防溺水专题教育，发放告家长书并收齐回执，提醒监护人落实看护责任", (
        (("安全办公室",), "本学期未开展防溺水专题教育，没有教育记录"),
        (("安全办公室",), "暑假前告家长书回执只收回六成"),
    )),
    "MGMT-01": (1, "成立安全工作领导小组，明确分管负责人和安全管理员，完善岗位安全职责清单并签订责任书", (
        (("校长办公室", "园长办公室"), "未成立安全工作领导小组，安全管理员无任命文件"),
        (("校长办公室", "园长办公室"), "岗位安全职责清单缺少食堂、门卫等岗位"),
    )),
    "MGMT-02": (1.5, "完善隐患排查治理台账，{head}每学期至少带队开展一次全面自查，隐患如实登记、跟踪整改", (
        (("安全办公室",), "隐患台账未记录整改期限和销号情况"),
        (("安全办公室",), "本学期没有{head}带队的全面自查记录"),
    )),
    "MGMT-03": (1, "结合本单位实际修订各类突发事件应急预案，明确组织分工、报告流程和疏散路线", (
        (("安全办公室",), "应急预案照搬模板，未结合本单位实际，缺少食物中毒和校园侵害的处置内容"),
        (("档案室",), "应急预案三年未修订，人员分工与现状不符"),
    )),
    "MGMT-04": (1.5, "按规定频次组织应急疏散演练，完善演练方案、记录和总结", (
        (("安全办公室",), "本学期只开展了1次应急疏散演练，低于规定频次"),
        (("档案室",), "演练没有方案和总结，只有照片"),
    )),
    "MGMT-05": (0.6, "立即续保校方责任险，投保人数与在籍{pupil}数一致", (
        (("档案室",), "校方责任险保单已于上月到期，未续保"),
        (("档案室",), "投保人数少于在籍{pupil}数"),
    )),
    "MGMT-06": (1, "制定安全教育计划，开学初和放假前开展专题安全教育并留存记录", (
        (("教务处", "安全办公室"), "开学初未开展安全教育，没有安全教育课时安排"),
        (("安全办公室",), "放假前安全教育内容未包括防溺水和交通安全"),
    )),
    "MGMT-07": (0.8, "制定学生欺凌防控制度和处置流程，公布报告渠道，开展师生防欺凌教育", (
        (("政教处",), "未制定学生欺凌防控工作制度"),
        (("政教处",), "本学期没有防欺凌教育记录，学生不知道报告渠道"),
    )),
}  # fmt: skip
# Share of hazards per state, roughly what a working loop looks like.
STATES = [
    (HazardState.CLOSED, 0.74),
    (HazardState.RECTIFYING, 0.11),
    (HazardState.SUBMITTED, 0.05),
    (HazardState.REPORTED, 0.07),
    (HazardState.DRAFT, 0.03),
]
SOURCES = [
    (HazardSource.SELF_CHECK, 0.5),
    (HazardSource.SUPERVISION, 0.15),
    (HazardSource.CROSS_CHECK, 0.1),
    (HazardSource.SPOT_CHECK, 0.08),
    (HazardSource.STAFF, 0.1),
    (HazardSource.THIRD_PARTY, 0.03),
    (HazardSource.VIDEO_PATROL, 0.02),
    (HazardSource.PUBLIC, 0.02),
]
BATCH = 20_000
OWNERS = ["王老师", "李主任", "张师傅", "刘校长", "陈老师"]
CONTINGENCY = "整改期间设置警示标志，安排专人值守。"
RECTIFICATION = "已按整改措施完成整改，附整改后照片。"
HAZARD_COLUMNS = (
    "id",
    "school_id",
    "org_path",
    "school_kind",
    "place",
    "area",
    "level",
    "source",
    "description",
    "found_at",
    "reporter_name",
    "item_id",
    "state",
    "reported_at",
    "owner_name",
    "measures",
    "funds",
    "deadline",
    "contingency",
    "rectification",
    "submitted_at",
    "closed_at",
    "closed_on_time",
    "listed_by_id",
    "reopen_count",
    "recheck_due",
)
EVENT_COLUMNS = ("hazard_id", "verb", "from_state", "to_state", "at", "comment", "data")
LISTING_COLUMNS = (
    "hazard_id",
    "org_path",
    "listed_by_id",
    "notice_no",
    "supervising_unit",
    "deadline",
    "accept_by",
    "listed_at",
    "listed_by_user_id",
    "end_reason",
)


class Profile(NamedTuple):
    """What decides which items apply to a school and where it can fail them (what ChecklistItem.applies_to reads)."""

    kind: str
    is_boarding: bool
    uses_school_bus: bool
    is_rural: bool
    is_private: bool
    is_small: bool


PROFILE_FIELDS = (
    "school__kind",
    "school__is_boarding",
    "school__uses_school_bus",
    "school__is_rural",
    "school__is_private",
    "school__is_small",
)


def profile_of(values: tuple) -> Profile:
    kind, *flags = values
    return Profile(kind or "", *(bool(flag) for flag in flags))


class Findings:
    """What failing each item looks like at a kind of school, worked out once per profile (not per hazard).

    A row is (item id, area, major criterion, place, description, measures); the draw weights each item by
    how often it fails, shared among its findings.
    """

    def __init__(self, items: list[Any]) -> None:
        self.items = items
        self._tables: dict[Profile, tuple[list[tuple], list[float], float]] = {}
        self._found: dict[tuple[int, Profile], list[tuple[str, str, str]]] = {}

    def of_item(self, item: Any, profile: Profile) -> list[tuple[str, str, str]]:
        """(place, description, measures) this item can be failed with at such a school; empty if none fits."""
        key = (item.pk, profile)
        if key not in self._found:
            self._found[key] = _findings(item, profile) if item.applies_to(profile) else []
        return self._found[key]

    def table(self, profile: Profile) -> tuple[list[tuple], list[float], float]:
        if profile not in self._tables:
            rows: list[tuple] = []
            weights: list[float] = []
            for item in self.items:
                found = self.of_item(item, profile)
                weight = FINDINGS[item.code][0] if item.code in FINDINGS else 1.0
                for place, text, measures in found:
                    rows.append((item.pk, str(item.area), item.is_major_criterion, place, text, measures))
                    weights.append(weight / len(found))
            self._tables[profile] = (rows, list(accumulate(weights)), sum(weights))
        return self._tables[profile]

    def draw(self, table: tuple[list[tuple], list[float], float], rng: random.Random) -> tuple:
        rows, bounds, total = table
        return rows[min(bisect(bounds, rng.random() * total), len(rows) - 1)]


def _findings(item: Any, profile: Profile) -> list[tuple[str, str, str]]:
    places = PLACES.get(str(item.area), {})
    kindergarten = profile.kind == "kindergarten"
    words = {"pupil": "幼儿" if kindergarten else "学生", "head": "园长" if kindergarten else "校长"}
    if item.code in FINDINGS:
        _weight, measures, found = FINDINGS[item.code]
        return [
            (place, text.format(**words), measures.format(**words))
            for where, text in found
            for place in where
            if FITS[places[place]](profile)
        ]
    # An item the demo has no words for (a region's own checklist): name the check it failed.
    check = item.text.strip().rstrip("。；;，,")
    fitting = [place for place, fits in places.items() if FITS[fits](profile)][:3]
    return [(place, f"现场检查不符合“{check}”的要求", "按检查要求立即整改，落实专人负责") for place in fitting]


class _Weighted:
    """A weighted draw from one random number (what `rng.choices` does, without its set-up on every call)."""

    def __init__(self, weighted: list[tuple[Any, float]]) -> None:
        # Plain strings: a database driver may write an enum member by its name, not its value.
        self.values = [str(value) for value, _w in weighted]
        self.bounds = list(accumulate(w for _v, w in weighted))
        self.total = self.bounds[-1]

    def __call__(self, rng: random.Random) -> str:
        return self.values[bisect(self.bounds, rng.random() * self.total)]


def seed_hazards(count: int, seed: int, stream: TextIO, full_events_limit: int = 200_000) -> int:
    """`count` hazards spread over every school and the last three years, in every state.

    Rows go in as plain tuples (COPY on PostgreSQL) with ids reserved up front, so
    steps and listings can point at their hazard without reading anything back.
    Up to `full_events_limit` hazards get every step record; above it, only the
    hazards still open do (closed ones keep their dates on the hazard row), which
    keeps 3,000,000 hazards within minutes.
    """
    if count <= 0:
        return 0
    rng = random.Random(seed)
    schools = list(OrgUnit.objects.filter(level=Level.SCHOOL).values_list("pk", "path", *PROFILE_FIELDS))
    checklist = Checklist.objects.filter(code="SD-GENERAL").first()
    items = list(checklist.published().items.all()) if checklist else []
    if not schools or not items:
        return 0
    generator = _HazardGenerator(rng, schools, Findings(items), full_events=count <= full_events_limit)
    if not generator.schools:
        return 0
    # Found in time order, so ids grow with time as in real use (and inserts into the time indexes append).
    moments = sorted(rng.random() ** 0.7 for _ in range(count))
    progress = Progress("hazards", count, stream)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Check each part's foreign keys while its rows are still in memory, not all at commit.
            connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
        for offset in range(0, count, BATCH):
            ids = reserve_ids(Hazard, min(BATCH, count - offset))
            events: list[tuple] = []
            listings: list[tuple] = []
            rows = generator.hazards(ids, moments[offset : offset + len(ids)], events, listings)
            insert_rows(Hazard, HAZARD_COLUMNS, rows)
            insert_rows(HazardEvent, EVENT_COLUMNS, events)
            insert_rows(Listing, LISTING_COLUMNS, listings)
            progress.advance(len(ids))
    return count


class _HazardGenerator:
    def __init__(self, rng: random.Random, schools: list[tuple], findings: Findings, full_events: bool) -> None:
        self.rng = rng
        self.findings = findings
        # Each school with the findings its kind and flags allow (one table per profile, shared).
        self.schools = []
        for pk, path, *values in schools:
            profile = profile_of(tuple(values))
            table = findings.table(profile)
            if table[0]:
                self.schools.append((pk, path, profile.kind, table))
        self.full_events = full_events
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.now = clock.now()
        self.today = clock.today()
        self.start = self.now - timedelta(days=3 * 365)
        self.span = (self.now - self.start).total_seconds()
        self.states = _Weighted(STATES)
        self.sources = _Weighted(SOURCES)
        admins = {}
        for user_id, path in _city_admins():
            admins.setdefault(path, user_id)
        # City path → (city id, its admin who lists, notice prefix, supervising unit).
        self.listers = {
            org.path: (org.pk, admins[org.path], org.short_name, f"{org.name}教育局")
            for org in OrgUnit.objects.filter(level=Level.CITY)
            if org.path in admins
        }

    def hazards(self, ids: range, moments: list[float], events: list[tuple], listings: list[tuple]) -> Iterator[tuple]:
        """Hazard rows (made while they are written), adding their steps and listings to the lists given."""
        rng, tz, now, today = self.rng, self.tz, self.now, self.today
        random_, choice, uniform, draw = rng.random, rng.choice, rng.uniform, self.findings.draw
        recent = now - timedelta(days=3)
        city_len = 2 * OrgUnit.steplen
        for hazard_id, moment in zip(ids, moments, strict=True):
            school_id, path, kind, table = choice(self.schools)
            item_id, area, major_item, place, text, item_measures = draw(table, rng)
            major = major_item or random_() < 0.02
            level = "major" if major else "general"
            # Recent years have more records (the platform was rolled out gradually).
            found_at = self.start + timedelta(seconds=self.span * moment)
            state = self.states(rng)
            if state == "closed" and found_at > recent:
                state = "rectifying"
            days_allowed = 60 if major else 7
            found_day = found_at.astimezone(tz).date()
            deadline = found_day + timedelta(days=days_allowed)
            source = self.sources(rng)
            draft = state == "draft"
            owner = measures = contingency = rectification = ""
            funds = submitted_at = closed_at = on_time = listed_by = None
            if state in ("rectifying", "submitted", "closed"):
                owner, measures = choice(OWNERS), item_measures
                if major:
                    funds, contingency = choice((0, 2000, 15000, 80000)), CONTINGENCY
            if state in ("submitted", "closed"):
                rectification = RECTIFICATION
                submitted_at = found_at + timedelta(days=uniform(0.5, days_allowed * 1.1))
            if state == "closed":
                closed_at = min(now, submitted_at + timedelta(days=uniform(0.2, 5)))
                on_time = closed_at.astimezone(tz).date() <= deadline
            elif not draft and deadline < today and random_() < 0.7:
                # Old open hazards are the overdue ones; most of them got a fresh deadline (extended).
                deadline = today + timedelta(days=rng.randint(1, 45))
            if major and not draft and state != "closed" and random_() < 0.4:
                lister = self.listers.get(path[:city_len])
                if lister is not None:
                    listed_by = lister[0]
                    listings.append(self._listing(hazard_id, path, deadline, found_at, found_day, lister))
            self._events(events, hazard_id, state, found_at, owner, submitted_at, closed_at)
            yield (
                hazard_id, school_id, path, kind, place, area, level, source, text, found_at,
                "", item_id, state, None if draft else found_at, owner, measures, funds,
                None if draft else deadline, contingency, rectification, submitted_at, closed_at,
                on_time, listed_by, 0, False,
            )  # fmt: skip

    def _events(
        self,
        rows: list[tuple],
        hazard_id: int,
        state: str,
        found_at: datetime,
        owner: str,
        submitted_at: datetime | None,
        closed_at: datetime | None,
    ) -> None:
        if closed_at and not self.full_events:
            return  # their dates stay on the hazard row; their steps are history nobody opens
        if state == "draft":
            rows.append((hazard_id, "create", "", "draft", found_at, "", {}))
            return
        rows.append((hazard_id, "report", "", "reported", found_at, "", {}))
        if owner:
            rows.append((hazard_id, "rectify", "reported", "rectifying", found_at + timedelta(hours=6), "", {}))
        if submitted_at:
            rows.append((hazard_id, "submit", "rectifying", "submitted", submitted_at, "", {}))
        if closed_at:
            rows.append((hazard_id, "verify", "submitted", "closed", closed_at, "", {}))

    def _listing(
        self, hazard_id: int, path: str, deadline: date, found_at: datetime, found_day: date, lister: tuple
    ) -> tuple:
        city_id, user_id, short_name, unit = lister
        notice = f"{short_name}教安督〔{found_day:%Y}〕{self.rng.randint(1, 99)}号"
        listed_at = min(self.now, found_at + timedelta(days=2))
        return (hazard_id, path, city_id, notice, unit, deadline, deadline + timedelta(days=10), listed_at, user_id, "")


def _city_admins() -> list[tuple[int, str]]:
    from safecampus.orgs.models import Membership

    return list(
        Membership.objects.filter(role="bureau_admin", org__level=Level.CITY).values_list("user_id", "org_path")
    )


def seed_inspections(limit: int, seed: int, stream: TextIO) -> int:
    """One submitted self-check with every applicable item for up to `limit` schools."""
    checklist = Checklist.objects.filter(code="SD-GENERAL").first()
    if checklist is None or limit <= 0:
        return 0
    version = checklist.published()
    rng = random.Random(seed + 1)
    schools = list(OrgUnit.objects.filter(level=Level.SCHOOL).select_related("school").order_by("path")[:limit])
    creator = _any_admin()
    if creator is None:
        return 0
    progress = Progress("inspections", len(schools), stream)
    library = effective_items(version)  # filtered per school below, without a query per school
    findings = Findings(library)
    tz = ZoneInfo(settings.TIME_ZONE)
    with transaction.atomic():
        for start in range(0, len(schools), 500):
            chunk = schools[start : start + 500]
            inspections = []
            for school in chunk:
                day = clock.today() - timedelta(days=rng.randint(1, 80))
                inspections.append(
                    Inspection(
                        kind="self_check",
                        school=school,
                        org_path=school.path,
                        checklist_version=version,
                        date=day,
                        status="submitted",
                        created_by_id=creator,
                        submitted_at=datetime.combine(day, time(16), tz),
                    )
                )
            Inspection.objects.bulk_create(inspections)
            results = []
            for inspection, school in zip(inspections, chunk, strict=True):
                profile = Profile(*(getattr(school.school, field.split("__")[1]) for field in PROFILE_FIELDS))
                items = [item for item in library if item.applies_to(profile)]
                failed = weight_pass = weight_all = 0
                for item in items:
                    outcome = rng.choices(["pass", "fail", "na"], weights=[0.9, 0.05, 0.05])[0]
                    found = findings.of_item(item, profile)
                    place = note = ""
                    if outcome == "fail" and found:
                        place, note, _measures = rng.choice(found)
                    elif outcome == "fail":
                        outcome = "pass"  # nothing of the kind at this school to fail (no canteen hall, no lab)
                    results.append(
                        InspectionResult(inspection=inspection, item=item, outcome=outcome, note=note, place=place)
                    )
                    if outcome != "na":
                        weight_all += item.weight
                        weight_pass += item.weight if outcome == "pass" else 0
                    failed += outcome == "fail"
                inspection.failed_count = failed
                inspection.score = round(weight_pass * 100 / weight_all, 1) if weight_all else None
            InspectionResult.objects.bulk_create(results, batch_size=BATCH)
            Inspection.objects.bulk_update(inspections, ["failed_count", "score"])
            progress.advance(len(chunk))
    return len(schools)


def _any_admin() -> int | None:
    from safecampus.orgs.models import Membership

    return Membership.objects.filter(role="bureau_admin", org__depth=1).values_list("user_id", flat=True).first()
