"""What demo incidents look like: the kinds of incident, where and when each happens, and how it goes.

Incidents are rare and mostly 一般; each year has fewer than the one before (the
double-decline goal), a few reports are late, one in a while a bureau forwards late.
What happens fits the school: no bullying at a kindergarten, school-bus accidents only
where buses run, lab accidents only with secondary grades, drowning off campus and in
summer, falls at break on school days; deaths only where they happen, and grades follow
from the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .calendar import (
    ALL_YEAR,
    BREAKS,
    CHICKENPOX,
    COMMUTE,
    DARK,
    FLU,
    HAND_FOOT_MOUTH,
    NOROVIRUS,
    RAINSTORM,
    SCHOOL_HOURS,
    SECONDARY,
    SWIMMING,
    WARM,
    Case,
)
from .stories import (
    _abnormal_death,
    _bullying,
    _cluster,
    _drowning,
    _fall,
    _fire,
    _flood,
    _food,
    _lab,
    _opinion,
    _school_bus,
    _stampede,
    _traffic,
    _violence,
)


def _kinds(*kinds: str, weight: float) -> Callable[[Any], float]:
    return lambda s: weight if s.kind in kinds else 0.0


def _not(*kinds: str, weight: float) -> Callable[[Any], float]:
    return lambda s: 0.0 if s.kind in kinds else weight


SCHOOLS = ("primary", "junior", "senior", "nine_year", "twelve_year", "vocational", "special")
CASES = (
    Case("accident", "drowning", lambda s: (0.14 if s.is_rural else 0.08) * (s.kind in SCHOOLS), SWIMMING,
         ((12, 19),), _drowning, free_days=2.5, after_school=((17, 19.5),)),
    Case("accident", "traffic", _not("university", weight=0.16), DARK, COMMUTE, _traffic, in_term=True),
    Case("accident", "other_accident", lambda s: 0.22, ALL_YEAR, BREAKS, _fall, in_term=True),
    Case("accident", "lab", _kinds(*SECONDARY, weight=0.03), ALL_YEAR, SCHOOL_HOURS, _lab, in_term=True),
    Case("accident", "school_bus", lambda s: 0.08 if s.uses_school_bus else 0.0, DARK, COMMUTE, _school_bus,
         in_term=True),
    Case("accident", "fire", lambda s: 0.03 if s.is_boarding else 0.0, ALL_YEAR, ((19, 22.5),),
         _fire("学生宿舍违规使用电器引发火情", "学生宿舍", "一间寝室内充电器过热引燃床铺",
               "学生违规使用劣质充电器并在床铺上充电，宿舍查寝不到位。"), in_term=True),
    Case("accident", "fire", _not("training_institution", weight=0.01), ALL_YEAR, ((10, 12), (16, 18)),
         _fire("食堂后厨油锅起火", "食堂后厨", "厨师操作时油锅温度过高起火",
               "厨师操作时离开灶台，油温过高起火；灶台自动灭火装置未启动。"), in_term=True),
    Case("accident", "fire", lambda s: 0.01, WARM, ((8, 18),),
         _fire("配电箱线路短路起火", "配电箱", "线路老化短路起火",
               "配电箱内线路老化、接头松动，长期未检修。")),
    Case("accident", "stampede", _kinds("primary", "junior", "nine_year", "twelve_year", weight=0.01), ALL_YEAR,
         ((11.6, 12), (17, 17.6)), _stampede, in_term=True),
    Case("public_health", "food_poisoning", _not("training_institution", weight=0.02), WARM, ((13, 20),), _food,
         in_term=True),
    Case("public_health", "infectious_cluster", _not("training_institution", "university", weight=0.05), FLU,
         SCHOOL_HOURS, _cluster("流感", 8, 30), in_term=True),
    Case("public_health", "infectious_cluster", _kinds("kindergarten", "primary", "nine_year", weight=0.03),
         NOROVIRUS, SCHOOL_HOURS, _cluster("诺如病毒感染", 6, 25), in_term=True),
    Case("public_health", "infectious_cluster", _kinds("kindergarten", weight=0.04), HAND_FOOT_MOUTH, SCHOOL_HOURS,
         _cluster("手足口病", 5, 12), in_term=True),
    Case("public_health", "infectious_cluster", _kinds("primary", "junior", "nine_year", "special", weight=0.02),
         CHICKENPOX, SCHOOL_HOURS, _cluster("水痘", 5, 15), in_term=True),
    Case("social", "bullying", lambda s: {"junior": 0.1, "nine_year": 0.08, "twelve_year": 0.06, "senior": 0.05,
         "vocational": 0.06, "primary": 0.03, "special": 0.02}.get(s.kind, 0.0), ALL_YEAR, SCHOOL_HOURS, _bullying,
         in_term=True),
    Case("social", "violence", _not("kindergarten", weight=0.025), ALL_YEAR, ((7, 19),), _violence, in_term=True),
    Case("social", "abnormal_death", _kinds(*SECONDARY, "university", weight=0.02), ALL_YEAR, ((0, 24),),
         _abnormal_death),
    Case("natural", "flood", lambda s: 0.04, RAINSTORM, ((0, 24),), _flood),
    Case("opinion", "opinion", lambda s: 0.02, ALL_YEAR, ((7, 23),), _opinion),
)  # fmt: skip
# The opinion case can happen to any school at any time: the fallback when nothing else fits a moment.
ANY_TIME = CASES[-1]
