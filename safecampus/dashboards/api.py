"""GET /api/v1/dashboard/?org=<id>: a node's figures and its children's, from the counter store."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.core import clock
from safecampus.orgs.models import OrgUnit

from .registry import panels
from .snapshot import dashboard_snapshot


@extend_schema(
    parameters=[OpenApiParameter("org", OpenApiTypes.INT, description="Unit id (default: your own)")],
    responses=OpenApiTypes.OBJECT,
    summary="Dashboard figures of a unit and of each unit below it",
)
@api_view(["GET"])
def dashboard(request: Request) -> Response:
    org_id = request.query_params.get("org")
    if org_id is not None and not str(org_id).isdigit():
        return Response({"org": [_("A unit id is a number.")]}, status=400)
    if org_id:
        org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=org_id)
    else:
        homes = OrgUnit.objects.home_nodes(request.user)
        if not homes:
            return Response({"detail": _("You command no unit.")}, status=404)
        org = homes[0]
    today = clock.today()
    snap = dashboard_snapshot(org, today)
    figures = snap["figures"]
    body = {
        "org": {"id": org.pk, "name": org.name, "level": org.level, "code": org.code},
        "date": today.isoformat(),
        "figures": figures[org.pk],
    }
    for panel in panels:
        if panel.api:
            body.update(panel.api(figures[org.pk], snap["extra"].get(panel.key, {})))
    body["children"] = [
        {"id": c.pk, "name": c.name, "level": c.level, "code": c.code, "figures": figures[c.pk]}
        for c in snap["children"]
    ]
    return Response(body)
