"""Bad input is refused with every problem at once, naming the fields; free text has limits everywhere."""

import pytest
from django.core.exceptions import ValidationError

from safecampus.hazards.models import Hazard, HazardState
from safecampus.hazards.services import workflow
from safecampus.testing.hazards import days, walk

pytestmark = pytest.mark.django_db
HUGE = "隐" * 120_000


def test_a_huge_description_is_refused_by_the_service_the_page_and_the_api(client, tree, who, api):
    with pytest.raises(ValidationError) as error:
        workflow.report_hazard(
            actor=who.staff, school=tree.school, place="p", area="fire", level="general", description=HUGE
        )
    assert "description" in error.value.message_dict
    client.force_login(who.staff)
    page = client.post(
        f"/org/{tree.school.pk}/hazards/new/", {"place": "p", "area": "fire", "source": "staff", "description": HUGE}
    )
    assert page.status_code == 200 and "description" in page.context["form"].errors
    response = api(who.staff).post(
        "/api/v1/hazards/", {"school": tree.school.pk, "place": "p", "area": "fire", "description": HUGE}, format="json"
    )
    assert response.status_code == 400 and "description" in response.json()
    assert not Hazard.objects.exists()


def test_every_problem_of_a_plan_is_reported_at_once(client, tree, who, api):
    """Negative funds (the form's check) no longer hides the past deadline (the service's rule)."""
    hazard = walk(tree, who, HazardState.REPORTED, "major")
    body = {"owner_name": "", "measures": "x", "funds": "-5", "deadline": days(-2).isoformat(), "contingency": ""}
    response = api(who.school_safety).post(f"/api/v1/hazards/{hazard.pk}/rectify/", body, format="json")
    assert response.status_code == 400
    assert {"owner_name", "funds", "deadline", "contingency"} <= set(response.json()), response.json()
    client.force_login(who.school_safety)
    page = client.post(f"/hazards/{hazard.pk}/step/rectify/", {f"rectify-{k}": v for k, v in body.items()})
    form = next(s["form"] for s in page.context["step_forms"] if s["verb"] == "rectify")
    assert page.status_code == 400 and {"owner_name", "funds", "deadline", "contingency"} <= set(form.errors)
    assert Hazard.objects.get(pk=hazard.pk).state == HazardState.REPORTED
