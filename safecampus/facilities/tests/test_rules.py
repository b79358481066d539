"""Hand-worked cases of the ledgers' rules: the guards a school needs under each rule set, a driver's age limits
on the day they are reached, an inspection that expires at midnight Asia/Shanghai, and the failing windows."""

from datetime import UTC, date, datetime, timedelta

import pytest

from safecampus.core import clock, recount
from safecampus.facilities import windows as w
from safecampus.facilities.guards import by_gbt_29315, by_gongzhi_168, required
from safecampus.facilities.models import Bus, BusDriver
from safecampus.facilities.services import findings
from safecampus.testing import facilities as fx

GBT = {"from": 1000, "base": 3, "per": 500}
GONGZHI = {"small_below": 100, "small": 1, "mid_upto": 1000, "mid": 2, "per": 500}


@pytest.mark.parametrize(
    ("students", "gbt", "gongzhi", "stricter"),
    [
        # GB/T 29315 sets no number below 1,000; 168号 counts 100–1,000 people as 2.
        (999, 0, 2, 2),
        (1000, 3, 2, 3),
        # One further full 500: GB/T 3 + 1; 168号 2 + 1.
        (1500, 4, 3, 4),
        # 501 further is still one full 500.
        (1501, 4, 3, 4),
        (99, 0, 1, 1),
        (0, 0, 0, 0),
    ],
)
def test_guards_required_under_each_rule_set(students, gbt, gongzhi, stricter):
    assert by_gbt_29315(students, GBT) == gbt
    assert by_gongzhi_168(students, GONGZHI) == gongzhi
    kw = {"students": students, "staff": 0, "boarders": 0, "gbt": GBT, "gongzhi": GONGZHI}
    assert required(basis="gbt_29315", **kw) == gbt
    assert required(basis="gongzhi_168", **kw) == gongzhi
    assert required(basis="stricter", **kw) == stricter


def test_boarders_count_against_the_national_standard_and_staff_against_168():
    # 1,600 students of whom 700 board: 900 day students, below GB/T's 1,000; 168号 counts 1,600 + 100 staff.
    kw = {"students": 1600, "staff": 100, "boarders": 700, "gbt": GBT, "gongzhi": GONGZHI}
    assert required(basis="gbt_29315", **kw) == 0
    assert required(basis="gongzhi_168", **kw) == 3
    assert required(basis="stricter", **kw) == 3


@pytest.mark.django_db
def test_driver_turning_60_tomorrow_is_fit_and_one_turning_61_today_is_not(tree, who):
    school = tree.school
    school.school.uses_school_bus = True
    school.school.save()
    tomorrow_60 = fx.add("driver", school, who.principal, name="甲", birth_date=fx.years_ago(60, days=-1))
    today_61 = fx.add("driver", school, who.principal, name="乙", birth_date=fx.years_ago(61))
    today = clock.today()
    assert not [f for f in findings.record_findings(tomorrow_60, today, 0) if f.failing]
    failing = [f.check.code for f in findings.record_findings(today_61, today, 0) if f.failing]
    assert failing == ["age_high"]
    # The 60-year-old turns 61 a year from tomorrow: that day is its window's first.
    assert w.load(tomorrow_60.windows["age_high"]) == [(fx.years_ago(60, days=-1).replace(year=today.year + 1), None)]
    assert BusDriver.objects.get(pk=today_61.pk).fail_from == today
    assert recount.drift() == []


@pytest.mark.django_db
def test_young_driver_fails_until_25_and_a_new_licence_until_three_years(tree, who):
    young = fx.add("driver", tree.school, who.principal, birth_date=fx.years_ago(24), licensed_on=fx.years_ago(2))
    codes = {f.check.code for f in findings.record_findings(young, clock.today(), 0) if f.failing}
    assert codes == {"age_low", "experience"}
    birthday_25 = w.add_years(fx.years_ago(24), 25)
    assert w.load(young.windows["age_low"]) == [(w.EARLIEST, birthday_25)]
    assert w.load(young.windows["experience"]) == [(w.EARLIEST, w.add_years(fx.years_ago(2), 3))]


@pytest.mark.django_db
def test_bus_inspection_expires_at_midnight_in_shanghai(tree, who):
    from safecampus.facilities.dashboard import facility_figures

    # Inspected on 1 January: due again on 1 July (6 months), failing from 2 July, 00:00 Asia/Shanghai.
    with clock.travel_to(datetime(2026, 6, 1, 4, 0, tzinfo=UTC)):
        bus = fx.add("bus", tree.school, who.principal, inspected_on=date(2026, 1, 1))
    assert bus.windows["inspection"] == [["2026-07-02", None]]
    assert Bus.objects.get(pk=bus.pk).fail_from == date(2026, 7, 2)
    with clock.travel_to(datetime(2026, 7, 1, 15, 59, 59, tzinfo=UTC)):  # 23:59:59 on 1 July in Shanghai
        assert not [f for f in findings.record_findings(bus, clock.today(), 0) if f.failing]
        assert facility_figures([tree.county], clock.today())[tree.county.pk]["fac_bus_inspection"] == 0
    with clock.travel_to(datetime(2026, 7, 1, 16, 0, tzinfo=UTC)):  # midnight: 2 July in Shanghai
        failing = [f.check.code for f in findings.record_findings(bus, clock.today(), 0) if f.failing]
        assert failing == ["inspection"]
        assert facility_figures([tree.county], clock.today())[tree.county.pk]["fac_bus_inspection"] == 1


def test_windows_union_and_keys():
    a, b, c = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)
    assert w.union([(b, c), (a, b)]) == [(a, c)]
    assert w.union([(a, b), (c, None)]) == [(a, b), (c, None)]
    assert w.union([(a, None), (b, c)]) == [(a, None)]
    keys = w.keys("m", [(a, b), (c, None)])
    assert keys == {("m", a): 1, ("m", b): -1, ("m", c): 1}
    assert w.fails_on([(a, b)], a) and not w.fails_on([(a, b)], b)
    assert w.next_failure([(a, b), (c, None)], b + timedelta(days=1)) == c
    assert w.add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


@pytest.mark.django_db
def test_a_failing_finding_is_due_by_the_hazard_rules(tree, who):
    from safecampus.rules.services import rule_value

    today = clock.today()
    old = fx.add("driver", tree.school, who.principal, birth_date=fx.years_ago(61, days=30))  # over the limit a month
    finding = next(f for f in findings.record_findings(old, today, 0) if f.check.code == "age_high")
    major_days = rule_value("hazard.deadline_days.major", tree.school)
    assert finding.major and finding.due == finding.since + timedelta(days=major_days)
    assert finding.overdue == (finding.due < today)
