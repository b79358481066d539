"""The people of a demo incident: names, a pupil's grade and class for the school's kind, valid ID numbers."""

from __future__ import annotations

import random
from datetime import date, datetime
from typing import Any

from safecampus.accounts.models import User
from safecampus.orgs.models import OrgUnit

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗孟宋郑韩"
BOYS = (
    "浩然",
    "宇轩",
    "俊杰",
    "子轩",
    "浩宇",
    "明轩",
    "博文",
    "天佑",
    "思远",
    "家豪",
    "晨阳",
    "一鸣",
    "磊",
    "鑫",
    "浩",
)
GIRLS = (
    "子涵",
    "欣怡",
    "梓萱",
    "雨桐",
    "诗琪",
    "佳怡",
    "一诺",
    "若曦",
    "可馨",
    "欣妍",
    "嘉怡",
    "雨萱",
    "婷",
    "颖",
    "悦",
)
NUMERALS = "〇一二三四五六七八九十"


def _n(number: int) -> str:
    return NUMERALS[number] if number <= 10 else f"十{NUMERALS[number - 10]}"


def _grade(rng: random.Random, kind: str) -> tuple[str, str, int]:
    """A pupil's grade, class and age for the school's kind: 大二班 at a kindergarten, 初二（3）班 at a junior one."""
    if kind == "kindergarten":
        grade, age = rng.choice((("小班", 3), ("中班", 4), ("大班", 5)))
        return grade, f"{grade[0]}{_n(rng.randint(1, 4))}班", age + rng.randint(0, 1)
    years = {"primary": 6, "junior": 3, "senior": 3, "nine_year": 9, "twelve_year": 12, "vocational": 3}
    year = rng.randint(1, years.get(kind, 6))
    if kind == "university":
        year = rng.randint(1, 3)
        return f"大{_n(year)}", f"大{_n(year)}（{rng.randint(1, 6)}）班", 17 + year
    if kind == "vocational":
        grade, age = f"中职{_n(year)}年级", 15 + year
    elif kind == "junior" or (kind == "nine_year" and year > 6):
        year = year - 6 if kind == "nine_year" else year
        grade, age = f"初{_n(year)}", 12 + year
    elif kind == "senior" or (kind == "twelve_year" and year > 9):
        year = year - 9 if kind == "twelve_year" else year
        grade, age = f"高{_n(year)}", 15 + year
    elif kind == "twelve_year" and year > 6:
        grade, age = f"初{_n(year - 6)}", 6 + year
    else:
        grade, age = f"{_n(year)}年级", 6 + year + (rng.randint(0, 3) if kind == "special" else 0)
    return grade, f"{grade}（{rng.randint(1, 8)}）班", age


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _id_number(rng: random.Random, county_code: str, born: date, male: bool) -> str:
    """A well-formed resident ID number (GB 11643: region, birth date, sequence odd for men, check character)."""
    body = f"{county_code}{born:%Y%m%d}{rng.randint(0, 499) * 2 + male:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(body, (7, 9, 10, 5, 8, 4, 2, 1, 6, 3) * 2, strict=False))
    return body + "10X98765432"[total % 11]


def _person(
    rng: random.Random, school: OrgUnit, harm: str, at: datetime, pupil: tuple[str, str, int]
) -> dict[str, Any]:
    _grade_name, grade_class, age = pupil
    born = date(at.year - age, rng.randint(1, 12), rng.randint(1, 28))
    if (born.month, born.day) > (at.month, at.day):
        born = born.replace(year=born.year - 1)
    male = rng.random() < 0.5
    return {
        "role": "student",
        "name": rng.choice(SURNAMES) + rng.choice(BOYS if male else GIRLS),
        "id_number": _id_number(rng, school.code[:6], born, male),
        "gender": "男" if male else "女",
        "age": age,
        "grade_class": grade_class,
        "harm": harm,
    }
