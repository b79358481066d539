"""Demo hazards read as found: the place fits the school and the item's area, the text names what failed."""

import io
import json

import pytest
from django.core.management import call_command

from safecampus.hazards.demo.findings import FINDINGS, FITS, PLACES, Profile
from safecampus.hazards.demo.records import seed_hazards
from safecampus.hazards.models import Hazard, InspectionResult
from safecampus.hazards.services.checklists import LIBRARY

pytestmark = pytest.mark.django_db
LIBRARY_ITEMS = {
    item["code"]: item for c in json.loads(LIBRARY.read_text("utf-8"))["checklists"] for item in c["items"]
}


def profile(school):
    return Profile(
        school.kind, school.is_boarding, school.uses_school_bus, school.is_rural, school.is_private, school.is_small
    )


def test_every_library_item_has_findings_at_places_of_its_area():
    assert set(FINDINGS) == set(LIBRARY_ITEMS)
    for code, (weight, measures, found) in FINDINGS.items():
        item = LIBRARY_ITEMS[code]
        assert weight > 0 and measures and found, code
        for places, text in found:
            assert places and all(place in PLACES[item["area"]] for place in places), (code, places)
            assert text.rstrip("。") not in item["text"] and item["text"] not in text, code
    assert all(fits in FITS for places in PLACES.values() for fits in places.values())


def test_a_kindergarten_hears_of_its_children_and_its_head():
    kindergarten = Profile("kindergarten", False, True, True, True, False)
    for code, (_weight, measures, found) in FINDINGS.items():
        area = PLACES[LIBRARY_ITEMS[code]["area"]]
        for places, text in found:
            if any(FITS[area[place]](kindergarten) for place in places):
                words = text.format(pupil="幼儿", head="园长") + measures.format(pupil="幼儿", head="园长")
                assert not any(word in words for word in ("学生", "校长", "教学楼")), (code, words)


@pytest.fixture
def province():
    call_command(
        "seed_demo", "--schools", "150", "--hazards", "0", "--incidents", "0", "--inspections", "60",
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip


def test_seeded_hazards_are_coherent(province):
    assert seed_hazards(4000, 11, io.StringIO()) == 4000
    hazards = list(Hazard.objects.select_related("item", "school__school"))
    kinds = set()
    for hazard in hazards:
        item, school = hazard.item, hazard.school.school
        kinds.add(school.kind)
        assert hazard.area == item.area and item.applies_to(school), (item.code, school.kind)
        assert hazard.place in PLACES[item.area], (item.code, hazard.place)
        assert FITS[PLACES[item.area][hazard.place]](profile(school)), (item.code, hazard.place, school.kind)
        assert item.text not in hazard.description and not hazard.description.startswith(item.text[:8])
        words = {"pupil": "幼儿" if school.kind == "kindergarten" else "学生"}
        words["head"] = "园长" if school.kind == "kindergarten" else "校长"
        found = {text.format(**words) for places, text in FINDINGS[item.code][2] if hazard.place in places}
        assert hazard.description in found, (item.code, hazard.place, hazard.description)
        if hazard.measures:
            assert hazard.measures == FINDINGS[item.code][1].format(**words)
        if hazard.area == "dorm" or "宿舍" in hazard.place:
            assert school.is_boarding, hazard.place
        if school.kind == "kindergarten":
            assert hazard.area not in ("lab", "dorm") and not hazard.place.startswith(("学生", "教学楼"))
            assert "学生" not in hazard.description, hazard.description
        if hazard.area in ("canteen", "gas"):
            assert school.kind != "training_institution"
    assert {"kindergarten", "primary"} <= kinds
    assert len({h.description for h in hazards}) > 150, "a varied ledger, not one sentence repeated"
    major = sum(h.level == "major" for h in hazards)
    assert 0 < major < len(hazards) * 0.1, "major hazards are a small minority"


def test_seeded_self_checks_record_what_failed(province):
    failed = list(InspectionResult.objects.filter(outcome="fail").select_related("item", "inspection__school__school"))
    assert failed
    for result in failed:
        assert result.note and result.place in PLACES[result.item.area], (result.item.code, result.place)
        assert result.item.applies_to(result.inspection.school.school)
        assert FITS[PLACES[result.item.area][result.place]](profile(result.inspection.school.school))


def test_the_seed_makes_no_query_per_hazard(province, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):  # profiles and their tables are worked out once per run
        seed_hazards(3000, 4, io.StringIO())
