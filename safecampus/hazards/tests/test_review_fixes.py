"""Cases found by trying the product: lone verifiers, listings and extensions, bad dates, the desk."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safecampus.core.models import Notification
from safecampus.hazards.models import HazardState, Listing
from safecampus.hazards.services import oversight, workflow
from safecampus.testing.hazards import days, photo, plan_fields, walk

pytestmark = pytest.mark.django_db
S = HazardState


def test_the_county_verifies_when_the_principal_was_the_only_verifier_and_did_the_work(tree, who):
    hazard = walk(tree, who, S.RECTIFYING)
    workflow.submit(hazard, actor=who.principal, rectification="校长亲自整改", photos=[photo()])
    with pytest.raises(PermissionDenied):
        workflow.verify(hazard, actor=who.principal)
    assert workflow.verify(hazard, actor=who.county_officer).state == S.CLOSED


def test_an_approved_extension_moves_the_listing_and_its_acceptance_date(tree, who):
    hazard = walk(tree, who, S.RECTIFYING, "major")
    oversight.list_hazard(hazard, actor=who.city_admin, notice_no="N", supervising_unit="市", deadline=days(20))
    oversight.request_extension(hazard, actor=who.school_safety, new_deadline=days(40), reason="施工")
    with pytest.raises(PermissionDenied):
        oversight.approve_extension(hazard, actor=who.county_officer)
    oversight.approve_extension(hazard, actor=who.city_admin)
    listing = Listing.objects.get(hazard=hazard)
    assert listing.deadline == days(40) and listing.accept_by == days(50)


@pytest.mark.parametrize("deadline", [date(1, 1, 1), date(9999, 12, 30)])
def test_absurd_dates_are_refused_not_crashed(tree, who, deadline):
    hazard = walk(tree, who, S.RECTIFYING, "major")
    with pytest.raises(ValidationError):
        oversight.list_hazard(hazard, actor=who.city_admin, notice_no="N", supervising_unit="市", deadline=deadline)
    with pytest.raises(ValidationError):
        workflow.rectify(hazard, actor=who.school_safety, **{**plan_fields("major"), "deadline": deadline})


def test_bad_query_dates_do_not_break_pages(client, tree, who):
    client.force_login(who.county_officer)
    assert client.get(f"/org/{tree.county.pk}/hazards/", {"found_from": "0001-01-01"}).status_code == 200
    assert client.get(f"/org/{tree.county.pk}/hazards/export.xlsx", {"found_to": "9999-12-31"}).status_code == 200
    response = client.get(
        f"/org/{tree.county.pk}/hazards/three-lists/", {"download": "1", "from": "0001-01-01", "to": "2026-01-01"}
    )
    assert response.status_code == 400
    assert client.get(f"/org/{tree.school.pk}/inspections/new/", {"task": "abc"}).status_code in (200, 403)


def test_desk_lists_only_real_extension_requests_and_nobody_hears_of_their_own_step(client, tree, who):
    walk(tree, who, S.CLOSED)
    client.force_login(who.county_officer)
    section = client.get("/desk/").content.decode().split('id="desk-extensions"')[1].split("</div>")[0]
    assert "/hazards/" not in section
    assert not Notification.objects.filter(user=who.staff, kind="hazard.report").exists()


def test_dates_show_in_iso_in_the_chinese_forms(client, tree, who):
    hazard = walk(tree, who, S.RECTIFYING)
    client.force_login(who.school_safety)
    page = client.get(f"/hazards/{hazard.pk}/").content.decode()
    assert f'value="{hazard.deadline.isoformat()}"' in page
