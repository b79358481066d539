"""Roll-up counters stay equal to the records through any sequence of steps; overdue is exact."""

import io
import random
import threading
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from safecampus.core import clock
from safecampus.core.counting import figures
from safecampus.core.models import Counter
from safecampus.core.recount import drift
from safecampus.hazards.figures import overdue_counts
from safecampus.hazards.models import Hazard, HazardState
from safecampus.hazards.models.hazards import overdue_q
from safecampus.hazards.services import oversight, workflow
from safecampus.testing.hazards import days, photo, plan_fields, walk

pytestmark = pytest.mark.django_db
S = HazardState


def random_step(rng, tree, who, hazards):
    """Take one random allowed step on a random hazard (or register a new one)."""
    if not hazards or rng.random() < 0.25:
        level = rng.choice(["general", "major"])
        school = rng.choice([tree.school, tree.sibling])
        actor = who.staff if school == tree.school else who.sibling_principal
        hazards.append(
            workflow.report_hazard(actor=actor, school=school, place="p", area="fire", level=level, description="d")
        )
        return
    hazard = Hazard.objects.get(pk=rng.choice(hazards).pk)
    own = hazard.school_id == tree.school.pk
    manager = who.school_safety if own else who.sibling_principal
    try:
        if hazard.state == S.REPORTED:
            workflow.rectify(hazard, actor=manager, **plan_fields(hazard.level))
        elif hazard.state == S.RECTIFYING:
            choice = rng.random()
            if choice < 0.6:
                workflow.submit(hazard, actor=manager, rectification="done", photos=[photo()])
            elif hazard.level == "major" and not hazard.listed_by_id:
                oversight.list_hazard(
                    hazard,
                    actor=who.city_admin,
                    notice_no="N",
                    supervising_unit="市",
                    deadline=days(rng.randint(1, 30)),
                )
        elif hazard.state == S.SUBMITTED:
            verifier = (
                who.city_admin
                if hazard.listed_by_id
                else (who.county_officer if hazard.level == "major" or not own else who.principal)
            )
            if rng.random() < 0.7:
                workflow.verify(hazard, actor=verifier)
            else:
                workflow.reject(hazard, actor=verifier, reason="again")
        elif hazard.state == S.CLOSED and rng.random() < 0.3:
            oversight.reopen(hazard, actor=who.county_officer, reason="back", deadline=days(5))
    except Exception as error:  # a refused step changes nothing; the counters must agree anyway
        assert not isinstance(error, AssertionError)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_sequences_leave_no_drift(tree, who, seed):
    rng = random.Random(seed)
    hazards = []
    for _ in range(60):
        random_step(rng, tree, who, hazards)
    assert drift() == []
    totals = figures([tree.province.pk], ["hazard.state.closed", "hazard.open.general", "hazard.open.major"])[
        tree.province.pk
    ]
    assert sum(totals.values()) == Hazard.objects.exclude(state="draft").count()


def overdue(org, today, level=None):
    return overdue_counts([org.pk], today, [level] if level else ("general", "major"))[org.pk]


def test_overdue_is_exact_when_the_deadline_passes(tree, who):
    hazard = walk(tree, who, S.RECTIFYING)  # deadline today
    end_of_day = datetime.combine(hazard.deadline, time(23, 59, 59), ZoneInfo("Asia/Shanghai"))
    with clock.travel_to(end_of_day):
        assert overdue(tree.province, clock.today()) == 0
    with clock.travel_to(end_of_day + timedelta(seconds=1)):
        assert overdue(tree.province, clock.today()) == 1
        assert overdue(tree.county, clock.today(), "general") == 1
        assert overdue(tree.county2, clock.today()) == 0
        assert overdue(tree.province, clock.today()) == Hazard.objects.filter(overdue_q(clock.today())).count()


def test_recount_reports_and_fixes_drift(tree, who):
    walk(tree, who, S.CLOSED)
    call_command("recount", stdout=io.StringIO())
    Counter.objects.filter(org=tree.province, metric="hazard.state.closed").update(value=99)
    out = io.StringIO()
    with pytest.raises(CommandError, match="drift"):
        call_command("recount", stdout=out)
    assert "stored 99, records say 1" in out.getvalue()
    call_command("recount", "--fix", stdout=io.StringIO())
    assert drift() == []


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_steps_leave_no_drift(tree, who):
    hazards = [walk(tree, who, S.REPORTED) for _ in range(8)]
    barrier = threading.Barrier(4)

    def work(chunk):
        barrier.wait()
        for hazard in chunk:
            workflow.rectify(hazard, actor=who.school_safety, **plan_fields())
            workflow.submit(hazard, actor=who.school_safety, rectification="done", photos=[photo()])
        connection.close()

    threads = [threading.Thread(target=work, args=(hazards[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Hazard.objects.filter(state=S.SUBMITTED).count() == 8
    assert drift() == []
