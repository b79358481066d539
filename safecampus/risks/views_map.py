"""The four-colour map of a school (风险四色图): its site plan with each risk point in its colour, placed by click,
and the same map as an A3 PDF for the wall."""

from __future__ import annotations

import base64
import mimetypes
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from safecampus.core import clock, svg
from safecampus.core.pdf import pdf_response
from safecampus.orgs.models import OrgUnit
from safecampus.orgs.views import breadcrumb

from .models import GRADE_COLOUR, GRADE_RANK, GRADES_UP, LIVE_STATES, Register, RiskPoint
from .services import plans
from .services.common import may_manage_school


class PlanForm(forms.Form):
    plan = forms.FileField(
        label=gettext_lazy("Site plan (image or SVG)"),
        help_text=gettext_lazy(
            "A JPEG, PNG, WebP or GIF image, or an SVG drawing, of the campus plan, at most 10 MB. An SVG keeps only "
            "its shapes and text."
        ),
    )


def _school(request: HttpRequest, pk: int) -> OrgUnit:
    school = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    if school.level != "school":
        raise Http404
    return school


def map_points(school: OrgUnit) -> list[dict[str, Any]]:
    """Each point in use with the most serious colour of its live risks (blank when none is evaluated)."""
    rows = []
    for point in RiskPoint.objects.filter(school=school, is_active=True).prefetch_related("risks"):
        grades = [r.grade for r in point.risks.all() if r.state in LIVE_STATES and r.grade]
        top = max(grades, key=lambda g: GRADE_RANK[g]) if grades else ""
        rows.append(
            {
                "id": point.pk,
                "name": point.name,
                "x": point.plan_x,
                "y": point.plan_y,
                "grade": top,
                "colour": GRADE_COLOUR.get(top, "#868e96"),
                "risks": len(grades),
                "url": f"/risk-points/{point.pk}/",
            }
        )
    return rows


def _legend() -> list[dict[str, str]]:
    return [{"grade": g.value, "label": str(g.label), "colour": GRADE_COLOUR[g.value]} for g in reversed(GRADES_UP)]


@login_required
def risk_map(request: HttpRequest, pk: int, form: PlanForm | None = None, status: int = 200) -> HttpResponse:
    school = _school(request, pk)
    register = Register.objects.filter(school=school).first()
    points = map_points(school)
    manager = may_manage_school(request.user, school)
    return render(
        request,
        "risks/map.html",
        {
            "org": school,
            "crumbs": breadcrumb(request.user, school),
            "register": register,
            "has_plan": bool(register and register.plan),
            "points": points,
            "unplaced": [p for p in points if p["x"] is None],
            "legend": _legend(),
            "map_data": {
                "plan": f"/org/{school.pk}/risks/plan.img" if register and register.plan else "",
                "width": register.plan_width if register else 0,
                "height": register.plan_height if register else 0,
                "points": points,
                "legend": _legend(),
                "editable": manager,
                "place_url": "/risk-points/0/place/",
                "unplaced_label": _("Click the plan to place: %(name)s"),
            },
            "can_manage": manager,
            "form": form or (PlanForm() if manager else None),
        },
        status=status,
    )


@login_required
@require_POST
def upload_plan(request: HttpRequest, pk: int) -> HttpResponse:
    school = _school(request, pk)
    form = PlanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            plans.set_site_plan(school, actor=request.user, upload=form.cleaned_data["plan"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error("plan", message)
        else:
            messages.success(request, _("Site plan saved. Now click the plan to place each risk point."))
            return redirect("risks:map", pk=school.pk)
    return risk_map(request, pk, form=form, status=400)


@login_required
@require_POST
def place_point(request: HttpRequest, pk: int) -> JsonResponse:
    point = get_object_or_404(RiskPoint.objects.visible_to(request.user).select_related("school"), pk=pk)
    try:
        placed = plans.place_point(point, actor=request.user, x=request.POST.get("x"), y=request.POST.get("y"))
    except ValidationError as error:
        return JsonResponse({"errors": error.message_dict}, status=400)
    return JsonResponse({"id": placed.pk, "x": placed.plan_x, "y": placed.plan_y})


@login_required
def plan_image(request: HttpRequest, pk: int) -> FileResponse:
    school = _school(request, pk)
    register = Register.objects.filter(school=school).first()
    if register is None or not register.plan:
        raise Http404
    content_type = mimetypes.guess_type(register.plan.name)[0] or "application/octet-stream"
    response = FileResponse(register.plan.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=300"
    if content_type == svg.SVG_TYPE:
        response["Content-Security-Policy"] = svg.SERVE_POLICY
    return response


@login_required
def map_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The map for the wall: A3 landscape, the plan with each point's colour and name, the legend, the date."""
    school = _school(request, pk)
    register = Register.objects.filter(school=school).first()
    if register is None or not register.plan:
        raise Http404
    with register.plan.open("rb") as handle:
        data = base64.b64encode(handle.read()).decode()
    content_type = mimetypes.guess_type(register.plan.name)[0] or "image/png"
    points = [p for p in map_points(school) if p["x"] is not None]
    # The plan fills at most 390 × 250 mm of the sheet, keeping its proportions.
    ratio = (register.plan_height / register.plan_width) if register.plan_width else 0.6
    width = min(390.0, 250.0 / ratio) if ratio else 390.0
    context = {
        "school": school,
        "plan": f"data:{content_type};base64,{data}",
        "points": points,
        "legend": _legend(),
        "width": round(width, 1),
        "height": round(width * ratio, 1),
        "today": clock.today(),
    }
    return pdf_response("risks/pdf/map.html", context, f"risk-map-{school.code}.pdf")
