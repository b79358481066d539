"""A hazard drafted from a failed checklist item says which check failed and what was found."""

import json

import pytest

from safecampus.hazards.models import ChecklistItem, Hazard, InspectionResult
from safecampus.hazards.services import inspections
from safecampus.hazards.services.checklists import LIBRARY
from safecampus.hazards.services.inspections import _hazard_text
from safecampus.testing.hazards import library, photo

pytestmark = pytest.mark.django_db


def library_item(code):
    data = json.loads(LIBRARY.read_text(encoding="utf-8"))
    row = next(i for c in data["checklists"] for i in c["items"] if i["code"] == code)
    return ChecklistItem(code=code, area=row["area"], text=row["text"], source=row["source"])


def test_the_draft_quotes_the_failed_check_and_then_the_finding():
    item = library_item("FIRE-03")
    text = _hazard_text(InspectionResult(item=item, note="食堂库房内存放两桶汽油"))
    first, second = text.split("\n")
    assert first.startswith("检查项未通过：“") and item.text in first and first.endswith("”。")
    assert second == "存在问题：食堂库房内存放两桶汽油。"
    assert not text.startswith(item.text), "the pass standard is the requirement, not the problem"


def test_quotes_inside_the_check_are_nested_and_punctuation_is_not_doubled():
    item = library_item("FIRE-06")  # …私拉电线、“飞线”充电
    text = _hazard_text(InspectionResult(item=item, note="一楼大厅有电动自行车充电！"))
    assert "‘飞线’" in text and "“飞线”" not in text
    assert text.endswith("充电！") and "。。" not in text


def test_a_failure_shown_only_by_photos_says_so(tree, who):
    version = library(tree, who).published()
    inspection = inspections.start_inspection(
        actor=who.school_safety, school=tree.school, kind="self_check", version=version
    )
    for result in inspection.results.select_related("item"):
        failed = result.item.code in ("FIRE-01", "ELEC-01")
        inspections.record_result(
            inspection,
            actor=who.school_safety,
            item=result.item_id,
            outcome="fail" if failed else "pass",
            note="未明确消防安全管理人" if result.item.code == "FIRE-01" else "",
            photos=[photo()] if result.item.code == "ELEC-01" else None,
        )
    inspections.submit_inspection(inspection, actor=who.school_safety)
    drafts = {h.item.code: h.description for h in Hazard.objects.filter(inspection=inspection)}
    assert drafts["FIRE-01"] == "检查项未通过：“消防安全责任制是否建立”。\n存在问题：未明确消防安全管理人。"
    assert drafts["ELEC-01"].endswith("存在问题：详见现场照片。")
