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
