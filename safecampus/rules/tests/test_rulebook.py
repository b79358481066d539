"""Every rule is declared once, by the app that uses it, with a default that fits its own shape."""

import pytest

from safecampus.rules.apps import check_rule_defaults
from safecampus.rules.shapes import NONE, Number
from safecampus.rules.specs import DIRECTIONS, RULES, declare

from .frozen_defaults import FROZEN


def test_every_old_default_is_declared_with_the_same_value_title_and_source():
    for key, old in FROZEN.items():
        assert key in RULES, key
        spec = RULES[key]
        assert spec.default == old["value"], key
        assert (spec.title, spec.title_en, spec.source) == (old["title"], old["title_en"], old["source"]), key


@pytest.mark.parametrize("key", sorted(FROZEN))
def test_each_default_passes_its_own_shape_and_is_in_normal_form(key):
    spec = RULES[key]
    cleaned, problems = spec.problems(spec.default)
    assert problems == [] and cleaned == spec.default
    assert spec.stricter in DIRECTIONS
    assert spec.describe(spec.default) and spec.bounds()


def test_every_registered_key_passes_the_start_up_check():
    assert check_rule_defaults() == []
    assert all(spec.is_valid(spec.default) for spec in RULES)


def test_no_key_is_declared_twice():
    spec = RULES["hazard.deadline_days.general"]
    with pytest.raises(ValueError, match="declared twice"):
        declare(spec.key, 5, Number(1, 365), title="again")
    assert RULES[spec.key] is spec


def test_weights_and_display_settings_have_no_direction():
    for key in RULES.keys():
        if key.startswith(("warning.", "review.")):
            assert RULES[key].stricter == NONE, key


def test_the_value_that_applies_is_never_weaker_than_either_side():
    """tighten(value, upper) gives something neither the level above nor the unit's own value could call weaker."""
    import random

    from safecampus.rules.shapes import LOWER, DayList
    from safecampus.rules.specs import tighten

    rng = random.Random(7)
    deadline, days = Number(1, 365, stricter=LOWER), DayList()
    clocks = RULES["incident.clock.initial_minutes"]
    grades = ("ordinary", "large", "major", "extraordinary")

    def clock_table():
        row = sorted((rng.randint(1, 2880) for _ in grades), reverse=True)
        table = {"default": dict(zip(grades, row, strict=True))}
        for subtype in rng.sample(["fire", "traffic", "infectious_cluster"], 2):
            table[subtype] = {grade: rng.randint(1, 2880) for grade in rng.sample(grades, 2)}
        return table

    for _ in range(200):
        a, b = rng.randint(1, 365), rng.randint(1, 365)
        merged, problems = tighten(deadline, a, b, "x")
        assert merged == min(a, b) and bool(problems) == (a > b)
        xs, ys = (sorted(rng.sample(range(366), rng.randint(0, 4)), reverse=True) for _ in "ab")
        merged, problems = tighten(days, xs, ys, "x")
        assert set(merged) == set(xs) | set(ys) and bool(problems) == (not set(ys) <= set(xs))
        mine, above = clock_table(), clock_table()
        merged, _problems = clocks.tighten(mine, above)
        assert clocks.tighten(merged, above)[1] == []
        assert clocks.tighten(merged, mine)[1] == []
