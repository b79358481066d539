"""The incident pages and API: scope, the initial report form, steps through both, exports, access log."""

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from safecampus.core import clock
from safecampus.incidents.models import Incident, PersonalDataAccess
from safecampus.testing.incidents import report
from safecampus.testing.scope_contract import ListScopeContract

pytestmark = pytest.mark.django_db


class TestIncidentScope(ListScopeContract):
    def record(self, tree, who):
        return report(tree, who)

    def detail_url(self, obj):
        return f"/incidents/{obj.pk}/"

    def list_url(self, obj, user):
        return f"/org/{obj.org.pk}/incidents/"

    def marker(self, obj):
        return obj.number

    @pytest.mark.parametrize("role", ["principal", "county_officer", "city_leader", "province_officer"])
    def test_insiders_see_detail(self, tree, who, role):
        super().test_insiders_see_detail(tree, who, role)

    @pytest.mark.parametrize("role", ["sibling_principal", "foreign_county_officer", "expert"])
    def test_outsiders_get_404(self, tree, who, role):
        super().test_outsiders_get_404(tree, who, role)


class TestIncidentApiScope(TestIncidentScope):
    api = True

    def detail_url(self, obj):
        return f"/api/v1/incidents/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/incidents/?page_size=500"


def form_data(**overrides):
    data = {
        "category": "accident",
        "subtype": "fire",
        "title": "宿舍电器起火",
        "occurred_at": (clock.now() - timedelta(minutes=10)).astimezone().strftime("%Y-%m-%dT%H:%M"),
        "place": "学生宿舍3楼",
        "description": "学生违规使用电器引发小火。",
        "measures": "已扑灭并疏散。",
        "students_involved": "40",
        "staff_involved": "2",
        "deaths": "0",
        "student_deaths": "0",
        "serious_injuries": "0",
        "injuries": "1",
        "missing": "0",
        "direct_loss": "0.5",
        "grade": "",
        "p-TOTAL_FORMS": "3",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "50",
        "p-0-role": "student",
        "p-0-name": "王小红",
        "p-0-id_number": "370102201001011234",
        "p-0-harm": "injured",
        "p-1-role": "student",
        "p-1-harm": "injured",
        "p-2-role": "student",
        "p-2-harm": "injured",
    }
    data.update(overrides)
    return data


def test_school_reports_county_forwards_city_closes_the_chain(client, tree, who):
    client.force_login(who.principal)
    bad = client.post(f"/org/{tree.school.pk}/incidents/new/", form_data(subtype="drowning", title=""))
    assert bad.status_code == 200 and Incident.objects.count() == 0
    page = bad.content.decode()
    assert "is-invalid" in page or "invalid-feedback" in page
    response = client.post(f"/org/{tree.school.pk}/incidents/new/", form_data())
    incident = Incident.objects.get()
    assert response.url == f"/incidents/{incident.pk}/"
    detail = client.get(response.url).content.decode()
    assert "王**" in detail and "王小红" not in detail and "370102********1234" in detail
    client.force_login(who.county_officer)
    assert client.post(f"/incidents/{incident.pk}/step/forward/", {"forward-to": ""}).status_code == 302
    client.force_login(who.city_admin)
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert 'id="step-acknowledge"' in page and 'id="step-forward"' not in page, "ordinary stops at the city"
    client.post(f"/incidents/{incident.pk}/step/acknowledge/")
    client.force_login(who.principal)
    client.post(f"/incidents/{incident.pk}/step/mark_handled/")
    bad_final = client.post(
        f"/incidents/{incident.pk}/step/final/", {"final-cause": "", "final-handling": "h", "final-lessons": "l"}
    )
    assert bad_final.status_code == 400
    client.post(
        f"/incidents/{incident.pk}/step/final/",
        {"final-cause": "违规电器", "final-handling": "已处理", "final-lessons": "加强检查"},
    )
    incident.refresh_from_db()
    assert incident.state == "closed"
    assert list(incident.receipts.values_list("org__code", flat=True)) == [tree.county.code, tree.city.code]


