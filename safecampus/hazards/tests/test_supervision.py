"""Clear-to-zero figures across a year boundary, re-check sampling, checkpoints and their QR codes, plan pages."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from safecampus.core import clock
from safecampus.core.exceptions import StateConflict
from safecampus.hazards.models import Hazard, HazardState, Inspection
from safecampus.hazards.services import checkpoints, inspections, oversight, recheck, workflow
from safecampus.hazards.stats import clear_to_zero
from safecampus.testing.hazards import library, photo, walk

pytestmark = pytest.mark.django_db
S = HazardState
TZ = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=12):
    return clock.travel_to(datetime(year, month, day, hour, tzinfo=TZ))


def test_stock_and_increment_across_the_year_boundary(tree, who):
    with at(2025, 12, 31, 23):
        stock_open = walk(tree, who, S.REPORTED)
        stock_cleared = walk(tree, who, S.RECTIFYING)
        closed_before = walk(tree, who, S.CLOSED)
    with at(2026, 1, 1, 0):
        walk(tree, who, S.REPORTED, "major")  # the increment of 2026
    with at(2026, 3, 1):
        workflow.submit(stock_cleared, actor=who.school_safety, rectification="done", photos=[photo()])
        workflow.verify(stock_cleared, actor=who.principal)
        figures = clear_to_zero(Hazard.objects.all(), 2026)
    assert figures["stock"] == 2, "found before 1 January and open then"
    assert figures["stock_cleared"] == 1 and figures["stock_cleared_rate"] == 50.0
    assert figures["increment"] == 1 and figures["open_major"] == 1
    with at(2026, 3, 1):
        assert clear_to_zero(Hazard.objects.all(), 2025)["increment"] == 3
    assert Hazard.objects.get(pk=stock_open.pk).state == S.REPORTED
    assert Hazard.objects.get(pk=closed_before.pk).state == S.CLOSED


def test_recheck_sampling_then_confirm_or_reopen(client, tree, who):
    closed = [walk(tree, who, S.CLOSED) for _ in range(4)]
    today = clock.today()
    with pytest.raises(PermissionDenied):
        recheck.select_for_recheck(actor=who.principal, org=tree.county, start=today, end=today, percent=50)
    count = recheck.select_for_recheck(actor=who.county_officer, org=tree.county, start=today, end=today, percent=50)
    assert count == 2 and Hazard.objects.filter(recheck_due=True).count() == 2
    due = list(Hazard.objects.filter(recheck_due=True))
    recheck.confirm_recheck(due[0], actor=who.county_officer, comment="整改效果保持良好")
    with pytest.raises(StateConflict):
        recheck.confirm_recheck(due[0], actor=who.county_officer)
    oversight.reopen(due[1], actor=who.county_officer, reason="回头看发现反弹", deadline=today + timedelta(days=3))
    assert not Hazard.objects.filter(recheck_due=True).exists()
    client.force_login(who.county_officer)
    page = client.get(f"/org/{tree.county.pk}/hazards/?recheck=true").content.decode()
    assert "No hazards match" in page or "没有符合" in page
    assert len(closed) == 4


def test_checkpoint_qr_opens_the_places_items(client, tree, who):
    point = checkpoints.create_checkpoint(
        actor=who.school_safety, school=tree.school, name="配电室", areas=["electricity"]
    )
    with pytest.raises(PermissionDenied):
        checkpoints.create_checkpoint(actor=who.staff, school=tree.school, name="x", areas=["fire"])
    client.force_login(who.school_safety)
    page = client.get(f"/org/{tree.school.pk}/checkpoints/").content.decode()
    assert "配电室" in page and "data:image/svg+xml" in page
    printable = client.get(f"/org/{tree.school.pk}/checkpoints/?print=1").content.decode()
    assert "print.css" in printable and "配电室" in printable
    assert client.get(f"/c/{point.token}/")["Location"] == f"/org/{tree.school.pk}/inspections/new/"
    inspection = inspections.start_inspection(
        actor=who.school_safety, school=tree.school, kind="self_check", version=library(tree, who).published()
    )
    response = client.get(f"/c/{point.token}/")
    assert response["Location"] == f"/inspections/{inspection.pk}/?areas=electricity"
    walk_page = client.get(response["Location"]).content.decode()
    assert "ELEC-01" in walk_page and "FIRE-02" not in walk_page
    client.force_login(who.sibling_principal)
    assert client.get(f"/c/{point.token}/").status_code == 404
    assert Inspection.objects.count() == 1


def test_plan_and_checklist_pages(client, tree, who):
    checklist = library(tree, who)
    client.force_login(who.county_officer)
    response = client.post(
        f"/org/{tree.county.pk}/plans/",
        {
            "name": "秋季开学自查",
            "kind": "self_check",
            "checklist": checklist.pk,
            "start_date": clock.today().isoformat(),
            "due_date": (clock.today() + timedelta(days=10)).isoformat(),
            "sample_percent": 100,
            "repeat_months": 0,
        },
    )
    assert response.status_code == 302
    page = client.get(f"/org/{tree.county.pk}/plans/").content.decode()
    assert "秋季开学自查" in page and "0 / 2" in page
    client.force_login(who.school_safety)
    due = client.get(f"/org/{tree.school.pk}/inspections/").content.decode()
    assert "秋季开学自查" in due
    assert client.post(f"/org/{tree.school.pk}/plans/", {"name": "x"}).status_code == 403
    items = client.get(f"/org/{tree.school.pk}/checklists/{checklist.pk}/").content.decode()
    assert "FIRE-01" in items and "table-danger" in items
