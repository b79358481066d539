"""/api/v1/compliance/documents/, /practical-tasks/, /letters/, /duty-templates/ and /supervision-plans/: a unit's
responsibility records and the bureau's supervision plans, each declared step a POST action; scoped like the pages
(an org outside your area answers 404)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.core.steps_api import StepActions, form_serializer, valid_data
from safecampus.orgs.api import within_org_param
from safecampus.orgs.models import OrgUnit

from .forms_responsibility import AssignmentForm, DocumentForm, IssueForm, PlanForm, TaskForm, TemplateForm
from .models import Assignment, DutyDocument, DutyTemplate, Letter, PracticalTask, SupervisionPlan
from .services import letters as signing
from .services import responsibility as service
from .services import supervision as planning

ORG = {"org": serializers.IntegerField(help_text="Id of the unit (a bureau or a school of your area).")}
PARSERS = [JSONParser, MultiPartParser, FormParser]


def _unit(request: Request, data: Any) -> OrgUnit:
    org_id = str(data.get("org", ""))
    if not org_id.isdigit():
        raise ValidationError({"org": [_("Give the id of a unit in your area.")]})
    return get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=org_id)


def _made(request: Request, form: Any, check: Any, act: Any, serializer: Any) -> Response:
    """A unit's new record: the unit named by `org` read in the user's area (404), the role checked (403) before the
    input (400), then the service."""
    org = _unit(request, request.data)
    check(request.user, org)
    made = act(org, actor=request.user, **valid_data(request, form, extra=("org",)))
    return Response(serializer(made).data, status=status.HTTP_201_CREATED)


class DocumentSerializer(serializers.ModelSerializer):
    file = serializers.SerializerMethodField()

    class Meta:
        model = DutyDocument
        fields = ["id", "org", "kind", "title", "held_on", "file", "state", "withdrawn_reason"]
        fields += ["recorded_by", "recorded_at"]

    def get_file(self, document: DutyDocument) -> str:
        return f"/documents/{document.pk}/file/"


class PracticalTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = PracticalTask
        fields = ["id", "org", "year", "problem", "measure", "lead", "due_on", "progress", "progress_note", "state"]
        fields += ["done_on", "result", "dropped_reason"]


class LetterSerializer(serializers.ModelSerializer):
    holder = serializers.CharField(source="holder_name", read_only=True)

    class Meta:
        model = Letter
        fields = ["id", "issuer", "org", "trainee", "holder", "year", "post", "duties", "state", "issued_by"]
        fields += ["issued_at", "held_on", "signed_at", "signed_by", "signed_via", "signer_name", "void_reason"]


class TemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = DutyTemplate
        fields = ["id", "owner", "post", "school_kind", "duties", "updated_by", "updated_at"]


class AssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = ["id", "school", "supervisor", "visits", "focus"]


class PlanSerializer(serializers.ModelSerializer):
    assignments = AssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = SupervisionPlan
        fields = ["id", "org", "year", "name", "checklist", "state", "inspection_plan", "published_at", "assignments"]


class _Steps(StepActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    parser_classes = PARSERS
    model: Any = None

    def get_queryset(self) -> Any:
        return within_org_param(self.request, self.model.objects.visible_to(self.request.user))

    def step_response(self, record: Any) -> Response:
        data = self.serializer_class(record).data
        data["allowed_steps"] = [step.verb for step in self.workflow.offered(self.request.user, record)]
        return Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.step_response(self.get_object())


class DocumentViewSet(_Steps):
    """Yearly responsibility documents of your area (`?org=`). `POST` (multipart) publishes one of a unit's own."""

    serializer_class = DocumentSerializer
    model = DutyDocument
    workflow = service.documents
    step_response_serializer = DocumentSerializer

    @extend_schema(
        request={"multipart/form-data": form_serializer(DocumentForm, "DocumentPublish", ORG)},
        responses={201: DocumentSerializer},
        summary="Publish one of a unit's yearly responsibility documents",
    )
    def create(self, request: Request) -> Response:
        return _made(request, DocumentForm, service.require_keeper, service.publish_document, DocumentSerializer)


class TaskViewSet(_Steps):
    """办实事 tasks of your area (`?org=`). `POST` adds one to a unit's own list."""

    serializer_class = PracticalTaskSerializer
    model = PracticalTask
    workflow = service.tasks
    step_response_serializer = PracticalTaskSerializer

    @extend_schema(
        request=form_serializer(TaskForm, "PracticalTaskAdd", ORG),
        responses={201: PracticalTaskSerializer},
        summary="Add a problem to a unit's 办实事 list",
    )
    def create(self, request: Request) -> Response:
        return _made(request, TaskForm, service.require_keeper, service.pledge, PracticalTaskSerializer)


class LetterViewSet(_Steps):
    """Responsibility letters of your area (`?org=`); `issue` makes a unit's letters for a year."""

    serializer_class = LetterSerializer
    model = Letter
    workflow = signing.flow
    step_response_serializer = LetterSerializer

    @extend_schema(
        request=form_serializer(IssueForm, "LettersIssue", ORG),
        responses={201: inline_serializer("LettersIssued", {"issued": serializers.IntegerField()})},
        summary="Issue a unit's letters for a year (a bureau's to its schools, a school's to its posts)",
    )
    @action(detail=False, methods=["post"])
    def issue(self, request: Request) -> Response:
        org = _unit(request, request.data)
        service.require_keeper(request.user, org)
        year = valid_data(request, IssueForm, extra=("org",))["year"]
        issue = signing.issue_post_letters if org.level == "school" else signing.issue_school_letters
        return Response({"issued": issue(org, actor=request.user, year=year)}, status=status.HTTP_201_CREATED)


class TemplateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """How the units of your area word each post's duties. `POST` words one for a unit's schools."""

    serializer_class = TemplateSerializer
    parser_classes = PARSERS

    def get_queryset(self) -> Any:
        return within_org_param(self.request, DutyTemplate.objects.visible_to(self.request.user))

    @extend_schema(
        request=form_serializer(TemplateForm, "DutyWording", ORG),
        responses={201: TemplateSerializer},
        summary="Word a post's duties for the letters of a unit's schools",
    )
    def create(self, request: Request) -> Response:
        return _made(request, TemplateForm, service.require_keeper, signing.word_duties, TemplateSerializer)


class PlanViewSet(_Steps):
    """Supervision plans of your area (`?org=`). `POST` starts a bureau's plan; `assign` names a school's visits."""

    serializer_class = PlanSerializer
    model = SupervisionPlan
    workflow = planning.plans
    step_response_serializer = PlanSerializer

    @extend_schema(
        request=form_serializer(PlanForm, "SupervisionPlanStart", ORG),
        responses={201: PlanSerializer},
        summary="Start a bureau's supervision plan for a year",
    )
    def create(self, request: Request) -> Response:
        return _made(request, PlanForm, planning.require_planner, planning.create_plan, PlanSerializer)

    @extend_schema(
        request=form_serializer(AssignmentForm, "SupervisionAssign"),
        responses={201: AssignmentSerializer},
        summary="Name a school's supervisor, visits a year and what is checked",
    )
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        planning.require_planner(request.user, plan.org)
        row = planning.assign(plan, actor=request.user, **valid_data(request, AssignmentForm))
        return Response(AssignmentSerializer(row).data, status=status.HTTP_201_CREATED)
