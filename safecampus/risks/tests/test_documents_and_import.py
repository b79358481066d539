"""Excel export and import of the register, the notice card (a real PDF), the notice board, the demo registers."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from openpyxl import load_workbook

from safecampus.core.recount import drift
from safecampus.core.services import apply_batch, check_batch
from safecampus.risks.models import Assessment, Register, Risk, RiskEvaluation, RiskPoint, Title
from safecampus.testing import risks as r
from safecampus.testing.xlsx import make_xlsx

pytestmark = pytest.mark.django_db
HEADER = [
    "风险点名称",
    "风险点类型",
    "类别",
    "责任岗位",
    "责任人",
    "危险有害因素",
    "因素类别",
    "可能导致的事故",
    "评价方法",
    "L",
    "E",
    "C",
    "S",
    "管控措施",
]
GOOD = [
    [
        "锅炉房",
        "场所、设施设备",
        "燃气间或锅炉房",
        "后勤主任",
        "李明",
        "锅炉超压",
        "物的因素（设施、设备、物料）",
        "爆炸",
        "LEC",
        6,
        6,
        15,
        None,
        "安装超压联锁",
    ],
    [
        "锅炉房",
        "场所、设施设备",
        "燃气间或锅炉房",
        "后勤主任",
        "李明",
        "锅炉超压",
        "物的因素（设施、设备、物料）",
        "爆炸",
        "LEC",
        6,
        6,
        15,
        None,
        "司炉工持证上岗",
    ],
    [
        "操场",
        "场所、设施设备",
        "运动场或体育馆",
        "体育组长",
        "赵刚",
        "运动伤害",
        "人的因素",
        "物体打击",
        "矩阵",
        3,
        None,
        None,
        2,
        "",
    ],
]


def test_a_school_imports_its_register_and_a_second_import_changes_nothing(tree, who):
    data = make_xlsx(HEADER, GOOD)
    batch = check_batch("risks", "风险清单.xlsx", data, actor=who.school_safety)
    assert batch.status == "checked" and not RiskPoint.objects.exists(), "the check writes nothing"
    batch = apply_batch(batch, actor=who.school_safety)
    assert batch.status == "applied", batch.report
    boiler = Risk.objects.get(factor="锅炉超压")
    assert (boiler.grade, boiler.score, boiler.measures.count()) == ("red", 540, 2)
    assert Risk.objects.get(factor="运动伤害").grade == "yellow"
    assert Register.objects.get(school=tree.school).points_live == 2
    again = apply_batch(check_batch("risks", "again.xlsx", data, actor=who.school_safety), actor=who.school_safety)
    assert again.counts["unchanged"] == 3 and Risk.objects.count() == 2
    assert drift() == []


def test_a_bad_file_names_each_row_and_cell_and_writes_nothing(tree, who):
    rows = [
        GOOD[0],
        ["", "飞机", "燃气间或锅炉房", "后勤主任", "李明", "x", "人的因素", "爆炸", "LEC", 5, 6, 15, None, ""],
    ]
    batch = check_batch("risks", "bad.xlsx", make_xlsx(HEADER, rows), actor=who.school_safety)
    errors = {(e["row"], e["column"]) for e in batch.report["errors"]}
    assert {(3, "风险点名称"), (3, "风险点类型"), (3, "L")} <= errors
    assert batch.status == "invalid" and not RiskPoint.objects.exists() and not RiskEvaluation.objects.exists()
    with pytest.raises(PermissionDenied):
        check_batch("risks", "x.xlsx", make_xlsx(HEADER, GOOD), actor=who.county_officer)


def test_the_import_is_open_to_the_school_and_its_template_downloads(client, tree, who):
    client.force_login(who.school_safety)
    page = client.get("/imports/")
    assert page.status_code == 200 and "template-risks" in page.content.decode()
    assert "template-schools" not in page.content.decode()
    template = client.get("/imports/template/risks.xlsx")
    header = [c.value for c in load_workbook(io.BytesIO(template.content)).worksheets[0][1]]
    assert "风险点名称*" in header and "危险有害因素*" in header


def test_export_holds_exactly_the_filtered_rows(client, tree, who):
    r.published(tree, who, factors=r.LEC_RED, measures=1)
    r.assessed(tree, who, at=r.point(tree, who, name="配电房"), factor="线路老化")
    client.force_login(who.city_leader)
    response = client.get(f"/org/{tree.city.pk}/risks/export.xlsx", {"grade": "red"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "编号" and len(rows) == 2
    assert rows[1][8] == "燃气管道泄漏" and rows[1][11] == "红（重大风险）" and "联动切断阀" in rows[1][16]


def test_notice_card_is_a_pdf_and_the_board_lists_published_risks(client, tree, who):
    risk = r.published(tree, who, factors=r.LEC_RED, measures=1, emergency_steps="关闭总阀")
    hidden = r.assessed(tree, who, at=risk.point, factor="未公告的风险")
    client.force_login(who.staff)
    card = client.get(f"/risk-points/{risk.point.pk}/card.pdf")
    assert card.status_code == 200 and card.content.startswith(b"%PDF")
    board = client.get(f"/org/{tree.school.pk}/risks/board/").content.decode()
    assert "燃气管道泄漏" in board and "关闭总阀" in board and hidden.factor not in board
    client.force_login(who.foreign_principal)
    assert client.get(f"/risk-points/{risk.point.pk}/card.pdf").status_code == 404


def test_the_demo_builds_registers_by_school_profile(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command(
        "seed_demo", "--schools", "60", "--hazards", "0", "--incidents", "0", "--inspections", "0",
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    assert Risk.objects.filter(grade="red").exists() and Risk.objects.filter(state="published").exists()
    labs = RiskPoint.objects.filter(category="lab").select_related("school__school")
    assert labs.exists() and not labs.filter(school__school__kind="kindergarten").exists()
    buses = RiskPoint.objects.filter(category="bus_route").select_related("school__school")
    assert all(p.school.school.uses_school_bus for p in buses)
    dorms = RiskPoint.objects.filter(category="dorm").select_related("school__school")
    assert all(p.school.school.is_boarding for p in dorms)
    assert set(Risk.objects.values_list("state", flat=True)) >= {"identified", "assessed", "approved", "published"}
    risk_passes = Assessment.objects.filter(scheme_kind="risk", state="passed").count()
    schools = Register.objects.count()
    assert 0.4 < risk_passes / schools < 0.8, "near the 60 % target for last year"
    assert Title.objects.exists() and Assessment.objects.filter(state="submitted").exists()
    planned = Register.objects.exclude(plan="")
    assert planned.exists() and not RiskPoint.objects.filter(school__risk_register__in=planned, plan_x=None).exists()
    assert drift() == []
