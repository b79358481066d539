"""A guard's patrol scan on a phone: the QR code of a patrol point opens this page, which records the visit and
shows today's rounds at the school."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.hazards.models import Checkpoint
from safecampus.orgs.views import breadcrumb

from .services import patrols


@login_required
def patrol(request: HttpRequest, token: str) -> HttpResponse:
    point = get_object_or_404(
        Checkpoint.objects.visible_to(request.user).filter(is_active=True).select_related("school"), token=token
    )
    school = point.school
    if not patrols.may_patrol(request.user, school):
        raise PermissionDenied(_("Only the school's guards and keepers record patrol rounds."))
    if request.method == "POST":
        made, _day = patrols.scan(point, actor=request.user)
        if made is None:
            messages.info(request, _("This visit is already recorded."))
        else:
            messages.success(
                request,
                _("Patrol at %(point)s recorded at %(time)s.")
                % {"point": point.name, "time": localtime(clock.now()).strftime("%H:%M")},
            )
        return redirect(reverse("facilities:patrol", args=[token]))
    today = clock.today()
    points = patrols.patrol_points(school)
    return render(
        request,
        "facilities/patrol.html",
        {
            "org": school,
            "crumbs": breadcrumb(request.user, school),
            "point": point,
            "is_point": point in points,
            "points": points,
            "day": patrols.PatrolDay.objects.filter(school=school, day=today).first(),
            "required": patrols.rule_value("facilities.patrol.rounds_per_day", school),
            "scans": patrols.PatrolScan.objects.filter(school=school, day=today).select_related("checkpoint", "by")[
                :50
            ],
        },
    )
