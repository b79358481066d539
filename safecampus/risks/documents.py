"""The register as Excel, the risk notice card of a point (风险告知卡, PDF, always Chinese) and the notice board."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.timezone import localtime

from safecampus.core import clock
from safecampus.core.pdf import pdf_response
from safecampus.core.xlsx_stream import stream_xlsx
from safecampus.hazards.documents import qr_data_uri
from safecampus.orgs.models import OrgUnit
from safecampus.orgs.views import breadcrumb

from .models import GRADE_COLOUR, GRADE_RANK, RiskPoint, RiskState
from .views import register_queryset

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = [
    "编号",
    "学校",
    "风险点",
    "风险点类型",
    "类别",
    "位置",
    "责任岗位",
    "责任人",
    "危险有害因素",
    "因素类别",
    "可能导致的事故",
    "固有风险",
    "分值",
    "剩余风险",
    "剩余分值",
    "管控层级",
    "管控措施",
    "状态",
    "复核期限",
    "失控",
]
WIDTHS = [10, 24, 18, 12, 12, 18, 12, 8, 30, 10, 12, 8, 8, 8, 8, 14, 50, 8, 11, 6]


def register_rows(queryset: Any) -> Any:
    with translation.override("zh-hans"):
        rows = queryset.select_related("school", "point").prefetch_related("measures")
        for r in rows.iterator(chunk_size=2000):
            measures = "；".join(
                f"[{m.get_kind_display()}]{m.text}（{m.owner_post}）" for m in r.measures.all() if m.is_active
            )
            yield [
                r.number,
                r.school.name,
                r.point.name,
                str(r.point.get_kind_display()),
                str(r.point.get_category_display()),
                r.point.place,
                r.point.responsible_post,
                r.point.responsible_person,
                r.factor,
                str(r.get_factor_class_display()),
                str(r.get_accident_type_display()),
                str(r.get_grade_display()) if r.grade else "未评价",
                float(r.score) if r.score is not None else "",
                str(r.get_residual_grade_display()) if r.residual_grade else "",
                float(r.residual_score) if r.residual_score is not None else "",
                str(r.get_control_level_display()) if r.control_level else "",
                measures,
                str(r.get_state_display()),
                r.review_due.isoformat() if r.review_due else "",
                "是" if r.out_of_control else "",
            ]


@login_required
def register_export(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """Exactly the filtered rows of the register page."""
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    _filtered, queryset = register_queryset(request, org)
    response = StreamingHttpResponse(
        stream_xlsx("风险清单", COLUMNS, register_rows(queryset.order_by("org_path", "point__name", "pk")), WIDTHS),
        content_type=XLSX,
    )
    response["Content-Disposition"] = f'attachment; filename="risks-{org.code}-{clock.today():%Y%m%d}.xlsx"'
    return response


def _published(point: RiskPoint) -> list[Any]:
    risks = point.risks.filter(state=RiskState.PUBLISHED).prefetch_related("measures")
    return sorted(risks, key=lambda r: -GRADE_RANK.get(r.grade, 0))


@login_required
def notice_card(request: HttpRequest, pk: int) -> HttpResponse:
    """The card posted at the point: its published risks, colours, consequences, measures, emergency steps, who is
    responsible, and a QR code back to the point's record."""
    point = get_object_or_404(RiskPoint.objects.visible_to(request.user).select_related("school"), pk=pk)
    risks = _published(point)
    url = request.build_absolute_uri(f"/risk-points/{point.pk}/")
    context = {
        "point": point,
        "risks": risks,
        "top": risks[0].grade if risks else "",
        "colours": GRADE_COLOUR,
        "qr": qr_data_uri(url),
        "url": url,
        "today": clock.today(),
    }
    return pdf_response("risks/pdf/card.html", context, f"risk-card-{point.pk}.pdf")


@login_required
def notice_board(request: HttpRequest, pk: int) -> HttpResponse:
    """The school's public notice of its risks (公告): every point with its published risks, most serious first."""
    school = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    points = RiskPoint.objects.visible_to(request.user).filter(school=school, is_active=True)
    board = [(point, _published(point)) for point in points.prefetch_related("risks")]
    board = [(point, risks) for point, risks in board if risks]
    board.sort(key=lambda item: -GRADE_RANK.get(item[1][0].grade, 0))
    return render(
        request,
        "risks/board.html",
        {
            "org": school,
            "crumbs": breadcrumb(request.user, school),
            "board": board,
            "colours": GRADE_COLOUR,
            "updated": max((localtime(r.published_at) for _p, rs in board for r in rs if r.published_at), default=None),
        },
    )
