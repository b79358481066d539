"""Importing schools from Excel: dry run, row errors, all-or-nothing, idempotence, CLI and pages."""

import io

import pytest
from django.core.management import CommandError, call_command

from safecampus.core.models import ImportBatch
from safecampus.core.services import run_import
from safecampus.orgs.models import OrgUnit, School
from safecampus.testing.xlsx import SCHOOL_HEADER, make_xlsx, read_xlsx

pytestmark = pytest.mark.django_db

GOOD = [
    ["3701020101", "历下新苑小学", "370102", "小学", "否", "是", 800, 117.06, 36.67],
    ["3701020102", "历下阳光幼儿园", "370102", "kindergarten", "", "", 120, "", ""],
]


def test_dry_run_reports_and_writes_nothing(tree, who):
    result = run_import("schools", make_xlsx(SCHOOL_HEADER, GOOD), actor=who.county_admin, dry_run=True)
    assert result.ok and not result.applied
    assert [(c.row, c.action, c.key) for c in result.changes] == [
        (2, "create", "3701020101"),
        (3, "create", "3701020102"),
    ]
    assert not OrgUnit.objects.filter(code__in=["3701020101", "3701020102"]).exists()


def test_apply_creates_schools_with_profile_and_history(tree, who):
    result = run_import("schools", make_xlsx(SCHOOL_HEADER, GOOD), actor=who.county_admin, dry_run=False)
    assert result.applied
    school = OrgUnit.objects.get(code="3701020101")
    assert school.path.startswith(tree.county.path) and school.level == "school"
    assert (school.lng, school.lat) == (117.06, 36.67)
    profile = School.objects.get(org=school)
    assert (profile.kind, profile.uses_school_bus, profile.is_boarding, profile.student_count) == (
        "primary",
        True,
        False,
        800,
    )
    assert School.objects.get(org__code="3701020102").kind == "kindergarten"
    assert school.history.get().history_user == who.county_admin


def test_reimport_is_idempotent_and_updates(tree, who):
    data = make_xlsx(SCHOOL_HEADER, GOOD)
    run_import("schools", data, actor=who.county_admin, dry_run=False)
    again = run_import("schools", data, actor=who.county_admin, dry_run=False)
    assert [c.action for c in again.changes] == ["unchanged", "unchanged"]
    assert OrgUnit.objects.filter(code="3701020101").count() == 1
    changed = [row[:] for row in GOOD]
    changed[0][6] = 850
    result = run_import("schools", make_xlsx(SCHOOL_HEADER, changed), actor=who.county_admin, dry_run=False)
    assert result.changes[0].action == "update" and result.changes[0].detail == "学生数"
    assert School.objects.get(org__code="3701020101").student_count == 850


BAD_ROWS = [
    (["3701020201", "好学校", "370102", "小学", "否", "否", 10, None, None], None),
    (["3701020202", "未知上级", "379999", "小学", "否", "否", 10, None, None], "no unit has the code 379999"),
    (["3701020201", "重复代码", "370102", "小学", "否", "否", 10, None, None], "duplicates row 2"),
    (["3701020203", "类型错误", "370102", "大学堂", "否", "否", 10, None, None], "is not a school kind"),
    (["3701020204", "", "370102", "小学", "否", "否", 10, None, None], "is required"),
    (["3701030209", "外县学校", "370103", "小学", "否", "否", 10, None, None], "outside your area"),
    (["3701020205", "布尔错误", "370102", "小学", "也许", "否", 10, None, None], "must be 是 or 否"),
    (["3701020206", "人数错误", "370102", "小学", "否", "否", -5, None, None], "whole number"),
    (["3701020207", "经度错误", "370102", "小学", "否", "否", 10, 500, None], "between"),
    (["3701020208", "上级是学校", "3701020001", "小学", "否", "否", 10, None, None], "a school cannot hold schools"),
    (["370103", "区县代码", "370102", "小学", "否", "否", 10, None, None], "not a school"),
]


def test_every_bad_row_is_named_and_nothing_is_written(tree, who):
    data = make_xlsx(SCHOOL_HEADER, [row for row, _ in BAD_ROWS])
    with translation_en():
        result = run_import("schools", data, actor=who.county_admin, dry_run=False)
    assert not result.applied
    errors = {e.row: e.message for e in result.errors}
    for number, (_row, expected) in enumerate(BAD_ROWS, start=2):
        if expected is None:
            assert number not in errors
        else:
            assert expected in errors.get(number, ""), (number, errors.get(number))
    assert not OrgUnit.objects.filter(code="3701020201").exists(), "a good row is not written when others fail"


def test_file_level_errors(tree, who):
    not_excel = run_import("schools", b"this is not excel", actor=who.county_admin, dry_run=True)
    assert not_excel.errors[0].row == 0 and "xlsx" in not_excel.errors[0].message
    missing = run_import("schools", make_xlsx(["学校名称"], [["x"]]), actor=who.county_admin, dry_run=True)
    assert "学校代码" in missing.errors[0].message
    empty = run_import("schools", make_xlsx(SCHOOL_HEADER, []), actor=who.county_admin, dry_run=True)
    assert empty.errors and not empty.ok


