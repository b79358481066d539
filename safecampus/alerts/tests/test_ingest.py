"""Signed HTTP ingestion: a good request is taken (stored once, device heard, thresholds raise alarms); a bad
signature, a replay, a stale time or an unknown gateway is refused with 401, logged, and changes nothing; bad
messages in a batch are refused by index while the good ones are taken; never a 500."""

import time

import pytest

from safecampus.alerts.models import Alarm, AlarmType, Device, Gateway, Message, Refusal
from safecampus.core import recount
from safecampus.rules.models import Rule
from safecampus.testing import alerts as ax

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(tree, who):
    return ax.setup(tree, who)


def test_a_signed_batch_is_taken_and_the_device_is_heard(site):
    body = {
        "messages": [
            ax.msg(site.smoke, "heartbeat"),
            ax.msg(site.electrical, "reading", id="m1", values={"residual_current_ma": 120}),
        ]
    }
    response = ax.signed_post(site.gateway, body)
    assert response.status_code == 200, response.content
    assert response.json() == {"accepted": 2, "duplicates": 0, "alarms_raised": 0, "refused": []}
    assert Message.objects.count() == 1  # heartbeats only mark the device heard
    assert Device.objects.get(pk=site.smoke.pk).online
    assert Gateway.objects.get(pk=site.gateway.pk).accepted == 2
    assert recount.drift() == []


def test_a_bad_signature_is_refused_logged_and_changes_nothing(site):
    response = ax.signed_post(site.gateway, [ax.msg(site.smoke, "alarm")], secret="0" * 64)
    assert response.status_code == 401
    assert response.json()["reason"] == "bad_signature"
    assert not Alarm.objects.exists() and not Device.objects.get(pk=site.smoke.pk).online
    assert Refusal.objects.get().reason == "bad_signature"


def test_a_replay_and_a_stale_time_are_refused(site):
    stamp = int(time.time())
    body = [ax.msg(site.smoke, "alarm", id="a1")]
    assert ax.signed_post(site.gateway, body, stamp=stamp).status_code == 200
    again = ax.signed_post(site.gateway, body, stamp=stamp)
    assert again.status_code == 401 and again.json()["reason"] == "replay"
    stale = ax.signed_post(site.gateway, [ax.msg(site.smoke, "alarm", id="a2")], stamp=stamp - 301)
    assert stale.status_code == 401 and stale.json()["reason"] == "stale"
    assert Alarm.objects.get().count == 1
    assert set(Refusal.objects.values_list("reason", flat=True)) == {"replay", "stale"}


def test_an_unknown_gateway_and_a_missing_signature_are_refused(site, api):
    other = Gateway(key="gw-nobody", secret="x" * 64)
    assert ax.signed_post(other, [ax.msg(site.smoke, "alarm")]).json()["reason"] == "unknown_gateway"
    response = api().post("/api/v1/alerts/ingest/", {"device": "SD-1", "type": "alarm"}, format="json")
    assert response.status_code == 401
    assert not Alarm.objects.exists()


def test_bad_messages_are_refused_by_index_and_the_good_ones_taken(site):
    body = {
        "messages": [
            ax.msg(site.smoke, "alarm", id="ok"),
            {"device": "NOPE", "type": "alarm"},
            ax.msg(site.electrical, "reading", values={"residual_current_ma": 20_000}),
            ax.msg(site.electrical, "reading", values={"voltage": 220}),
            ax.msg(site.smoke, "alarm", alarm="gas"),
            ax.msg(site.smoke, "wave"),
            ax.msg(site.smoke, "reading", at="yesterday"),
            "not an object",
        ]
    }
    response = ax.signed_post(site.gateway, body)
    assert response.status_code == 200
    refused = {item["index"]: item["reason"] for item in response.json()["refused"]}
    assert refused == {
        1: "unknown_device",
        2: "out_of_range",
        3: "bad_values",
        4: "bad_alarm",
        5: "bad_type",
        6: "bad_time",
        7: "malformed",
    }
    assert response.json()["accepted"] == 1
    assert Refusal.objects.count() == 7
    assert Gateway.objects.get(pk=site.gateway.pk).rejected == 7


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2", b"\xff\xfe", b'"text"', b"42"])
def test_a_body_that_is_not_messages_answers_400(site, raw):
    response = ax.signed_post(site.gateway, raw)
    assert response.status_code == 400
    assert response.json()["reason"] == "malformed"
    assert not Message.objects.exists()


def test_a_redelivered_message_is_stored_once(site):
    body = [ax.msg(site.electrical, "reading", id="r-7", values={"residual_current_ma": 100})]
    assert ax.signed_post(site.gateway, body).json()["accepted"] == 1
    time.sleep(1)  # another signature (a retry sends it again, newly signed)
    assert ax.signed_post(site.gateway, body).json() == {
        "accepted": 0,
        "duplicates": 1,
        "alarms_raised": 0,
        "refused": [],
    }
    assert Message.objects.count() == 1


def test_a_reading_over_the_threshold_raises_and_a_normal_one_clears(site, tree):
    over = [ax.msg(site.electrical, "reading", values={"residual_current_ma": 300})]  # at the rule's 300 mA
    assert ax.signed_post(site.gateway, over).json()["alarms_raised"] == 1
    alarm = Alarm.objects.get()
    assert (alarm.type, alarm.severity, alarm.last_value["limit"]) == (AlarmType.RESIDUAL_CURRENT, "major", 300)
    time.sleep(1)
    ax.signed_post(site.gateway, [ax.msg(site.electrical, "reading", values={"residual_current_ma": 299})])
    alarm.refresh_from_db()
    assert alarm.cleared_at is not None and alarm.state == "raised"  # a person still resolves it
    # The device's own stricter limit wins over the rule; a county may not loosen the rule above it.
    Device.objects.filter(pk=site.electrical.pk).update(thresholds={"residual_current_ma": 250})
    time.sleep(1)
    ax.signed_post(site.gateway, [ax.msg(site.electrical, "reading", values={"residual_current_ma": 260})])
    alarm.refresh_from_db()
    assert alarm.cleared_at is None and alarm.count == 2
    assert recount.drift() == []


def test_the_threshold_is_a_rule_of_the_area(site, tree, who):
    from safecampus.rules.services import set_rule

    stricter = {
        "residual_current_ma": 200,
        "cable_temperature_c": 80,
        "gas_lel_percent": 25,
        "water_pressure_min_mpa": 0.1,
    }
    set_rule("alerts.thresholds", stricter, actor=who.county_admin, org=tree.county)
    assert Rule.objects.filter(key="alerts.thresholds").exists()
    ax.signed_post(site.gateway, [ax.msg(site.electrical, "reading", values={"residual_current_ma": 210})])
    assert Alarm.objects.get().last_value["limit"] == 200
