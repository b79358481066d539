"""/api/v1/assessments/: index systems (schemes/), acceptance assessments and every step, titles and their steps."""

from __future__ import annotations

from typing import Any

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

from . import forms_acceptance as f
from .api import _service
from .models import Assessment, AssessmentScheme, Indicator, IndicatorScore, Title
from .services import acceptance, titles


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "parent", "code", "title", "requirement", "how_to_score", "points", "allows_na", "is_veto"]


class SchemeSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = AssessmentScheme
        fields = [
            "id",
            "code",
            "version",
            "kind",
            "name",
            "org",
            "pass_score",
            "accept_level",
            "published_at",
            "indicators",
        ]


class ScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorScore
        fields = ["indicator", "stage", "points", "not_applicable", "veto_hit", "note", "scored_by", "scored_at"]


class AssessmentSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "number",
            "scheme",
            "scheme_kind",
            "school",
            "school_name",
            "state",
            "self_score",
            "review_score",
            "veto_failed",
            "started_at",
            "submitted_at",
            "reviewed_at",
            "decided_at",
            "decision_reason",
            "valid_until",
        ]


class TitleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Title
        fields = [
            "id",
            "school",
            "assessment",
            "state",
            "awarded_at",
            "valid_until",
            "review_reason",
            "revoked_at",
            "revoke_reason",
        ]


StartBody = form_serializer(f.StartApiForm, "AssessmentStart")


AdoptBody = form_serializer(f.AdoptApiForm, "AssessmentSchemeAdopt")


class SchemeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Index systems published at or above your area, with their indicator trees."""

    serializer_class = SchemeSerializer

    def get_queryset(self) -> Any:
        return AssessmentScheme.objects.filter(published_at__isnull=False).prefetch_related("indicators")

    @extend_schema(
        request=AdoptBody,
        responses={201: SchemeSerializer},
        summary="Publish this index system for a bureau's area (a new version, pass mark no lower)",
    )
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, pk: str) -> Response:
        scheme = self.get_object()
        form = f.AdoptApiForm(checked_data(request, f.AdoptApiForm))
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=form.cleaned_data["org"])
        copy = _service(
            lambda: acceptance.adopt_scheme(scheme, org, actor=request.user, pass_score=form.cleaned_data["pass_score"])
        )
        return Response(SchemeSerializer(copy).data, status=status.HTTP_201_CREATED)


class AssessmentViewSet(StepActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Acceptance assessments of your area (`?org=`, `?state=`); `POST` starts one; every step is a POST action."""

    serializer_class = AssessmentSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    workflow = acceptance.flow
    step_response_serializer = AssessmentSerializer

    def get_queryset(self) -> Any:
        rows = within_org_param(
            self.request, Assessment.objects.visible_to(self.request.user).select_related("school", "scheme")
        )
        state = self.request.query_params.get("state")
        return rows.filter(state=state) if state else rows

    def step_response(self, assessment: Assessment) -> Response:
        assessment = Assessment.objects.select_related("school", "scheme").get(pk=assessment.pk)
        data = AssessmentSerializer(assessment).data
        data.update(
            scores=ScoreSerializer(assessment.scores.all(), many=True).data,
            allowed_steps=[step.verb for step in acceptance.flow.offered(self.request.user, assessment)],
        )
        return Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.step_response(self.get_object())

    @extend_schema(request=StartBody, responses={201: AssessmentSerializer}, summary="Start a self-assessment")
    def create(self, request: Request) -> Response:
        form = f.StartApiForm(checked_data(request, f.StartApiForm))
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        school = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=form.cleaned_data["school"])
        scheme = AssessmentScheme.objects.filter(pk=form.cleaned_data["scheme"]).first()
        if scheme is None:
            raise ValidationError({"scheme": [_("There is no such index system.")]})
        assessment = _service(lambda: acceptance.start(school, scheme, actor=request.user))
        response = self.step_response(assessment)
        response.status_code = status.HTTP_201_CREATED
        return response


class TitleViewSet(StepActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Safe-campus titles of your area; review, confirm and revoke as POST actions."""

    serializer_class = TitleSerializer
    workflow = titles.flow
    step_response_serializer = TitleSerializer

    def get_queryset(self) -> Any:
        return within_org_param(self.request, Title.objects.visible_to(self.request.user).select_related("school"))

    def step_response(self, title: Title) -> Response:
        title = Title.objects.get(pk=title.pk)
        data = TitleSerializer(title).data
        data["allowed_steps"] = [step.verb for step in titles.flow.offered(self.request.user, title)]
        return Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.step_response(self.get_object())
