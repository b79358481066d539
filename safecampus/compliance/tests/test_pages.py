"""Duty pages through HTTP: the school's calendar, recording on a phone, bad input, the bureau's table, steps."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from safecampus.compliance import engine
from safecampus.compliance.models import Drill, DrillPhoto, Occurrence
from safecampus.core import clock
from safecampus.core.recount import drift
from safecampus.testing import compliance as c

pytestmark = pytest.mark.django_db
NOV = c.at(date(2026, 11, 20))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "#888").save(buffer, "JPEG")
    return SimpleUploadedFile("drill.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_safety_officer_records_a_drill_with_a_photo_and_the_month_is_done(client, tree, who):
    client.force_login(who.school_safety)
    with clock.travel_to(NOV):
        engine.open_periods()
        page = client.get(f"/org/{tree.school.pk}/duties/").content.decode()
        assert 'data-duty="drill_monthly"' in page and 'data-state="open"' in page
        form = {
            "kind": "fire",
            "held_on": "2026-11-20",
            "students": "850",
            "staff": "60",
            "floors": "4",
            "evacuation_seconds": "95",
            "review": "秩序良好",
            "photos": [photo()],
        }
        response = client.post(f"/org/{tree.school.pk}/drills/new/", form)
        assert response.status_code == 302
        drill = Drill.objects.get(school=tree.school)
        assert (drill.students, drill.evacuation_seconds, drill.photos.count()) == (850, 95, 1)
        november = Occurrence.objects.get(org=tree.school, obligation="drill_monthly", period_start=date(2026, 11, 1))
        assert november.state == "done"
        detail = client.get(f"/drills/{drill.pk}/").content.decode()
        assert "drill-photos" in detail and "120" in detail  # within the 120 s target
        shot = DrillPhoto.objects.get(drill=drill)
        assert client.get(f"/drills/photos/{shot.pk}/").status_code == 200
    client.force_login(who.foreign_principal)
    assert client.get(f"/drills/{drill.pk}/").status_code == 404
    assert client.get(f"/drills/photos/{shot.pk}/").status_code == 404
    assert client.get(f"/org/{tree.school.pk}/duties/").status_code == 404
    assert drift() == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("evacuation_seconds", "-1"), ("held_on", "2027-01-05"), ("students", "abc"), ("kind", "party")],
)
def test_bad_input_names_the_field_and_writes_nothing(client, tree, who, field, value):
    client.force_login(who.school_safety)
    form = {"kind": "fire", "held_on": "2026-11-20", "students": "10", "staff": "2", field: value}
    with clock.travel_to(NOV):
        response = client.post(f"/org/{tree.school.pk}/drills/new/", form)
    assert response.status_code == 400
    assert f'name="{field}"' in response.content.decode() and "is-invalid" in response.content.decode()
    assert not Drill.objects.exists() and not Occurrence.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused(client, tree, who):
    client.force_login(who.school_safety)
    fake = SimpleUploadedFile("drill.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    form = {"kind": "fire", "held_on": "2026-11-20", "students": "10", "staff": "2", "photos": [fake]}
    with clock.travel_to(NOV):
        response = client.post(f"/org/{tree.school.pk}/drills/new/", form)
    assert response.status_code == 400 and "drill.jpg" in response.content.decode()
    assert not Drill.objects.exists()


def test_staff_cannot_record_and_a_bureau_cannot_record_for_a_school(client, tree, who):
    for user in (who.staff, who.county_officer):
        client.force_login(user)
        assert client.get(f"/org/{tree.school.pk}/drills/new/").status_code == 403
        assert client.post(f"/org/{tree.school.pk}/activities/new/", {"kind": "first_lesson"}).status_code == 403


def test_the_county_sees_each_schools_figures_and_the_missing_ones_behind_a_number(client, tree, who):
    with clock.travel_to(c.at(date(2026, 10, 5))):
        engine.open_periods()
    c.drill(tree.school, who.school_safety, date(2026, 10, 9))
    client.force_login(who.county_officer)
    with clock.travel_to(c.at(date(2026, 11, 15))):
        page = client.get(f"/org/{tree.county.pk}/duties/?range=year").content.decode()
        assert f'data-org="{tree.school.pk}"' in page and f'data-org="{tree.sibling.pk}"' in page
        missing = client.get(f"/org/{tree.county.pk}/duties/occurrences/?state=missing").content.decode()
        october = client.get(f"/org/{tree.county.pk}/duties/occurrences/?state=done&from=2026-10-01").content.decode()
    # Opened on 5 October, September's drill and the third quarter were still within their ten days of grace:
    # owed, never recorded, and missing once they closed on 10 October. October's drill was done.
    assert missing.count("2026-09-01 – 2026-09-30") == 1 and missing.count("2026-07-01 – 2026-09-30") == 1
    assert "2026-10-01 – 2026-10-31" in october and tree.school.name in october
    client.force_login(who.foreign_county_officer)
    assert client.get(f"/org/{tree.county.pk}/duties/").status_code == 404


def test_a_county_officer_excuses_a_month_and_a_principal_may_not(client, tree, who):
    with clock.travel_to(NOV):
        engine.open_periods()
    november = Occurrence.objects.get(org=tree.school, obligation="drill_monthly", period_start=date(2026, 11, 1))
    client.force_login(who.principal)
    assert "step-excuse" not in client.get(f"/occurrences/{november.pk}/").content.decode()
    assert client.post(f"/occurrences/{november.pk}/step/excuse/", {"excuse-reason": "x"}).status_code == 403
    client.force_login(who.county_officer)
    assert client.post(f"/occurrences/{november.pk}/step/excuse/", {"excuse-reason": ""}).status_code == 400
    response = client.post(f"/occurrences/{november.pk}/step/excuse/", {"excuse-reason": "校舍加固，停课一个月"})
    assert response.status_code == 302
    november.refresh_from_db()
    assert november.state == "excused"
    assert client.post(f"/occurrences/{november.pk}/step/excuse/", {"excuse-reason": "again"}).status_code == 409
    assert drift() == []


def test_withdrawing_a_drill_on_its_page_reopens_the_month(client, tree, who):
    drill = c.drill(tree.school, who.school_safety, date(2026, 11, 3))
    client.force_login(who.school_safety)
    with clock.travel_to(NOV):
        response = client.post(f"/drills/{drill.pk}/step/withdraw/", {"withdraw-reason": "录错日期"})
    assert response.status_code == 302
    drill.refresh_from_db()
    assert drill.state == "withdrawn"
    assert Occurrence.objects.get(org=tree.school, obligation="drill_monthly").state == "open"


def test_the_bimonthly_review_shows_each_units_duties(client, tree, who):
    with clock.travel_to(c.at(date(2026, 9, 2))):
        engine.open_periods()
    c.drill(tree.school, who.school_safety, date(2026, 9, 15))
    with clock.travel_to(c.at(date(2026, 10, 20))):
        engine.open_periods()
    client.force_login(who.city_admin)
    with clock.travel_to(c.at(date(2026, 11, 5))):
        page = client.get(f"/org/{tree.city.pk}/review/?period=2026-5").content.decode()
    # Periods begun in September–October in 历下区: the primary school's two months (September drilled) and its
    # autumn first lesson; the kindergarten's fourth quarter and its first lesson — one of five done.
    assert f'<a href="/org/{tree.county.pk}/duties/">1/5</a>' in page
