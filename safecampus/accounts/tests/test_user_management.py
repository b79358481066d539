"""Bureau admins manage accounts and roles inside their own subtree only."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safecampus.accounts.models import User
from safecampus.accounts.services import create_user, grant_membership, reset_password, revoke_membership
from safecampus.core.access import Role
from safecampus.core.services import run_import
from safecampus.orgs.models import Membership
from safecampus.testing.xlsx import make_xlsx

pytestmark = pytest.mark.django_db
STRONG = "Kx7mPq2z#"


def test_admin_creates_a_user_in_the_subtree(tree, who):
    user = create_user(
        actor=who.county_admin,
        username="li.si",
        password=STRONG,
        org=tree.school,
        role=Role.SAFETY_OFFICER,
        fields={"full_name": "李四"},
    )
    assert user.must_change_password and user.check_password(STRONG)
    assert Membership.objects.get(user=user).org == tree.school
    assert user.history.get().history_user == who.county_admin


@pytest.mark.parametrize(
    "org_name, role",
    [
        ("city", Role.BUREAU_SAFETY_OFFICER),  # above the admin's node
        ("foreign", Role.PRINCIPAL),  # a school of another county
    ],
)
def test_admin_cannot_grant_outside_the_subtree(tree, who, org_name, role):
    with pytest.raises(PermissionDenied):
        create_user(actor=who.county_admin, username="x.y", password=STRONG, org=getattr(tree, org_name), role=role)
    with pytest.raises(PermissionDenied):
        grant_membership(actor=who.county_admin, user=who.staff, org=getattr(tree, org_name), role=role)


def test_roles_must_fit_the_level(tree, who):
    with pytest.raises(ValidationError) as error:
        grant_membership(actor=who.county_admin, user=who.staff, org=tree.school, role=Role.BUREAU_ADMIN)
    assert "role" in error.value.message_dict
    with pytest.raises(ValidationError):
        grant_membership(actor=who.county_admin, user=who.staff, org=tree.county, role=Role.PRINCIPAL)


def test_no_one_becomes_superuser_through_the_platform(tree, who, api):
    response = api(who.province_admin).patch(f"/api/v1/users/{who.staff.pk}/", {"is_superuser": True}, format="json")
    assert response.status_code == 400 and "is_superuser" in response.json()
    who.staff.refresh_from_db()
    assert not who.staff.is_superuser and not who.staff.is_staff


def test_admin_cannot_manage_an_account_with_roles_elsewhere(tree, who):
    grant_membership(actor=who.city_admin, user=who.staff, org=tree.foreign, role=Role.STAFF)
    with pytest.raises(PermissionDenied):
        reset_password(who.staff, actor=who.county_admin, password=STRONG)
    reset_password(who.staff, actor=who.city_admin, password=STRONG)
    who.staff.refresh_from_db()
    assert who.staff.must_change_password


def test_weak_passwords_are_refused_with_the_field_named(tree, who):
    with pytest.raises(ValidationError) as error:
        create_user(actor=who.county_admin, username="weak", password="abcdefgh", org=tree.school, role=Role.STAFF)
    assert "password" in error.value.message_dict
    assert not User.objects.filter(username="weak").exists()


def test_revoking_keeps_history_and_own_role_is_protected(tree, who):
    grant_membership(actor=who.county_admin, user=who.staff, org=tree.sibling, role=Role.GUARD)
    membership = Membership.objects.get(user=who.staff, role=Role.STAFF)
    pk = membership.pk
    revoke_membership(membership, actor=who.county_admin)
    assert not Membership.objects.filter(pk=pk).exists()
    rows = Membership.history.filter(id=pk).order_by("history_id")
    assert [row.history_type for row in rows] == ["+", "-"]
    assert rows.last().history_user == who.county_admin
    own = Membership.objects.get(user=who.county_admin)
    with pytest.raises(PermissionDenied):
        revoke_membership(own, actor=who.county_admin)


def test_user_pages_create_and_grant(client, tree, who):
    client.force_login(who.county_admin)
    response = client.post(
        "/accounts/users/new/",
        {"username": "wang.wu", "full_name": "王五", "org_code": "3703", "role": "staff", "password": STRONG},
    )
    assert response.status_code == 200 and b"invalid-feedback" in response.content
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "wang.wu",
            "full_name": "王五",
            "org_code": tree.foreign.code,
            "role": "staff",
            "password": STRONG,
        },
    )
    assert response.status_code == 200, "a unit of another county is not found"
    response = client.post(
        "/accounts/users/new/",
        {"username": "wang.wu", "full_name": "王五", "org_code": tree.school.code, "role": "staff", "password": STRONG},
    )
    user = User.objects.get(username="wang.wu")
    assert response["Location"] == f"/accounts/users/{user.pk}/"
    client.post(f"/accounts/users/{user.pk}/roles/", {"org_code": tree.sibling.code, "role": "guard"})
    assert set(user.memberships.values_list("org__code", "role")) == {
        (tree.school.code, "staff"),
        (tree.sibling.code, "guard"),
    }
    page = client.get(f"/accounts/users/{user.pk}/").content.decode()
    assert "历下第一幼儿园" in page
    client.post(f"/accounts/users/{user.pk}/active/", {"active": "0"})
    user.refresh_from_db()
    assert not user.is_active


USER_HEADER = ["用户名", "姓名", "单位代码", "角色", "初始密码"]


def test_import_users_good_then_idempotent(tree, who):
    rows = [
        ["zhao.liu", "赵六", tree.school.code, "学校安全员", STRONG],
        ["zhao.liu", "赵六", tree.sibling.code, "保安", ""],
        ["qian.qi", "钱七", tree.county.code, "bureau_safety_officer", STRONG],
    ]
    data = make_xlsx(USER_HEADER, rows)
    result = run_import("users", data, actor=who.county_admin, dry_run=False)
    assert result.applied, result.errors
    user = User.objects.get(username="zhao.liu")
    assert user.must_change_password
    assert set(user.memberships.values_list("role", flat=True)) == {"safety_officer", "guard"}
    again = run_import("users", data, actor=who.county_admin, dry_run=False)
    assert [c.action for c in again.changes] == ["unchanged", "unchanged", "unchanged"]
    assert Membership.objects.filter(user=user).count() == 2


def test_import_users_bad_rows(tree, who):
    rows = [
        ["ok.user", "好", tree.school.code, "教职工", STRONG],
        ["no.pass", "无密码", tree.school.code, "教职工", ""],
        ["bad role", "空格", tree.school.code, "教职工", STRONG],
        ["far.user", "外县", tree.foreign.code, "教职工", STRONG],
        ["weak.user", "弱密码", tree.school.code, "教职工", "abc"],
        ["role.x", "角色", tree.school.code, "校董", STRONG],
        ["lvl.x", "层级", tree.school.code, "教育局系统管理员", STRONG],
    ]
    from django.utils import translation

    with translation.override("en"):
        result = run_import("users", make_xlsx(USER_HEADER, rows), actor=who.county_admin, dry_run=False)
    errors = {e.row: (e.column, e.message) for e in result.errors}
    assert set(errors) == {3, 4, 5, 6, 7, 8}
    assert "required for a new user" in errors[3][1]
    assert "outside your area" in errors[5][1]
    assert errors[6][0] == "Initial password"
    assert "not a role" in errors[7][1]
    assert not User.objects.filter(username="ok.user").exists()


def test_import_users_command(tree, who, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "users.xlsx"
    path.write_bytes(make_xlsx(USER_HEADER, [["sun.ba", "孙八", tree.school.code, "保安", STRONG]]))
    call_command("import_users", str(path), "--user", who.county_admin.username, stdout=io.StringIO())
    assert User.objects.filter(username="sun.ba", memberships__role="guard").exists()


def test_account_pages_show_only_the_roles_inside_the_viewers_area(client, tree, who):
    """A user with roles in two counties: each county's admin sees only the role in their own county."""
    both = who.principal
    Membership.objects.create(user=both, org=tree.foreign, role=Role.SAFETY_LEAD)
    client.force_login(who.county_admin)
    detail = client.get(f"/accounts/users/{both.pk}/").content.decode()
    assert tree.school.name in detail
    assert tree.foreign.name not in detail, "the role in the other county leaks"
    listed = client.get("/accounts/users/", {"q": both.username}).content.decode()
    assert tree.school.name in listed and tree.foreign.name not in listed
    by_role = client.get("/accounts/users/", {"role": Role.SAFETY_LEAD}).content.decode()
    assert both.username not in by_role, "the role filter counts only roles held in the viewer's area"
    api = client.get(f"/api/v1/users/{both.pk}/").json()
    assert [m["org"]["code"] for m in api["memberships"]] == [tree.school.code]
