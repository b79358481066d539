"""The incident ledger as Excel, the printable incident report form (PDF, always Chinese), the access log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.access import Perm, has_perm
from safecampus.core.pdf import render_pdf
from safecampus.core.xlsx_stream import stream_xlsx
from safecampus.orgs.models import OrgUnit
from safecampus.orgs.views import breadcrumb

from .models import Flag, Incident, PersonalDataAccess
from .services.people import masked
from .views import ledger_queryset

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = [
    "编号",
    "发生时间",
    "单位",
    "类别",
    "类型",
    "标题",
    "地点",
    "死亡",
    "其中学生",
    "重伤",
    "轻伤",
    "失踪",
    "直接经济损失（万元）",
    "级别",
    "状态",
    "初报时间",
    "迟报",
    "漏报",
    "谎报",
    "瞒报",
]
WIDTHS = [16, 17, 24, 12, 14, 30, 20, 6, 8, 6, 6, 6, 12, 16, 18, 17, 6, 6, 6, 6]


def incident_rows(queryset: Any) -> Any:
    with translation.override("zh-hans"):
        for i in queryset.iterator(chunk_size=2000):
            yield [
                i.number,
                localtime(i.occurred_at).strftime("%Y-%m-%d %H:%M"),
                i.org.name,
                str(i.get_category_display()),
                i.subtype_label(),
                i.title,
                i.place,
                i.deaths,
                i.student_deaths,
                i.serious_injuries,
                i.injuries,
                i.missing,
                float(i.direct_loss),
                str(i.get_grade_display()),
                str(i.get_state_display()),
                localtime(i.reported_at).strftime("%Y-%m-%d %H:%M"),
                *("是" if flag else "" for flag in (i.is_late, i.is_omitted, i.is_false, i.is_concealed)),
            ]


@login_required
def incident_export(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """Exactly the filtered rows of the ledger; people's names are never exported."""
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    _filtered, queryset = ledger_queryset(request, org)
    response = StreamingHttpResponse(
        stream_xlsx("安全事件台账", COLUMNS, incident_rows(queryset), WIDTHS), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="incidents-{org.code}-{clock.today():%Y%m%d}.xlsx"'
    return response


@login_required
def incident_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(Incident.objects.visible_to(request.user).select_related("org", "reported_by"), pk=pk)
    context = {
        "incident": incident,
        "reports": incident.reports.select_related("sent_by"),
        "receipts": incident.receipts.select_related("org", "forwarded_to"),
        "flags": incident.flags.select_related("org"),
        "persons": [masked(p) for p in incident.persons.all()],
        "today": clock.today(),
    }
    response = HttpResponse(render_pdf("incidents/pdf/report.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="incident-{incident.number}.pdf"'
    return response


@login_required
def access_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Who viewed unmasked personal data in this area (for bureau administrators)."""
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    if not has_perm(request.user, Perm.VIEW_AUDIT, org):
        raise PermissionDenied(_("Only bureau administrators read the personal data access log."))
    rows = PersonalDataAccess.objects.restrict(request.user, Perm.VIEW_AUDIT).within(org.path)
    rows = rows.select_related("user", "incident")
    return render(
        request,
        "incidents/access_log.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        },
    )


@login_required
def flag_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """An investigation's evidence file, to those who see the incident."""
    flag = get_object_or_404(Flag.objects.filter(incident__in=Incident.objects.visible_to(request.user)), pk=pk)
    if not flag.evidence:
        raise Http404
    return FileResponse(flag.evidence.open("rb"), as_attachment=True, filename=flag.evidence.name.rsplit("/", 1)[-1])
