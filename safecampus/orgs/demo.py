"""Deterministic generation of a demo province: real Shandong divisions, generated schools."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from .models import SchoolKind

DATA = Path(__file__).resolve().parent / "data" / "shandong_divisions.csv"


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
TOWNS = (
    "城关",
    "东关",
    "西关",
    "南关",
    "北关",
    "城南",
    "城北",
    "东城",
    "西城",
    "新华",
    "胜利",
    "人民",
    "文化",
    "建设",
    "和平",
    "解放",
    "北园",
    "东风",
    "红星",
    "王庄",
    "李家",
    "张家",
    "刘集",
    "马店",
    "孙村",
    "杨庄",
    "赵楼",
    "陈店",
    "周村",
    "吴家",
    "郑庄",
    "黄河",
    "泰山",
    "青石",
    "柳林",
    "杏林",
    "桃园",
    "梨园",
    "枣园",
    "石桥",
    "官庄",
    "白马",
    "龙泉",
    "凤凰",
    "金山",
    "银河",
    "玉泉",
    "清河",
    "大王",
    "小王",
    "前进",
    "光明",
    "丰收",
    "兴隆",
    "永安",
    "太平",
)
PATTERNS = {
    SchoolKind.KINDERGARTEN: (
        "{county}{town}中心幼儿园",
        "{county}第{n}幼儿园",
        "{county}{town}幼儿园",
        "{county}实验幼儿园{n}园",
    ),
    SchoolKind.PRIMARY: (
        "{county}{town}小学",
        "{county}第{n}实验小学",
        "{county}{town}中心小学",
        "{county}{town}明德小学",
    ),
    SchoolKind.JUNIOR: ("{county}第{n}中学", "{county}{town}初级中学", "{county}实验中学{n}校区"),
    SchoolKind.NINE_YEAR: ("{county}{town}九年一贯制学校", "{county}第{n}实验学校"),
    SchoolKind.SENIOR: ("{county}第{n}高级中学", "{county}{town}高级中学"),
    SchoolKind.VOCATIONAL: ("{county}职业中等专业学校", "{county}第{n}职业中专"),
    SchoolKind.SPECIAL: ("{county}特殊教育学校",),
    SchoolKind.TWELVE_YEAR: ("{county}{town}外国语学校",),
    SchoolKind.UNIVERSITY: ("{city}{town}职业技术学院", "{city}{town}学院"),
    SchoolKind.TRAINING_INSTITUTION: ("{county}{town}青少年培训中心",),
}


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
    for county, count in zip(counties, counts, strict=True):
        rural_share = 0.55 if county.name.endswith("县") else 0.3 if county.name.endswith("市") else 0.1
        city = cities[county.parent_code]
        used: set[str] = set()
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
            private = rng.random() < (0.45 if kind == SchoolKind.KINDERGARTEN else 0.06)
            town = rng.choice(TOWNS)
            name = _unique_name(rng, kind, county, city, town, used)
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
                    address=f"{city.name}{county.name}{town}{'镇' if rural else '街道'}{rng.randint(1, 300)}号",
                )
            )
    return plans


def _unique_name(rng: random.Random, kind: str, county: Division, city: Division, town: str, used: set[str]) -> str:
    for attempt in range(20):
        pattern = rng.choice(PATTERNS[SchoolKind(kind)])
        n = rng.randint(1, 30) + attempt * 30
        name = pattern.format(
            county=county.short_name if len(county.short_name) > 1 else county.name,
            city=city.short_name,
            town=town if attempt < 5 else rng.choice(TOWNS) + town,
            n=n,
        )
        if name not in used:
            used.add(name)
            return name
    name = f"{county.name}{town}学校{len(used) + 1}"
    used.add(name)
    return name
