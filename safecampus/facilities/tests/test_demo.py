"""The demo's ledgers: every record it writes passes the checks a user's input passes, and counts without drift."""

import io

import pytest

from safecampus.core import recount
from safecampus.facilities.demo import seed_facilities
from safecampus.facilities.ledgers import LEDGERS
from safecampus.facilities.models import SecurityProfile

pytestmark = pytest.mark.django_db


def test_the_demo_ledgers_are_valid_records(tree, who):
    for school in (tree.school, tree.sibling, tree.foreign):
        school.school.uses_school_bus = True
        school.school.is_boarding = True
        school.school.is_rural = True
        school.school.student_count = 2400
        school.school.save()
    counts = seed_facilities(7, io.StringIO())
    assert counts
    for ledger in LEDGERS.values():
        for record in ledger.model.objects.all():
            record.full_clean()  # lengths and formats as the forms ask (plates, licences, CAS numbers)
    assert SecurityProfile.objects.count() >= 3
    recount.rebuild()
    assert recount.drift() == []
