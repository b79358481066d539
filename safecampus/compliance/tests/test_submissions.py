"""Submissions (报送): asking, sending the file the template asks for, returning and accepting, the DHIS2 figures,
reminders once each, and who may do what."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from safecampus.compliance.models import Occurrence, Submission, SubmissionRequest
from safecampus.compliance.services import submissions as s
from safecampus.core import clock
from safecampus.core.models import Notification
from safecampus.core.recount import drift
from safecampus.testing import compliance as c
from safecampus.testing.scope_contract import ListScopeContract
from safecampus.testing.steps import check_steps

pytestmark = pytest.mark.django_db
NOV = c.at(date(2026, 11, 2))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def xlsx(name="年度总结.xlsx"):
    book, buffer = Workbook(), io.BytesIO()
    book.active["A1"] = "学校安全工作年度总结"
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def asked(tree, who, **values):
    data = {
        "title": "2026 年度学校安全工作总结",
        "deadline": date(2026, 11, 25),
        "target": "schools",
        "accepts": "xlsx",
        "template": xlsx("模板.xlsx"),
    } | values
    with clock.travel_to(NOV):
        return s.ask(tree.county, actor=who.county_officer, **data)


def test_a_county_asks_its_schools_and_each_is_told_and_owes_it(tree, who):
    request = asked(tree, who)
    rows = Submission.objects.filter(request=request)
    assert sorted(row.org_id for row in rows) == sorted([tree.school.pk, tree.sibling.pk])
    assert Occurrence.objects.filter(obligation=request.code).count() == 2
    assert Notification.objects.filter(user=who.principal, kind="submission").exists()
    assert not Notification.objects.filter(user=who.foreign_principal).exists()
    assert drift() == []


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"deadline": date(2026, 10, 1)}, "deadline"),
        ({"template": SimpleUploadedFile("模板.xlsx", b"%PDF-1.4 not a workbook")}, "template"),
        ({"title": ""}, "title"),
        ({"target": "planets"}, "target"),
    ],
)
def test_bad_asks_name_the_field_and_write_nothing(tree, who, values, field):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        asked(tree, who, **values)
    assert field in error.value.message_dict
    assert not SubmissionRequest.objects.exists() and not Occurrence.objects.exists()


def test_send_return_resend_accept_and_the_figures(client, tree, who):
    request = asked(tree, who)
    mine = Submission.objects.get(request=request, org=tree.school)
    client.force_login(who.school_safety)
    with clock.travel_to(c.at(date(2026, 11, 20))):
        wrong = SimpleUploadedFile("总结.docx", b"PK\x03\x04 not really")
        response = client.post(f"/submissions/{mine.pk}/step/submit/", {"submit-file": wrong})
        assert response.status_code == 400 and "Excel" in response.content.decode()
        assert client.post(f"/submissions/{mine.pk}/step/submit/", {}).status_code == 400
        mine.refresh_from_db()
        assert mine.state == "due" and not mine.files.exists()
        response = client.post(f"/submissions/{mine.pk}/step/submit/", {"submit-file": xlsx(), "submit-note": "请审阅"})
        assert response.status_code == 302
    occurrence = Occurrence.objects.get(org=tree.school, obligation=request.code)
    assert occurrence.state == "done"
    client.force_login(who.county_officer)
    with clock.travel_to(c.at(date(2026, 11, 21))):
        assert client.post(f"/submissions/{mine.pk}/step/return/", {"return-reason": ""}).status_code == 400
        response = client.post(f"/submissions/{mine.pk}/step/return/", {"return-reason": "缺少隐患整改统计表"})
        assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.state == "open"
    client.force_login(who.school_safety)
    with clock.travel_to(c.at(date(2026, 11, 28))):  # resent after the deadline: timeliness keeps the first send
        assert client.post(f"/submissions/{mine.pk}/step/submit/", {"submit-file": xlsx()}).status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.state == "done"
    client.force_login(who.county_officer)
    with clock.travel_to(c.at(date(2026, 12, 30))):
        assert client.post(f"/submissions/{mine.pk}/step/accept/", {}).status_code == 302
        page = client.get(f"/submission-requests/{request.pk}/").content.decode()
    mine.refresh_from_db()
    assert mine.state == "accepted" and mine.files.count() == 2
    # Two schools asked, one sent on time; the kindergarten sent nothing and its grace ended on 25 December.
    assert 'id="f-expected">2<' in page and 'id="f-completeness">50%<' in page and 'id="f-timeliness">50%<' in page
    kindergarten = Occurrence.objects.get(org=tree.sibling, obligation=request.code)
    assert kindergarten.shown_state(date(2026, 12, 30)) == "missing"
    from safecampus.compliance.dashboard import _panel

    tile = _panel(tree.county, date(2026, 12, 30))["duties"]["submission"]
    assert (tile["expected"], tile["done_on_time"], tile["missing"], tile["completeness"]) == (2, 1, 1, 50)
    assert drift() == []


def test_only_the_unit_sends_and_only_the_bureau_decides(client, tree, who):
    request = asked(tree, who)
    mine = Submission.objects.get(request=request, org=tree.school)
    client.force_login(who.county_officer)
    with clock.travel_to(NOV):
        assert client.post(f"/submissions/{mine.pk}/step/submit/", {"submit-file": xlsx()}).status_code == 403
    client.force_login(who.staff)
    assert client.post(f"/submissions/{mine.pk}/step/submit/", {"submit-file": xlsx()}).status_code == 403
    client.force_login(who.principal)
    assert client.post(f"/submissions/{mine.pk}/step/accept/", {}).status_code == 403
    assert client.get(f"/submission-requests/{request.pk}/").status_code == 200  # through its own submission
    assert client.get(f"/submission-requests/{request.pk}/template/").status_code == 200
    client.force_login(who.sibling_principal)
    assert client.get(f"/submissions/{mine.pk}/").status_code == 404
    client.force_login(who.foreign_county_officer)
    assert client.get(f"/submission-requests/{request.pk}/").status_code == 404
    assert client.get(f"/submissions/{mine.pk}/").status_code == 404


def test_reminders_go_once_before_and_once_after_the_deadline(tree, who):
    request = asked(tree, who)
    assert s.remind(date(2026, 11, 10)) == {"submission reminders before": 0, "submission reminders after": 0}
    assert s.remind(date(2026, 11, 23))["submission reminders before"] == 2
    assert s.remind(date(2026, 11, 24))["submission reminders before"] == 0
    assert s.remind(date(2026, 11, 26))["submission reminders after"] == 2
    assert s.remind(date(2026, 11, 27))["submission reminders after"] == 0
    titles = list(Notification.objects.filter(user=who.principal).values_list("title", flat=True))
    assert sum("2026-11-25" in title for title in titles) == 2 and request.title in titles[-1]


class TestSubmissionApiScope(ListScopeContract):
    api = True

    @pytest.fixture(autouse=True)
    def _files(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path

    def record(self, tree, who):
        return Submission.objects.get(request=asked(tree, who), org=tree.school)

    def detail_url(self, obj):
        return f"/api/v1/compliance/submissions/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/compliance/submissions/?page_size=500"


class TestSubmissionPageScope(ListScopeContract):
    @pytest.fixture(autouse=True)
    def _files(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path

    def record(self, tree, who):
        return Submission.objects.get(request=asked(tree, who), org=tree.school)

    def detail_url(self, obj):
        return f"/submissions/{obj.pk}/"

    def list_url(self, obj, user):
        return f"/org/{user.memberships.first().org_id}/submissions/"

    def listed(self, response, obj):
        return f"/submissions/{obj.pk}/" in response.content.decode()

    def test_insider_finds_it_in_list(self, tree, who):
        obj = self.record(tree, who)
        response = self.client_for(who.principal).get(f"/org/{tree.school.pk}/submissions/")
        assert self.listed(response, obj)


def test_each_submission_step_offered_is_a_step_that_succeeds(tree, who):
    users = {
        role: getattr(who, role)
        for role in (
            "staff",
            "school_safety",
            "principal",
            "county_officer",
            "city_admin",
            "province_officer",
            "city_leader",
        )
    }

    def sent():
        row = Submission.objects.get(request=asked(tree, who), org=tree.school)
        s.submit(row, actor=who.school_safety, file=xlsx())
        return row

    def returned():
        row = sent()
        s.return_submission(row, actor=who.county_officer, reason="补充附件")
        return row

    def accepted():
        row = sent()
        s.accept(row, actor=who.county_officer)
        return row

    with clock.travel_to(NOV):
        offered = check_steps(
            s.flow,
            lambda row: f"/api/v1/compliance/submissions/{row.pk}/",
            {
                "due": lambda: Submission.objects.get(request=asked(tree, who), org=tree.school),
                "submitted": sent,
                "returned": returned,
                "accepted": accepted,
            },
            users,
            {
                "submit": lambda row: {"file": xlsx()},
                "accept": lambda row: {},
                "return": lambda row: {"reason": "请补充"},
            },
            multipart={"submit"},
        )
    assert offered[("due", "school_safety")] == {"submit"} and offered[("due", "county_officer")] == set()
    assert offered[("submitted", "county_officer")] == {"accept", "return"}
    assert offered[("returned", "principal")] == {"submit"} and offered[("accepted", "principal")] == set()


def test_the_api_asks_and_a_school_submits(api, tree, who):
    with clock.travel_to(NOV):
        response = api(who.county_officer).post(
            "/api/v1/compliance/requests/",
            {
                "org": tree.county.pk,
                "title": "第四季度安全工作进展",
                "deadline": "2026-11-30",
                "target": "schools",
                "accepts": "pdf",
            },
            format="multipart",
        )
        assert response.status_code == 201, response.json()
        request_id = response.json()["id"]
        assert (
            api(who.principal)
            .post(
                "/api/v1/compliance/requests/",
                {"org": tree.school.pk, "title": "x", "deadline": "2026-11-30"},
                format="multipart",
            )
            .status_code
            == 403
        )
        mine = api(who.school_safety).get(f"/api/v1/compliance/submissions/?request={request_id}").json()["results"]
        assert [row["org"] for row in mine] == [tree.school.pk]
        pdf = SimpleUploadedFile("进展.pdf", b"%PDF-1.4\n%%EOF\n")
        response = api(who.school_safety).post(
            f"/api/v1/compliance/submissions/{mine[0]['id']}/submit/", {"file": pdf}, format="multipart"
        )
        assert response.status_code == 200 and response.json()["state"] == "submitted"
        figures = api(who.county_officer).get(f"/api/v1/compliance/requests/{request_id}/").json()["figures"]
    assert (figures["expected"], figures["done_on_time"], figures["completeness"]) == (2, 1, 50)


def test_the_warning_list_counts_unsent_submissions_and_missed_drills(tree, who):
    from safecampus.compliance import dashboard, engine
    from safecampus.dashboards.registry import warning_parts

    asked(tree, who)
    mine = Submission.objects.get(org=tree.school)
    with clock.travel_to(c.at(date(2026, 11, 20))):
        s.submit(mine, actor=who.school_safety, file=xlsx())
        engine.open_periods()
    late = warning_parts["submissions_late"].counts(tree.county, date(2026, 12, 1), 7)
    assert late == {tree.sibling.pk: 1}
    missed = dashboard._missed("drill")(tree.county, date(2026, 12, 11), 7)
    assert missed[tree.school.pk] == 1  # November's drill: the month closed on 10 December with nothing recorded


def test_a_submissions_occurrence_is_not_excused_and_lists_keep_to_the_duties(client, tree, who):
    from safecampus.compliance.services import records

    request = asked(tree, who)
    occurrence = Occurrence.objects.get(org=tree.school, obligation=request.code)
    mine = Submission.objects.get(request=request, org=tree.school)
    client.force_login(who.city_admin)
    response = client.get(f"/occurrences/{occurrence.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/submissions/{mine.pk}/"
    listed = client.get(f"/org/{tree.county.pk}/duties/occurrences/?from=2024-02-30").content.decode()
    assert f"/occurrences/{occurrence.pk}/" not in listed
    from safecampus.core.exceptions import StateConflict

    with pytest.raises(StateConflict), clock.travel_to(NOV):
        records.excuse(occurrence, actor=who.province_officer, reason="不适用")
    assert api_client(who.county_officer).get("/api/v1/compliance/submissions/?request=abc").status_code == 400


def api_client(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client
