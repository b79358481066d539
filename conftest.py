"""Fixtures shared by every app: the test tree, people per level, logged-in clients."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from rest_framework.test import APIClient

from safecampus.testing.factories import PASSWORD, build_tree, people


@pytest.fixture
def tree(db) -> SimpleNamespace:
    return build_tree()


@pytest.fixture
def who(tree) -> SimpleNamespace:
    return people(tree)


@pytest.fixture
def province_admin(who):
    return who.province_admin


@pytest.fixture
def county_officer(who):
    return who.county_officer


@pytest.fixture
def principal(who):
    return who.principal


@pytest.fixture
def foreign_school(tree):
    return tree.foreign


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def login(client, settings):
    """Log a user in through the real session (second factor not demanded)."""
    settings.SAFECAMPUS_REQUIRE_ADMIN_2FA = False

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def api(settings):
    """An API client authenticated as the given user (force_authenticate)."""
    settings.SAFECAMPUS_REQUIRE_ADMIN_2FA = False

    def _api(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _api


@pytest.fixture(autouse=True)
def _clear_lockouts(db):
    AccessAttempt.objects.all().delete()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test's database starts again, and so do the version counters that cache keys contain."""
    from django.core.cache import cache

    cache.clear()
