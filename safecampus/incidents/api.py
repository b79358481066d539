"""/api/v1/incidents/: the ledger, the initial report, and POST /api/v1/incidents/{id}/<step>/ for every step.

The steps are those declared on `flow` (services/), with the same forms as the pages, so input is checked once.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.core.steps import add_more_errors
from safecampus.core.steps_api import StepActions, checked_data, form_errors, form_serializer
from safecampus.orgs.api import within_org_param
from safecampus.orgs.models import OrgUnit

from . import forms as f
from .filters import IncidentFilter
from .models import Incident, IncidentEvent, IncidentReport, Receipt
from .services import people, reporting
from .services.common import flow


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


PersonRequest = form_serializer(f.PersonForm, "IncidentPerson")
InitialReportRequest = form_serializer(
    f.InitialReportForm,
    "IncidentInitialReport",
    {
        "org": serializers.IntegerField(help_text="Id of the reporting unit (a school, or a bureau for its region)."),
        "persons": PersonRequest(many=True, required=False),
    },
)
RevealRequest = form_serializer(f.RevealForm, "IncidentReveal")


class IncidentViewSet(StepActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Incidents of your area. `POST` sends an initial report; every further step is a POST action."""

    serializer_class = IncidentSerializer
    filterset_class = IncidentFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    workflow = flow
    step_response_serializer = IncidentSerializer

    def get_queryset(self) -> Any:
        return within_org_param(self.request, Incident.objects.visible_to(self.request.user).select_related("org"))

    def step_response(self, incident: Incident, code: int = status.HTTP_200_OK) -> Response:
        incident = Incident.objects.select_related("org").get(pk=incident.pk)
        data = IncidentSerializer(incident).data
        data.update(
            reports=ReportSerializer(incident.reports.all(), many=True).data,
            receipts=ReceiptSerializer(incident.receipts.select_related("org"), many=True).data,
            events=EventSerializer(incident.events.all(), many=True).data,
            persons=[people.masked(p) for p in incident.persons.all()],
            allowed_steps=[step.verb for step in flow.offered(self.request.user, incident)],
        )
        return Response(data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.step_response(self.get_object())

    @extend_schema(
        request=InitialReportRequest,
        responses={201: IncidentSerializer},
        summary="Send an initial report (初报): org, category, subtype, title, occurred_at, place, figures, people",
    )
    def create(self, request: Request) -> Response:
        data = checked_data(request, f.InitialReportForm, extra=("org", "persons"))
        org_id = str(data.get("org", ""))
        if not org_id.isdigit():
            raise ValidationError({"org": [_("Give the id of a unit in your area.")]})
        org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=org_id)
        persons = data.get("persons") or []
        if not isinstance(persons, list) or not all(hasattr(p, "keys") for p in persons):
            raise ValidationError({"persons": [_("A list of people, each with named fields.")]})
        errors: dict[str, Any] = {}
        rows = []
        for number, person in enumerate(persons, start=1):
            person_form = f.PersonForm(person)
            if person_form.is_valid():
                rows.append(person_form.cleaned_data)
            else:
                for field, messages in form_errors(person_form).items():
                    errors.setdefault("persons", []).extend(
                        _("Person %(n)s, %(field)s: %(message)s") % {"n": number, "field": field, "message": m}
                        for m in messages
                    )
        form = f.InitialReportForm(data)
        if not form.is_valid():
            try:
                reporting.check_initial(org, dict(form.cleaned_data))
            except DjangoValidationError as error:
                add_more_errors(form, error)
            errors.update(form_errors(form))
        if errors:
            raise ValidationError(errors)
        values = dict(form.cleaned_data)
        incident = reporting.report_initial(
            actor=request.user, org=org, persons=rows, grade=values.pop("grade") or None, **values
        )
        return self.step_response(incident, status.HTTP_201_CREATED)

    @extend_schema(
        request=RevealRequest,
        responses=OpenApiTypes.OBJECT,
        summary="The unmasked people of an incident, for a stated purpose (logged)",
    )
    @action(detail=True, methods=["post"])
    def persons(self, request: Request, pk: str) -> Response:
        incident = self.get_object()
        form = f.RevealForm(checked_data(request, f.RevealForm))
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        rows = people.reveal(
            incident, actor=request.user, purpose=form.cleaned_data["purpose"], ip=request.META.get("REMOTE_ADDR")
        )
        return Response({"persons": rows}, headers={"Cache-Control": "no-store"})
