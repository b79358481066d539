"""Deterministic generation of a demo province: real Shandong divisions, generated schools."""

from __future__ import annotations

import csv
import itertools
import random
from dataclasses import dataclass
from pathlib import Path

from ..models import SchoolKind

DATA = Path(__file__).resolve().parent.parent / "data" / "shandong_divisions.csv"


@dataclass
class Division:
    code: str
    name: str
    short_name: str
    level: str
    parent_code: str
    lng: float
    lat: float


def load_divisions() -> list[Division]:
    with DATA.open(encoding="utf-8") as handle:
        return [
            Division(
                row["division_code"],
                row["name"],
                row["short_name"],
                row["level"],
                row["parent_code"],
                float(row["lng"]),
                float(row["lat"]),
            )
            for row in csv.DictReader(handle)
        ]


# Shares close to Shandong's school statistics: kindergartens are the largest group.
KIND_WEIGHTS = [
    (SchoolKind.KINDERGARTEN, 0.50),
    (SchoolKind.PRIMARY, 0.29),
    (SchoolKind.JUNIOR, 0.09),
    (SchoolKind.NINE_YEAR, 0.04),
    (SchoolKind.SENIOR, 0.035),
    (SchoolKind.VOCATIONAL, 0.02),
    (SchoolKind.SPECIAL, 0.01),
    (SchoolKind.TWELVE_YEAR, 0.005),
    (SchoolKind.UNIVERSITY, 0.005),
    (SchoolKind.TRAINING_INSTITUTION, 0.005),
]
STUDENTS = {
    SchoolKind.KINDERGARTEN: (40, 450),
    SchoolKind.PRIMARY: (60, 2800),
    SchoolKind.JUNIOR: (200, 2600),
    SchoolKind.NINE_YEAR: (150, 2200),
    SchoolKind.SENIOR: (800, 4200),
    SchoolKind.VOCATIONAL: (500, 5000),
    SchoolKind.SPECIAL: (40, 300),
    SchoolKind.TWELVE_YEAR: (900, 4000),
    SchoolKind.UNIVERSITY: (4000, 30000),
    SchoolKind.TRAINING_INSTITUTION: (30, 600),
}
# Towns (镇) and sub-districts (街道) of a county; roads of its seat; villages (村). Generic names, none real.
TOWNS = (
    "城关", "东关", "西关", "南关", "北关", "城南", "城北", "东城", "西城", "王庄", "李家", "张家", "刘集", "马店",
    "孙村", "杨庄", "赵楼", "陈店", "吴家", "郑庄", "青石", "柳林", "杏林", "桃园", "梨园", "枣园", "石桥", "官庄",
    "白马", "龙泉", "凤凰", "金山", "玉泉", "清河", "大王", "小王", "兴隆", "永安", "太平", "高庄", "双河", "古城",
)  # fmt: skip
ROADS = (
    "人民路", "文化路", "建设路", "和平路", "解放路", "胜利街", "新华路", "东风路", "红星路", "北园路", "青年路",
    "府前街", "育才路", "振兴路", "长江路", "黄河路", "泰山路", "光明路", "民主街", "花园路", "滨河路", "工农路",
)  # fmt: skip
VILLAGES = (
    "前王", "后李", "东张", "西刘", "北孙", "南赵", "大杨", "小陈", "马家", "高家", "徐庄", "胡楼", "朱桥", "林屯",
    "何庄", "郭家", "罗庄", "宋集", "韩店", "田庄", "梁庄", "董家", "冯楼", "邓庄", "许家", "曹集", "袁庄", "彭楼",
    "蒋家", "潘庄", "魏集", "崔家", "丁庄", "沈楼", "姜家", "范庄", "石佛", "柳河", "杨树", "枣林",
)  # fmt: skip
BRANDS = (
    "小太阳", "金色摇篮", "蓝天", "春蕾", "小天鹅", "启航", "童之梦", "贝贝", "爱心", "博雅", "阳光", "育英",
    "小博士", "七彩", "新星", "星光", "智慧树", "小百灵", "金太阳", "童乐", "蒲公英", "向日葵", "小白鸽", "彩虹",
)  # fmt: skip
EDU_NAMES = ("育才", "崇文", "明德", "育英", "东方", "开元", "新华", "实验", "求实", "文昌")
TRADES = ("工业", "商贸", "农业", "卫生", "交通", "艺术", "机电", "信息")
COLLEGE_FIELDS = ("工程", "科技", "信息", "商贸", "护理", "交通", "理工", "经济", "文化旅游", "电子", "服装", "药品")
# Name patterns per kind: (pattern, weight, who it suits). Numbers are written in Chinese (第二中学, 第三实验小学)
# and stay small, as in a real county: {n} up to 5, {n12} up to 12, {n20} up to 20.
ANY, RURAL, URBAN, PRIVATE = "any", "rural", "urban", "private"
PATTERNS: dict[str, tuple[tuple[str, int, str], ...]] = {
    SchoolKind.KINDERGARTEN: (
        ("{p}{town}镇中心幼儿园", 3, RURAL),
        ("{p}{town}镇{village}幼儿园", 3, RURAL),
        ("{p}{town}街道中心幼儿园", 2, URBAN),
        ("{p}实验幼儿园", 1, URBAN),
        ("{p}第{n}实验幼儿园", 1, URBAN),
        ("{p}机关幼儿园", 1, URBAN),
        ("{p}第{n12}幼儿园", 2, URBAN),
        ("{p}实验幼儿园{town}分园", 1, URBAN),
        ("{p}{brand}幼儿园", 5, PRIVATE),
        ("{p}{brand}双语幼儿园", 1, PRIVATE),
        ("{p}{brand}艺术幼儿园", 1, PRIVATE),
        ("{p}{brand}幼儿园{town}分园", 1, PRIVATE),
        ("{p}{town}镇{brand}幼儿园", 2, PRIVATE),
    ),
    SchoolKind.PRIMARY: (
        ("{p}{town}镇中心小学", 3, RURAL),
        ("{p}{town}镇{village}小学", 4, RURAL),
        ("{p}{road}小学", 4, URBAN),
        ("{p}实验小学", 1, URBAN),
        ("{p}第{n}实验小学", 2, URBAN),
        ("{p}第{n12}小学", 2, URBAN),
        ("{p}{town}街道中心小学", 1, URBAN),
    ),
    SchoolKind.JUNIOR: (
        ("{p}{town}镇中学", 3, RURAL),
        ("{p}{town}镇初级中学", 2, RURAL),
        ("{p}第{n20}中学", 4, URBAN),
        ("{p}实验中学", 1, URBAN),
        ("{p}第{n}实验中学", 1, URBAN),
        ("{p}{edu}中学", 1, URBAN),
    ),
    SchoolKind.NINE_YEAR: (
        ("{p}{town}镇中心学校", 2, RURAL),
        ("{p}{town}镇九年一贯制学校", 1, RURAL),
        ("{p}第{n}实验学校", 2, URBAN),
        ("{p}{edu}学校", 1, URBAN),
    ),
    SchoolKind.SENIOR: (
        ("{p}第{n}中学", 3, ANY),
        ("{p}第{n}高级中学", 1, ANY),
        ("{p}{edu}高级中学", 1, ANY),
        ("{p}{town}镇中学", 1, RURAL),
    ),
    SchoolKind.VOCATIONAL: (
        ("{p}职业中等专业学校", 2, ANY),
        ("{p}职业教育中心学校", 2, ANY),
        ("{p}第{n}职业中等专业学校", 1, ANY),
        ("{p}{trade}中等专业学校", 1, ANY),
        ("{p}职业教育中心学校{town}校区", 1, ANY),
    ),
    SchoolKind.SPECIAL: (
        ("{p}特殊教育学校", 3, ANY),
        ("{p}特殊教育中心", 1, ANY),
        ("{p}启智学校", 1, ANY),
        ("{p}特殊教育学校{town}分校", 1, ANY),
    ),
    SchoolKind.TWELVE_YEAR: (
        ("{p}外国语学校", 2, ANY),
        ("{p}{edu}学校", 1, ANY),
        ("{p}{town}外国语学校", 1, ANY),
    ),
    SchoolKind.UNIVERSITY: (
        ("{city}职业学院", 1, ANY),
        ("{city}{field}职业学院", 3, ANY),
        ("{city}{field}职业技术学院", 2, ANY),
        ("{city}{field}学院", 1, ANY),
    ),
    SchoolKind.TRAINING_INSTITUTION: (
        ("{p}{brand}培训学校", 2, ANY),
        ("{p}{brand}艺术培训学校", 2, ANY),
        ("{p}{brand}体育培训中心", 1, ANY),
        ("{p}{brand}文化培训学校", 1, ANY),
    ),
}
PLACE_WORDS = {
    "town": TOWNS,
    "village": VILLAGES,
    "road": ROADS,
    "brand": BRANDS,
    "edu": EDU_NAMES,
    "trade": TRADES,
    "field": COLLEGE_FIELDS,
}
DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1–99 as written in school names: 一, 十, 十二, 二十, 二十三."""
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else "十" if tens == 1 else DIGITS[tens] + "十") + (DIGITS[ones] if ones else "")


@dataclass
class SchoolPlan:
    county: Division
    code: str
    name: str
    kind: str
    lng: float
    lat: float
    is_boarding: bool
    uses_school_bus: bool
    is_private: bool
    is_rural: bool
    is_small: bool
    student_count: int
    staff_count: int
    address: str


def plan_schools(divisions: list[Division], total: int, seed: int) -> list[SchoolPlan]:
    """Spread `total` schools over the counties; the same seed gives the same province."""
    rng = random.Random(seed)
    cities = {d.code: d for d in divisions if d.level == "city"}
    counties = [d for d in divisions if d.level == "county"]
    # Counties (县) and county-level cities hold more schools than city districts.
    weights = [rng.uniform(0.6, 1.4) * (1.3 if d.name.endswith(("县", "市")) else 1.0) for d in counties]
    # Every county gets a school first (so every county's demo logins lead somewhere), the rest by weight.
    base = 1 if total >= len(counties) else 0
    counts = [base] * len(counties)
    for index in rng.choices(range(len(counties)), weights=weights, k=total - base * len(counties)):
        counts[index] += 1
    kinds = [kind for kind, _w in KIND_WEIGHTS]
    kind_weights = [w for _k, w in KIND_WEIGHTS]
    plans: list[SchoolPlan] = []
    used: set[str] = set()  # names are unique in the province (a college is named after its city, not county)
    for county, count in zip(counties, counts, strict=True):
        rural_share = 0.55 if county.name.endswith("县") else 0.3 if county.name.endswith("市") else 0.1
        city = cities[county.parent_code]
        for number in range(1, count + 1):
            kind = rng.choices(kinds, weights=kind_weights)[0]
            rural = rng.random() < rural_share and kind not in (SchoolKind.UNIVERSITY, SchoolKind.VOCATIONAL)
            low, high = STUDENTS[kind]
            students = int(rng.triangular(low, high, low + (high - low) * (0.2 if rural else 0.4)))
            small = (
                rural and kind in (SchoolKind.PRIMARY, SchoolKind.KINDERGARTEN, SchoolKind.NINE_YEAR) and students < 100
            )
            boarding_chance = {
                SchoolKind.SENIOR: 0.7,
                SchoolKind.VOCATIONAL: 0.6,
                SchoolKind.UNIVERSITY: 1.0,
                SchoolKind.NINE_YEAR: 0.35,
                SchoolKind.SPECIAL: 0.5,
                SchoolKind.TWELVE_YEAR: 0.6,
                SchoolKind.JUNIOR: 0.3 if rural else 0.08,
            }.get(kind, 0.0)
            bus = kind in (SchoolKind.KINDERGARTEN, SchoolKind.PRIMARY, SchoolKind.NINE_YEAR) and rng.random() < (
                0.35 if rural else 0.05
            )
            private = kind == SchoolKind.TRAINING_INSTITUTION or rng.random() < (
                0.45 if kind == SchoolKind.KINDERGARTEN else 0.06
            )
            name, place = _unique_name(rng, kind, county, city, rural, private, used)
            if rural:
                address = f"{city.name}{county.name}{place.get('town') or rng.choice(TOWNS)}镇"
                address += f"{place.get('village') or rng.choice(VILLAGES)}村"
            else:
                address = f"{city.name}{county.name}{place.get('road') or rng.choice(ROADS)}{rng.randint(1, 300)}号"
            plans.append(
                SchoolPlan(
                    county=county,
                    code=f"{county.code}{number:04d}",
                    name=name,
                    kind=kind.value,
                    lng=round(county.lng + rng.gauss(0, 0.07), 5),
                    lat=round(county.lat + rng.gauss(0, 0.05), 5),
                    is_boarding=rng.random() < boarding_chance,
                    uses_school_bus=bus,
                    is_private=private,
                    is_rural=rural,
                    is_small=small,
                    student_count=students,
                    staff_count=max(5, students // rng.randint(9, 16)),
                    address=address,
                )
            )
    return plans


def _prefix(county: Division, city: Division) -> str:
    """How a county's schools begin: 阳谷县…, 胶州市…; a city district's carry the city too (济南市历下区…)."""
    return f"{city.name}{county.name}" if county.name.endswith("区") else county.name


def _unique_name(
    rng: random.Random,
    kind: str,
    county: Division,
    city: Division,
    rural: bool,
    private: bool,
    used: set[str],
) -> tuple[str, dict[str, str]]:
    """A name not yet used in the province, and the town, road or village it names (for the address)."""
    suits = {ANY, PRIVATE if private else RURAL if rural else URBAN}
    patterns = [(p, w) for p, w, who in PATTERNS[SchoolKind(kind)] if who in suits]
    if private and not rural:
        patterns = [(p, w) for p, w in patterns if "镇" not in p] or patterns
    if not patterns:  # e.g. a private primary school: named like a public one
        patterns = [(p, w) for p, w, who in PATTERNS[SchoolKind(kind)] if who == (RURAL if rural else URBAN)]
    texts, weights = [p for p, _w in patterns], [w for _p, w in patterns]
    for _attempt in range(60):
        pattern = rng.choices(texts, weights=weights)[0]
        fields = {
            "town": rng.choice(TOWNS),
            "road": rng.choice(ROADS),
            "village": rng.choice(VILLAGES),
            "brand": rng.choice(BRANDS),
            "edu": rng.choice(EDU_NAMES),
            "trade": rng.choice(TRADES),
            "field": rng.choice(COLLEGE_FIELDS),
        }
        name = pattern.format(
            p=_prefix(county, city),
            city=city.short_name,
            n=chinese_number(rng.randint(1, 5)),
            n12=chinese_number(rng.randint(1, 12)),
            n20=chinese_number(rng.randint(1, 20)),
            **fields,
        )
        if name not in used:
            used.add(name)
            return name, {key: value for key, value in fields.items() if "{" + key + "}" in pattern}
    # A county with very many schools of one kind: go through the kind's patterns place by place.
    for pattern in texts + [p for p, _w, _who in PATTERNS[SchoolKind(kind)] if p not in texts]:
        keys = [key for key in PLACE_WORDS if "{" + key + "}" in pattern]
        if not keys or "{n" in pattern:
            continue
        for values in itertools.product(*(PLACE_WORDS[key] for key in keys)):
            name = pattern.format(p=_prefix(county, city), city=city.short_name, **dict(zip(keys, values, strict=True)))
            if name not in used:
                used.add(name)
                return name, dict(zip(keys, values, strict=True))
    raise ValueError(f"no school name left in {county.name}")
