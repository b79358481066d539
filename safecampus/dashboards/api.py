"""GET /api/v1/dashboard/?org=<id>: a node's figures and its children's, from the counter store."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from django.db import connection
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.core import clock
from safecampus.core.counting import version_sql
from safecampus.core.rows import fetch_one, select_columns
from safecampus.core.scope import sees_whole
from safecampus.orgs.models import OrgUnit

from .registry import panels
from .snapshot import dashboard_snapshot, snapshot_part


@extend_schema(
    parameters=[OpenApiParameter("org", OpenApiTypes.INT, description="Unit id (default: your own)")],
    responses=OpenApiTypes.OBJECT,
    summary="Dashboard figures of a unit and of each unit below it",
)
@api_view(["GET"])
def dashboard(request: Request) -> HttpResponse:
    org_id = request.query_params.get("org")
    if org_id is not None and not str(org_id).isdigit():
        return Response({"org": [_("A unit id is a number.")]}, status=400)
    if org_id:
        org = _node(request.user, int(org_id))
    else:
        homes = OrgUnit.objects.home_nodes(request.user)
        if not homes:
            return Response({"detail": _("You command no unit.")}, status=404)
        org = homes[0]
    today = clock.today()
    current = getattr(org, "counter_version", None)
    renderer = request.accepted_renderer
    if isinstance(renderer, JSONRenderer) and request.accepted_media_type == renderer.media_type:
        # The answer as DRF would render it, made once per version of the node (and of its own name and code).
        own = ("api", org.name, org.level, org.code)
        body = snapshot_part(org, today, own, lambda snap: renderer.render(_body(org, today, snap)), current)
        return HttpResponse(body, content_type=renderer.media_type)
    return Response(_body(org, today, dashboard_snapshot(org, today, current)))


def _node(user: Any, org_id: int) -> OrgUnit:
    """The node with its version (`counter_version`) in one query, if the user reads it (the scope rule of
    `visible_to`: inside a subtree they hold a role on), else 404. A plain SELECT by id built once: the ORM's
    queryset with the scope's ranges and a subquery cost more to build than the rest of a cached request."""
    sql, params = _node_sql(connection.vendor)
    org = fetch_one(OrgUnit, sql, [*params, org_id], [("counter_version", None)])
    if org is None or not sees_whole(user, org.path):
        raise Http404
    return org


@functools.cache
def _node_sql(vendor: str) -> tuple[str, list[Any]]:
    quote = connection.ops.quote_name
    meta = OrgUnit._meta
    version, params = version_sql(f"o.{quote(meta.pk.column)}")
    columns = select_columns(OrgUnit, "o")
    where = f"o.{quote(meta.pk.column)} = %s"
    return f"SELECT {columns}, {version} AS counter_version FROM {quote(meta.db_table)} o WHERE {where}", params


def _body(org: OrgUnit, today: date, snap: dict[str, Any]) -> dict[str, Any]:
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
    return body
