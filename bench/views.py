"""Reference views of the benchmark: the cheapest page, one primary-key query, and the dashboard without counters."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.core import clock
from safecampus.orgs.models import OrgUnit

from . import onthefly


def trivial(request: HttpRequest) -> HttpResponse:
    """What the server and middleware cost with no work at all."""
    return HttpResponse(b"ok", content_type="text/plain")


def primary_key(request: HttpRequest) -> JsonResponse:
    """One query by primary key: the floor under any view that reads the database."""
    org_id = request.GET.get("id", "1")
    name = OrgUnit.objects.filter(pk=int(org_id) if org_id.isdigit() else 0).values_list("name", flat=True).first()
    return JsonResponse({"id": org_id, "name": name})


@api_view(["GET"])
def on_the_fly(request: Request) -> Response:
    """The dashboard API's figures for `?org=<id>`, counted from the records on every request."""
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=request.query_params.get("org", "0"))
    return Response(onthefly.dashboard(org, clock.today()))
