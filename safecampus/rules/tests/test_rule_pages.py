"""The rules page: a fitting control per shape, refusals in Chinese naming the rule, nothing saved."""

import re

import pytest
from django.utils import translation

from safecampus.rules.models import Rule
from safecampus.rules.services import rule_value, set_rule

pytestmark = pytest.mark.django_db

DEADLINE = "hazard.deadline_days.general"
REMINDERS = "hazard.reminder_days_before"
VERIFIER = "hazard.verifier.general"


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def county(client, tree, who):
    client.force_login(who.county_admin)
    return client


def edit_url(org, key):
    return f"/org/{org.pk}/rules/{key}/"


def text(response):
    return response.content.decode()


def refused_on_page(client, org, key, data):
    before = list(Rule.objects.filter(key=key).values_list("org_path", "value"))
    response = client.post(edit_url(org, key), data)
    assert response.status_code == 200
    assert list(Rule.objects.filter(key=key).values_list("org_path", "value")) == before
    return text(response)


# --- the three defects, through the page ------------------------------------------------------------


def test_the_page_refuses_a_deadline_of_100000_days(county, tree):
    page = refused_on_page(county, tree.county, DEADLINE, {"value": "100000"})
    assert "一般隐患默认整改期限应在 1 至 365 天之间" in page
    assert rule_value(DEADLINE, tree.school) == 7


def test_the_page_refuses_reminder_days_outside_the_bounds(county, tree):
    page = refused_on_page(county, tree.county, REMINDERS, {"value": "-1, 500"})
    assert "整改期限前提醒的天数" in page and "0 至 365 天之间" in page
    page = refused_on_page(county, tree.county, REMINDERS, {"value": "3, x"})
    assert "“x”不是整数" in page


def test_the_page_never_lets_staff_verify(county, tree):
    page = refused_on_page(county, tree.county, VERIFIER, {"level": "school", "roles": ["staff"]})
    assert "一般隐患的验收人" in page and "教职工不能验收" in page
    page = refused_on_page(county, tree.county, VERIFIER, {"level": "school", "roles": ["guard", "principal"]})
    assert "保安不能验收" in page


def test_the_role_picker_offers_only_roles_that_may_verify(county, tree):
    page = text(county.get(edit_url(tree.county, VERIFIER)))
    offered = set(re.findall(r'name="roles" value="(\w+)"', page))
    assert offered == {"principal", "safety_lead", "bureau_safety_officer", "bureau_admin"}
    # The county may keep it at the school or take it up to itself, not hand it to the city.
    levels = re.findall(r'<option value="(\w+)"', page.split('name="level"')[1].split("</select>")[0])
    assert levels == ["school", "county"]
    page = text(county.get(edit_url(tree.county, "hazard.verifier.major")))
    assert set(re.findall(r'name="roles" value="(\w+)"', page)) == {"bureau_safety_officer", "bureau_admin"}


# --- tighten through the page ------------------------------------------------------------------------


def test_weakening_is_refused_and_tightening_applies_below(client, tree, who):
    set_rule(DEADLINE, 5, actor=who.city_admin, org=tree.city)
    client.force_login(who.county_admin)
    page = refused_on_page(client, tree.county, DEADLINE, {"value": "6"})
    assert "不能高于上级现行的 5 天" in page
    response = client.post(edit_url(tree.county, DEADLINE), {"value": "3"})
    assert response.status_code == 302
    assert rule_value(DEADLINE, tree.school) == 3 and rule_value(DEADLINE, tree.foreign) == 5
    response = client.post(edit_url(tree.county, VERIFIER), {"level": "county", "roles": ["bureau_safety_officer"]})
    assert response.status_code == 302
    assert rule_value(VERIFIER, tree.school) == {"roles": ["bureau_safety_officer"], "level": "county"}


def test_a_later_tightening_above_is_flagged_on_the_page_below(client, tree, who):
    set_rule(DEADLINE, 6, actor=who.county_admin, org=tree.county)
    set_rule(DEADLINE, 4, actor=who.city_admin, org=tree.city)
    client.force_login(who.county_admin)
    listing = text(client.get(f"/org/{tree.county.pk}/rules/"))
    row = listing.split("hazard.deadline_days.general")[1].split("</tr>")[0]
    assert "4 天" in row and "比上级宽松，按更严格的值执行" in row
    page = text(client.get(edit_url(tree.county, DEADLINE)))
    assert "按更严格的值执行" in page and "6" in page
    client.force_login(who.city_admin)
    page = text(client.get(edit_url(tree.city, DEADLINE)))
    assert 'id="rules-below"' in page and "历下区" in page


