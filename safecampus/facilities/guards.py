"""How many full-time guards a school needs, from its size and the rule set in force (rulebook.py).

公治〔2015〕168号 counts everyone on campus (students and staff): fewer than 100 people at least 1 guard, 100 to
1,000 at least 2, and one more per full further 500. GB/T 29315-2022 counts the students who do not board: from
1,000 at least 3, and one more per full further 500; below 1,000 it sets no number. The default takes the
stricter (the larger) of the two. "Per further 500" counts whole steps: 1,499 further is 2 steps, 1,500 is 3.
"""

from __future__ import annotations

from typing import Any


def by_gongzhi_168(people: int, rule: dict[str, int]) -> int:
    if people <= 0:
        return 0
    if people < rule["small_below"]:
        return rule["small"]
    if people <= rule["mid_upto"]:
        return rule["mid"]
    return rule["mid"] + (people - rule["mid_upto"]) // rule["per"]


def by_gbt_29315(day_students: int, rule: dict[str, int]) -> int:
    if day_students < rule["from"]:
        return 0
    return rule["base"] + (day_students - rule["from"]) // rule["per"]


def required(
    *, students: int, staff: int, boarders: int, basis: str, gbt: dict[str, int], gongzhi: dict[str, int]
) -> int:
    """Full-time guards a school needs under `basis` (gongzhi_168, gbt_29315 or stricter)."""
    by_people = by_gongzhi_168(students + staff, gongzhi)
    by_students = by_gbt_29315(max(students - boarders, 0), gbt)
    if basis == "gongzhi_168":
        return by_people
    if basis == "gbt_29315":
        return by_students
    return max(by_people, by_students)


def required_at(school: Any, boarders: int, rules: Any) -> int:
    profile = getattr(school, "school", None)
    return required(
        students=profile.student_count if profile else 0,
        staff=profile.staff_count if profile else 0,
        boarders=boarders,
        basis=rules("facilities.guards.basis"),
        gbt=rules("facilities.guards.gbt_29315"),
        gongzhi=rules("facilities.guards.gongzhi_168"),
    )
