"""Rules are data: defaults seeded, overrides per subtree, nearest override wins, history kept."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safecampus.rules.models import Rule
from safecampus.rules.services import clear_override, ensure_default_rules, rule_value, set_rule
from safecampus.rules.specs import RULES
from safecampus.testing.scope_contract import ScopeContract

pytestmark = pytest.mark.django_db
KEY = "hazard.listing.acceptance_days"


def test_defaults_are_seeded_by_migrate_and_never_overwritten(tree, who):
    assert Rule.objects.filter(org__isnull=True).count() == len(RULES.keys())
    assert rule_value(KEY) == 10
    Rule.objects.filter(key=KEY).update(value=12)
    assert ensure_default_rules() == 0
    assert rule_value(KEY) == 12


def test_nearest_override_wins(tree, who):
    # Acceptance within fewer days is stricter: each level may shorten the one above.
    set_rule(KEY, 8, actor=who.city_admin, org=tree.city)
    set_rule(KEY, 6, actor=who.county_admin, org=tree.county)
    assert rule_value(KEY, tree.school) == 6
    assert rule_value(KEY, tree.foreign) == 8
    assert rule_value(KEY, tree.far) == 10
    assert rule_value(KEY, tree.province) == 10


def test_only_a_bureau_admin_of_the_node_may_override(tree, who):
    with pytest.raises(PermissionDenied):
        set_rule(KEY, 5, actor=who.county_admin, org=tree.city)
    with pytest.raises(PermissionDenied):
        set_rule(KEY, 5, actor=who.county_officer, org=tree.county)
    with pytest.raises(PermissionDenied):
        set_rule(KEY, 5, actor=who.province_admin)


def test_values_keep_the_form_of_the_default(tree, who):
    with pytest.raises(ValidationError):
        set_rule(KEY, "ten", actor=who.county_admin, org=tree.county)
    with pytest.raises(ValidationError):
        set_rule(KEY, -1, actor=who.county_admin, org=tree.county)
    with pytest.raises(ValidationError):
        set_rule("hazard.reminder_days_before", 3, actor=who.county_admin, org=tree.county)
    set_rule("hazard.reminder_days_before", [5, 3, 2, 1], actor=who.county_admin, org=tree.county)


def test_changes_and_removal_keep_history(tree, who):
    rule = set_rule(KEY, 9, actor=who.county_admin, org=tree.county)
    set_rule(KEY, 8, actor=who.county_admin, org=tree.county)
    pk = rule.pk
    clear_override(Rule.objects.get(pk=pk), actor=who.county_admin)
    assert rule_value(KEY, tree.school) == 10
    assert [h.history_type for h in Rule.history.filter(id=pk).order_by("history_id")] == ["+", "~", "-"]


def test_rule_pages(client, tree, who):
    client.force_login(who.county_admin)
    page = client.get(f"/org/{tree.county.pk}/rules/").content.decode()
    assert KEY in page
    response = client.post(f"/org/{tree.county.pk}/rules/{KEY}/", {"value": "ten"})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    response = client.post(f"/org/{tree.county.pk}/rules/{KEY}/", {"value": "7"})
    assert response.status_code == 302 and rule_value(KEY, tree.school) == 7
    client.force_login(who.county_officer)
    assert client.post(f"/org/{tree.county.pk}/rules/{KEY}/", {"value": "3"}).status_code == 403


class TestRulePage(ScopeContract):
    def record(self, tree, who):
        return tree.county

    def detail_url(self, obj):
        return f"/org/{obj.pk}/rules/"

    @pytest.mark.parametrize("role", ["county_officer", "county_admin", "city_leader", "province_officer"])
    def test_insiders_see_detail(self, tree, who, role):
        super().test_insiders_see_detail(tree, who, role)

    @pytest.mark.parametrize(
        "role", ["foreign_principal", "foreign_county_officer", "foreign_county_admin", "expert", "principal"]
    )
    def test_outsiders_get_404(self, tree, who, role):
        super().test_outsiders_get_404(tree, who, role)
