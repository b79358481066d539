"""The ledgers over HTTP: pages and API scoped to the tree, each step × role × state, a school keeping its ledger
(bad input answered 400 with every field named and nothing written), a county finding what is missing, the
Excel export written as text, and the Excel import checked row by row with nothing written on a bad file."""

from datetime import timedelta

import pytest
from django.test import Client
from rest_framework.test import APIClient

from safecampus.core import clock, recount
from safecampus.core.services import apply_batch, check_batch
from safecampus.facilities.importers import LedgerImporter
from safecampus.facilities.models import Bus, Guard
from safecampus.facilities.services import profile, steps
from safecampus.hazards.models import Hazard
from safecampus.testing import facilities as fx
from safecampus.testing.scope_contract import ListScopeContract
from safecampus.testing.steps import check_steps
from safecampus.testing.xlsx import make_xlsx, read_xlsx

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


class TestGuardApiScope(ListScopeContract):
    api = True

    def record(self, tree, who):
        return fx.add("guard", tree.school, who.principal)

    def detail_url(self, obj):
        return f"/api/v1/facilities/guards/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/facilities/guards/"


class TestSchoolLedgerPageScope(ListScopeContract):
    def record(self, tree, who):
        return fx.add("bus", tree.school, who.principal)

    def detail_url(self, obj):
        return f"/facilities/school/{obj.school_id}/"

    def list_url(self, obj, user):
        return f"/facilities/org/{user.memberships.first().org_id}/bus/"

    def marker(self, obj):
        return obj.plate


def test_steps_offered_are_the_steps_that_succeed(tree, who):
    def in_use():
        return fx.add("guard", tree.school, who.principal, name="甲")

    def unlicensed():
        return fx.add("guard", tree.school, who.principal, name="乙", licence_no="")

    def retired():
        guard = fx.add("guard", tree.school, who.principal, name="丙")
        return steps.retire_record(guard, actor=who.principal, retired_on=clock.today(), reason="离职")

    offered = check_steps(
        steps.FLOWS["guard"],
        lambda guard: f"/api/v1/facilities/guards/{guard.pk}/",
        {"in_use": in_use, "unlicensed": unlicensed, "retired": retired},
        {name: getattr(who, name) for name in ("principal", "school_safety", "staff", "county_officer")},
        {
            "retire": lambda guard: {"retired_on": clock.today().isoformat(), "reason": "离职"},
            "register_hazard": lambda guard: {"check": "licence"},
            "record_training": lambda guard: {"day": clock.today().isoformat(), "course": "安保技能", "hours": "4"},
        },
    )
    assert offered[("unlicensed", "principal")] == {"retire", "register_hazard", "record_training"}
    assert offered[("in_use", "principal")] == {"retire", "record_training"}
    assert offered[("retired", "principal")] == set()
    assert offered[("in_use", "county_officer")] == set()
    assert recount.drift() == []


def test_a_school_keeps_its_bus_ledger_through_the_pages(tree, who):
    school = tree.school
    client = browser(who.school_safety)
    values = fx.values("bus")
    post = {k: ("on" if v is True else v) for k, v in values.items() if v is not False}
    bad = {**post, "plate": "12345", "seats": "2", "inspected_on": (clock.today() + timedelta(days=3)).isoformat()}
    response = client.post(f"/facilities/school/{school.pk}/bus/new/", bad)
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count("鲁A12345") == 1  # the plate's error names the expected form, once
    assert Bus.objects.count() == 0
    post["first_aid_kit"] = ""  # an unticked box
    response = client.post(f"/facilities/school/{school.pk}/bus/new/", post)
    assert response.status_code == 302
    bus = Bus.objects.get()
    assert not bus.first_aid_kit and bus.windows["equipment"]
    page = client.get(f"/facilities/school/{school.pk}/").content.decode()
    assert "safety equipment missing" in page or "安全设备" in page or 'data-check="bus.equipment"' in page
    # The finding becomes a hazard from its button; then it links to the hazard.
    response = client.post(f"/facilities/bus/{bus.pk}/hazard/", {"check": "equipment"})
    assert response.status_code == 302
    hazard = Hazard.objects.get()
    assert hazard.area == "school_bus" and hazard.level == "general"
    # Taking it out of use asks for a day and a reason first.
    assert client.get(f"/facilities/bus/{bus.pk}/retire/").status_code == 200
    assert client.post(f"/facilities/bus/{bus.pk}/retire/", {"retired_on": "", "reason": ""}).status_code == 400
    assert Bus.objects.get().is_active
    response = client.post(f"/facilities/bus/{bus.pk}/retire/", {"retired_on": clock.today(), "reason": "报废"})
    assert response.status_code == 302 and not Bus.objects.get().is_active
    assert recount.drift() == []


def test_staff_and_bureaus_read_but_do_not_keep(tree, who):
    for user in (who.staff, who.county_officer):
        client = browser(user)
        assert client.get(f"/facilities/school/{tree.school.pk}/").status_code == 200
        assert client.get(f"/facilities/school/{tree.school.pk}/guard/new/").status_code == 403
        assert client.post(f"/facilities/school/{tree.school.pk}/profile/", {"boarders": 1}).status_code == 403
    assert browser(who.county_officer).get(f"/facilities/school/{tree.foreign.pk}/").status_code == 404


