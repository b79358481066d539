"""Every org-tree endpoint and page honours the one scope rule (see testing/scope_contract.py)."""

import pytest

from safecampus.orgs.models import Membership, OrgUnit
from safecampus.testing.scope_contract import ListScopeContract, ScopeContract

pytestmark = pytest.mark.django_db


class TestOrgPage(ListScopeContract):
    def record(self, tree, who):
        return tree.school

    def detail_url(self, obj):
        return f"/org/{obj.pk}/"

    def list_url(self, obj, user):
        homes = OrgUnit.objects.home_nodes(user) or [obj]
        return f"/org/{homes[0].pk}/children/?q={obj.code}"


class TestSchoolEditPage(ScopeContract):
    """Insiders without the edit right get 403, never 404; outsiders 404."""

    def record(self, tree, who):
        return tree.school

    def detail_url(self, obj):
        return f"/org/{obj.pk}/edit/"

    @pytest.mark.parametrize("role", ["principal", "county_admin", "province_admin"])
    def test_insiders_see_detail(self, tree, who, role):
        super().test_insiders_see_detail(tree, who, role)

    @pytest.mark.parametrize("role", ["school_safety", "county_officer", "city_leader"])
    def test_insiders_without_right_get_403(self, tree, who, role):
        response = self.client_for(getattr(who, role)).get(self.detail_url(tree.school))
        assert response.status_code == 403


class TestOrgHistoryPage(ScopeContract):
    def record(self, tree, who):
        return tree.school

    def detail_url(self, obj):
        return f"/history/orgs.OrgUnit/{obj.pk}/"


class TestOrgApi(ListScopeContract):
    api = True

    def record(self, tree, who):
        return tree.school

    def detail_url(self, obj):
        return f"/api/v1/orgs/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/orgs/?level=school&page_size=500"


class TestUserApi(ListScopeContract):
    """Accounts are visible to account managers of the area (and to their owner) only."""

    api = True

    @pytest.mark.parametrize("role", ["county_admin", "city_admin", "province_admin"])
    def test_insiders_see_detail(self, tree, who, role):
        super().test_insiders_see_detail(tree, who, role)

    @pytest.mark.parametrize("role", ["principal", "school_safety", "county_officer", "city_leader"])
    def test_colleagues_without_the_right_get_404(self, tree, who, role):
        assert self.client_for(getattr(who, role)).get(self.detail_url(who.staff)).status_code == 404

    def record(self, tree, who):
        return who.staff

    def detail_url(self, obj):
        return f"/api/v1/users/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/users/?page_size=500"


class TestMembershipApi(ListScopeContract):
    api = True

    def record(self, tree, who):
        return Membership.objects.get(user=who.staff)

    def detail_url(self, obj):
        return f"/api/v1/memberships/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/memberships/?page_size=500"


class TestUserPage(ListScopeContract):
    """User pages are for account managers: insiders without the right get 403."""

    def record(self, tree, who):
        return who.staff

    def detail_url(self, obj):
        return f"/accounts/users/{obj.pk}/"

    def list_url(self, obj, user):
        return f"/accounts/users/?q={obj.username}"

    def marker(self, obj):
        return f"/accounts/users/{obj.pk}/"

    @pytest.mark.parametrize("role", ["county_admin", "province_admin"])
    def test_insiders_see_detail(self, tree, who, role):
        super().test_insiders_see_detail(tree, who, role)

    @pytest.mark.parametrize("role", ["principal", "county_officer", "city_leader"])
    def test_insiders_without_right_get_403(self, tree, who, role):
        response = self.client_for(getattr(who, role)).get(self.detail_url(who.staff))
        assert response.status_code == 403
