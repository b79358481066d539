"""What the register adds to the desk, the dashboard (page and API) and the warning list."""

from datetime import timedelta

import pytest

from safecampus.core import clock
from safecampus.risks.services import steps
from safecampus.testing import risks as r

pytestmark = pytest.mark.django_db


def test_the_school_desk_lists_what_waits_and_the_county_desk_a_red_risk_long_out_of_control(client, tree, who):
    waiting = r.assessed(tree, who, r.LEC_RED, measures=1)
    lost = r.published(tree, who, factors=r.LEC_RED, measures=1, factor="宿舍私拉电线")
    steps.lose_control(lost, actor=who.school_safety, reason="限电器被拆除")
    client.force_login(who.principal)
    desk = client.get("/desk/").content.decode()
    assert waiting.factor in desk and "待审定" in desk
    client.force_login(who.county_officer)
    assert "宿舍私拉电线" not in client.get("/desk/").content.decode(), "not yet past the rule's days"
    with clock.travel_to(clock.now() + timedelta(days=8)):
        assert "宿舍私拉电线" in client.get("/desk/").content.decode()


def test_dashboard_and_api_show_the_four_colours_and_warnings_weigh_red_out_of_control(client, api, tree, who):
    lost = r.published(tree, who, factors=r.LEC_RED, measures=1)
    r.published(tree, who, at=r.point(tree, who, name="操场"))
    steps.lose_control(lost, actor=who.county_officer, reason="督查发现")
    data = api(who.city_leader).get(f"/api/v1/dashboard/?org={tree.city.pk}").json()
    assert data["risks"]["grades"] == {"red": 1, "orange": 0, "yellow": 0, "blue": 1}
    assert data["risks"]["red_out_of_control"] == 1
    client.force_login(who.city_leader)
    page = client.get(f"/org/{tree.city.pk}/dashboard/").content.decode()
    assert 'id="risk-figures"' in page
    warnings = client.get(f"/org/{tree.city.pk}/warnings/").content.decode()
    assert "失控的红色风险" in warnings and tree.school.name in warnings


def test_a_schools_card_on_the_map_shows_its_colours_and_its_title(client, tree, who):
    from safecampus.risks.models import Title
    from safecampus.testing import acceptance as x

    r.published(tree, who, factors=r.LEC_RED, measures=1)
    x.passed(tree, who, "safe_campus")
    assert Title.objects.filter(school=tree.school, state="active").exists()
    client.force_login(who.city_leader)
    card = client.get(f"/org/{tree.school.pk}/card/").content.decode()
    assert 'data-title-state="active"' in card and '?grade=red">1</a>' in card
