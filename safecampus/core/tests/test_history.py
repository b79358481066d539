"""Change history: every change keeps who/when/before/after, rows are append-only, a page shows them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from safecampus.core.views_history import history_rows
from safecampus.hazards.services import inspections
from safecampus.orgs.models import OrgUnit, School
from safecampus.orgs.services import update_org, update_school
from safecampus.testing.factories import member
from safecampus.testing.hazards import library, walk

pytestmark = pytest.mark.django_db


def test_history_rows_cannot_be_changed_or_deleted(tree, who):
    update_school(tree.school.school, actor=who.principal, fields={"student_count": 901})
    row = School.history.filter(org_id=tree.school.pk).latest("history_id")
    row.student_count = 5
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()


def test_history_page_shows_who_and_before_after(client, tree, who):
    update_school(
        School.objects.get(org=tree.school), actor=who.principal, fields={"student_count": 1000, "is_boarding": True}
    )
    client.force_login(who.county_officer)
    client.cookies["django_language"] = "en"
    page = client.get(f"/history/orgs.School/{tree.school.pk}/").content.decode()
    assert who.principal.display_name in page
    assert '<span class="diff-old">900</span> → <span class="diff-new">1000</span>' in page
    assert '<span class="diff-old">No</span> → <span class="diff-new">Yes</span>' in page


def test_unknown_models_and_foreign_objects_are_404(client, tree, who):
    client.force_login(who.county_officer)
    assert client.get(f"/history/auth.Permission/{tree.school.pk}/").status_code == 404
    assert client.get(f"/history/orgs.OrgUnit/{tree.foreign.pk}/").status_code == 404
    assert client.get(f"/history/accounts.User/{who.foreign_principal.pk}/").status_code == 404
    assert client.get(f"/history/accounts.User/{who.principal.pk}/").status_code == 404, "not an account manager"
    client.force_login(who.county_admin)
    assert client.get(f"/history/accounts.User/{who.principal.pk}/").status_code == 200


def test_deleting_a_node_keeps_its_history(tree, who):
    node = OrgUnit.objects.get(pk=tree.far.pk)
    School.objects.filter(org=node).delete()
    pk = node.pk
    OrgUnit.objects.filter(pk=pk).delete()
    assert OrgUnit.history.filter(id=pk).exists()


def _changes(page: str) -> list[str]:
    """The change lines of a history page, tags stripped: "字段: 旧 → 新"."""
    return [re.sub(r"<[^>]+>", "", line).strip() for line in re.findall(r"<div>.*?→.*?</div>", page)]


def test_hazard_history_names_fields_in_chinese_and_people_by_name(client, tree, who):
    hazard = walk(tree, who, "closed")
    client.force_login(who.county_officer)
    page = client.get(f"/history/hazards.Hazard/{hazard.pk}/").content.decode()
    changes = _changes(page)
    assert f"销号人: — → {who.principal.display_name}" in changes
    assert f"提交人: — → {who.school_safety.display_name}" in changes
    assert any(line.startswith("状态: ") and "已销号" in line for line in changes), changes
    assert any(re.fullmatch(r"整改期限: \d{4}-\d\d-\d\d → \d{4}-\d\d-\d\d", line) for line in changes), changes
    assert f">{who.principal.pk}<" not in page and "closed by" not in page
    assert who.principal.display_name in page.split("<tbody>")[1], "the person who made the change, by name"


def test_org_unit_changed_by_two_people_shows_both_by_name(client, tree, who):
    second = member(tree.city, "bureau_admin", username="second.admin", full_name="李四")
    update_org(OrgUnit.objects.get(pk=tree.school.pk), actor=who.county_admin, fields={"short_name": "历下实小"})
    update_org(OrgUnit.objects.get(pk=tree.school.pk), actor=second, fields={"is_active": False})
    client.force_login(who.county_officer)
    page = client.get(f"/history/orgs.OrgUnit/{tree.school.pk}/").content.decode()
    changes = _changes(page)
    assert "简称: — → 历下实小" in changes and "启用: 是 → 否" in changes, changes
    body = page.split("<tbody>")[1]
    assert who.county_admin.display_name in body and "李四" in body
    assert second.username not in re.sub(r'title="[^"]*"', "", body), "the name, not the account"


def test_many_to_many_changes_show_the_people(tree, who):
    version = library(tree, who).published()
    inspection = inspections.start_inspection(
        actor=who.county_officer, school=tree.school, kind="supervision", version=version
    )
    inspections.add_inspector(inspection, actor=who.county_officer, username=who.expert.username)
    with translation.override("zh-hans"):
        rows = history_rows(inspection)
    team = f"{who.county_officer.display_name}、{who.expert.display_name}"
    assert {"field": "检查人员", "old": who.county_officer.display_name, "new": team} in rows[0]["changes"]


def test_history_page_reads_names_with_a_fixed_number_of_queries(client, tree, who):
    school = School.objects.get(org=tree.school)
    client.force_login(who.county_officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/history/orgs.School/{tree.school.pk}/").status_code == 200
        return len(captured)

    update_school(school, actor=who.principal, fields={"student_count": 901})
    few = queries()
    for n in range(8):
        actor = member(tree.school, "principal", username=f"p{n}", full_name=f"校长{n}")
        update_school(School.objects.get(pk=school.pk), actor=actor, fields={"student_count": 910 + n})
    assert queries() == few
