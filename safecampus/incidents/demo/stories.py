"""How each kind of demo incident goes: the title, place, account, measures and figures of a report."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from .calendar import SECONDARY, school_day
from .people import _grade


def _count(number: int, unit: str = "名") -> str:
    """How a report counts people: 一名 for one, Arabic numerals above (3名, 26人)."""
    return f"一{unit}" if number == 1 else f"{number}{unit}"


def _moment(at: datetime) -> str:
    return f"{at.month}月{at.day}日{at.hour}时许"


def _pupil_word(kind: str) -> str:
    return "幼儿" if kind == "kindergarten" else "学员" if kind == "training_institution" else "学生"


def _figures(deaths: int = 0, serious: int = 0, injuries: int = 0, **rest: Any) -> dict[str, Any]:
    return {"deaths": deaths, "serious_injuries": serious, "injuries": injuries, **rest}


def _drowning(rng: random.Random, school: Any, at: datetime) -> dict[str, Any]:
    pupil = _grade(rng, school.kind)
    grade = pupil[0]
    place = rng.choice(("村外河塘", "水库下游河段", "废弃砖窑坑塘", "村边沟渠", "河道拦河坝下"))
    when = "周末" if at.weekday() >= 5 else "放学后" if school_day(at.date()) else "假期中"
    cause = "学生私自结伴到无安全设施、无人看管的水域游泳，监护人监护缺位。"
    handling = "配合属地政府和家属做好善后，对相关学生开展心理疏导，全校开展防溺水专题教育。"
    lessons = "持续开展防溺水“六不”教育和家校共管，报请属地政府在危险水域完善警示和防护设施。"
    if rng.random() < 0.35:
        deaths = rng.choices((1, 2, 3), weights=(0.65, 0.15, 0.2))[0]
        who = f"{_count(deaths)}学生"
        return _figures(
            deaths=deaths,
            title="学生校外溺亡" if deaths == 1 else f"{deaths}名学生结伴游泳溺亡",
            place=place,
            students=deaths + rng.randint(0, 2),
            grades=grade,
            pupil=pupil,
            description=(
                f"{_moment(at)}，该校{grade}{who}{when}与同伴到{place}游泳，不慎溺水，"
                f"经打捞送医，抢救无效死亡。事发时为非在校时段。"
            ),
            measures="学校第一时间赶赴现场，配合家属和属地政府处置善后，向全体学生和家长再次发出防溺水提醒。",
            harms=["death"] * deaths,
            cause=cause,
            handling=handling,
            lessons=lessons,
        )
    return _figures(
        injuries=1,
        title="学生校外戏水溺水获救",
        place=place,
        students=rng.randint(1, 3),
        grades=grade,
        pupil=pupil,
        description=f"{_moment(at)}，该校{grade}一名学生{when}在{place}戏水时落水，被附近群众救起，送医检查无生命危险。",
        measures="学校联系家长了解情况，安排班主任到医院看望，向全体学生和家长发出防溺水提醒。",
        harms=["injured"],
        cause=cause,
        handling="学生已康复返校，学校对涉事学生和家长进行了安全教育。",
        lessons=lessons,
    )


def _traffic(rng: random.Random, school: Any, at: datetime) -> dict[str, Any]:
    pupil = _grade(rng, school.kind)
    grade = pupil[0]
    word = _pupil_word(school.kind)
    way = "上学" if at.hour < 12 else "放学"
    place = rng.choice(("校门外道路", "学校附近十字路口", "县道与村道交叉口", "校门外路段"))
    how = "随家长乘电动自行车" if school.kind == "kindergarten" else rng.choice(("步行", "骑自行车", "乘家长电动车"))
    roll = rng.random()
    if roll < 0.03 and school.kind != "kindergarten":
        figures = _figures(deaths=1, harms=["death"], title=f"{word}{way}途中交通事故死亡")
        outcome = "经送医抢救无效死亡"
    elif roll < 0.25:
        figures = _figures(serious=1, harms=["serious"], title=f"{word}{way}途中遭遇交通事故受伤")
        outcome = "致腿部骨折，已送医治疗"
    else:
        figures = _figures(injuries=1, harms=["injured"], title=f"{word}{way}途中被车辆剐蹭受伤")
        outcome = "致擦伤，经医院检查无大碍"
    return {
        **figures,
        "place": place,
        "students": 1,
        "grades": grade,
        "pupil": pupil,
        "description": f"{_moment(at)}，该校{grade}一名{word}{how}{way}途中，在{place}与一辆社会车辆相撞，{outcome}。",
        "measures": "学校第一时间联系家长并派人到医院看望，配合交警部门调查，提醒学生注意上下学交通安全。",
        "cause": "社会车辆驾驶人未按规定避让，事故责任以公安交管部门认定为准。",
        "handling": "肇事车辆驾驶人已被交警部门依法处理，学校协助家长办理保险理赔。",
        "lessons": "会同交管部门加强校门口及周边路段交通秩序管理，开展交通安全专题教育。",
    }


def _fall(rng: random.Random, school: Any, at: datetime) -> dict[str, Any]:
    pupil = _grade(rng, school.kind)
    grade = pupil[0]
    if school.kind == "kindergarten":
        title, place, how = "幼儿户外活动摔伤", "户外活动场地", "户外活动时奔跑摔倒"
    elif school.kind == "training_institution":
        title, place, how = "学员课间摔伤", "培训教室走廊", "课间在走廊奔跑时摔倒"
    else:
        title, place, how = rng.choice(
            (
                ("学生课间追逐摔伤", "教学楼走廊", "课间与同学追逐时摔倒"),
                ("学生课间下楼摔伤", "教学楼楼梯", "课间下楼时踏空摔倒"),
                ("学生体育课运动受伤", "操场", "体育课上跑步时摔倒"),
            )
        )
    serious = rng.random() < 0.15
    return _figures(
        serious=int(serious),
        injuries=int(not serious),
        harms=["serious" if serious else "injured"],
        title=title,
        place=place,
        students=1,
        grades=grade,
        pupil=pupil,
        description=(
            f"{_moment(at)}，该校{grade}一名{_pupil_word(school.kind)}{how}，"
            f"{'致手臂骨折，已送医手术治疗' if serious else '致额头擦伤，经校医处理后送医检查，无大碍'}。"
        ),
        measures="校医现场处置，班主任陪同送医并通知家长。",
        cause="学生课间活动追逐奔跑，自我保护意识不足；课间看护不到位。",
        handling="受伤学生已治疗，学校与家长沟通一致，按校方责任险协助理赔。",
        lessons="加强课间秩序管理和楼梯口值守，开展课间安全教育。",
    )


def _lab(rng: random.Random, school: Any, at: datetime) -> dict[str, Any]:
    pupil = _grade(rng, school.kind)
    grade = pupil[0]
    if school.kind == "vocational":
        title, place, how, hurt = "学生实训操作受伤", "实训车间", "在实训课上操作台钻时", "手指被划伤"
    else:
        title, place, how, hurt = "学生化学实验受伤", "化学实验室", "在化学分组实验中", "手部被稀硫酸灼伤"
    injured = rng.choice((1, 1, 1, 2))
    return _figures(
        injuries=injured,
        harms=["injured"] * injured,
        title=title,
        place=place,
        students=injured,
        grades=grade,
        pupil=pupil,
        description=f"{_moment(at)}，该校{grade}{_count(injured)}学生{how}操作不当，{hurt}，经冲洗处置后送医，伤情较轻。",
        measures="任课教师立即处置并送医，暂停该项实验（实训），通知家长。",
        cause="学生未按操作规程进行实验（实训），教师现场指导不到位。",
        handling="受伤学生已治愈返校，学校对实验（实训）室安全进行了全面检查。",
        lessons="严格执行实验（实训）操作规程和安全准入培训，配齐防护用品。",
    )


def _school_bus(rng: random.Random, school: Any, at: datetime) -> dict[str, Any]:
    word = _pupil_word(school.kind)
    place = rng.choice(("校车接送路线乡道", "校车停靠点附近", "村道路口"))
    injured = rng.choice((0, 0, 0, 1, 2, 3))
    outcome = f"车上{_count(injured)}{word}受轻微擦伤，经医院检查无大碍" if injured else "车上人员均未受伤"
    return _figures(
        injuries=injured,
        harms=["injured"] * injured,
        title="校车与社会车辆剐蹭" if not injured else f"校车与社会车辆碰撞致{word}轻伤",
        place=place,
        students=rng.randint(12, 30),
        description=f"{_moment(at)}，该校一辆校车在{place}与社会车辆发生{'碰撞' if injured else '剐蹭'}，{outcome}。",
        measures="照管员清点人数，学校派车将学生安全送达，通知家长，配合交警部门处理。",
        cause="社会车辆在路口未让行，事故责任以公安交管部门认定为准。",
        handling="事故已由交警部门处理，校车经检修检验合格后恢复运行。",
        lessons="加强校车驾驶人安全教育，优化行车路线，落实校车随车照管。",
    )


def _food(rng: random.Random, school: Any, at: datetime) -> dict[str, Any]:
    ill = rng.randint(6, 45)
    serious = rng.choices((0, 1, 2), weights=(0.9, 0.07, 0.03))[0]
    cause = rng.choice(
        (
            "经疾控部门调查，系食堂加工的豆角未烧熟煮透引起的皂素中毒。",
            "经疾控部门调查，系凉拌菜加工过程交叉污染引起的细菌性食物中毒。",
            "经疾控部门调查，系隔餐米饭存放不当引起的蜡样芽孢杆菌食物中毒。",
        )
    )
    word = _pupil_word(school.kind)
    return _figures(
        serious=serious,
        injuries=ill - serious,
        harms=["serious"] * serious + ["injured"] * min(2, ill - serious),
        title="幼儿园疑似食物中毒" if school.kind == "kindergarten" else "学生食堂疑似食物中毒",
        place="幼儿园食堂" if school.kind == "kindergarten" else "学生食堂",
        students=ill,
        description=(
            f"{_moment(at)}，该校部分{word}午餐后陆续出现恶心、呕吐、腹痛等症状，"
            f"共{ill}人送医，经治疗{'病情稳定' if serious else '均无生命危险'}。"
        ),
        measures="立即停止供餐、封存留样和剩余食品，送医救治，报告市场监管和疾控部门，通知家长。",
        cause=cause + "（以疾控、市场监管部门结论为准）",
        handling="患病学生全部康复，食堂整改验收合格后恢复供餐，相关责任人已被追责。",
        lessons="严格落实食品安全校长（园长）负责制和陪餐、留样制度，禁止加工高风险食品。",
    )


def _cluster(disease: str, low: int, high: int) -> Callable[[random.Random, Any, datetime], dict[str, Any]]:
    def build(rng: random.Random, school: Any, at: datetime) -> dict[str, Any]:
        cases = rng.randint(low, high)
        classes = rng.randint(1, 3)
        word = _pupil_word(school.kind)
        return _figures(
            title=f"{disease}聚集性疫情",
            place="教学班" if school.kind != "kindergarten" else "幼儿班",
            students=cases,
            description=(
                f"截至{_moment(at)}，该校{_count(classes, '个')}班级累计出现{disease}病例{cases}例（{word}），"
                f"症状较轻，无重症病例。"
            ),
            measures="患病学生居家休息，落实晨午检和因病缺勤追踪，教室通风消毒，报告属地疾控部门。",
            cause=f"{disease}流行季节，班级内人员密集，出现传播。",
            handling="疫情得到控制，患病学生痊愈后凭证明复课。",
            lessons="落实晨午检、因病缺勤追踪和传染病报告制度，做好教室通风消毒。",
        )

    return build


def _bullying(rng: random.Random, school: Any, at: datetime) -> dict[str, Any]:
    pupil = _grade(rng, school.kind)
    grade = pupil[0]
    hurt = rng.random() < 0.4
    boarding = getattr(school, "is_boarding", False)
    place = rng.choice(("学生宿舍", "教学楼卫生间") if boarding else ("教学楼卫生间", "校园偏僻角落", "放学路上"))
    bullies = rng.randint(2, 4)
    return _figures(
        injuries=int(hurt),
        harms=["injured"] if hurt else ["unhurt"],
        title="疑似学生欺凌事件",
        place=place,
        students=bullies + 1,
        grades=grade,
        pupil=pupil,
        description=(
            f"该校{grade}一名学生家长反映，其子女多次在{place}被同年级{_count(bullies)}学生辱骂、推搡"
            f"{'，身上有轻微淤青' if hurt else ''}。学校于{_moment(at)}接报后立即核查。"
        ),
        measures="学校启动欺凌事件处置程序，分别约谈涉事学生及家长，对受害学生进行心理疏导。",
        cause="经学校学生欺凌治理委员会认定，构成学生欺凌。",
        handling="对实施欺凌的学生给予批评教育和纪律处分，家长签订监护承诺书，受害学生已正常上学。",
        lessons="完善防欺凌排查和报告机制，加强宿舍、卫生间等重点部位巡查，开展防欺凌专题教育。",
    )


def _violence(rng: random.Random, school: Any, at: datetime) -> dict[str, Any]:
    pupil = _grade(rng, school.kind)
    grade = pupil[0]
    injured = rng.choice((0, 1, 1, 2))
    if school.kind in SECONDARY | {"university"} and rng.random() < 0.6:
        return _figures(
            injuries=injured,
            harms=["injured"] * injured or ["unhurt"],
            title="学生打架斗殴",
            place=rng.choice(("操场", "校门外")),
            students=rng.randint(2, 5),
            grades=grade,
            pupil=pupil,
            description=f"{_moment(at)}，该校{grade}学生因琐事发生口角，进而推搡打架，"
            + (f"{_count(injured, '人')}轻微受伤。" if injured else "经教师及时制止，无人受伤。"),
            measures="值班教师及时制止，校医处理伤情，通知双方家长到校。",
            cause="学生因琐事发生矛盾，缺乏沟通，情绪失控。",
            handling="对涉事学生进行批评教育并给予纪律处分，双方家长达成和解。",
            lessons="加强学生法治教育和心理疏导，及时排查化解学生矛盾。",
        )
    return _figures(
        injuries=min(injured, 1),
        harms=[],  # the one hurt, if any, is a guard
        title="校外人员校门口滋扰",
        place="校门口",
        students=0,
        description=f"{_moment(at)}，一名醉酒的校外人员在校门口滋扰，试图闯入校园，被保安拦阻"
        + ("，推搡中一名保安轻微受伤。" if injured else "，无人受伤。"),
        measures="保安按预案处置并启用一键报警，公安民警到场将滋事人员带离。",
        cause="校外人员酒后滋事。",
        handling="滋事人员已被公安机关依法处理。",
        lessons="严格落实门卫值守和封闭管理，定期开展防暴处置演练。",
    )


def _fire(title: str, place: str, how: str, cause: str) -> Callable[[random.Random, Any, datetime], dict[str, Any]]:
    def build(rng: random.Random, school: Any, at: datetime) -> dict[str, Any]:
        hurt = rng.random() < 0.1
        return _figures(
            injuries=int(hurt),
            harms=["injured"] if hurt else [],
            direct_loss=Decimal(rng.randint(5, 80)) / 100,
            title=title,
            place=place,
            students=0,
            description=(
                f"{_moment(at)}，该校{place}{how}，现场人员使用灭火器及时扑灭，"
                f"{'一人吸入少量烟雾，送医检查无大碍' if hurt else '无人员伤亡'}。"
            ),
            measures="组织人员疏散，切断电源，扑灭明火后报告消防部门，对现场进行排查。",
            cause=cause,
            handling="过火部位已修复，学校开展了全面的消防安全检查。",
            lessons="加强用电和厨房用火安全管理，落实每日防火巡查，开展消防演练。",
        )

    return build


def _flood(rng: random.Random, school: Any, at: datetime) -> dict[str, Any]:
    what, title = rng.choice((("一楼教室和食堂进水", "暴雨致校舍进水"), ("部分围墙坍塌", "强降雨致学校围墙局部坍塌")))
    return _figures(
        direct_loss=Decimal(rng.randint(50, 1500)) / 100,
        title=title,
        place="校园",
        students=0,
        description=f"{_moment(at)}，受强降雨影响，该校{what}，无人员伤亡。",
        measures="启动防汛应急预案，转移物资，设置警戒区域，组织排水和安全检查。",
        cause="短时强降雨，校园排水能力不足。",
        handling="校舍经检查鉴定安全后恢复使用，受损设施已修复。",
        lessons="汛前疏通排水管网，落实防汛值班和预警响应。",
    )


def _opinion(rng: random.Random, school: Any, at: datetime) -> dict[str, Any]:
    if school.kind == "training_institution":
        title, what = "网传培训机构停课退费纠纷引发舆情", "有家长在网络发帖称该机构停课后拒不退费"
    elif school.kind == "kindergarten":
        title, what = "家长网上反映幼儿园伙食问题引发舆情", "有家长在网络发帖反映幼儿园伙食质量差"
    else:
        title, what = rng.choice(
            (
                ("家长网上反映食堂饭菜质量引发舆情", "有家长在网络发帖反映学校食堂饭菜质量差"),
                ("网传教师体罚学生视频引发舆情", "网络流传一段该校教师体罚学生的视频"),
            )
        )
    return _figures(
        title=title,
        place="网络",
        students=0,
        description=f"{_moment(at)}，{what}，阅读量较大。",
        measures="学校立即核查情况，与发帖家长沟通，及时发布情况说明。",
        cause="家校沟通不畅，问题未及时回应。",
        handling="经核查，已对反映的问题进行整改并公开回应，舆情平息。",
        lessons="畅通家校沟通渠道，建立舆情监测和快速回应机制。",
    )


def _abnormal_death(rng: random.Random, school: Any, at: datetime) -> dict[str, Any]:
    pupil = _grade(rng, school.kind)
    grade = pupil[0]
    return _figures(
        deaths=1,
        harms=["death"],
        title="学生非正常死亡",
        place=rng.choice(("学生家中", "校外")),
        students=1,
        grades=grade,
        pupil=pupil,
        description=f"{_moment(at)}，学校接家长告知，该校{grade}一名学生在校外非正常死亡，具体原因待公安机关调查。",
        measures="学校第一时间了解情况，慰问家属，对同班学生开展心理疏导。",
        cause="经公安机关调查，排除刑事案件。",
        handling="学校协助家属处理善后，对同班同学持续开展心理辅导。",
        lessons="加强学生心理健康教育和心理危机排查干预，落实家校沟通。",
    )


def _stampede(rng: random.Random, school: Any, at: datetime) -> dict[str, Any]:
    pupil = _grade(rng, school.kind)
    grade = pupil[0]
    injured = rng.randint(2, 5)
    serious = int(rng.random() < 0.2)
    return _figures(
        serious=serious,
        injuries=injured - serious,
        harms=["serious"] * serious + ["injured"] * min(2, injured - serious),
        title="学生放学下楼拥挤致多人摔伤",
        place="教学楼楼梯",
        students=injured,
        grades=grade,
        pupil=pupil,
        description=f"{_moment(at)}，该校放学时学生集中下楼，楼梯拐角处发生拥挤，{_count(injured)}学生摔倒受伤，已送医。",
        measures="值班教师立即疏导，校医处置后送医，通知家长。",
        cause="放学时段学生集中下楼，楼梯口值守疏导不到位。",
        handling="受伤学生均已治愈，学校调整了分班错时放学方案。",
        lessons="落实楼梯口值守和错时上下楼制度，开展防拥挤踩踏演练。",
    )
