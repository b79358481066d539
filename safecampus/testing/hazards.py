"""Helpers that build checklists and walk hazards through the real services."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from safecampus.core import clock
from safecampus.hazards.models import Hazard, HazardState
from safecampus.hazards.services import checklists, workflow

ITEMS = [
    {"code": "FIRE-01", "area": "fire", "text": "消防安全责任制是否建立", "is_major_criterion": True, "weight": 5},
    {"code": "FIRE-02", "area": "fire", "text": "灭火器是否在有效期内", "weight": 2},
    {"code": "DORM-01", "area": "dorm", "text": "宿舍是否有违规电器", "weight": 3, "flags": ["is_boarding"]},
    {
        "code": "KG-01",
        "area": "buildings",
        "text": "幼儿活动室是否在三层以下",
        "weight": 5,
        "kinds": ["kindergarten"],
        "is_major_criterion": True,
    },
    {"code": "ELEC-01", "area": "electricity", "text": "配电箱是否上锁", "weight": 1},
]


def photo(name: str = "evidence.png", fmt: str = "PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def library(tree: Any, who: Any) -> Any:
    return checklists.create_checklist(
        actor=who.province_admin, owner=tree.province, code="T-GENERAL", name="测试清单", items=ITEMS
    )


def new_hazard(tree: Any, who: Any, level: str = "general", school: Any = None) -> Hazard:
    return workflow.report_hazard(
        actor=who.staff,
        school=school or tree.school,
        place="教学楼二层",
        area="electricity",
        level=level,
        description="配电箱未上锁",
    )


def plan_fields(level: str = "general") -> dict[str, Any]:
    fields: dict[str, Any] = {"owner_name": "王老师", "measures": "加锁并张贴警示", "deadline": clock.today()}
    if level == "major":
        fields.update(funds=1200, contingency="整改期间安排专人值守")
    return fields


def walk(tree: Any, who: Any, to: str, level: str = "general", school: Any = None) -> Hazard:
    """A hazard brought to state `to` by the people whose job each step is (tree.school by default;
    another school only for states up to reported)."""
    hazard = new_hazard(tree, who, level, school=school)
    if to == HazardState.REPORTED:
        return hazard
    hazard = workflow.rectify(hazard, actor=who.school_safety, **plan_fields(level))
    if to == HazardState.RECTIFYING:
        return hazard
    hazard = workflow.submit(hazard, actor=who.school_safety, rectification="已整改", photos=[photo()])
    if to == HazardState.SUBMITTED:
        return hazard
    verifier = who.principal if level == "general" else who.county_officer
    return workflow.verify(hazard, actor=verifier)


def days(n: int) -> Any:
    return clock.today() + timedelta(days=n)
