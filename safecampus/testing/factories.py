"""factory-boy factories and a small tree that every app's tests share."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import factory

from safecampus.accounts.models import User
from safecampus.core.access import Role
from safecampus.orgs.models import Level, Membership, OrgUnit, School, SchoolKind

PASSWORD = "Test#Pass2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def persist(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.save()


def add_node(parent: OrgUnit | None, level: str, code: str, name: str, **school: Any) -> OrgUnit:
    node = OrgUnit(level=level, code=code, name=name, division_code=code if level != Level.SCHOOL else "")
    node = (
        OrgUnit.objects.add_root(instance=node) if parent is None else OrgUnit.objects.add_child(parent, instance=node)
    )
    if level == Level.SCHOOL:
        School.objects.create(org=node, kind=school.pop("kind", SchoolKind.PRIMARY), **school)
    return node


def member(org: OrgUnit, role: str, username: str | None = None, **fields: Any) -> User:
    user = UserFactory(username=username or f"{role}.{org.code}", **fields)
    Membership.objects.create(user=user, org=org, role=role)
    return user


def build_tree() -> SimpleNamespace:
    """Province P › cities C1, C2 › counties K1, K2 (C1), K3 (C2), other unit O1 (C1) › schools.

    S1, S2 sit in K1 (siblings); S3 in K2 (another county of the same city);
    S4 in K3 (another city); S5 under the other unit O1.
    """
    t = SimpleNamespace()
    t.province = add_node(None, Level.PROVINCE, "370000", "山东省")
    t.city = add_node(t.province, Level.CITY, "370100", "济南市")
    t.city2 = add_node(t.province, Level.CITY, "370200", "青岛市")
    t.county = add_node(t.city, Level.COUNTY, "370102", "历下区")
    t.county2 = add_node(t.city, Level.COUNTY, "370103", "市中区")
    t.county3 = add_node(t.city2, Level.COUNTY, "370202", "市南区")
    t.other = add_node(t.city, Level.OTHER, "370100901", "景区教育中心")
    t.school = add_node(
        t.county, Level.SCHOOL, "3701020001", "历下实验小学", kind=SchoolKind.PRIMARY, student_count=900
    )
    t.sibling = add_node(t.county, Level.SCHOOL, "3701020002", "历下第一幼儿园", kind=SchoolKind.KINDERGARTEN)
    t.foreign = add_node(
        t.county2, Level.SCHOOL, "3701030001", "市中第一中学", kind=SchoolKind.JUNIOR, is_boarding=True
    )
    t.far = add_node(t.county3, Level.SCHOOL, "3702020001", "市南实验小学")
    t.scenic = add_node(t.other, Level.SCHOOL, "3701009010001", "景区小学")
    for node in vars(t).values():
        node.refresh_from_db()
    return t


def people(t: SimpleNamespace) -> SimpleNamespace:
    """One account per role the tests need, named by level."""
    p = SimpleNamespace()
    p.province_admin = member(t.province, Role.BUREAU_ADMIN)
    p.province_officer = member(t.province, Role.BUREAU_SAFETY_OFFICER)
    p.city_admin = member(t.city, Role.BUREAU_ADMIN)
    p.city_leader = member(t.city, Role.BUREAU_LEADER)
    p.county_admin = member(t.county, Role.BUREAU_ADMIN)
    p.county_officer = member(t.county, Role.BUREAU_SAFETY_OFFICER)
    p.foreign_county_officer = member(t.county2, Role.BUREAU_SAFETY_OFFICER)
    p.foreign_county_admin = member(t.county2, Role.BUREAU_ADMIN)
    p.principal = member(t.school, Role.PRINCIPAL)
    p.school_safety = member(t.school, Role.SAFETY_OFFICER)
    p.staff = member(t.school, Role.STAFF)
    p.sibling_principal = member(t.sibling, Role.PRINCIPAL)
    p.foreign_principal = member(t.foreign, Role.PRINCIPAL)
    p.expert = member(t.province, Role.EXPERT, username="expert.1")
    return p
