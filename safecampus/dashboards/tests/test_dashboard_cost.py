"""What one dashboard API request costs, and why the answers it keeps in memory are never stale."""

import json

import pytest
from django.db import transaction
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from safecampus.dashboards import snapshot
from safecampus.hazards.models import HazardState
from safecampus.orgs.models import OrgUnit
from safecampus.testing.hazards import walk

S = HazardState


def token_client(user):
    return APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")


def open_general(client, org):
    answer = client.get(f"/api/v1/dashboard/?org={org.pk}")
    assert answer.status_code == 200
    return answer.json()["figures"]["open_general"]


@pytest.mark.django_db
def test_inside_a_transaction_a_cached_answer_costs_three_queries(tree, who, django_assert_num_queries):
    """The token with its user and grants; the node with its version; the shared cache. Nothing goes to memory."""
    snapshot.memory.clear()
    client = token_client(who.province_officer)
    walk(tree, who, S.REPORTED)
    assert open_general(client, tree.province) == 1
    with django_assert_num_queries(3):
        assert open_general(client, tree.province) == 1
    assert not snapshot.memory.entries, "what a transaction read may roll back: it stays out of memory"


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_cached_answer_costs_two_queries_and_is_never_stale(
    tree, who, django_assert_num_queries
):
    snapshot.memory.clear()
    client = token_client(who.province_officer)
    assert open_general(client, tree.province) == 0
    with django_assert_num_queries(2):
        assert open_general(client, tree.province) == 0
    walk(tree, who, S.REPORTED)  # a committed step: the province's version moves on
    assert open_general(client, tree.province) == 1
    with django_assert_num_queries(2):
        assert open_general(client, tree.province) == 1
    # A change that rolls back after a reader inside its transaction saw it leaves nothing behind in memory.
    with transaction.atomic():
        walk(tree, who, S.REPORTED)
        assert open_general(client, tree.province) == 2
        transaction.set_rollback(True)
    assert open_general(client, tree.province) == 1
    walk(tree, who, S.RECTIFYING)  # the version the rolled-back change had, now for other figures
    assert open_general(client, tree.province) == 2


@pytest.mark.django_db(transaction=True)
def test_the_kept_answer_is_what_drf_renders_and_names_the_unit_as_it_is_now(tree, who):
    snapshot.memory.clear()
    client = token_client(who.province_officer)
    walk(tree, who, S.REPORTED)
    url = f"/api/v1/dashboard/?org={tree.county.pk}"
    fast = client.get(url)
    assert fast["Content-Type"] == "application/json"
    rendered = client.get(url, HTTP_ACCEPT="application/json; indent=2")
    assert b"\n" in rendered.content and json.loads(fast.content) == json.loads(rendered.content)
    assert client.get(url, HTTP_ACCEPT="text/html").status_code == 200  # the browsable API
    assert fast.json()["top_categories"][0]["label"] == "用电"
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["top_categories"][0]["label"] == "Electricity"
    OrgUnit.objects.filter(pk=tree.county.pk).update(name="历下新区")
    assert client.get(url).json()["org"]["name"] == "历下新区"
    assert client.get(f"/api/v1/dashboard/?org={tree.county3.pk}").status_code == 200
    assert token_client(who.county_officer).get(f"/api/v1/dashboard/?org={tree.county3.pk}").status_code == 404
