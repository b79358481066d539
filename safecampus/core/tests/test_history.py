"""Change history: every change keeps who/when/before/after, rows are append-only, a page shows them."""

import pytest

from safecampus.orgs.models import OrgUnit, School
from safecampus.orgs.services import update_school

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
    assert who.principal.username in page
    assert '<span class="diff-old">900</span> → <span class="diff-new">1000</span>' in page
    assert "✗" in page and "✓" in page


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
