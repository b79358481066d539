"""/api/v1/compliance/requests/ and /submissions/: asking the units below for a document, and each unit's answer with
its steps (submit with the file as multipart `file`, accept, return)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.core import clock
from safecampus.core.access import scope_paths
from safecampus.core.steps_api import StepActions, form_serializer, valid_data
from safecampus.orgs.api import within_org_param
from safecampus.orgs.models import OrgUnit

from . import stats
from .forms_submissions import AskForm, ask_values
from .models import Submission, SubmissionRequest
from .services import submissions as service


class RequestSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    template = serializers.SerializerMethodField()

    class Meta:
        model = SubmissionRequest
        fields = ["id", "org", "org_name", "title", "description", "target", "accepts", "opens_on", "deadline"]
        fields += ["template", "created_by", "created_at"]

    def get_template(self, row: SubmissionRequest) -> str:
        return f"/submission-requests/{row.pk}/template/" if row.template else ""


class SubmissionSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    title = serializers.CharField(source="request.title", read_only=True)
    deadline = serializers.DateField(source="request.deadline", read_only=True)
    files = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = ["id", "request", "title", "deadline", "org", "org_name", "state", "note", "first_submitted_at"]
        fields += ["submitted_at", "decided_at", "return_reason", "files"]

    def get_files(self, row: Submission) -> list[dict[str, Any]]:
        return [
            {"name": f.name, "url": f"/submissions/files/{f.pk}/", "uploaded_at": f.uploaded_at}
            for f in row.files.all()
        ]


def _visible_requests(user: Any) -> Any:
    """Requests a user's area asked for, and those its units were asked (through their submissions)."""
    paths = scope_paths(user)
    own = SubmissionRequest.objects.visible_to(user)
    if paths is None:
        return own
    answered = Submission.objects.visible_to(user).values("request_id")
    return SubmissionRequest.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=answered)).distinct()


class RequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Submission requests your area asked for or was asked. `POST` asks the units below a bureau you serve."""

    serializer_class = RequestSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return _visible_requests(self.request.user).select_related("org")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        row = self.get_object()
        data = RequestSerializer(row).data
        if SubmissionRequest.objects.visible_to(request.user).filter(pk=row.pk).exists():
            day = row.opens_on
            table = stats.table(row.org, [], day, day, clock.today(), request=row)
            data["figures"] = table.total(row.org.pk).as_dict()
        return Response(data)

    @extend_schema(
        request={"multipart/form-data": form_serializer(AskForm, "SubmissionAsk", {"org": serializers.IntegerField()})},
        responses={201: RequestSerializer},
        summary="Ask the units below a bureau for a document by a deadline",
    )
    def create(self, request: Request) -> Response:
        org_id = str(request.data.get("org", ""))
        if not org_id.isdigit():
            raise ValidationError({"org": [_("Give the id of a unit in your area.")]})
        org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=org_id)
        if not service.may_ask(request.user, org):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("Only a bureau's safety officers and administrators ask for submissions."))
        values = ask_values(valid_data(request, AskForm, extra=("org",)))
        made = service.ask(org, actor=request.user, **values)
        return Response(RequestSerializer(made).data, status=status.HTTP_201_CREATED)


class SubmissionViewSet(StepActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Each unit's answer to a request (`?org=`, `?request=`, `?state=`); submit, accept and return are actions."""

    serializer_class = SubmissionSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    workflow = service.flow
    step_response_serializer = SubmissionSerializer

    def get_queryset(self) -> Any:
        user = self.request.user
        rows = Submission.objects.filter(
            Q(pk__in=Submission.objects.visible_to(user).values("pk"))
            | Q(request__in=SubmissionRequest.objects.visible_to(user).values("pk"))
        ).select_related("request", "org")
        rows = within_org_param(self.request, rows)
        asked = self.request.query_params.get("request")
        if asked:
            if not asked.isdigit():
                raise ValidationError({"request": [_("A request id is a number.")]})
            rows = rows.filter(request_id=int(asked))
        state = self.request.query_params.get("state")
        return rows.filter(state=state) if state else rows

    def step_response(self, row: Submission) -> Response:
        data = SubmissionSerializer(Submission.objects.select_related("request", "org").get(pk=row.pk)).data
        data["allowed_steps"] = [step.verb for step in service.flow.offered(self.request.user, row)]
        return Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.step_response(self.get_object())
