"""Early warning over HTTP: pages and API scoped to the tree (a county sees its schools' alarms, cameras, devices
and live-view log, never a neighbour's), each alarm step × role × state, the console and its live list, a live
view logged and kept alive, the demo stream only for those who may watch, and bad input answered 400."""

from datetime import timedelta

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client
from rest_framework.test import APIClient

from safecampus.alerts.models import Alarm, AlarmType, Camera, LiveView
from safecampus.alerts.services import alarms
from safecampus.alerts.services.common import flow
from safecampus.core import clock, recount
from safecampus.testing import alerts as ax
from safecampus.testing.scope_contract import ListScopeContract
from safecampus.testing.steps import check_steps

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.SAFECAMPUS_REQUIRE_ADMIN_2FA = False


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def raised(tree, who):
    site = ax.setup(tree, who)
    return alarms.raise_alarm(site.smoke, AlarmType.FIRE, value={"smoke": 1}, at=clock.now())[0]


class TestAlarmApiScope(ListScopeContract):
    api = True

    def record(self, tree, who):
        return raised(tree, who)

    def detail_url(self, obj):
        return f"/api/v1/alerts/alarms/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/alerts/alarms/?state=all"


class TestAlarmPageScope(ListScopeContract):
    def record(self, tree, who):
        return raised(tree, who)

    def detail_url(self, obj):
        return f"/alerts/alarm/{obj.pk}/"

    def list_url(self, obj, user):
        homes = user.memberships.first()
        return f"/alerts/org/{homes.org_id}/"

    def marker(self, obj):
        return f'data-alarm="{obj.pk}"'


class TestCameraApiScope(ListScopeContract):
    api = True

    def record(self, tree, who):
        return ax.setup(tree, who).camera

    def detail_url(self, obj):
        return f"/api/v1/alerts/cameras/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/alerts/cameras/"


class TestDeviceApiScope(ListScopeContract):
    api = True

    def record(self, tree, who):
        return ax.setup(tree, who).smoke

    def detail_url(self, obj):
        return f"/api/v1/alerts/devices/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/alerts/devices/"


def test_each_step_offered_is_the_step_that_succeeds(tree, who):
    site = ax.setup(tree, who)

    def alarm_in(state, outcome=""):
        def make():
            alarm = alarms.raise_alarm(site.electrical, AlarmType.RESIDUAL_CURRENT, value={}, at=clock.now())[0]
            Alarm.objects.filter(pk=alarm.pk).update(state=state, outcome=outcome)
            return Alarm.objects.get(pk=alarm.pk)

        return make

    def fresh():
        Alarm.objects.filter(device=site.smoke).update(state="resolved")
        return alarms.raise_alarm(site.smoke, AlarmType.FIRE, value={}, at=clock.now())[0]

    offered = check_steps(
        flow,
        lambda alarm: f"/api/v1/alerts/alarms/{alarm.pk}/",
        {
            "raised": fresh,
            "acknowledged": alarm_in("acknowledged"),
            "resolved_real": alarm_in("resolved", "real"),
        },
        {"principal": who.principal, "guard": site.guard, "staff": who.staff, "county_officer": who.county_officer},
        {
            "acknowledge": lambda alarm: {},
            "dispatch": lambda alarm: {"person": who.school_safety.pk, "note": "去看"},
            "resolve": lambda alarm: {"outcome": "false", "note": "误报"},
            "review": lambda alarm: {"cause": "线路老化", "lessons": "更换线路"},
            "open_hazard": lambda alarm: {},
        },
    )
    assert offered[("raised", "guard")] == {"acknowledge", "dispatch", "resolve"}
    assert offered[("raised", "staff")] == set()
    assert offered[("resolved_real", "principal")] == {"review", "open_hazard"}
    assert "review" not in offered[("resolved_real", "guard")]  # the school's keepers review


