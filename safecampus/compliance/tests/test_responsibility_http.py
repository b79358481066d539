"""Responsibility over HTTP: every page and endpoint scoped to the tree, each step × role × state, the pages a school
and a county use (with bad input answered 400 and nothing written), the letter as PDF, and the supervision flow."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from safecampus.compliance.models import DutyDocument, Letter, PracticalTask, SupervisionPlan
from safecampus.compliance.services import letters as lt
from safecampus.compliance.services import responsibility as r
from safecampus.compliance.services import supervision as s
from safecampus.compliance.services import training as t
from safecampus.core import clock
from safecampus.hazards.models import InspectionTask
from safecampus.testing import compliance as c
from safecampus.testing.hazards import library
from safecampus.testing.scope_contract import ListScopeContract
from safecampus.testing.steps import check_steps

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROLES = ("staff", "school_safety", "principal", "county_officer", "city_leader", "city_admin", "province_officer")


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.SAFECAMPUS_REQUIRE_ADMIN_2FA = False


def pdf(name="责任书.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def school_letter(tree, who):
    lt.issue_school_letters(tree.county, actor=who.county_officer, year=clock.today().year)
    return Letter.objects.get(org=tree.school, trainee=None)


def task(tree, who):
    return r.pledge(
        tree.school, actor=who.principal, problem="围墙加高", lead="王校长", due_on=clock.today(), measure=""
    )


def document(tree, who):
    return r.publish_document(
        tree.school, actor=who.principal, kind="head_tasks", title="校长年度任务清单", held_on=clock.today(), file=pdf()
    )


class TestLetterPageScope(ListScopeContract):
    def record(self, tree, who):
        return school_letter(tree, who)

    def detail_url(self, obj):
        return f"/letters/{obj.pk}/"

    def list_url(self, obj, user):
        return f"/org/{obj.org_id}/responsibility/"

    def marker(self, obj):
        return f"/letters/{obj.pk}/"


class TestLetterApiScope(ListScopeContract):
    api = True

    def record(self, tree, who):
        return school_letter(tree, who)

    def detail_url(self, obj):
        return f"/api/v1/compliance/letters/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/compliance/letters/?page_size=500"


class TestTaskPageScope(ListScopeContract):
    def record(self, tree, who):
        return task(tree, who)

    def detail_url(self, obj):
        return f"/tasks/{obj.pk}/"

    def list_url(self, obj, user):
        return f"/org/{obj.org_id}/responsibility/"

    def marker(self, obj):
        return f"/tasks/{obj.pk}/"


class TestDocumentApiScope(ListScopeContract):
    api = True

    def record(self, tree, who):
        return document(tree, who)

    def detail_url(self, obj):
        return f"/api/v1/compliance/documents/{obj.pk}/"

    def list_url(self, obj, user):
        return "/api/v1/compliance/documents/?page_size=500"


def test_each_letter_step_offered_is_a_step_that_succeeds(tree, who):
    users = {role: getattr(who, role) for role in ROLES}

    def signed():
        letter = school_letter(tree, who)
        lt.sign(letter, actor=who.principal, confirm=True)
        return letter

    offered = check_steps(
        lt.flow,
        lambda letter: f"/api/v1/compliance/letters/{letter.pk}/",
        {"issued": lambda: school_letter(tree, who), "signed": signed},
        users,
        {
            "sign": lambda letter: {"confirm": True},
            "scan": lambda letter: {"scan": pdf(), "signer_name": "王校长", "held_on": clock.today().isoformat()},
            "void": lambda letter: {"reason": "重新签订"},
        },
        multipart={"scan"},
    )
    assert offered[("issued", "principal")] == {"sign", "scan"}
    assert offered[("issued", "county_officer")] == {"scan", "void"}
    assert offered[("issued", "staff")] == set() and offered[("issued", "city_admin")] == set()
    assert offered[("signed", "county_officer")] == {"void"}


def test_each_task_step_offered_is_a_step_that_succeeds(tree, who):
    users = {role: getattr(who, role) for role in ROLES}

    def solved():
        found = task(tree, who)
        r.solve(found, actor=who.principal, done_on=clock.today(), result="已完成")
        return found

    offered = check_steps(
        r.tasks,
        lambda found: f"/api/v1/compliance/practical-tasks/{found.pk}/",
        {"planned": lambda: task(tree, who), "solved": solved},
        users,
        {
            "progress": lambda found: {"progress": 50, "note": "施工中"},
            "solve": lambda found: {"done_on": clock.today().isoformat(), "result": "已完成"},
            "drop": lambda found: {"reason": "不再需要"},
            "reopen": lambda found: {"reason": "验收未过"},
        },
    )
    assert offered[("planned", "principal")] == {"progress", "solve", "drop"}
    assert offered[("planned", "county_officer")] == set()  # a bureau does not keep a school's list
    assert offered[("solved", "school_safety")] == {"reopen"}


def test_a_school_publishes_pledges_and_prints_from_its_page(tree, who):
    client = Client()
    client.force_login(who.principal)
    page = client.get(f"/org/{tree.school.pk}/responsibility/")
    assert page.status_code == 200 and 'id="document-form"' in page.content.decode()
    bad = client.post(
        f"/org/{tree.school.pk}/responsibility/documents/",
        {"document-kind": "head_tasks", "document-title": "", "document-held_on": "2099-01-01"},
    )
    assert bad.status_code == 400 and not DutyDocument.objects.exists()
    good = client.post(
        f"/org/{tree.school.pk}/responsibility/documents/",
        {
            "document-kind": "head_tasks",
            "document-title": "校长任务清单",
            "document-held_on": clock.today().isoformat(),
            "document-file": pdf(),
        },
    )
    assert good.status_code == 302 and DutyDocument.objects.get().title == "校长任务清单"
    pledged = client.post(
        f"/org/{tree.school.pk}/responsibility/tasks/",
        {"task-problem": "门卫室改造", "task-lead": "王校长", "task-due_on": clock.today().isoformat()},
    )
    assert pledged.status_code == 302 and PracticalTask.objects.get().problem == "门卫室改造"
    letter = school_letter(tree, who)
    printed = client.get(f"/letters/{letter.pk}/pdf/")
    assert printed.status_code == 200 and printed["Content-Type"] == "application/pdf"
    assert printed.content.startswith(b"%PDF")
    signed = client.post(f"/letters/{letter.pk}/step/sign/", {"sign-confirm": "on"})
    assert signed.status_code == 302
    letter.refresh_from_db()
    assert letter.state == "signed" and letter.signed_by == who.principal
    assert client.get(f"/org/{tree.school.pk}/responsibility/").context["coverage"]["own"] == letter


def test_a_county_issues_letters_and_words_duties_from_its_page(tree, who):
    client = Client()
    client.force_login(who.county_officer)
    year = clock.today().year
    answer = client.post(f"/org/{tree.county.pk}/responsibility/letters/", {"issue-year": year})
    assert answer.status_code == 302 and Letter.objects.filter(issuer=tree.county).count() == 2
    page = client.get(f"/org/{tree.county.pk}/responsibility/?year={year}")
    assert page.context["coverage"] == {"schools": 2, "schools_signed": 0}
    assert page.content.decode().count("/letters/") >= 2
    worded = client.post(
        f"/org/{tree.county.pk}/responsibility/duties/",
        {"template-post": "teacher", "template-school_kind": "", "template-duties": "一、县定职责。"},
    )
    assert worded.status_code == 302
    empty = client.post(
        f"/org/{tree.county.pk}/responsibility/duties/",
        {"template-post": "teacher", "template-school_kind": "", "template-duties": ""},
    )
    assert empty.status_code == 400
    # A principal of the county's school may read the wording but not change it.
    principal = Client()
    principal.force_login(who.principal)
    assert principal.post(
        f"/org/{tree.county.pk}/responsibility/duties/",
        {"template-post": "teacher", "template-duties": "x"},
    ).status_code in (403, 404)


def test_the_supervision_flow_over_the_pages(tree, who):
    checklist = library(tree, who)
    client = Client()
    client.force_login(who.county_officer)
    year = clock.today().year
    made = client.post(
        f"/org/{tree.county.pk}/supervision/new/",
        {"plan-name": "年度监督检查计划", "plan-year": year, "plan-checklist": checklist.pk},
    )
    assert made.status_code == 302
    plan = SupervisionPlan.objects.get()
    wrong = client.post(
        f"/supervision/{plan.pk}/assign/",
        {"assign-school": tree.foreign.pk, "assign-supervisor": who.county_officer.pk, "assign-visits": 2},
    )
    assert wrong.status_code == 400 and not plan.assignments.exists()
    client.post(
        f"/supervision/{plan.pk}/assign/",
        {
            "assign-school": tree.school.pk,
            "assign-supervisor": who.county_officer.pk,
            "assign-visits": 1,
            "assign-focus": "消防",
        },
    )
    assert client.post(f"/supervision/{plan.pk}/step/publish/").status_code == 302
    assert InspectionTask.objects.filter(school=tree.school, plan__kind="supervision").count() == 1
    page = client.get(f"/supervision/{plan.pk}/").content.decode()
    assert "消防" in page and 'data-outcome="pending"' in page


def test_the_api_publishes_a_document_and_refuses_a_foreign_unit(tree, who):
    api = APIClient()
    api.force_authenticate(who.principal)
    today = clock.today().isoformat()
    made = api.post(
        "/api/v1/compliance/documents/",
        {"org": tree.school.pk, "kind": "staff_system", "title": "全员安全责任制", "held_on": today, "file": pdf()},
        format="multipart",
    )
    assert made.status_code == 201 and made.json()["kind"] == "staff_system"
    foreign = api.post(
        "/api/v1/compliance/documents/",
        {"org": tree.foreign.pk, "kind": "staff_system", "title": "x", "held_on": today, "file": pdf()},
        format="multipart",
    )
    assert foreign.status_code == 404
    unknown = api.post(
        "/api/v1/compliance/practical-tasks/",
        {"org": tree.school.pk, "problem": "x", "lead": "y", "due_on": today, "colour": "red"},
        format="json",
    )
    assert unknown.status_code == 400 and "colour" in unknown.json()
    issued = api.post("/api/v1/compliance/letters/issue/", {"org": tree.school.pk, "year": 1999}, format="json")
    assert issued.status_code == 400
    with clock.travel_to(c.at(date(clock.today().year, 1, 5))):
        t.add_trainee(tree.school, actor=who.principal, name="李娜", post="teacher")
    issued = api.post(
        "/api/v1/compliance/letters/issue/", {"org": tree.school.pk, "year": clock.today().year}, format="json"
    )
    assert issued.status_code == 201 and issued.json() == {"issued": 1}


def test_the_api_runs_a_supervision_plan(tree, who):
    checklist = library(tree, who)
    api = APIClient()
    api.force_authenticate(who.county_officer)
    made = api.post(
        "/api/v1/compliance/supervision-plans/",
        {"org": tree.county.pk, "name": "计划", "year": clock.today().year, "checklist": checklist.pk},
        format="json",
    )
    assert made.status_code == 201
    pk = made.json()["id"]
    assigned = api.post(
        f"/api/v1/compliance/supervision-plans/{pk}/assign/",
        {"school": tree.school.pk, "supervisor": who.county_officer.pk, "visits": 2},
        format="json",
    )
    assert assigned.status_code == 201
    published = api.post(f"/api/v1/compliance/supervision-plans/{pk}/publish/", {}, format="json")
    assert published.status_code == 200 and published.json()["state"] == "published"
    assert s.plans.get("publish") is not None