def test_reveal_is_logged_and_refused_to_other_roles(client, tree, who):
    incident = report(tree, who, persons=[{"name": "李雷", "id_number": "370102201001015678", "harm": "injured"}])
    client.force_login(who.city_leader)
    assert client.post(f"/incidents/{incident.pk}/persons/", {"purpose": "看看"}).status_code == 403
    client.force_login(who.principal)
    page = client.post(f"/incidents/{incident.pk}/persons/", {"purpose": "通知家长"})
    assert "李雷" in page.content.decode() and page["Cache-Control"] == "no-store"
    assert PersonalDataAccess.objects.filter(user=who.principal, incident=incident).count() == 1
    client.force_login(who.county_admin)
    log = client.get(f"/org/{tree.county.pk}/incidents/access-log/").content.decode()
    assert incident.number in log and "通知家长" in log
    client.force_login(who.county_officer)
    assert client.get(f"/org/{tree.county.pk}/incidents/access-log/").status_code == 403


def test_api_report_and_steps(tree, who):
    api = APIClient()
    api.force_authenticate(who.principal)
    payload = {k: v for k, v in form_data().items() if not k.startswith("p-")}
    payload.update(org=tree.school.pk, persons=[{"name": "韩梅梅", "harm": "serious"}])
    created = api.post("/api/v1/incidents/", payload, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["persons"][0]["name"] == "韩**" and "follow_up" in body["allowed_steps"]
    missing = api.post("/api/v1/incidents/", {**payload, "title": ""}, format="json")
    assert missing.status_code == 400 and "title" in missing.json()
    pk = body["id"]
    assert api.post(f"/api/v1/incidents/{pk}/nonsense/", {}, format="json").status_code == 404
    assert api.post(f"/api/v1/incidents/{pk}/forward/", {}, format="json").status_code in (403, 409)
    unknown = api.post(f"/api/v1/incidents/{pk}/follow_up/", {**payload, "note": "伤者转院"}, format="json")
    assert unknown.status_code == 400 and "category" in unknown.json(), "a body with fields the step lacks is refused"
    figures = {k: v for k, v in payload.items() if k in ("description", "measures", "injuries", "serious_injuries")}
    follow = api.post(f"/api/v1/incidents/{pk}/follow_up/", {**figures, "note": "伤者转院", "deaths": 3}, format="json")
    assert follow.status_code == 200 and follow.json()["grade"] == "large"
    county = APIClient()
    county.force_authenticate(who.county_officer)
    lowered = county.post(f"/api/v1/incidents/{pk}/set_grade/", {"grade": "ordinary", "reason": "核实"}, format="json")
    assert lowered.status_code == 200 and lowered.json()["grade"] == "ordinary"
    refused = api.post(f"/api/v1/incidents/{pk}/set_grade/", {"grade": "ordinary", "reason": "x"}, format="json")
    assert refused.status_code == 400, "already ordinary"
    foreign = APIClient()
    foreign.force_authenticate(who.foreign_county_officer)
    assert foreign.get(f"/api/v1/incidents/{pk}/").status_code == 404
    assert foreign.get("/api/v1/incidents/").json()["count"] == 0


def test_ledger_filters_export_and_pdf(client, tree, who):
    report(tree, who, title="溺水事件")
    late = report(tree, who, title="迟报事件", occurred_at=clock.now() - timedelta(hours=3))
    client.force_login(who.city_leader)
    rows = client.get(f"/org/{tree.city.pk}/incidents/", {"fault": "late"}).context["page"]
    assert [i.pk for i in rows] == [late.pk]
    book = load_workbook(
        io.BytesIO(b"".join(client.get(f"/org/{tree.city.pk}/incidents/export.xlsx").streaming_content))
    )
    titles = [row[5] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == ["溺水事件", "迟报事件"]
    pdf = client.get(f"/incidents/{late.pk}/report.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace(" ", "")
    assert "学校安全事件信息报告表" in text and late.number in text


def test_report_form_names_the_wrong_type_and_id_number(client, tree, who):
    client.force_login(who.principal)
    wrong_type = client.post(f"/org/{tree.school.pk}/incidents/new/", form_data(category="social"))
    assert "subtype" in wrong_type.context["form"].errors
    bad_id = client.post(f"/org/{tree.school.pk}/incidents/new/", form_data(**{"p-0-id_number": "12345"}))
    assert "id_number" in bad_id.context["persons"][0].errors
    assert Incident.objects.count() == 0
