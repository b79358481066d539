"""The demo's duties agree with the engine: every occurrence it writes is what the engine counts from its records."""

import io

import pytest

from safecampus.compliance import engine
from safecampus.compliance.demo import seed_duties
from safecampus.compliance.models import Occurrence
from safecampus.compliance.rulebook import obligations
from safecampus.core.recount import drift, rebuild

pytestmark = pytest.mark.django_db


def test_the_demo_writes_the_occurrences_the_engine_would_count(tree, who):
    drills, activities, made = seed_duties(7, io.StringIO())
    assert drills and activities and made
    rebuild()
    states = set()
    for occurrence in Occurrence.objects.all():
        stored = (occurrence.on_time, occurrence.late, occurrence.state)
        engine.recount(occurrence, engine.duty_of(obligations[occurrence.obligation], occurrence.org))
        assert (occurrence.on_time, occurrence.late, occurrence.state) == stored, occurrence
        states.add(occurrence.state)
    assert {"done", "open"} <= states
    assert drift() == []
