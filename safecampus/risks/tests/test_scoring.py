"""Scoring: every band boundary of every default table, the method's value tables, and a bureau's own bands."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from safecampus.risks.scoring import band, canonical, evaluate
from safecampus.rules.services import set_rule
from safecampus.rules.specs import RULES

LEC = {"red": 320, "orange": 160, "yellow": 70}
MATRIX = {"red": 20, "orange": 10, "yellow": 4}


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("8000", "red"),
        ("320", "red"),
        ("319.9", "orange"),
        ("160", "orange"),
        ("159.9", "yellow"),
        ("70", "yellow"),
        ("69.9", "blue"),
        ("0.1", "blue"),
    ],
)
def test_lec_default_bands_at_every_boundary(score, grade):
    assert RULES["risk.bands.lec"].default == LEC
    assert band(Decimal(score), LEC) == grade


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("25", "red"),
        ("20", "red"),
        ("16", "orange"),
        ("10", "orange"),
        ("9", "yellow"),
        ("4", "yellow"),
        ("3", "blue"),
        ("1", "blue"),
    ],
)
def test_matrix_default_bands_at_every_boundary(score, grade):
    assert RULES["risk.bands.matrix"].default == MATRIX
    assert band(Decimal(score), MATRIX) == grade


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factors", "score", "grade"),
    [
        ({"l": "6", "e": "6", "c": "15"}, "540.0", "red"),
        ({"l": "10", "e": "2", "c": "15"}, "300.0", "orange"),
        ({"l": "3", "e": "6", "c": "7"}, "126.0", "yellow"),
        ({"l": "1", "e": "10", "c": "7"}, "70.0", "yellow"),
        ({"l": "0.5", "e": "6", "c": "15"}, "45.0", "blue"),
        ({"l": 6.0, "e": "6.0", "c": 15}, "540.0", "red"),
    ],
)
def test_lec_scores_from_the_value_tables(tree, factors, score, grade):
    result = evaluate("lec", tree.school, factors)
    assert (str(result.score), result.grade, result.version) == (score, grade, "LEC-GK-1")
    assert result.bands == LEC and result.bands_source in ("Platform default", "平台默认值")


@pytest.mark.django_db
def test_matrix_and_direct(tree):
    assert evaluate("matrix", tree.school, {"l": "4", "s": "5"}).grade == "red"
    assert evaluate("matrix", tree.school, {"l": "2", "s": "2"}).grade == "yellow"
    direct = evaluate("direct", tree.school, {}, reason="围墙倾斜开裂", direct_reason="observed")
    assert (direct.grade, direct.score, direct.direct_reason) == ("red", None, "observed")


@pytest.mark.django_db
def test_a_value_not_in_the_table_is_refused_with_the_allowed_values(tree):
    with pytest.raises(ValidationError) as caught:
        evaluate("lec", tree.school, {"l": "5", "e": "6", "c": "abc"})
    errors = caught.value.message_dict
    assert set(errors) == {"l", "c"}
    assert "10、6、3、1、0.5、0.2、0.1" in errors["l"][0]
    with pytest.raises(ValidationError) as caught:
        evaluate("matrix", tree.school, {"l": "6", "s": "0"})
    assert set(caught.value.message_dict) == {"l", "s"}
    with pytest.raises(ValidationError) as caught:
        evaluate("direct", tree.school, {}, reason=" ")
    assert set(caught.value.message_dict) == {"direct_reason", "reason"}


@pytest.mark.django_db
def test_a_bureau_may_adopt_stricter_bands_for_its_area_and_not_weaker(tree, who):
    set_rule("risk.bands.lec", {"red": 160, "orange": 70, "yellow": 20}, actor=who.county_admin, org=tree.county)
    result = evaluate("lec", tree.school, {"l": "10", "e": "2", "c": "15"})
    assert (result.grade, result.bands["red"], result.bands_source) == ("red", 160, "历下区")
    assert evaluate("lec", tree.foreign, {"l": "10", "e": "2", "c": "15"}).grade == "orange"
    with pytest.raises(ValidationError):
        set_rule("risk.bands.lec", {"red": 400, "orange": 160, "yellow": 70}, actor=who.county_admin, org=tree.county)
    with pytest.raises(ValidationError):
        set_rule(
            "risk.bands.matrix", {"red": 4, "orange": 10, "yellow": 20}, actor=who.province_admin, org=tree.province
        )


def test_factors_are_read_as_their_table_writes_them():
    assert [canonical(v) for v in ("6", 6, 6.0, "0.50", " 10 ", "x")] == ["6", "6", "6", "0.5", "10", "x"]
