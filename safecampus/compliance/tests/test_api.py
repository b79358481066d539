"""The duties' API: recording with the pages' checks, bad input naming the field, the figures of a unit."""

from datetime import date

import pytest

from safecampus.compliance import engine
from safecampus.compliance.models import Activity, Drill
from safecampus.core import clock
from safecampus.core.recount import drift
from safecampus.testing import compliance as c

pytestmark = pytest.mark.django_db
NOV = c.at(date(2026, 11, 20))


def test_a_school_records_a_drill_and_an_activity_through_the_api(api, tree, who):
    client = api(who.school_safety)
    with clock.travel_to(NOV):
        response = client.post(
            "/api/v1/compliance/drills/",
            {
                "school": tree.school.pk,
                "kind": "fire",
                "held_on": "2026-11-20",
                "students": 800,
                "staff": 50,
                "evacuation_seconds": 110,
                "unannounced": True,
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        assert response.json()["unannounced"] is True and response.json()["photos"] == []
        detail = client.get(f"/api/v1/compliance/drills/{response.json()['id']}/").json()
        assert detail["allowed_steps"] == ["withdraw"]
        response = client.post(
            "/api/v1/compliance/activities/",
            {"school": tree.school.pk, "kind": "first_lesson", "held_on": "2026-11-20", "participants": 900},
            format="json",
        )
        assert response.status_code == 201
        occurrences = client.get(f"/api/v1/compliance/occurrences/?org={tree.school.pk}&obligation=drill_unannounced")
    assert [row["shown_state"] for row in occurrences.json()["results"]] == ["done"]
    assert drift() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"evacuation_seconds": -1}, "evacuation_seconds"),
        ({"held_on": "2026-13-01"}, "held_on"),
        ({"students": "many"}, "students"),
        ({"colour": "red"}, "colour"),
        ({"school": "x"}, "school"),
    ],
)
def test_bad_input_answers_400_naming_the_field_and_writes_nothing(api, tree, who, body, field):
    data = {"school": tree.school.pk, "kind": "fire", "held_on": "2026-11-20", "students": 10, "staff": 1} | body
    with clock.travel_to(NOV):
        response = api(who.school_safety).post("/api/v1/compliance/drills/", data, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Drill.objects.exists()


def test_outside_the_area_or_without_the_role_nothing_is_recorded(api, tree, who):
    body = {"school": tree.school.pk, "kind": "first_lesson", "held_on": "2026-11-20"}
    with clock.travel_to(NOV):
        assert api(who.foreign_principal).post("/api/v1/compliance/activities/", body, format="json").status_code == 404
        assert api(who.staff).post("/api/v1/compliance/activities/", body, format="json").status_code == 403
    assert not Activity.objects.exists()


def test_the_figures_of_a_county_and_its_schools(api, tree, who):
    with clock.travel_to(c.at(date(2026, 11, 2))):
        engine.open_periods()
    c.drill(tree.school, who.school_safety, date(2026, 11, 5))
    with clock.travel_to(c.at(date(2026, 12, 20))):
        response = api(who.county_officer).get(f"/api/v1/compliance/figures/?org={tree.county.pk}&range=year")
        assert api(who.county_officer).get("/api/v1/compliance/figures/?range=week").status_code == 400
    body = response.json()
    school = next(row for row in body["children"] if row["id"] == tree.school.pk)
    monthly = school["duties"]["drill_monthly"]
    # November done on time; October was still in its grace on 2 November, so it was owed and is now missing.
    assert (monthly["expected"], monthly["done_on_time"], monthly["missing"]) == (2, 1, 1)
    assert body["org"]["duties"]["drill_monthly"]["expected"] == 2  # the kindergarten owes quarters, not months
    assert body["from"] == "2026-01-01"
