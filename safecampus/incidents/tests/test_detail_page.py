"""The incident pages as people read them: the type select of the report form, the 办理过程 and the chain of
receipts on the detail page, the hint before the final report."""

import re
from datetime import timedelta
from html import unescape

import pytest

from safecampus.core import clock
from safecampus.incidents.models import SUBTYPE_CATEGORY, SUBTYPES
from safecampus.incidents.services import faults, reporting, routing
from safecampus.testing.incidents import report

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


def block(page: str, element_id: str, tag: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</{tag}>', page, re.S)
    assert found, f"#{element_id} is on the page"
    return found.group(1)


def timeline(page: str) -> list[tuple[str, str]]:
    """(verb, text without the time) of each line of the 办理过程, in page order."""
    rows = re.findall(r'<li data-verb="([a-z_]+)">(.*?)</li>', block(page, "incident-events", "ol"), re.S)
    return [(verb, text(body).split(" · ", 1)[1]) for verb, body in rows]


def chain_rows(page: str) -> list[list[str]]:
    body = block(page, "receipt-chain", "table").split("<tbody>", 1)[1]
    return [
        [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


# --- the type select ------------------------------------------------------------------------------------------


def test_each_type_option_carries_its_category(client, tree, who):
    client.force_login(who.principal)
    page = client.get(f"/org/{tree.school.pk}/incidents/new/").content.decode()
    select = block(page, "id_subtype", "select")
    options = dict(re.findall(r'<option value="([a-z_]+)" data-category="([a-z_]+)"', select))
    assert options == {code: str(category) for code, category in SUBTYPE_CATEGORY.items()}
    assert re.search(r'<option value=""[^>]*>—请选择—</option>', select), "the prompt has no category"
    assert 'data-category-field="category"' in page and "js/incident_form.js" in page
    assert sum(len(rows) for rows in SUBTYPES.values()) == len(options)


def test_a_type_of_another_category_is_still_refused_on_the_field(client, tree, who):
    client.force_login(who.principal)
    response = client.post(
        f"/org/{tree.school.pk}/incidents/new/",
        {"category": "social", "subtype": "fire", "title": "t", "place": "p", "description": "d", "measures": "m"},
    )
    assert response.context["form"].errors["subtype"] == ["请选择所选类别下的类型。"]
    select = block(response.content.decode(), "id_subtype", "select")
    assert re.search(
        r'<option value="fire" (selected data-category="accident"|data-category="accident" selected)>', select
    )


# --- the 办理过程 and the chain -------------------------------------------------------------------------------


def report_up_to_the_province(tree, who, late_forward: bool = False):
    """A school's 较大 incident goes county → city → province, one step a few minutes after the other."""
    start = clock.now()
    with clock.travel_to(start):
        incident = report(tree, who, grade="large")
    with clock.travel_to(start + timedelta(minutes=5)):
        routing.acknowledge(incident, actor=who.county_officer)
    with clock.travel_to(start + timedelta(minutes=200 if late_forward else 10)):
        routing.forward(incident, actor=who.county_officer)
    with clock.travel_to(start + timedelta(minutes=220 if late_forward else 20)):
        routing.forward(incident, actor=who.city_admin)  # the city forwards without acknowledging first
    with clock.travel_to(start + timedelta(minutes=230 if late_forward else 30)):
        routing.acknowledge(incident, actor=who.province_officer)
    return incident


def test_timeline_lists_each_step_in_order_with_its_unit_and_person(client, tree, who):
    incident = report_up_to_the_province(tree, who)
    p, county, city, province = (who.principal, who.county_officer, who.city_admin, who.province_officer)
    client.force_login(who.province_officer)
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert timeline(page) == [
        ("report_initial", f"报送初报 · 历下实验小学 · {p.full_name}"),
        ("arrived", f"接报 · 历下区 · 报送人：{p.full_name}（历下实验小学）"),
        ("acknowledge", f"签收 · 历下区 · {county.full_name}"),
        ("forward", f"上报 · 历下区 → 济南市 · {county.full_name}"),
        ("arrived", f"接报 · 济南市 · 报送人：{county.full_name}（历下区）"),
        ("forward", f"上报 · 济南市 → 山东省 · {city.full_name}"),
        ("arrived", f"接报 · 山东省 · 报送人：{city.full_name}（济南市）"),
        ("acknowledge", f"签收 · 山东省 · {province.full_name}"),
    ]


def test_who_knew_what_when_names_each_bureau_its_sender_and_its_people(client, tree, who):
    incident = report_up_to_the_province(tree, who)
    client.force_login(who.province_officer)
    rows = chain_rows(client.get(f"/incidents/{incident.pk}/").content.decode())
    assert [row[0].split()[0] for row in rows] == ["历下区", "济南市", "山东省"]
    assert [re.sub(r"^[\d :-]+", "", row[1]) for row in rows] == ["来自历下实验小学", "来自历下区", "来自济南市"]
    assert [row[2].split(" · ")[-1] for row in rows] == [
        who.county_officer.full_name,
        who.city_admin.full_name,  # forwarding is acknowledging too, by the one who forwarded
        who.province_officer.full_name,
    ]
    assert rows[0][4].endswith(f"→ 济南市 · {who.county_officer.full_name}")
    assert rows[1][4].endswith(f"→ 山东省 · {who.city_admin.full_name}")
    assert rows[2][4] == "—"


def test_a_late_forward_is_listed_after_the_forward_and_before_the_arrival_it_caused(client, tree, who):
    incident = report_up_to_the_province(tree, who, late_forward=True)
    client.force_login(who.city_admin)
    lines = timeline(client.get(f"/incidents/{incident.pk}/").content.decode())
    verbs = [verb for verb, _line in lines]
    at = verbs.index("flag_late")
    assert verbs[at - 1 : at + 2] == ["forward", "flag_late", "arrived"]
    assert lines[at - 1][1] == f"上报 · 历下区 → 济南市 · {who.county_officer.full_name}"
    assert lines[at][1].startswith("认定迟报 · 责任单位：历下区 · 平台自动发现 — ")
    assert lines[at + 1][1] == f"接报 · 济南市 · 报送人：{who.county_officer.full_name}（历下区）"


def test_steps_of_a_bureau_above_name_that_bureau(client, tree, who):
    incident = report(tree, who)
    reporting.follow_up(incident, actor=who.county_officer, note="伤者已转院")
    faults.flag_fault(incident, actor=who.city_admin, fault="false", reason="调查发现人数不实")
    client.force_login(who.city_admin)
    lines = dict(timeline(client.get(f"/incidents/{incident.pk}/").content.decode()))
    assert lines["follow_up"] == f"报送续报 · 历下区 · {who.county_officer.full_name} — 伤者已转院"
    assert lines["flag_false"] == (
        f"认定谎报 · 济南市 · 责任单位：历下实验小学 · {who.city_admin.full_name} — 调查发现人数不实"
    )


# --- the final report after the end of handling ---------------------------------------------------------------

HINT = "先确认处置结束，再报送终报。"


def test_reporting_unit_is_told_the_final_report_follows_the_end_of_handling(client, tree, who):
    incident = report(tree, who)
    client.force_login(who.principal)
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    hint = re.search(r'id="step-final-hint".*?card-header[^>]*>(.*?)</div>.*?card-body[^>]*>(.*?)</div>', page, re.S)
    assert hint and hint.groups() == ("报送终报", HINT)
    assert 'id="step-final"' not in page
    assert page.index('id="step-mark_handled"') < page.index('id="step-final-hint"'), "where the final step will be"
    reporting.mark_handled(incident, actor=who.principal)
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert HINT not in page and 'id="step-final"' in page


def test_the_hint_is_for_those_who_send_the_final_report(client, tree, who):
    incident = report(tree, who)
    for user in (who.staff, who.city_leader):
        client.force_login(user)
        assert HINT not in client.get(f"/incidents/{incident.pk}/").content.decode()