@pytest.mark.parametrize(
    "key, data, stored",
    [
        ("hazard.listing.acceptance_days", {"value": "8"}, 8),
        (REMINDERS, {"value": "7，3、1 14"}, [14, 7, 3, 1]),
        ("inspection.self_check.dates", {"value": "03-01, 9-1, 02-15"}, ["02-15", "03-01", "09-01"]),
        ("incident.grade.threshold_set", {"value": "education"}, "education"),
        ("incident.at_once", {"value": ["large", "major", "extraordinary"]}, ["large", "major", "extraordinary"]),
        ("warning.weight.overdue_major", {"value": "2.5"}, 2.5),
        (
            "incident.route",
            {"ordinary": "province", "large": "province", "major": "province", "extraordinary": "province"},
            {"ordinary": "province", "large": "province", "major": "province", "extraordinary": "province"},
        ),
        (
            "incident.clock.casualty_window_days",
            {"default": "30", "traffic": "10", "fire": "7", "school_bus": "7", "drowning": ""},
            {"default": 30, "traffic": 10, "fire": 7, "school_bus": 7},
        ),
        (
            "incident.grade.thresholds.education",
            {"extraordinary__deaths": "3", "major__deaths": "1", "large__injured": "5", "large__deaths": ""},
            {"extraordinary": {"deaths": 3}, "major": {"deaths": 1}, "large": {"injured": 5}},
        ),
    ],
)
def test_each_control_saves_a_value_of_its_shape(county, tree, key, data, stored):
    response = county.post(edit_url(tree.county, key), data)
    assert response.status_code == 302, text(response)
    assert Rule.objects.get(key=key, org=tree.county).value == stored


def test_a_table_part_out_of_bounds_is_refused_naming_the_part(county, tree):
    data = {f"default__{grade}": "30" for grade in ("large", "major", "extraordinary")}
    page = refused_on_page(county, tree.county, "incident.clock.initial_minutes", {**data, "default__ordinary": "0"})
    assert "初报时限·各类事件（默认）·一般应在 1 至 2880 分钟之间" in page


@pytest.mark.parametrize(
    "key, marks",
    [
        (DEADLINE, ['type="number" name="value"', 'min="1"', 'max="365"', 'step="1"', "天"]),
        ("warning.weight.overdue_major", ['step="any"', 'max="100"']),
        (REMINDERS, ['type="text" name="value" value="3, 1"']),
        ("inspection.self_check.dates", ['name="value" value="03-01, 09-01"']),
        ("incident.grade.threshold_set", ['<select name="value"', 'value="education"']),
        ("incident.national", ['type="checkbox" name="value" value="major"']),
        (VERIFIER, ['<select name="level"', 'name="roles" value="principal"', "js/rules.js"]),
        ("incident.route", ['<select name="ordinary"']),
        ("incident.grade.thresholds.national", ['name="extraordinary__deaths" value="30"', "直接经济损失"]),
        (
            "incident.clock.initial_minutes",
            ['name="default__ordinary" value="60"', 'name="fire__ordinary"', "各类事件（默认）"],
        ),
        ("incident.clock.casualty_window_days", ['name="traffic" value="7"', 'name="drowning"', 'placeholder="30"']),
    ],
)
def test_the_page_renders_a_control_for_each_shape(county, tree, key, marks):
    page = text(county.get(edit_url(tree.county, key)))
    for mark in marks:
        assert mark in page, mark
    assert "上级现行值" in page and "取值范围" in page and "来源" in page


def test_the_list_shows_value_origin_upper_value_bounds_and_source(client, tree, who):
    set_rule(DEADLINE, 5, actor=who.city_admin, org=tree.city)
    client.force_login(who.county_officer)
    page = text(client.get(f"/org/{tree.county.pk}/rules/"))
    row = page.split("hazard.deadline_days.general")[1].split("</tr>")[0]
    assert "5 天" in row and "济南市" in row and "1–365 天" in row and "国家未规定统一时限" in row
    assert f'btn-outline-secondary" href="/org/{tree.county.pk}/rules/{DEADLINE}/"' in page  # details, read-only
    page = text(client.get(edit_url(tree.county, DEADLINE)))
    assert 'id="rule-form"' not in page
    assert client.post(edit_url(tree.county, DEADLINE), {"value": "3"}).status_code == 403


def test_operators_change_defaults_and_bureaus_may_not(client, tree, who, django_user_model):
    client.force_login(who.province_admin)
    assert client.get("/rules/defaults/").status_code == 403
    assert client.post(f"/rules/defaults/{DEADLINE}/", {"value": "5"}).status_code == 403
    root = django_user_model.objects.create_superuser("operator", password="x-Long-pass-1")
    client.force_login(root)
    assert DEADLINE in text(client.get("/rules/defaults/"))
    response = client.post(f"/rules/defaults/{DEADLINE}/", {"value": "400"})
    assert response.status_code == 200 and "1 至 365 天之间" in text(response)
    assert client.post(f"/rules/defaults/{DEADLINE}/", {"value": "5"}).status_code == 302
    assert rule_value(DEADLINE, tree.school) == 5
    assert client.get("/rules/defaults/no.such.rule/").status_code == 404


def test_a_county_below_city_level_verification_has_no_level_to_choose(client, tree, who):
    city_level = {"roles": ["bureau_safety_officer"], "level": "city"}
    set_rule("hazard.verifier.major", city_level, actor=who.city_admin, org=tree.city)
    client.force_login(who.county_admin)
    page = text(client.get(edit_url(tree.county, "hazard.verifier.major")))
    assert "本单位不能另行选择验收层级" in page
    refused_on_page(client, tree.county, "hazard.verifier.major", {"level": "county", "roles": ["bureau_admin"]})
