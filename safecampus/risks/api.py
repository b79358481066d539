"""/api/v1/risks/: the register. Risk points under /api/v1/risks/points/, risks with every step as a POST action.

The steps are those declared on `flow` (services/steps.py), with the same forms as the pages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.core.steps_api import StepActions, checked_data, form_errors, form_serializer
from safecampus.orgs.api import within_org_param
from safecampus.orgs.models import OrgUnit

from . import forms as f
from .filters import RiskFilter
from .models import ControlMeasure, Risk, RiskEvaluation, RiskEvent, RiskPoint
from .services import points
from .services.common import flow


class RiskPointSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)

    class Meta:
        model = RiskPoint
        fields = ["id", "school", "school_name", *points.POINT_FIELDS, "is_active", "created_at"]


class RiskSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)
    point_name = serializers.CharField(source="point.name", read_only=True)

    class Meta:
        model = Risk
        fields = [
            "id",
            "number",
            "school",
            "school_name",
            "point",
            "point_name",
            *points.RISK_FIELDS,
            "state",
            "grade",
            "score",
            "residual_grade",
            "residual_score",
            "control_level",
            "review_due",
            "reviewed_at",
            "needs_reassessment",
            "out_of_control",
            "approved_at",
            "published_at",
            "retired_at",
            "created_at",
        ]


class EvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskEvaluation
        fields = [
            "stage",
            "method",
            "method_version",
            "factors",
            "score",
            "grade",
            "bands",
            "bands_source",
            "direct_reason",
            "reason",
            "evaluated_by",
            "evaluated_at",
        ]


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = ControlMeasure
        fields = ["id", "kind", "text", "owner_post", "check_every_days", "is_active", "added_at"]


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskEvent
        fields = ["verb", "actor", "at", "comment", "data"]


PointRequest = form_serializer(
    f.PointForm, "RiskPointCreate", {"school": serializers.IntegerField(help_text="Id of the school.")}
)
PointEditRequest = form_serializer(f.PointForm, "RiskPointEdit")
RiskRequest = form_serializer(f.RiskForm, "RiskIdentify")


def _form_or_400(form_class: type, data: Any) -> dict[str, Any]:
    form = form_class(data)
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    return form.cleaned_data


def _service(call: Any) -> Any:
    """Run a service, turning its input errors into a 400 with the fields at fault."""
    try:
        return call()
    except DjangoValidationError as error:
        raise ValidationError(
            error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
        ) from error


class RiskPointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Risk points of your area (`?org=` narrows to a node). `POST` adds one to a school you keep the register of."""

    serializer_class = RiskPointSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return within_org_param(self.request, RiskPoint.objects.visible_to(self.request.user).select_related("school"))

    @extend_schema(request=PointRequest, responses={201: RiskPointSerializer}, summary="Add a risk point to a school")
    def create(self, request: Request) -> Response:
        data = checked_data(request, f.PointForm, extra=("school",))
        school_id = str(data.get("school", ""))
        if not school_id.isdigit():
            raise ValidationError({"school": [_("Give the id of a school in your area.")]})
        school = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=school_id)
        values = _form_or_400(f.PointForm, data)
        point = _service(lambda: points.create_point(school, actor=request.user, **values))
        return Response(RiskPointSerializer(point).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PointEditRequest, responses={200: RiskPointSerializer}, summary="Change a risk point")
    @action(detail=True, methods=["post"])
    def edit(self, request: Request, pk: str) -> Response:
        point = self.get_object()
        values = _form_or_400(f.PointForm, checked_data(request, f.PointForm))
        point = _service(lambda: points.edit_point(point, actor=request.user, **values))
        return Response(RiskPointSerializer(point).data)

    @extend_schema(request=RiskRequest, responses={201: RiskSerializer}, summary="Record a risk at this point (辨识)")
    @action(detail=True, methods=["post"])
    def risks(self, request: Request, pk: str) -> Response:
        point = self.get_object()
        values = _form_or_400(f.RiskForm, checked_data(request, f.RiskForm))
        risk = _service(lambda: points.identify_risk(point, actor=request.user, **values))
        return Response(RiskSerializer(risk).data, status=status.HTTP_201_CREATED)


class RiskViewSet(StepActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Risks of your area, with the register's filters; every step is a POST action."""

    serializer_class = RiskSerializer
    filterset_class = RiskFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    workflow = flow
    step_response_serializer = RiskSerializer

    def get_queryset(self) -> Any:
        return within_org_param(
            self.request, Risk.objects.visible_to(self.request.user).select_related("school", "point")
        )

    def step_response(self, risk: Risk) -> Response:
        risk = Risk.objects.select_related("school", "point").get(pk=risk.pk)
        data = RiskSerializer(risk).data
        data.update(
            evaluations=EvaluationSerializer(risk.evaluations.all(), many=True).data,
            measures=MeasureSerializer(risk.measures.all(), many=True).data,
            events=EventSerializer(risk.events.all(), many=True).data,
            allowed_steps=[step.verb for step in flow.offered(self.request.user, risk)],
        )
        return Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.step_response(self.get_object())
