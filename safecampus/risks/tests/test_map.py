"""The four-colour map: uploading the site plan (only real images), placing points, the page and the A3 PDF."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from safecampus.risks.models import Register, RiskPoint
from safecampus.testing import risks as r

pytestmark = pytest.mark.django_db


def png(width=300, height=200):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#eee").save(buffer, "PNG")
    return SimpleUploadedFile("plan.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_without_a_plan_the_map_says_how_to_add_one(client, tree, who):
    r.point(tree, who)
    client.force_login(who.staff)
    page = client.get(f"/org/{tree.school.pk}/risks/map/").content.decode()
    assert 'id="map-empty"' in page and 'id="plan-upload"' not in page
    assert client.get(f"/org/{tree.school.pk}/risks/map.pdf").status_code == 404


def test_a_keeper_uploads_a_plan_places_a_point_and_prints_the_map(client, tree, who):
    risk = r.published(tree, who, factors=r.LEC_RED, measures=1)
    client.force_login(who.school_safety)
    response = client.post(f"/org/{tree.school.pk}/risks/plan/", {"plan": png()})
    assert response.status_code == 302
    register = Register.objects.get(school=tree.school)
    assert (register.plan_width, register.plan_height) == (300, 200) and register.plan.name.endswith(".png")
    response = client.post(f"/risk-points/{risk.point.pk}/place/", {"x": "0.25", "y": "0.5"})
    assert response.json() == {"id": risk.point.pk, "x": 0.25, "y": 0.5}
    page = client.get(f"/org/{tree.school.pk}/risks/map/")
    data = json.loads(page.content.decode().split('id="map-data" type="application/json">')[1].split("</script>")[0])
    assert data["points"][0]["grade"] == "red" and data["points"][0]["colour"] == "#d9363e"
    assert client.get(f"/org/{tree.school.pk}/risks/plan.img").status_code == 200
    pdf = client.get(f"/org/{tree.school.pk}/risks/map.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.force_login(who.foreign_principal)
    assert client.get(f"/org/{tree.school.pk}/risks/plan.img").status_code == 404


def test_a_plan_that_is_not_an_image_is_refused_and_nothing_is_written(client, tree, who):
    r.point(tree, who)
    client.force_login(who.school_safety)
    fake = SimpleUploadedFile("plan.png", b"<html><body>a page, not a plan</body></html>", content_type="image/png")
    response = client.post(f"/org/{tree.school.pk}/risks/plan/", {"plan": fake})
    assert response.status_code == 400 and "plan.png" in response.content.decode()
    assert not Register.objects.get(school=tree.school).plan


def test_bad_positions_and_roles_are_refused(client, tree, who):
    point = r.point(tree, who)
    client.force_login(who.school_safety)
    response = client.post(f"/risk-points/{point.pk}/place/", {"x": "1.5", "y": "abc"})
    assert response.status_code == 400 and set(response.json()["errors"]) == {"plan_x", "plan_y"}
    client.force_login(who.staff)
    assert client.post(f"/risk-points/{point.pk}/place/", {"x": "0.1", "y": "0.1"}).status_code == 403
    client.force_login(who.staff)
    assert client.post(f"/org/{tree.school.pk}/risks/plan/", {"plan": png()}).status_code == 403
    point.refresh_from_db()
    assert point.plan_x is None and RiskPoint.objects.filter(plan_x__isnull=False).count() == 0


HOSTILE_SVG = """<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 800 500"
     onload="alert(1)">
  <script>alert(2)</script>
  <style>@import url(http://evil.example/x.css);</style>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
  <rect id="dorm" x="10" y="10" width="200" height="100" fill="#ccc" onclick="alert(3)"/>
  <a xlink:href="javascript:alert(4)"><rect x="0" y="0" width="5" height="5"/></a>
  <use xlink:href="#dorm" x="300"/>
  <use href="http://evil.example/sprite.svg#a"/>
  <image href="http://evil.example/track.png" width="10" height="10"/>
  <rect x="1" y="1" width="2" height="2" style="fill: url(http://evil.example/)"/>
  <text x="20" y="40">宿舍楼 <tspan>A</tspan> block</text>
</svg>""".encode()


def test_an_svg_plan_is_kept_as_shapes_and_text_only(client, tree, who):
    r.point(tree, who)
    client.force_login(who.school_safety)
    upload = SimpleUploadedFile("plan.svg", HOSTILE_SVG, content_type="image/svg+xml")
    assert client.post(f"/org/{tree.school.pk}/risks/plan/", {"plan": upload}).status_code == 302
    register = Register.objects.get(school=tree.school)
    assert (register.plan_width, register.plan_height) == (800, 500) and register.plan.name.endswith(".svg")
    served = client.get(f"/org/{tree.school.pk}/risks/plan.img")
    body = b"".join(served.streaming_content).decode()
    assert served["Content-Type"] == "image/svg+xml" and "sandbox" in served["Content-Security-Policy"]
    for gone in ("script", "onload", "onclick", "@import", "foreignObject", "javascript:", "evil.example"):
        assert gone not in body
    assert 'id="dorm"' in body and "#dorm" in body and "宿舍楼" in body and "block" in body
    pdf = client.get(f"/org/{tree.school.pk}/risks/map.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"/>',
            "document type",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>', "names no size"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect></svg>', "cannot be read"),
    ],
)
def test_an_svg_that_is_not_a_plain_drawing_is_refused_and_nothing_is_written(client, tree, who, content, message):
    r.point(tree, who)
    client.force_login(who.school_safety)
    client.cookies["django_language"] = "en"
    upload = SimpleUploadedFile("plan.svg", content, content_type="image/svg+xml")
    response = client.post(f"/org/{tree.school.pk}/risks/plan/", {"plan": upload})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Register.objects.get(school=tree.school).plan
