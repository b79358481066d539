"""Risk register records for tests: a point at the test school and risks in each state of the loop."""

from __future__ import annotations

from itertools import count
from typing import Any

from safecampus.risks.services import points, steps

LEC_RED = {"stage": "current", "method": "lec", "l": "6", "e": "6", "c": "15"}  # D = 540
LEC_BLUE = {"stage": "current", "method": "lec", "l": "1", "e": "3", "c": "7"}  # D = 21
NUMBERS = count(1)
MEASURE = {"kind": "engineering", "text": "燃气报警器联动切断阀", "owner_post": "后勤主任", "check_every_days": 7}


def point(tree: Any, who: Any, name: str = "", **values: Any) -> Any:
    data = {
        "name": name or f"食堂燃气间{next(NUMBERS)}",
        "kind": "facility",
        "category": "gas_room",
        "place": "食堂一楼东侧",
        "responsible_post": "后勤主任",
        "responsible_person": "王强",
    } | values
    return points.create_point(tree.school, actor=who.school_safety, **data)


def risk(tree: Any, who: Any, at: Any = None, **values: Any) -> Any:
    data = {"factor": "燃气管道泄漏", "factor_class": "thing", "accident_type": "explosion"} | values
    return points.identify_risk(at or point(tree, who), actor=who.school_safety, **data)


def assessed(tree: Any, who: Any, factors: dict[str, Any] = LEC_BLUE, measures: int = 0, **values: Any) -> Any:
    found = risk(tree, who, **values)
    steps.evaluate(found, actor=who.school_safety, **factors)
    for _n in range(measures):
        steps.add_measure(found, actor=who.school_safety, **MEASURE)
    return found


def approved(tree: Any, who: Any, **kwargs: Any) -> Any:
    found = assessed(tree, who, **kwargs)
    steps.approve(found, actor=who.principal)
    return found


def published(tree: Any, who: Any, **kwargs: Any) -> Any:
    found = approved(tree, who, **kwargs)
    steps.publish(found, actor=who.school_safety)
    return found
