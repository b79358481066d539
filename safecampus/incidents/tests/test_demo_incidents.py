"""Demo incidents are plausible: what happens fits the school and the season, casualties fit what happened."""

import io
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction

from safecampus.core import clock
from safecampus.core.recount import drift
from safecampus.incidents.demo import seed_incidents
from safecampus.incidents.demo.calendar import SECONDARY, school_day
from safecampus.incidents.grading import suggest_grade
from safecampus.incidents.models import Incident
from safecampus.orgs.models import Level, OrgUnit

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 10, 9, 30, tzinfo=TZ)
IN_TERM = {
    "other_accident", "lab", "school_bus", "bullying", "violence", "food_poisoning", "infectious_cluster", "stampede",
    "traffic",
}  # fmt: skip


@pytest.fixture(scope="module")
def incidents(django_db_setup, django_db_blocker):
    """One seeded province for every test here, made once (incidents go through the real services), then undone."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command(
            "seed_demo", "--schools", "300", "--hazards", "0", "--inspections", "0", "--incidents", "0",
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
        # Some schools have a short name (简称): their titles carry it whole; the others carry none.
        schools = OrgUnit.objects.filter(level=Level.SCHOOL).order_by("path").values_list("pk", flat=True)
        OrgUnit.objects.filter(pk__in=list(schools)[::4]).update(short_name="城关实小")
        with clock.travel_to(NOW):
            made = seed_incidents(160, seed=4, stream=io.StringIO())
        rows = list(Incident.objects.select_related("org__school").order_by("occurred_at"))
        assert made == len(rows) > 140
        yield rows
        transaction.set_rollback(True)


def test_what_happens_fits_the_school(incidents):
    for incident in incidents:
        school = incident.org.school
        if school.kind == "kindergarten":
            assert incident.subtype not in ("bullying", "violence", "lab", "drowning", "abnormal_death"), incident.title
        if incident.subtype == "school_bus":
            assert school.uses_school_bus
        if incident.subtype == "lab":
            assert school.kind in SECONDARY
        if "宿舍" in incident.title + incident.place:
            assert school.is_boarding, incident.title
    subtypes = Counter(i.subtype for i in incidents)
    assert len(subtypes) >= 8, subtypes


def test_titles_carry_a_whole_short_name_or_none(incidents):
    for incident in incidents:
        org = incident.org
        if org.short_name:
            assert (
                incident.title.startswith(org.short_name)
                and org.short_name not in incident.title[len(org.short_name) :]
            )
        else:
            assert org.name[:2] not in incident.title and not incident.title.startswith(org.name[:3]), incident.title
    assert any(i.org.short_name for i in incidents) and any(not i.org.short_name for i in incidents)


def test_casualties_fit_what_happened_and_grades_follow(incidents):
    for incident in incidents:
        if incident.deaths:
            assert incident.subtype in ("drowning", "traffic", "abnormal_death"), incident.title
        if incident.subtype == "other_accident":  # a fall at break: one pupil hurt, nobody dies
            assert incident.deaths == 0 and incident.serious_injuries + incident.injuries == 1
        if incident.subtype == "food_poisoning":
            assert incident.deaths == 0 and incident.injuries + incident.serious_injuries >= 5
        if incident.subtype in ("flood", "opinion", "infectious_cluster"):
            assert incident.deaths == incident.serious_injuries == incident.injuries == 0
        figures = {k: getattr(incident, k) for k in ("deaths", "serious_injuries", "injuries", "direct_loss")}
        assert incident.grade == suggest_grade(figures, incident.org)[0]
        assert incident.student_deaths == incident.deaths
        assert incident.persons.filter(harm="death").count() == min(incident.deaths, 3)
    with_deaths = sum(1 for i in incidents if i.deaths)
    assert with_deaths < len(incidents) * 0.1, "deaths are rare"
    grades = Counter(i.grade for i in incidents)
    assert grades["ordinary"] >= len(incidents) * 0.95, grades


def test_when_it_happens_fits_the_season_and_the_school_day(incidents):
    drownings = [i for i in incidents if i.subtype == "drowning"]
    assert drownings
    for incident in incidents:
        local = incident.occurred_at.astimezone(TZ)
        if incident.subtype in IN_TERM:
            assert school_day(local.date()), (incident.title, local)
        if incident.subtype == "other_accident":
            assert 9 <= local.hour < 17, (incident.title, local)
        if incident.subtype == "drowning":
            assert 4 <= local.month <= 10 and 12 <= local.hour < 19, local
            assert not any(word in incident.place for word in ("校园", "教学楼", "宿舍", "食堂", "操场"))
    summer = sum(1 for i in drownings if 5 <= i.occurred_at.astimezone(TZ).month <= 9)
    assert summer >= len(drownings) * 0.7


def test_the_shape_of_three_years(incidents):
    years = Counter((NOW - i.occurred_at).days // 365 for i in incidents)
    assert set(years) == {0, 1, 2} and years[2] > years[0], "fewer each year"
    open_ = [i for i in incidents if i.state == "open"]
    assert 3 <= len(open_) <= 8 and all(NOW - i.occurred_at < timedelta(days=7) for i in open_)
    late = sum(i.is_late for i in incidents)
    assert 0 < late < len(incidents) * 0.25
    assert drift() == []


def test_the_people_named_are_well_formed(incidents):
    from safecampus.incidents.models import Person

    people = list(Person.objects.select_related("incident__org__school"))
    assert people
    ages = {"kindergarten": (3, 6), "primary": (7, 12), "junior": (13, 15), "senior": (16, 18)}
    for person in people:
        number = person.id_number
        total = sum(int(d) * w for d, w in zip(number[:17], (7, 9, 10, 5, 8, 4, 2, 1, 6, 3) * 2, strict=False))
        assert number[17] == "10X98765432"[total % 11], number
        assert number[:6] == person.incident.org.code[:6] and (int(number[16]) % 2 == 1) == (person.gender == "男")
        low, high = ages.get(person.incident.org.school.kind, (3, 25))
        assert low <= person.age <= high, (person.incident.org.school.kind, person.age)