def test_the_county_finds_the_schools_without_a_guard_and_exports_a_ledger(tree, who):
    profile.profile_of(tree.school)
    profile.profile_of(tree.sibling)
    fx.add("guard", tree.sibling, who.sibling_principal)
    client = browser(who.county_officer)
    overview = client.get(f"/facilities/org/{tree.county.pk}/").content.decode()
    assert 'id="no-guard-link"' in overview
    listed = client.get(f"/facilities/org/{tree.county.pk}/schools/?missing=guard").content.decode()
    assert tree.school.name in listed and tree.sibling.name not in listed
    data = client.get(f"/api/v1/facilities/profiles/?org={tree.county.pk}&missing=guard").json()
    assert [row["school"] for row in data["results"]] == [tree.school.pk]
    layer = client.get(f"/org/{tree.county.pk}/map/data.json?layer=no_guard").json()["layer"]
    assert layer["count"] == 1 and layer["schools"][0][0] == tree.school.pk
    fx.add("guard", tree.school, who.principal, name="=HYPERLINK(1)")
    sheet = read_xlsx(b"".join(client.get(f"/facilities/org/{tree.county.pk}/guard/?format=xlsx").streaming_content))
    assert sheet[0][0] in ("School code", "学校代码")
    assert "=HYPERLINK(1)" in [row[2] for row in sheet[1:]]


def test_api_create_answers_404_403_400_and_201(tree, who):
    body = {**fx.values("guard"), "school": tree.school.pk}
    body = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in body.items()}
    assert api(who.principal).post("/api/v1/facilities/guards/", {**body, "school": tree.foreign.pk}).status_code == 404
    assert api(who.staff).post("/api/v1/facilities/guards/", body).status_code == 403
    bad = api(who.principal).post("/api/v1/facilities/guards/", {**body, "birth_date": "1900-01-01", "post": "x"})
    assert bad.status_code == 400 and {"birth_date", "post"} <= set(bad.json())
    unknown = api(who.principal).post("/api/v1/facilities/guards/", {**body, "salary": 1})
    assert unknown.status_code == 400 and "salary" in unknown.json()
    assert Guard.objects.count() == 0
    made = api(who.principal).post("/api/v1/facilities/guards/", body, format="json")
    assert made.status_code == 201, made.content
    guard = made.json()
    changed = api(who.principal).patch(f"/api/v1/facilities/guards/{guard['id']}/", {"licence_no": ""}, format="json")
    assert changed.status_code == 200
    assert [f["check"] for f in changed.json()["findings"]] == ["licence"]
    failing = api(who.county_officer).get("/api/v1/facilities/guards/?state=failing").json()
    assert [row["id"] for row in failing["results"]] == [guard["id"]]
    assert recount.drift() == []


def _guard_file(rows):
    importer = LedgerImporter.__subclasses__()[0]
    header = [column.label_zh for column in importer(None).columns]
    return header, make_xlsx(header, rows)


def test_import_reports_every_bad_row_and_writes_nothing(tree, who):
    kind = "facilities_guard"
    good = ["", "赵强", "1980-05-01", "鲁0120210012345", "本校", "2020-09-01", "是", "门卫", "2026-10-01", ""]
    header, data = _guard_file([good, ["", "", "1980-13-01", "", "本校", "2020-09-01", "也许", "门卫", "", ""]])
    assert header[1] == "姓名"
    batch = check_batch(kind, "guards.xlsx", data, actor=who.principal)
    assert batch.status == "invalid"
    columns = {row["column"] for row in batch.report["errors"]}
    assert {"姓名", "出生日期", "专职"} <= columns or len(batch.report["errors"]) >= 3
    assert Guard.objects.count() == 0
    _header, data = _guard_file([good])
    batch = check_batch(kind, "guards.xlsx", data, actor=who.principal)
    assert batch.status == "checked", batch.report
    apply_batch(batch, actor=who.principal)
    assert Guard.objects.get().name == "赵强"
    again = check_batch(kind, "guards.xlsx", data, actor=who.principal)
    assert again.counts.get("unchanged") == 1
    assert recount.drift() == []


def test_the_figures_agree_with_the_lists_behind_them(tree, who):
    from safecampus.facilities.dashboard import facility_figures

    today = clock.today()
    fx.add("bus", tree.school, who.principal, plate="鲁A11111", inspected_on=today - timedelta(days=200))  # overdue
    fx.add("bus", tree.school, who.principal, plate="鲁A22222", licence_until=today + timedelta(days=10))  # soon
    fx.add("bus", tree.school, who.principal, plate="鲁A33333", first_aid_kit=False)  # failing, not an expiry
    fx.add("equipment", tree.school, who.principal, kind="lift", maintained_on=today - timedelta(days=10))
    figures = facility_figures([tree.county], today)[tree.county.pk]
    client = api(who.county_officer)
    for key, route in (("bus", "buses"), ("equipment", "special-equipment")):
        failing = client.get(f"/api/v1/facilities/{route}/?org={tree.county.pk}&state=failing").json()["count"]
        soon = client.get(f"/api/v1/facilities/{route}/?org={tree.county.pk}&state=soon&soon=30").json()["count"]
        assert (figures[f"fac_{key}_failing"], figures[f"fac_{key}_soon"]) == (failing, soon), key
    assert (figures["fac_bus_failing"], figures["fac_bus_soon"]) == (2, 1)
    assert figures["fac_equipment_soon"] == 0  # a lift's fortnightly upkeep is routine, not an expiry