def test_template_is_a_real_workbook_with_the_columns(tree, who, login):
    response = login(who.county_admin).get("/imports/template/schools.xlsx")
    assert response.status_code == 200
    rows = read_xlsx(response.content)
    assert rows[0][:4] == ["学校代码*", "学校名称*", "上级单位代码*", "学校类型*"]
    result = run_import("schools", response.content, actor=who.county_admin, dry_run=True)
    assert result.errors and "370102" not in str(result.errors) or result.ok


def test_cli_import_dry_run_then_apply(tree, who, tmp_path):
    path = tmp_path / "schools.xlsx"
    path.write_bytes(make_xlsx(SCHOOL_HEADER, GOOD))
    out = io.StringIO()
    call_command("import_schools", str(path), "--user", who.county_admin.username, "--dry-run", stdout=out)
    assert "dry run" in out.getvalue() and not OrgUnit.objects.filter(code="3701020101").exists()
    call_command("import_schools", str(path), "--user", who.county_admin.username, stdout=out)
    assert OrgUnit.objects.filter(code="3701020101").exists()


def test_cli_import_bad_file_fails_with_row_numbers(tree, who, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(make_xlsx(SCHOOL_HEADER, [row for row, _ in BAD_ROWS[:2]]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_schools", str(path), "--user", who.county_admin.username, stderr=err)
    assert "row 3" in err.getvalue()
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_schools", str(tmp_path / "missing.xlsx"))
    with pytest.raises(CommandError):
        call_command("import_schools", str(path), "--user", who.principal.username)


def test_upload_check_and_apply_in_the_ui(tree, who, login):
    client = login(who.county_admin)
    upload = io.BytesIO(make_xlsx(SCHOOL_HEADER, GOOD))
    upload.name = "学校.xlsx"
    response = client.post("/imports/", {"kind": "schools", "file": upload})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{batch.pk}/"
    assert batch.status == "checked" and batch.counts["create"] == 2
    assert not OrgUnit.objects.filter(code="3701020101").exists()
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "3701020101" in page and f"/imports/{batch.pk}/apply/" in page
    client.post(f"/imports/{batch.pk}/apply/")
    batch.refresh_from_db()
    assert batch.status == "applied" and OrgUnit.objects.filter(code="3701020101").exists()
    assert client.post(f"/imports/{batch.pk}/apply/").status_code == 302
    assert OrgUnit.objects.filter(code="3701020101").count() == 1, "applying twice does nothing"


def test_upload_rejects_non_xlsx_and_other_peoples_batches(tree, who, login):
    client = login(who.county_admin)
    upload = io.BytesIO(b"a,b")
    upload.name = "schools.csv"
    response = client.post("/imports/", {"kind": "schools", "file": upload})
    assert response.status_code == 200 and ".xlsx" in response.content.decode()
    assert not ImportBatch.objects.exists()
    upload = io.BytesIO(make_xlsx(SCHOOL_HEADER, GOOD))
    upload.name = "s.xlsx"
    client.post("/imports/", {"kind": "schools", "file": upload})
    batch = ImportBatch.objects.get()
    other = login(who.province_admin)
    assert other.get(f"/imports/{batch.pk}/").status_code == 404
    assert login(who.staff).get("/imports/").status_code == 403
    # A principal imports the school's risk register, never schools.
    principal = login(who.principal)
    assert principal.get("/imports/template/schools.xlsx").status_code == 403
    upload = io.BytesIO(make_xlsx(SCHOOL_HEADER, GOOD))
    upload.name = "s.xlsx"
    assert principal.post("/imports/", {"kind": "schools", "file": upload}).status_code == 200
    assert ImportBatch.objects.count() == 1


class translation_en:
    def __enter__(self):
        from django.utils import translation

        self._ctx = translation.override("en")
        self._ctx.__enter__()

    def __exit__(self, *exc):
        self._ctx.__exit__(*exc)


def test_every_wrong_cell_of_a_row_is_reported(tree, who):
    row = ["abc", "", "370102", "大学堂", "也许", "否", -1, 500, None]
    with translation_en():
        result = run_import("schools", make_xlsx(SCHOOL_HEADER, [row]), actor=who.county_admin, dry_run=True)
    columns = {error.column for error in result.errors}
    assert columns == {"School code", "Name", "Kind", "Boarding", "Students", "Longitude"}
    assert all(error.row == 2 for error in result.errors)


def test_profile_limits_hold_in_every_path(tree, who, api):
    from django.core.exceptions import ValidationError

    from safecampus.orgs.services import update_school

    with pytest.raises(ValidationError) as error:
        update_school(
            School.objects.get(org=tree.school),
            actor=who.principal,
            fields={"student_count": 99_999_999_999, "phone": "not a phone"},
        )
    assert {"student_count", "phone"} <= set(error.value.message_dict)
    response = api(who.principal).patch(
        f"/api/v1/orgs/{tree.school.pk}/", {"school": {"student_count": 3_000_000}}, format="json"
    )
    assert response.status_code == 400