def test_bad_step_input_answers_400_naming_the_fields(tree, who):
    alarm = raised(tree, who)
    response = api(who.principal).post(
        f"/api/v1/alerts/alarms/{alarm.pk}/resolve/", {"outcome": "maybe"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"outcome", "note"}
    response = api(who.principal).post(f"/api/v1/alerts/alarms/{alarm.pk}/dispatch/", {"person": 999999}, format="json")
    assert response.status_code == 400 and "person" in response.json()
    assert Alarm.objects.get(pk=alarm.pk).state == "raised"


def test_the_console_and_its_live_list(tree, who):
    alarm = raised(tree, who)
    page = browser(who.county_officer).get(f"/alerts/org/{tree.county.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-alarm="{alarm.pk}"' in html and "data-feed=" in html
    feed = browser(who.county_officer).get(f"/alerts/org/{tree.county.pk}/feed/")
    assert feed["X-Unacknowledged"] == "1" and feed["X-Newest"] == str(alarm.pk)
    closed = browser(who.county_officer).get(f"/alerts/org/{tree.county.pk}/feed/?state=closed")
    assert f'data-alarm="{alarm.pk}"' not in closed.content.decode()
    foreign = browser(who.foreign_county_officer).get(f"/alerts/org/{tree.county.pk}/feed/")
    assert foreign.status_code == 404
    # One tap on the console acknowledges; the page step answers 403 for staff and 409 once taken.
    assert browser(who.staff).post(f"/alerts/alarm/{alarm.pk}/acknowledge/").status_code == 403
    assert browser(who.principal).post(f"/alerts/alarm/{alarm.pk}/acknowledge/").status_code == 302
    assert browser(who.principal).post(f"/alerts/alarm/{alarm.pk}/acknowledge/").status_code == 409
    detail = browser(who.principal).get(f"/alerts/alarm/{alarm.pk}/").content.decode()
    assert 'id="step-dispatch"' in detail and 'id="step-acknowledge"' not in detail
    assert recount.drift() == []


def test_a_live_view_is_logged_and_kept_alive_only_by_its_viewer(tree, who):
    camera = ax.setup(tree, who).camera
    assert browser(who.staff).get(f"/alerts/camera/{camera.pk}/").status_code == 403  # staff do not watch cameras
    page = browser(who.county_officer).get(f"/alerts/camera/{camera.pk}/")
    assert page.status_code == 200
    view = LiveView.objects.get()
    assert (view.viewer, view.camera, view.purpose) == (who.county_officer, camera, "live")
    with clock.travel_to(view.started_at + timedelta(seconds=30)):
        beat = browser(who.county_officer).post(f"/alerts/view/{view.pk}/beat/")
    assert beat.status_code == 200 and beat.json()["seconds"] >= 29
    assert browser(who.principal).post(f"/alerts/view/{view.pk}/beat/").status_code == 403
    assert browser(who.foreign_county_officer).post(f"/alerts/view/{view.pk}/beat/").status_code == 404
    log = browser(who.principal).get(f"/alerts/org/{tree.school.pk}/live-views/")
    assert log.status_code == 200 and who.county_officer.display_name in log.content.decode()
    assert browser(who.staff).get(f"/alerts/org/{tree.school.pk}/live-views/").status_code == 403
    rows = api(who.county_admin).get("/api/v1/alerts/live-views/").json()["results"]
    assert [row["camera"] for row in rows] == [camera.pk]
    assert api(who.foreign_county_admin).get("/api/v1/alerts/live-views/").json()["results"] == []


def test_the_stream_address_comes_from_the_areas_rule(tree, who):
    from safecampus.rules.services import set_rule

    camera = ax.setup(tree, who).camera
    set_rule(
        "alerts.camera.stream_url", "http://10.1.2.3:8080/rtp/{id}/hls.m3u8", actor=who.county_admin, org=tree.county
    )
    page = browser(who.principal).get(f"/alerts/camera/{camera.pk}/").content.decode()
    assert f'data-stream="http://10.1.2.3:8080/rtp/{camera.gb_id}/hls.m3u8"' in page
    from django.core.exceptions import ValidationError

    for bad in ("http://host/no-placeholder.m3u8", "javascript:alert({id})", "http://a b/{id}"):
        with pytest.raises(ValidationError):
            set_rule("alerts.camera.stream_url", bad, actor=who.county_admin, org=tree.county)


def test_the_demo_stream_is_served_only_to_those_who_may_watch(tree, who, settings, tmp_path):
    camera = ax.setup(tree, who).camera
    settings.SAFECAMPUS_DEMO_STREAM_DIR = tmp_path
    (tmp_path / "index.m3u8").write_text("#EXTM3U\n")
    url = f"/alerts/demo-stream/{camera.gb_id}/index.m3u8"
    response = browser(who.principal).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/vnd.apple.mpegurl"
    assert b"".join(response.streaming_content) == b"#EXTM3U\n"
    # Closing a streamed response signals the request's end, which would close the test's database connection.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert browser(who.foreign_principal).get(url).status_code == 404
    assert browser(who.staff).get(url).status_code == 403
    assert browser(who.principal).get(f"/alerts/demo-stream/{camera.gb_id}/..%2Fsecret.ts").status_code == 404
    assert browser(who.principal).get(f"/alerts/demo-stream/{camera.gb_id}/seg999.ts").status_code == 404


def test_a_school_registers_cameras_devices_and_a_gateway_through_its_pages(tree, who):
    site = ax.setup(tree, who)
    client = browser(who.principal)
    bad = client.post(
        f"/alerts/school/{tree.school.pk}/cameras/new/",
        {"gb_id": "37010300001320000009", "name": "", "place": "gate", "retention_days": 5},
    )
    assert bad.status_code == 400
    assert {"gb_id", "name", "retention_days"} <= set(bad.context["form"].errors)
    assert Camera.objects.count() == 1
    good = client.post(
        f"/alerts/school/{tree.school.pk}/cameras/new/",
        {"gb_id": "37010200001320000009", "name": "操场", "place": "playground", "retention_days": 30},
    )
    assert good.status_code == 302 and Camera.objects.count() == 2
    made = client.post(f"/alerts/school/{tree.school.pk}/gateways/new/", {"name": "二号网关", "key": "gw-two"})
    assert made.status_code == 302
    page = client.get(f"/alerts/org/{tree.school.pk}/devices/").content.decode()
    assert 'id="new-secret"' in page  # shown once
    assert 'id="new-secret"' not in client.get(f"/alerts/org/{tree.school.pk}/devices/").content.decode()
    device = client.post(
        f"/alerts/school/{tree.school.pk}/devices/new/",
        {"gateway": site.gateway.pk, "vendor_id": "SD-1", "kind": "smoke", "name": "重复", "place": "x"},
    )
    assert device.status_code == 400 and "vendor_id" in device.context["form"].errors
    assert browser(who.staff).get(f"/alerts/school/{tree.school.pk}/cameras/new/").status_code == 403
