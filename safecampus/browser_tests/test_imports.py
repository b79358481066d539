"""Excel import of schools through the pages: template, a bad file, a good file, apply."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook
from playwright.sync_api import Dialog, Page, expect

from safecampus.orgs.models import OrgUnit, SchoolKind
from safecampus.testing.factories import build_tree, people

NEW_CODE = "3701020003"
NEW_NAME = "历下区新建实验小学"
OTHER_CODE = "3701020004"


def write_xlsx(path: Path, header: list[Any], rows: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def school_row(header: list[str], **values: Any) -> list[Any]:
    """A row laid out by the template's header (labels may end with * for required columns)."""
    by_label = {"学校代码": "code", "学校名称": "name", "上级单位代码": "parent_code", "学校类型": "kind"}
    row = []
    for label in header:
        key = by_label.get(str(label).rstrip("*"))
        row.append(values.get(key, "") if key else "")
    return row


def upload(page: Page, path: Path) -> None:
    page.goto("/imports/")
    page.locator("select[name=kind]").select_option("schools")
    page.locator("input[name=file]").set_input_files(str(path))
    with page.expect_navigation():
        page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/imports/\d+/$"))


@pytest.mark.browser
def test_county_admin_imports_schools_from_excel(
    page: Page,
    transactional_db: None,
    settings: Any,
    tmp_path: Path,
    log_in: Callable[..., None],
    shot: Callable[[Page, str], Path],
) -> None:
    settings.SAFECAMPUS_REQUIRE_ADMIN_2FA = False
    tree = build_tree()
    people(tree)
    log_in(page, "bureau_admin.370102")
    expect(page).to_have_url(re.compile(rf"/org/{tree.county.pk}/$"))

    page.locator("nav a[href='/imports/']").click()
    expect(page).to_have_url(re.compile(r"/imports/$"))
    shot(page, "import-01-page")

    # 1. The template is a real workbook with the expected header.
    with page.expect_download() as download_info:
        page.locator("a[href$='/imports/template/schools.xlsx']").click()
    download = download_info.value
    assert download.suggested_filename == "safecampus-schools-template.xlsx"
    template = tmp_path / download.suggested_filename
    download.save_as(template)
    workbook = load_workbook(template)
    header = [cell.value for cell in workbook.worksheets[0][1]]
    for label in ("学校代码*", "学校名称*", "上级单位代码*", "学校类型*"):
        assert label in header, header
    assert len(workbook.worksheets) == 2  # data sheet and instructions
    workbook.close()

    with translation.override("zh-hans"):
        kind = str(SchoolKind.PRIMARY.label)  # as offered by the template's drop-down

    # 2. One good row, one row with an unknown parent code: errors, nothing written.
    bad = write_xlsx(
        tmp_path / "schools-bad.xlsx",
        header,
        [
            school_row(header, code=NEW_CODE, name=NEW_NAME, parent_code="370102", kind=kind),
            school_row(header, code=OTHER_CODE, name="不存在上级的学校", parent_code="999999", kind=kind),
        ],
    )
    upload(page, bad)
    errors = page.locator("#import-errors")
    expect(errors).to_be_visible()
    error_rows = errors.locator("tbody tr")
    expect(error_rows).to_have_count(1)
    expect(error_rows.first.locator("td").first).to_have_text("3")
    expect(error_rows.first).to_contain_text("999999")
    expect(page.locator("main .alert-danger")).to_be_visible()
    expect(page.locator("form[action*='/apply/']")).to_have_count(0)
    shot(page, "import-02-errors")
    assert not OrgUnit.objects.filter(code__in=[NEW_CODE, OTHER_CODE]).exists()

    # 3. A good file: a preview first, then Apply (after a confirm dialog).
    good = write_xlsx(
        tmp_path / "schools-good.xlsx",
        header,
        [school_row(header, code=NEW_CODE, name=NEW_NAME, parent_code="370102", kind=kind)],
    )
    upload(page, good)
    expect(page.locator("#import-errors")).to_have_count(0)
    changes = page.locator("#import-changes tbody tr")
    expect(changes).to_have_count(1)
    expect(changes.first).to_contain_text(NEW_CODE)
    expect(changes.first.locator(".badge")).to_be_visible()
    shot(page, "import-03-preview")
    assert not OrgUnit.objects.filter(code=NEW_CODE).exists(), "the check must not write"

    questions: list[str] = []

    def accept(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    with page.expect_navigation():
        page.locator("form[action*='/apply/'] button[type=submit]").click()
    assert len(questions) == 1, "Apply must ask for confirmation"
    expect(page.locator("main .alert-success").first).to_be_visible()
    expect(page.locator("form[action*='/apply/']")).to_have_count(0)
    shot(page, "import-04-applied")

    school = OrgUnit.objects.get(code=NEW_CODE)
    assert school.name == NEW_NAME
    assert school.path.startswith(tree.county.path) and school.depth == tree.county.depth + 1

    # 4. The new school shows on the county page.
    page.goto(f"/org/{tree.county.pk}/")
    table = page.locator("#children-table")
    expect(table).to_contain_text(NEW_NAME)
    expect(table).to_contain_text(NEW_CODE)
    expect(page.locator("#school-total")).to_have_text("3")
    shot(page, "import-05-county-with-new-school")
