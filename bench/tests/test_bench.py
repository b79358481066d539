"""The benchmark's reference views: the floor views do what they claim, and on-the-fly equals the counters."""

import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from safecampus.accounts.models import User
from safecampus.orgs.models import Level, OrgUnit

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]


def test_the_floor_views(client, django_assert_num_queries, tree):
    assert client.get("/bench/trivial/").content == b"ok"
    with django_assert_num_queries(1):
        response = client.get(f"/bench/pk/?id={tree.city.pk}")
    assert response.json()["name"] == "济南市"


def test_on_the_fly_figures_equal_the_counter_dashboard():
    call_command("seed_demo", "--schools", "40", "--hazards", "3000", stdout=io.StringIO(), stderr=io.StringIO())
    api = APIClient()
    api.force_authenticate(User.objects.get(username="admin.370000"))
    province = OrgUnit.objects.get(level=Level.PROVINCE)
    city = OrgUnit.objects.get(code="370100")
    county = OrgUnit.objects.filter(level=Level.COUNTY, numchild__gt=0).order_by("code").first()
    for org in (province, city, county):
        counted = api.get(f"/api/v1/dashboard/?org={org.pk}").json()
        on_the_fly = api.get(f"/bench/on-the-fly/?org={org.pk}").json()
        assert on_the_fly["figures"]["open_general"] > 0
        assert set(on_the_fly["figures"]) == set(counted["figures"]), "a new dashboard figure: compute it here too"
        for key in ("figures", "trend", "top_categories", "children"):
            assert on_the_fly[key] == counted[key], (org.name, key)
