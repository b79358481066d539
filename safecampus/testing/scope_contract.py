"""Shared scope tests. Every list and detail endpoint or page subclasses one of these.

A subclass says how to make a record that lives at the test tree's school
`tree.school` (in county K1) and where its detail and list live. The base class
then checks, for every role, that: people of that school and of the bureaus
above it see the record; a user of a sibling school, of another county and of
another city get 404 on the detail and do not find it in lists; anonymous
users are sent to login (pages) or get 401 (API).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

INSIDERS = ["principal", "school_safety", "county_officer", "county_admin", "city_leader", "province_officer"]
OUTSIDERS = ["sibling_principal", "foreign_principal", "foreign_county_officer", "foreign_county_admin", "expert"]


class ScopeContract:
    api = False

    def record(self, tree: Any, who: Any) -> Any:
        raise AssertionError("subclasses return the record that lives at tree.school")

    def detail_url(self, obj: Any) -> str:
        raise AssertionError("subclasses return the detail URL")

    def listed(self, response: Any, obj: Any) -> bool:
        if self.api:
            return obj.pk in {row["id"] for row in response.json()["results"]}
        return self.marker(obj) in response.content.decode()

    def marker(self, obj: Any) -> str:
        return str(obj)

    def client_for(self, user: Any) -> Any:
        if self.api:
            client = APIClient()
            client.force_authenticate(user)
            return client
        client = Client()
        client.force_login(user)
        return client

    @pytest.fixture(autouse=True)
    def _no_second_factor(self, settings: Any) -> None:
        settings.SAFECAMPUS_REQUIRE_ADMIN_2FA = False

    @pytest.mark.parametrize("role", INSIDERS)
    def test_insiders_see_detail(self, tree: Any, who: Any, role: str) -> None:
        obj = self.record(tree, who)
        response = self.client_for(getattr(who, role)).get(self.detail_url(obj))
        assert response.status_code == 200, (role, response.status_code)

    @pytest.mark.parametrize("role", OUTSIDERS)
    def test_outsiders_get_404(self, tree: Any, who: Any, role: str) -> None:
        obj = self.record(tree, who)
        response = self.client_for(getattr(who, role)).get(self.detail_url(obj))
        assert response.status_code == 404, (role, response.status_code)

    def test_anonymous_is_refused(self, tree: Any, who: Any) -> None:
        obj = self.record(tree, who)
        client = APIClient() if self.api else Client()
        response = client.get(self.detail_url(obj))
        if self.api:
            assert response.status_code == 401
        else:
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")


class ListScopeContract(ScopeContract):
    """Adds the list checks for records that appear in a list page or endpoint."""

    def list_url(self, obj: Any, user: Any) -> str:
        """Where `user` would look for the record in a list (their own area)."""
        raise AssertionError("subclasses return the list URL")

    @pytest.mark.parametrize("role", OUTSIDERS)
    def test_outsiders_do_not_find_it_in_lists(self, tree: Any, who: Any, role: str) -> None:
        obj = self.record(tree, who)
        user = getattr(who, role)
        url = self.list_url(obj, user)
        response = self.client_for(user).get(url)
        assert response.status_code in (200, 403, 404)
        if response.status_code == 200:
            assert not self.listed(response, obj), role

    def test_insider_finds_it_in_list(self, tree: Any, who: Any) -> None:
        obj = self.record(tree, who)
        url = self.list_url(obj, who.county_admin)
        response = self.client_for(who.county_admin).get(url)
        assert response.status_code == 200
        assert self.listed(response, obj)
