"""GB/T 28181 ids: read into their parts, refused with a message naming what is wrong (length, digits, type,
an area code outside the school's county), and checked the same way when a camera is registered."""

import pytest
from django.core.exceptions import ValidationError

from safecampus.alerts import gbt28181
from safecampus.alerts.models import Camera
from safecampus.alerts.services import registry
from safecampus.core import recount
from safecampus.testing.alerts import CAMERA_ID


def test_a_good_id_is_read_into_its_parts():
    device = gbt28181.parse(CAMERA_ID)
    assert (device.centre, device.division, device.industry) == ("37010200", "370102", "00")
    assert (device.type_code, device.network, device.serial) == ("132", "0", "000001")
    assert device.is_camera and device.type_label == str(gbt28181.TYPES["132"])


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("3701020000132000000", "length"),  # 19 digits
        ("370102000013200000011", "length"),  # 21
        ("3701020000132000000A", "digits"),
        ("３７０１０２００００１３２００００００１", "digits"),  # full-width digits are not ASCII
        ("37010200002000000001", "type"),  # 200: a platform, not a device a school registers
    ],
)
def test_a_bad_id_says_what_is_wrong(text, code):
    with pytest.raises(ValidationError) as raised:
        gbt28181.parse(text)
    assert raised.value.code == code


@pytest.mark.django_db
def test_the_centre_code_must_be_of_the_schools_county(tree, who):
    gbt28181.check_within(gbt28181.parse(CAMERA_ID), tree.school)  # 370102 is 历下区, the school's county
    neighbour = "37010300001320000001"  # 370103 is 市中区
    with pytest.raises(ValidationError) as raised:
        gbt28181.check_within(gbt28181.parse(neighbour), tree.school)
    assert raised.value.code == "area"
    with pytest.raises(ValidationError) as raised:
        registry.save_camera(actor=who.principal, school=tree.school, gb_id=neighbour, name="门口", place="gate")
    assert "gb_id" in raised.value.message_dict
    assert not Camera.objects.exists()


@pytest.mark.django_db
def test_registering_a_camera_names_every_problem_and_counts_it(tree, who):
    with pytest.raises(ValidationError) as raised:
        registry.save_camera(
            actor=who.principal,
            school=tree.school,
            gb_id="37010200001110000001",  # a DVR
            name="门口",
            place="gate",
            retention_days=7,
            plan_x=1.5,
        )
    assert set(raised.value.message_dict) == {"gb_id", "retention_days", "plan_x"}
    camera = registry.save_camera(
        actor=who.principal, school=tree.school, gb_id=CAMERA_ID, name="门口", place="gate", retention_days=30
    )
    with pytest.raises(ValidationError) as raised:
        registry.save_camera(actor=who.county_officer, school=tree.sibling, gb_id=CAMERA_ID, name="门口", place="gate")
    assert "gb_id" in raised.value.message_dict  # ids are unique across the province
    registry.set_camera_online(camera, False)
    assert recount.drift() == []
