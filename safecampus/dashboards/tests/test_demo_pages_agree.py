"""On the demo province, every page that shows a figure agrees with every other page that shows it.

A province admin, a county officer and a principal walk their dashboard, the
API, the ledger, the due-inspection list, the inspection page, the warnings,
the map and the desk; each count must equal the rows its link lists.
"""

import io
import json
import re

import pytest
from django.core.management import call_command

from safecampus.accounts.models import User
from safecampus.core import clock
from safecampus.hazards.figures import task_period
from safecampus.orgs.models import Level, OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--schools", "40", "--seed", "3", stdout=io.StringIO(), stderr=io.StringIO())


def count(client, url, params=None):
    return client.get(url, params or {}).context["page"].paginator.count


def desk_counts(client):
    page = client.get("/desk/").content.decode()
    return {key: int(n) for key, n in re.findall(r'id="desk-([a-z_]+)".*?data-count="(\d+)"', page, re.S)}


@pytest.mark.parametrize("who", ["province admin", "county officer", "principal"])
def test_every_page_agrees_on_every_figure(demo, client, who):
    school = OrgUnit.objects.filter(level=Level.SCHOOL).order_by("path").first()
    county = OrgUnit.objects.get(path=school.path[: -OrgUnit.steplen])
    username = {"province admin": "admin.370000", "county officer": f"safety.{county.code}"}.get(
        who, f"principal.{school.code}"
    )
    user = User.objects.get(username=username)
    client.force_login(user)
    node = OrgUnit.objects.home_nodes(user)[0]
    today = clock.today()
    first, last = task_period(today)
    page = client.get(f"/org/{node.pk}/dashboard/")
    f = page.context["f"]
    api = client.get(f"/api/v1/dashboard/?org={node.pk}").json()
    assert api["figures"] == json.loads(json.dumps(f)), "the page and the API show the same figures"

    ledger = f"/org/{node.pk}/hazards/"
    assert count(client, ledger, {"state": "open", "level": "major"}) == f["open_major"]
    assert count(client, ledger, {"state": "open", "level": "general"}) == f["open_general"]
    assert count(client, ledger, {"overdue": "true"}) == f["overdue"]
    assert count(client, ledger, {"listed": "true", "state": "open"}) == f["listed_open"]

    tasks = f"/org/{node.pk}/inspection-tasks/"
    period = {"due_from": first.isoformat(), "due_to": last.isoformat()}
    assert count(client, tasks, period) == f["tasks_due"]
    assert count(client, tasks, {**period, "state": "done"}) == f["tasks_done"]
    assert count(client, tasks, {**period, "state": "on_time"}) == f["tasks_on_time"]
    missing = count(client, tasks, {"state": "missing"})
    assert missing == f["tasks_overdue"]
    if node.level == Level.PROVINCE:
        assert f["tasks_done"] > 0 and f["tasks_due"] > f["tasks_done"], "the demo has a plan partly done"

    inspections = client.get(f"/org/{node.pk}/inspections/").context
    assert inspections["overdue_count"] == missing, "the inspection page counts the same inspections as missing"
    assert inspections["task_count"] == count(client, tasks, {"state": "undone"})

    if node.level != Level.SCHOOL:
        warnings = client.get(f"/org/{node.pk}/warnings/").context
        late_tasks = sum(
            p["count"] for row in warnings["page"].paginator.object_list for p in row["parts"]
            if p["part"].key == "tasks_overdue"
        )  # fmt: skip
        assert late_tasks == missing, "the warnings count the same overdue inspections, school by school"
        colours = client.get(f"/org/{node.pk}/map/data.json").json()["states"]
        assert sum(colours.values()) == OrgUnit.objects.within(node.path).filter(level=Level.SCHOOL).count()

    desk = desk_counts(client)
    if "tasks" in desk:
        assert desk["tasks"] == count(client, tasks, {"state": "undone"}), "the desk counts what the list lists"
    for key in ("verify", "extensions", "listed", "recheck", "work", "drafts"):
        if key in desk:
            assert desk[key] == count(client, ledger, {"todo": key}), key

    incidents = f"/org/{node.pk}/incidents/"
    by_grade = sum(n for _code, _label, n in api["incidents"]["grades"])
    assert count(client, incidents, {"year": today.year}) == by_grade
