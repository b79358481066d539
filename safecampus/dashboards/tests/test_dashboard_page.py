"""The dashboard page: scoped, figures linked to the ledger rows behind them."""

import pytest

from safecampus.hazards.models import HazardState
from safecampus.testing.hazards import walk
from safecampus.testing.scope_contract import ScopeContract

pytestmark = pytest.mark.django_db


class TestDashboardPage(ScopeContract):
    def record(self, tree, who):
        return tree.county

    def detail_url(self, obj):
        return f"/org/{obj.pk}/dashboard/"

    @pytest.mark.parametrize("role", ["county_officer", "county_admin", "city_leader", "province_officer"])
    def test_insiders_see_detail(self, tree, who, role):
        super().test_insiders_see_detail(tree, who, role)

    @pytest.mark.parametrize("role", ["principal", "foreign_principal", "foreign_county_officer", "expert"])
    def test_outsiders_get_404(self, tree, who, role):
        super().test_outsiders_get_404(tree, who, role)


def test_each_figure_links_to_its_rows(client, tree, who):
    walk(tree, who, HazardState.REPORTED, "major")
    client.force_login(who.city_leader)
    page = client.get(f"/org/{tree.city.pk}/dashboard/").content.decode()
    assert 'id="kpi-open-major">1<' in page
    assert f"/org/{tree.city.pk}/hazards/?state=open&amp;level=major" in page
    row = page.split('id="children-figures"')[1]
    assert (
        f"/org/{tree.county.pk}/dashboard/" in row
        and f"/org/{tree.county.pk}/hazards/?state=open&amp;level=major" in row
    )
    ledger = client.get(f"/org/{tree.city.pk}/hazards/", {"state": "open", "level": "major"}).content.decode()
    assert "1 条" in ledger or "1 record" in ledger
