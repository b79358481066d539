"""The logs kept on a record: a chemical's movements by two people with the book following them (an issue without a
second person refused, a count that differs is a finding until adjusted), and a canteen's meals and samples."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from safecampus.core import clock, recount
from safecampus.facilities.models import ChemicalMovement, MealLog
from safecampus.facilities.models.chemicals import cas_number
from safecampus.facilities.services import findings
from safecampus.facilities.services.steps import FLOWS
from safecampus.testing import facilities as fx
from safecampus.testing.steps import check_steps

pytestmark = pytest.mark.django_db


def move(stock, who, **values):
    form = (
        FLOWS["chemical"]
        .steps["move"]
        .make_form(stock, who, {"day": clock.today(), "handled_by": "李老师", "second_person": "王老师", **values})
    )
    if not form.is_valid():
        raise ValidationError(form.errors)
    return FLOWS["chemical"].steps["move"](stock, actor=who, **form.cleaned_data)


def failing(record):
    return {f.check.code for f in findings.record_findings(record, clock.today(), 0) if f.failing}


def test_cas_numbers_are_checked_by_their_check_digit():
    cas_number("7664-93-9")  # sulphuric acid
    cas_number("64-17-5")  # ethanol
    for bad in ("7664-93-8", "7664939", "ABC-12-3"):
        with pytest.raises(ValidationError):
            cas_number(bad)


def test_an_issue_without_a_second_person_is_refused_and_nothing_is_written(tree, who):
    stock = fx.add("chemical", tree.school, who.principal)
    move(stock, who.principal, kind="receive", quantity="500")
    with pytest.raises(ValidationError) as raised:
        move(stock, who.principal, kind="issue", quantity="20", purpose="初三化学实验", second_person="")
    assert "second_person" in str(raised.value)
    with pytest.raises(ValidationError):
        move(stock, who.principal, kind="issue", quantity="20", purpose="实验", second_person="李老师")
    stock.refresh_from_db()
    assert stock.book_quantity == Decimal("500")
    assert ChemicalMovement.objects.count() == 1


def test_the_book_follows_the_movements_and_a_count_that_differs_is_a_finding(tree, who):
    stock = fx.add("chemical", tree.school, who.principal)
    assert "count" in failing(stock)  # never counted
    move(stock, who.principal, kind="receive", quantity="500")
    move(stock, who.principal, kind="issue", quantity="120", purpose="初三化学实验")
    move(stock, who.principal, kind="return", quantity="20")
    with pytest.raises(ValidationError) as raised:
        move(stock, who.principal, kind="issue", quantity="401", purpose="实验")
    assert "quantity" in raised.value.message_dict
    with pytest.raises(ValidationError):
        move(stock, who.principal, kind="dispose", quantity="10")  # no contractor, no manifest
    stock.refresh_from_db()
    assert stock.book_quantity == Decimal("400")
    move(stock, who.principal, kind="count", quantity="395")
    stock.refresh_from_db()
    assert stock.mismatch and "reconcile" in failing(stock) and "count" not in failing(stock)
    with pytest.raises(ValidationError):
        move(stock, who.principal, kind="adjust", quantity="395")  # an adjustment needs its reason
    move(stock, who.principal, kind="adjust", quantity="395", note="实验课称量损耗，已查明")
    stock.refresh_from_db()
    assert stock.book_quantity == Decimal("395") and not failing(stock)
    move(stock, who.principal, kind="dispose", quantity="95", contractor="济南危废处置公司", manifest_no="ZY2026120001")
    stock.refresh_from_db()
    assert stock.book_quantity == Decimal("300")
    assert [m.book_after for m in stock.movements.order_by("pk")][-1] == Decimal("300")
    assert recount.drift() == []


def test_controlled_chemicals_need_a_separate_cabinet_and_two_locks(tree, who):
    stock = fx.add("chemical", tree.school, who.principal, dual_lock=False)
    assert "storage" in failing(stock)
    plain = fx.add(
        "chemical",
        tree.school,
        who.principal,
        name="氯化钠",
        cas="7647-14-5",
        precursor=False,
        explosive_precursor=False,
        separate_cabinet=False,
        dual_lock=False,
    )
    assert "storage" not in failing(plain)


def test_meal_logs_and_samples_against_the_rules(tree, who):
    canteen = fx.add("canteen", tree.school, who.principal)
    assert "meals_log" in failing(canteen)
    step = FLOWS["canteen"].steps["log_meal"]
    values = {
        "meal": "lunch",
        "leader": "王校长",
        "dishes": 4,
        "sample_grams": 100,
        "sample_hours": 48,
        "samples_by": "张师傅",
        "note": "",
    }
    step(canteen, actor=who.principal, day=clock.today(), **values)
    canteen.refresh_from_db()
    assert failing(canteen) == {"samples"}  # 100 g < 125 g a dish
    with pytest.raises(ValidationError):
        step(canteen, actor=who.principal, day=clock.today(), **values)  # the same meal twice
    step(canteen, actor=who.principal, day=clock.today(), **{**values, "meal": "dinner", "sample_grams": 150})
    canteen.refresh_from_db()
    assert not failing(canteen)
    with clock.travel_to(clock.now() + timedelta(days=7)):
        assert "meals_log" in failing(canteen)  # nothing logged for a week (rule: 7 days)
    assert MealLog.objects.count() == 2
    assert recount.drift() == []


def test_chemical_steps_offered_are_the_steps_that_succeed(tree, who):
    def stocked():
        stock = fx.add("chemical", tree.school, who.principal, name="硝酸钾", cas="7757-79-1")
        move(stock, who.principal, kind="receive", quantity="100")
        return stock

    offered = check_steps(
        FLOWS["chemical"],
        lambda stock: f"/api/v1/facilities/chemicals/{stock.pk}/",
        {"stocked": stocked},
        {name: getattr(who, name) for name in ("principal", "staff", "county_officer")},
        {
            "move": lambda stock: {
                "kind": "issue",
                "quantity": "10",
                "day": clock.today().isoformat(),
                "handled_by": "李老师",
                "second_person": "王老师",
                "purpose": "实验",
            },
            "retire": lambda stock: {"retired_on": clock.today().isoformat(), "reason": "用完"},
            "register_hazard": lambda stock: {"check": "count"},
        },
    )
    assert offered[("stocked", "principal")] == {"move", "retire", "register_hazard"}
    assert offered[("stocked", "staff")] == set()


def test_guard_trainings_and_maintenance_visits_are_logs_the_last_day_follows(tree, who):
    from datetime import timedelta

    guard = fx.add("guard", tree.school, who.principal, trained_on=None)
    assert "training" in failing(guard)
    step = FLOWS["guard"].steps["record_training"]
    step(
        guard,
        actor=who.principal,
        day=clock.today() - timedelta(days=3),
        course="校园安保技能",
        hours="8",
        provider="区公安分局",
    )
    guard.refresh_from_db()
    assert guard.trained_on == clock.today() - timedelta(days=3) and "training" not in failing(guard)
    assert guard.trainings.count() == 1
    lift = fx.add(
        "equipment", tree.school, who.principal, kind="lift", maintained_on=clock.today() - timedelta(days=20)
    )
    assert "maintenance" in failing(lift)
    FLOWS["equipment"].steps["record_maintenance"](
        lift, actor=who.principal, day=clock.today(), contractor="济南电梯维保公司", work="半月维保：润滑、调整、检查"
    )
    lift.refresh_from_db()
    assert "maintenance" not in failing(lift) and lift.maintenance.count() == 1
    assert recount.drift() == []


def test_a_stocks_page_offers_its_steps_and_records_a_movement(tree, who):
    from django.test import Client

    stock = fx.add("chemical", tree.school, who.principal)
    client = Client()
    client.force_login(who.school_safety)
    page = client.get(f"/facilities/chemical/{stock.pk}/").content.decode()
    assert f"/facilities/chemical/{stock.pk}/move/" in page
    form = client.get(f"/facilities/chemical/{stock.pk}/move/").content.decode()
    assert "登记出入库" in form or "Record a movement" in form
    body = {"kind": "receive", "quantity": "500", "day": clock.today().isoformat(), "handled_by": "李老师"}
    assert client.post(f"/facilities/chemical/{stock.pk}/move/", body).status_code == 400  # no second person
    response = client.post(f"/facilities/chemical/{stock.pk}/move/", {**body, "second_person": "王老师"})
    assert response.status_code == 302 and response["Location"] == f"/facilities/chemical/{stock.pk}/"
    assert client.get(response["Location"]).status_code == 200
    stock.refresh_from_db()
    assert stock.book_quantity == Decimal("500")
