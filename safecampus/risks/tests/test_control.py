"""Measure checks as due tasks, loss of control found by the platform, listing for supervision, linked hazards."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safecampus.core import clock
from safecampus.core.exceptions import StateConflict
from safecampus.core.recount import drift
from safecampus.hazards.models import HazardState
from safecampus.risks.models import MeasureCheck
from safecampus.risks.services import checks, control, steps
from safecampus.testing import risks as r
from safecampus.testing.hazards import walk

pytestmark = pytest.mark.django_db


def test_publishing_schedules_the_checks_and_recording_one_schedules_the_next(tree, who):
    risk = r.published(tree, who, factors=r.LEC_RED, measures=1)
    check = MeasureCheck.objects.get(risk=risk)
    assert check.due_on == clock.today() + timedelta(days=7) and check.status == "due"
    checks.record(check, actor=who.school_safety, passed=True, note="")
    assert MeasureCheck.objects.filter(risk=risk, status="due").count() == 1
    assert drift() == []


def test_a_failed_check_puts_the_risk_out_of_control(tree, who):
    risk = r.published(tree, who, factors=r.LEC_RED, measures=1)
    check = MeasureCheck.objects.get(risk=risk)
    with pytest.raises(ValidationError):
        checks.record(check, actor=who.school_safety, passed=False, note="")
    checks.record(check, actor=who.school_safety, passed=False, note="报警器无响应")
    risk.refresh_from_db()
    assert risk.out_of_control and "检查" in risk.out_of_control_reason or risk.out_of_control
    assert drift() == []


def test_the_tick_finds_a_missed_check_and_an_overdue_linked_hazard(tree, who):
    missed = r.published(tree, who, factors=r.LEC_RED, measures=1)
    linked = r.published(tree, who, at=r.point(tree, who, name="配电房"), factor="线路老化")
    hazard = walk(tree, who, HazardState.RECTIFYING)  # deadline today
    with pytest.raises(ValidationError):
        control.link_hazard(linked, actor=who.school_safety, number="YH20200000001")
    control.link_hazard(linked, actor=who.school_safety, number=hazard.number)
    assert control.find_loss_of_control() == {"risks_out_of_control": 0}
    with clock.travel_to(clock.now() + timedelta(days=9)):
        assert control.find_loss_of_control() == {"risks_out_of_control": 2}
        assert control.find_loss_of_control() == {"risks_out_of_control": 0}, "once only"
    missed.refresh_from_db()
    linked.refresh_from_db()
    assert missed.out_of_control and linked.out_of_control
    assert drift() == []


def test_a_city_lists_a_red_risk_out_of_control_and_ends_it_once_back_under_control(tree, who, client):
    risk = r.published(tree, who, factors=r.LEC_RED, measures=1)
    with pytest.raises(StateConflict):
        control.list_for_supervision(risk, actor=who.city_admin, reason="限期整改")
    steps.lose_control(risk, actor=who.county_officer, reason="督查发现报警器失效")
    with pytest.raises(PermissionDenied):
        control.list_for_supervision(risk, actor=who.county_officer, reason="x")
    control.list_for_supervision(risk, actor=who.city_admin, reason="七日内恢复管控")
    risk.refresh_from_db()
    assert risk.listed_by == tree.city
    assert who.principal.notifications.filter(kind="risk").exists()
    with pytest.raises(StateConflict):
        control.end_supervision(risk, actor=who.city_admin)
    steps.regain_control(risk, actor=who.school_safety, reason="更换报警器")
    control.end_supervision(risk, actor=who.city_admin)
    risk.refresh_from_db()
    assert risk.listed_by is None
    client.force_login(who.school_safety)
    page = client.get(f"/risks/{risk.pk}/").content.decode()
    assert 'id="check-list"' in page
    assert drift() == []


def test_retiring_cancels_the_pending_checks(tree, who):
    risk = r.published(tree, who, factors=r.LEC_RED, measures=1)
    steps.retire(risk, actor=who.school_safety, reason="燃气改电")
    assert set(MeasureCheck.objects.filter(risk=risk).values_list("status", flat=True)) == {"cancelled"}
    assert drift() == []


def test_the_risk_counters_recounted_in_sql_for_a_subtree_match_the_records(tree, who):
    from safecampus.core.recount import expected, expected_from_keys, rebuild

    r.published(tree, who, factors=r.LEC_RED, measures=1)
    r.assessed(tree, who, at=r.point(tree, who, name="操场"))
    rebuild(tree.county.path)
    assert drift() == [] and drift(tree.county.path) == []
    assert expected() == expected_from_keys()
