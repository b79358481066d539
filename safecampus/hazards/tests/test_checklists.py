"""Checklists: the seeded library, extensions that cannot weaken, versions that never change inspections."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safecampus.hazards.models import Checklist, ChecklistItem, ChecklistVersion, InspectionResult
from safecampus.hazards.services import checklists, inspections
from safecampus.testing.hazards import ITEMS, library

pytestmark = pytest.mark.django_db


def test_library_loads_idempotently_with_the_ten_fire_criteria(tree):
    loaded = checklists.load_library()
    general = Checklist.objects.get(code="SD-GENERAL")
    version = general.published()
    assert loaded == [general] and version.items.count() >= 70
    majors = set(version.items.filter(is_major_criterion=True).values_list("code", flat=True))
    assert {f"FIRE-{n:02d}" for n in range(1, 11)} <= majors
    assert all(item.source and item.pass_hint for item in version.items.all())
    assert all("is_boarding" in item.flags for item in version.items.filter(area="dorm"))
    checklists.load_library()
    assert general.versions.count() == 1, "loading again adds nothing"


def test_applicability_by_kind_and_flags(tree, who):
    version = library(tree, who).published()
    primary = checklists.effective_items(version, tree.school.school)
    kindergarten = checklists.effective_items(version, tree.sibling.school)
    boarding = checklists.effective_items(version, tree.foreign.school)
    codes = lambda items: {item.code for item in items}  # noqa: E731
    assert codes(primary) == {"FIRE-01", "FIRE-02", "ELEC-01"}
    assert "KG-01" in codes(kindergarten) and "DORM-01" not in codes(kindergarten)
    assert "DORM-01" in codes(boarding)


def test_a_county_extends_but_cannot_weaken(tree, who):
    upper = library(tree, who)
    with pytest.raises(ValidationError) as error:
        checklists.create_checklist(
            actor=who.county_officer,
            owner=tree.county,
            code="LX",
            name="历下补充",
            extends=upper,
            items=[{**ITEMS[0], "is_major_criterion": False}],
        )
    assert "FIRE-01" in str(error.value)
    extra = checklists.create_checklist(
        actor=who.county_officer,
        owner=tree.county,
        code="LX",
        name="历下补充",
        extends=upper,
        items=[{"code": "LX-01", "area": "water", "text": "河道护栏"}],
    )
    items = {item.code for item in checklists.effective_items(extra.published(), tree.school.school)}
    assert items == {"FIRE-01", "FIRE-02", "ELEC-01", "LX-01"}
    with pytest.raises(PermissionDenied):
        checklists.create_checklist(actor=who.county_officer, owner=tree.county2, code="SZ", name="x", items=ITEMS)
    with pytest.raises(ValidationError):
        checklists.create_checklist(
            actor=who.province_admin,
            owner=tree.province,
            code="UP",
            name="x",
            extends=extra,
            items=[{"code": "U", "area": "fire", "text": "x"}],
        )


def test_bad_items_are_named(tree, who):
    with pytest.raises(ValidationError) as error:
        checklists.create_checklist(
            actor=who.province_admin,
            owner=tree.province,
            code="BAD",
            name="x",
            items=[{"code": "B-1", "area": "moon", "text": "x", "weight": 99}],
        )
    assert "B-1" in str(error.value)


def test_new_version_never_changes_done_inspections(tree, who):
    checklist = library(tree, who)
    v1 = checklist.published()
    inspection = inspections.start_inspection(
        actor=who.school_safety, school=tree.school, kind="self_check", version=v1
    )
    v2 = checklists.new_version(
        checklist,
        actor=who.province_admin,
        note="修订",
        items=[{**item, "text": item["text"] + "（修订）"} for item in ITEMS],
    )
    checklists.publish_version(v2, actor=who.province_admin)
    v1.refresh_from_db()
    assert v1.status == ChecklistVersion.Status.RETIRED and checklist.published() == v2
    texts = set(InspectionResult.objects.filter(inspection=inspection).values_list("item__text", flat=True))
    assert not any("修订" in text for text in texts)
    assert ChecklistItem.objects.filter(version=v1).count() == len(ITEMS)


def test_a_bureau_publishes_its_own_checklist_from_excel(client, tree, who):
    import io

    from safecampus.testing.xlsx import make_xlsx

    upper = library(tree, who)
    header = ["编码", "类别", "检查内容", "合格标准", "依据", "重大隐患判定项", "权重", "适用学校类型", "适用条件"]
    client.force_login(who.county_officer)
    template = client.get("/checklists/template.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    bad = io.BytesIO(make_xlsx(header, [["LX-01", "月球", "x", "", "", "否", 99, "大学堂", ""]]))
    bad.name = "bad.xlsx"
    page = client.post(f"/org/{tree.county.pk}/checklists/", {"code": "LX-2027", "name": "历下补充", "file": bad})
    assert page.status_code == 200 and "月球" in page.content.decode()
    good = io.BytesIO(
        make_xlsx(
            header, [["LX-01", "water", "河道护栏是否完好", "护栏完好", "县级要求", "否", 3, "小学、初中", "农村"]]
        )
    )
    good.name = "good.xlsx"
    response = client.post(
        f"/org/{tree.county.pk}/checklists/", {"code": "LX-2027", "name": "历下补充", "extends": upper.pk, "file": good}
    )
    from safecampus.hazards.models import Checklist

    checklist = Checklist.objects.get(code="LX-2027")
    assert response.status_code == 302 and checklist.extends == upper and checklist.owner == tree.county
    item = checklist.published().items.get()
    assert (item.kinds, item.flags, item.area) == (["primary", "junior"], ["is_rural"], "water")
    client.force_login(who.principal)
    assert client.post(f"/org/{tree.school.pk}/checklists/", {"code": "X1", "name": "x"}).status_code == 403


def test_uploading_the_same_code_publishes_a_new_version(client, tree, who):
    import io

    from safecampus.hazards.models import Checklist
    from safecampus.testing.xlsx import make_xlsx

    header = ["编码", "类别", "检查内容"]
    client.force_login(who.county_officer)
    for text in ("第一版检查内容", "第二版检查内容"):
        upload = io.BytesIO(make_xlsx(header, [["LX-01", "water", text]]))
        upload.name = "items.xlsx"
        client.post(f"/org/{tree.county.pk}/checklists/", {"code": "LX-V", "name": "历下补充", "file": upload})
    checklist = Checklist.objects.get(code="LX-V")
    assert checklist.versions.count() == 2 and checklist.published().number == 2
    assert checklist.published().items.get().text == "第二版检查内容"
