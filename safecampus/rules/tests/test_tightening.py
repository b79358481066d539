"""Rules are checked against their declared shape; a unit below may tighten, never weaken, the rule above."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from safecampus.rules.models import Rule
from safecampus.rules.services import resolve, rule_value, set_rule

pytestmark = pytest.mark.django_db

DEADLINE = "hazard.deadline_days.general"
REMINDERS = "hazard.reminder_days_before"
VERIFIER = "hazard.verifier.general"
MAJOR_VERIFIER = "hazard.verifier.major"


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def refused(key, value, actor, org):
    """Set the rule, expect a refusal, and return its messages as one text; nothing may be saved."""
    before = list(Rule.objects.filter(key=key).values_list("org_path", "value"))
    with pytest.raises(ValidationError) as error:
        set_rule(key, value, actor=actor, org=org)
    assert list(Rule.objects.filter(key=key).values_list("org_path", "value")) == before
    return " ".join(error.value.message_dict["value"])


# --- the three defects a new user found ------------------------------------------------------------


def test_a_deadline_of_100000_days_is_refused_naming_the_rule_and_the_bound(tree, who):
    message = refused(DEADLINE, 100000, who.county_admin, tree.county)
    assert "整改期限" in message and "1 至 365 天之间" in message
    assert rule_value(DEADLINE, tree.school) == 7


@pytest.mark.parametrize("days", [[-1, 500], [-1], [500], [3, 3, 1], [1.5]])
def test_reminder_days_outside_0_to_365_or_repeated_are_refused(tree, who, days):
    message = refused(REMINDERS, days, who.county_admin, tree.county)
    assert "提醒的天数" in message
    if -1 in days or 500 in days:
        assert "0 至 365 天之间" in message and ("-1" in message or "500" in message)
    assert rule_value(REMINDERS, tree.school) == [3, 1]


@pytest.mark.parametrize(
    "value, words",
    [
        ({"roles": ["staff"]}, ["验收人", "层级"]),
        ({"roles": ["staff"], "level": "school"}, ["验收人", "教职工", "校长"]),
        ({"roles": ["guard", "principal"], "level": "school"}, ["保安"]),
        ({"roles": ["staff"], "level": "county"}, ["教职工"]),
        ({"roles": [], "level": "school"}, ["至少"]),
        ({"roles": ["principal"], "level": "moon"}, ["层级"]),
    ],
)
def test_staff_and_guards_never_verify(tree, who, value, words):
    message = refused(VERIFIER, value, who.county_admin, tree.county)
    for word in words:
        assert word in message, message
    assert rule_value(VERIFIER, tree.school) == {"roles": ["principal", "safety_lead"], "level": "school"}


def test_the_operators_default_is_bounded_too(tree, who, django_user_model):
    root = django_user_model.objects.create_superuser("operator", password="x-Long-pass-1")
    assert "1 至 365" in refused(DEADLINE, 0, root, None)
    set_rule(DEADLINE, 10, actor=root)  # the default itself has no level above
    assert rule_value(DEADLINE, tree.school) == 10


# --- tighten, never weaken -------------------------------------------------------------------------


def test_a_county_may_shorten_a_deadline_but_not_lengthen_it(tree, who):
    set_rule(DEADLINE, 5, actor=who.city_admin, org=tree.city)
    message = refused(DEADLINE, 6, who.county_admin, tree.county)
    assert "5 天" in message and "上级" in message
    set_rule(DEADLINE, 4, actor=who.county_admin, org=tree.county)
    assert rule_value(DEADLINE, tree.school) == 4
    assert rule_value(DEADLINE, tree.foreign) == 5
    assert rule_value(DEADLINE, tree.far) == 7


def test_reminder_days_may_be_added_not_dropped(tree, who):
    set_rule(REMINDERS, [7, 3, 1], actor=who.city_admin, org=tree.city)
    assert "7" in refused(REMINDERS, [3, 1], who.county_admin, tree.county)
    set_rule(REMINDERS, [1, 14, 7, 3], actor=who.county_admin, org=tree.county)
    assert rule_value(REMINDERS, tree.school) == [14, 7, 3, 1]


def test_verification_may_move_up_or_narrow_never_down_or_widen(tree, who):
    # Fewer of the accepted roles at the same level is stricter.
    set_rule(VERIFIER, {"roles": ["principal"], "level": "school"}, actor=who.county_admin, org=tree.county)
    assert rule_value(VERIFIER, tree.school) == {"roles": ["principal"], "level": "school"}
    # The major verifier sits at the county: a county may not hand it down to the school.
    message = refused(MAJOR_VERIFIER, {"roles": ["principal"], "level": "school"}, who.county_admin, tree.county)
    assert "较低" in message or "下移" in message
    # A city may move general hazards up to the county; below it the school may not take them back.
    county_level = {"roles": ["bureau_safety_officer"], "level": "county"}
    set_rule(VERIFIER, county_level, actor=who.city_admin, org=tree.city)
    refused(VERIFIER, {"roles": ["principal", "safety_lead"], "level": "school"}, who.city_admin, tree.county)
    # Same level, a role the level above does not accept: refused.
    assert "教育局系统管理员" in refused(
        VERIFIER, {"roles": ["bureau_safety_officer", "bureau_admin"], "level": "county"}, who.city_admin, tree.county
    )


def test_a_unit_may_not_hand_verification_to_a_level_above_itself(tree, who):
    message = refused(
        MAJOR_VERIFIER, {"roles": ["bureau_safety_officer"], "level": "city"}, who.county_admin, tree.county
    )
    assert "历下区" in message
    set_rule(MAJOR_VERIFIER, {"roles": ["bureau_safety_officer"], "level": "city"}, actor=who.city_admin, org=tree.city)
    assert rule_value(MAJOR_VERIFIER, tree.school)["level"] == "city"


def test_the_education_threshold_set_is_stricter_than_the_national_one(tree, who):
    set_rule("incident.grade.threshold_set", "education", actor=who.city_admin, org=tree.city)
    assert "教育系统" in refused("incident.grade.threshold_set", "national", who.county_admin, tree.county)
    assert "national" not in refused("incident.grade.threshold_set", "lunar", who.county_admin, tree.county)


def test_report_clocks_may_be_shortened_per_part_not_lengthened(tree, who):
    key = "incident.clock.initial_minutes"
    default = rule_value(key)
    slower = {**default, "default": {**default["default"], "ordinary": 90}}
    assert "一般" in refused(key, slower, who.county_admin, tree.county)
    faster = {**default, "default": {**default["default"], "ordinary": 45}, "fire": {"extraordinary": 20}}
    set_rule(key, faster, actor=who.county_admin, org=tree.county)
    assert rule_value(key, tree.school)["fire"] == {"extraordinary": 20}
    # A type row that leaves cells empty takes the default row's; it may not end up slower than above.
    slow_row = {**default, "infectious_cluster": {"ordinary": 2000}}
    assert "传染病" in refused(key, slow_row, who.foreign_county_admin, tree.county2)


@pytest.mark.parametrize(
    "value, words",
    [
        ({"default": {"ordinary": 60, "large": 30, "major": 30}}, ["特别重大", "缺少"]),
        ({"default": {"ordinary": 0, "large": 30, "major": 30, "extraordinary": 30}}, ["1 至 2880 分钟之间"]),
        ({"default": {"ordinary": 60, "large": 90, "major": 30, "extraordinary": 30}}, ["较大"]),
        ({"default": {"ordinary": 60, "large": 30, "major": 30, "extraordinary": 30}, "moon": {}}, ["moon"]),
    ],
)
def test_structured_values_are_checked_part_by_part(tree, who, value, words):
    message = refused("incident.clock.initial_minutes", value, who.county_admin, tree.county)
    for word in words:
        assert word in message, message


def test_a_casualty_window_may_be_lengthened_not_shortened(tree, who):
    key = "incident.clock.casualty_window_days"
    assert "交通事故" in refused(
        key, {"default": 30, "traffic": 5, "fire": 7, "school_bus": 7}, who.county_admin, tree.county
    )
    set_rule(key, {"default": 30, "traffic": 10, "fire": 7, "school_bus": 7}, actor=who.county_admin, org=tree.county)
    assert rule_value(key, tree.school)["traffic"] == 10


def test_grade_thresholds_may_be_lowered_not_raised_or_dropped(tree, who):
    key = "incident.grade.thresholds.education"
    assert "死亡人数" in refused(
        key,
        {"extraordinary": {"deaths": 6}, "major": {"deaths": 1}, "large": {"injured": 5}},
        who.county_admin,
        tree.county,
    )
    assert "受伤人数" in refused(
        key,
        {"extraordinary": {"deaths": 5}, "major": {"deaths": 1}, "large": {"deaths": 1}},
        who.county_admin,
        tree.county,
    )
    lower = {"extraordinary": {"deaths": 3}, "major": {"deaths": 1}, "large": {"injured": 3, "deaths": 1}}
    set_rule(key, lower, actor=who.county_admin, org=tree.county)
    assert rule_value(key, tree.school) == lower
    # Grades stay in order: a major threshold above the extraordinary one makes no sense.
    assert "重大" in refused(
        key,
        {"extraordinary": {"deaths": 1}, "major": {"deaths": 2}, "large": {"injured": 3}},
        who.foreign_county_admin,
        tree.county2,
    )


def test_routes_go_no_less_far_than_above(tree, who):
    key = "incident.route"
    route = {"ordinary": "province", "large": "province", "major": "province", "extraordinary": "province"}
    set_rule(key, route, actor=who.city_admin, org=tree.city)
    assert "一般" in refused(key, {**route, "ordinary": "city"}, who.county_admin, tree.county)


def test_weights_have_no_direction_but_stay_in_bounds(tree, who):
    key = "warning.weight.overdue_major"
    set_rule(key, 20, actor=who.city_admin, org=tree.city)
    set_rule(key, 0, actor=who.county_admin, org=tree.county)
    set_rule(key, 2.5, actor=who.county_admin, org=tree.county)
    assert rule_value(key, tree.school) == 2.5
    assert "0 至 100" in refused(key, 101, who.county_admin, tree.county)


def test_the_form_of_the_value_is_kept(tree, who):
    assert refused(DEADLINE, "7", who.county_admin, tree.county)
    assert refused(DEADLINE, True, who.county_admin, tree.county)
    assert refused(DEADLINE, 6.5, who.county_admin, tree.county)
    set_rule(DEADLINE, 6.0, actor=who.county_admin, org=tree.county)
    assert rule_value(DEADLINE, tree.school) == 6 and isinstance(rule_value(DEADLINE, tree.school), int)


# --- an upper level tightens later --------------------------------------------------------------


def test_when_the_level_above_tightens_later_the_stricter_value_applies_and_is_flagged(tree, who):
    set_rule(DEADLINE, 6, actor=who.county_admin, org=tree.county)
    set_rule(REMINDERS, [5, 3, 1], actor=who.county_admin, org=tree.county)
    set_rule(DEADLINE, 5, actor=who.city_admin, org=tree.city)
    set_rule(REMINDERS, [7, 3, 1], actor=who.city_admin, org=tree.city)
    assert rule_value(DEADLINE, tree.school) == 5
    assert rule_value(REMINDERS, tree.school) == [7, 5, 3, 1]
    resolution = resolve(DEADLINE, tree.county)
    assert resolution.here(tree.county.path).weaker and resolution.above(tree.county.path) == 5
    # The county's own row is kept as it was; it may only be changed to something no weaker.
    assert Rule.objects.get(key=DEADLINE, org=tree.county).value == 6
    refused(DEADLINE, 6, who.county_admin, tree.county)


def test_a_stored_value_out_of_shape_is_ignored(tree, who):
    Rule.objects.create(key=DEADLINE, org=tree.county, value=100000, title="x")
    Rule.objects.create(key=VERIFIER, org=tree.county, value={"roles": ["staff"]}, title="x")
    assert rule_value(DEADLINE, tree.school) == 7
    assert rule_value(VERIFIER, tree.school)["roles"] == ["principal", "safety_lead"]
    assert resolve(DEADLINE, tree.school).flagged[0].invalid
