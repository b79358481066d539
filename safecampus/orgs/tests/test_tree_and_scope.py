"""The tree, the scope queryset and the permission rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safecampus.core.access import Perm, Role, has_perm
from safecampus.core.paths import outermost, path_upper_bound, subtree_q
from safecampus.orgs.models import Level, Membership, OrgUnit
from safecampus.orgs.services import create_org, update_org
from safecampus.testing.factories import member

pytestmark = pytest.mark.django_db


def codes(queryset):
    return set(queryset.values_list("code", flat=True))


def test_path_upper_bound_covers_exactly_the_subtree():
    assert path_upper_bound("0001") == "0002"
    bound = path_upper_bound("000Z")
    assert "000Z" < bound and "000ZZZZZ" < bound and "0010" >= bound
    assert path_upper_bound("00010009") == "0001000A"
    assert path_upper_bound("ZZZZ") > "ZZZZZZZZ"
    assert outermost(["0001", "00010002", "0002", "000200030004"]) == ["0001", "0002"]


def test_subtree_range_matches_startswith(tree):
    for node in OrgUnit.objects.all():
        by_range = set(OrgUnit.objects.filter(subtree_q("path", node.path)).values_list("pk", flat=True))
        by_prefix = set(OrgUnit.objects.filter(path__startswith=node.path).values_list("pk", flat=True))
        assert by_range == by_prefix, node.name


def test_each_level_sees_its_subtree_only(tree, who):
    visible = OrgUnit.objects.visible_to
    assert codes(visible(who.province_admin)) == codes(OrgUnit.objects.all())
    assert codes(visible(who.city_leader)) == {
        "370100",
        "370102",
        "370103",
        "370100901",
        "3701020001",
        "3701020002",
        "3701030001",
        "3701009010001",
    }
    assert codes(visible(who.county_officer)) == {"370102", "3701020001", "3701020002"}
    assert codes(visible(who.principal)) == {"3701020001"}
    assert codes(visible(who.sibling_principal)) == {"3701020002"}
    assert codes(visible(who.expert)) == set(), "experts have no standing scope"


def test_several_memberships_add_up(tree, who):
    Membership.objects.create(user=who.principal, org=tree.far, role=Role.STAFF)
    assert codes(OrgUnit.objects.visible_to(who.principal)) == {"3701020001", "3702020001"}
    assert {n.code for n in OrgUnit.objects.home_nodes(who.principal)} == {"3701020001", "3702020001"}


def test_inactive_and_anonymous_users_see_nothing(tree, who):
    from django.contrib.auth.models import AnonymousUser

    who.county_officer.is_active = False
    assert not OrgUnit.objects.visible_to(who.county_officer).exists()
    assert not OrgUnit.objects.visible_to(AnonymousUser()).exists()


def test_other_units_sit_at_county_level_and_hold_schools(tree, who):
    assert tree.other.depth == tree.county.depth
    officer = member(tree.other, Role.BUREAU_SAFETY_OFFICER)
    assert codes(OrgUnit.objects.visible_to(officer)) == {"370100901", "3701009010001"}


def test_role_permissions_follow_the_tree(tree, who):
    assert has_perm(who.county_admin, Perm.MANAGE_USERS, tree.school)
    assert not has_perm(who.county_admin, Perm.MANAGE_USERS, tree.city), "never up"
    assert not has_perm(who.county_admin, Perm.MANAGE_USERS, tree.foreign), "never sideways"
    assert not has_perm(who.city_leader, Perm.MANAGE_ORGS, tree.school), "leaders read only"
    assert has_perm(who.principal, Perm.EDIT_SCHOOL_PROFILE, tree.school)
    assert not has_perm(who.principal, Perm.EDIT_SCHOOL_PROFILE, tree.sibling)


def test_create_org_checks_rights_and_levels(tree, who):
    fields = {"name": "新学校", "code": "3701020099"}
    with pytest.raises(PermissionDenied):
        create_org(
            actor=who.county_officer, parent=tree.county, level=Level.SCHOOL, fields=fields, school={"kind": "primary"}
        )
    with pytest.raises(ValidationError) as error:
        create_org(actor=who.county_admin, parent=tree.county, level=Level.CITY, fields=fields)
    assert "level" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create_org(actor=who.county_admin, parent=tree.county, level=Level.SCHOOL, fields=fields, school={"kind": "x"})
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create_org(
            actor=who.county_admin,
            parent=tree.county,
            level=Level.SCHOOL,
            fields={"name": "重复", "code": "3701020001"},
            school={"kind": "primary"},
        )
    assert "code" in error.value.message_dict
    school = create_org(
        actor=who.county_admin,
        parent=tree.county,
        level=Level.SCHOOL,
        fields=fields,
        school={"kind": "primary", "is_boarding": True},
    )
    assert school.path.startswith(tree.county.path) and school.depth == 4
    assert school.school.is_boarding
    assert OrgUnit.objects.get(pk=tree.county.pk).numchild == 3
    record = school.history.get()
    assert record.history_type == "+" and record.history_user == who.county_admin


def test_update_org_records_before_and_after(tree, who):
    update_org(tree.school, actor=who.county_admin, fields={"name": "历下实验小学（新校区）"})
    latest, previous = tree.school.history.order_by("-history_id")[:2]
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("name", "历下实验小学", "历下实验小学（新校区）")]
    assert latest.history_user == who.county_admin
    with pytest.raises(PermissionDenied):
        update_org(tree.school, actor=who.principal, fields={"name": "x"})
