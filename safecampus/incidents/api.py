"""/api/v1/incidents/: the ledger, the initial report, and POST /api/v1/incidents/{id}/<step>/ for every step.

Steps use the same registry (actions.py) and forms as the pages, so input is checked once.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.orgs.models import OrgUnit

from . import forms as f
from .actions import ACTIONS
from .filters import IncidentFilter
from .models import Incident, IncidentEvent, IncidentReport, Receipt
from .permissions import allowed_actions
from .services import people, reporting


class IncidentSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "number",
            "org",
            "org_name",
            "category",
            "subtype",
            "title",
            "occurred_at",
            "known_at",
            "place",
            "students_involved",
            "staff_involved",
            "deaths",
            "student_deaths",
            "serious_injuries",
            "injuries",
            "missing",
            "direct_loss",
            "grade",
            "suggested_grade",
            "grade_basis",
            "route_level",
            "is_national",
            "state",
            "reported_at",
            "final_due_at",
            "closed_at",
            "is_late",
            "is_omitted",
            "is_false",
            "is_concealed",
        ]


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentReport
        fields = ["stage", "sent_at", "sent_by", "due_at", "is_late", "note", "content"]


class ReceiptSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)

    class Meta:
        model = Receipt
        fields = [
            "org",
            "org_name",
            "arrived_at",
            "forward_due_at",
            "is_top",
            "by_skip",
            "acknowledged_at",
            "forwarded_at",
            "forwarded_to",
        ]


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentEvent
        fields = ["verb", "actor", "org", "at", "comment", "data"]


class IncidentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = IncidentSerializer
    filterset_class = IncidentFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        queryset = Incident.objects.visible_to(self.request.user).select_related("org")
        org = self.request.query_params.get("org")
        if org and org.isdigit():
            node = OrgUnit.objects.visible_to(self.request.user).filter(pk=org).first()
            if node is None:
                raise NotFound
            queryset = queryset.within(node.path)
        return queryset

    def _detail(self, incident: Incident, code: int = status.HTTP_200_OK) -> Response:
        incident.refresh_from_db()
        data = IncidentSerializer(incident).data
        data.update(
            reports=ReportSerializer(incident.reports.all(), many=True).data,
            receipts=ReceiptSerializer(incident.receipts.select_related("org"), many=True).data,
            events=EventSerializer(incident.events.all(), many=True).data,
            persons=[people.masked(p) for p in incident.persons.all()],
            allowed_steps=allowed_actions(self.request.user, incident),
        )
        return Response(data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(self.get_object())

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={201: IncidentSerializer},
        summary="Send an initial report (初报): org, category, subtype, title, occurred_at, place, figures, …",
    )
    def create(self, request: Request) -> Response:
        form = f.InitialReportForm(request.data)
        org_id = str(request.data.get("org", ""))
        org = OrgUnit.objects.visible_to(request.user).filter(pk=org_id).first() if org_id.isdigit() else None
        if org is None:
            return Response({"org": ["Give the id of a unit in your area."]}, status=400)
        if not form.is_valid():
            return Response(form.errors, status=400)
        data = dict(form.cleaned_data)
        persons = request.data.get("persons") or []
        if not isinstance(persons, list):
            return Response({"persons": ["A list of people."]}, status=400)
        incident = reporting.report_initial(
            actor=request.user, org=org, persons=persons, grade=data.pop("grade") or None, **data
        )
        return self._detail(incident, status.HTTP_201_CREATED)

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses=IncidentSerializer,
        parameters=[OpenApiParameter("verb", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(ACTIONS))],
        summary="Take a step: acknowledge, forward, follow_up, set_grade, mark_handled, final, flag, hazard",
        operation_id="v1_incidents_step",
    )
    @action(detail=True, methods=["post"], url_path=r"(?P<verb>[a-z_]+)")
    def step(self, request: Request, pk: str, verb: str) -> Response:
        incident = self.get_object()
        chosen = ACTIONS.get(verb)
        if chosen is None:
            raise NotFound
        form = chosen.form(incident, request.user, request.data, request.FILES)
        if not form.is_valid():
            return Response(form.errors, status=400)
        chosen.run(incident, request.user, form.cleaned_data)
        return self._detail(incident)

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses=OpenApiTypes.OBJECT,
        summary="The unmasked people of an incident, for a stated purpose (logged)",
    )
    @action(detail=True, methods=["post"])
    def persons(self, request: Request, pk: str) -> Response:
        incident = self.get_object()
        rows = people.reveal(
            incident,
            actor=request.user,
            purpose=str(request.data.get("purpose", "")),
            ip=request.META.get("REMOTE_ADDR"),
        )
        return Response({"persons": rows}, headers={"Cache-Control": "no-store"})
