"""Test helpers for the sector ledgers: a record of each ledger with plausible values, through the services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from safecampus.core import clock
from safecampus.facilities.services import records


def years_ago(years: int, days: int = 0) -> date:
    today = clock.today()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:
        day = today.replace(year=today.year - years, day=28)
    return day - timedelta(days=days)


def values(key: str, **changes: Any) -> dict[str, Any]:
    today = clock.today()
    base: dict[str, dict[str, Any]] = {
        "guard": {
            "name": "张建国",
            "birth_date": years_ago(45),
            "licence_no": "鲁0120210012345",
            "employer": "济南保安服务公司",
            "hired_on": years_ago(3),
            "full_time": True,
            "post": "gate",
            "trained_on": today - timedelta(days=30),
            "phone": "",
        },
        "insurance": {
            "number": "PZAA202637010200001",
            "insurer": "中国人民财产保险",
            "starts_on": today - timedelta(days=100),
            "ends_on": today + timedelta(days=265),
            "premium": "3000.00",
            "paid": True,
        },
        "bus": {
            "plate": "鲁A12345",
            "seats": 35,
            "licence_no": "LX370102001",
            "licence_until": today + timedelta(days=300),
            "inspected_on": today - timedelta(days=30),
            "insured_until": today + timedelta(days=200),
            "escape_hammer": True,
            "extinguisher": True,
            "first_aid_kit": True,
            "gps_recorder": True,
        },
        "driver": {
            "name": "李师傅",
            "birth_date": years_ago(45),
            "licence_no": "370102197903021234",
            "licensed_on": years_ago(20),
            "full_deduction": False,
            "reviewed_on": today - timedelta(days=60),
            "phone": "",
        },
        "escort": {"name": "王老师", "phone": "", "trained_on": today - timedelta(days=20)},
        "canteen": {
            "name": "学生食堂",
            "licence_no": "JY13701020012345",
            "licence_until": today + timedelta(days=400),
            "open_kitchen": True,
        },
        "chemical": {
            "lab": "化学实验室",
            "name": "高锰酸钾",
            "cas": "7722-64-7",
            "hazard_class": "oxidising",
            "unit": "g",
            "location": "危化品柜 A",
            "precursor": True,
            "explosive_precursor": True,
            "highly_toxic": False,
            "separate_cabinet": True,
            "dual_lock": True,
        },
        "equipment": {
            "kind": "boiler",
            "name": "锅炉房 1 号锅炉",
            "commissioned_on": years_ago(5),
            "registration_no": "锅11鲁A00123(19)",
            "registered_on": years_ago(5) + timedelta(days=10),
            "inspection_until": today + timedelta(days=200),
            "maintained_on": today - timedelta(days=5),
            "duty_assigned": True,
            "rules_in_place": True,
            "records_kept": True,
            "operator_certified": True,
            "emergency_plan": True,
        },
    }
    return {**base[key], **changes}


def add(key: str, school: Any, actor: Any, **changes: Any) -> Any:
    return records.save_record(key, actor=actor, school=school, values=values(key, **changes))
