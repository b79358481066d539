"""/api/v1/compliance/: drills, education activities and duty occurrences, with their steps; and the figures.

Records are made with the pages' forms (`POST`), and every declared step is a POST action (services/records.py).
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.core import clock
from safecampus.core.steps_api import StepActions, form_serializer, valid_data
from safecampus.orgs.api import within_org_param
from safecampus.orgs.models import OrgUnit

from . import stats
from .forms import ActivityForm, DrillForm
from .models import Activity, Drill, Occurrence
from .rulebook import obligations
from .services import records

SCHOOL = {"school": serializers.IntegerField(help_text="Id of the school.")}


class DrillSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = Drill
        fields = ["id", "school", "school_name", *[n for n in DrillForm.base_fields if n != "photos"]]
        fields += ["state", "withdrawn_reason", "recorded_by", "recorded_at", "photos"]

    def get_photos(self, drill: Drill) -> list[str]:
        return [f"/drills/photos/{photo.pk}/" for photo in drill.photos.all()]


class ActivitySerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "school", "school_name", *ActivityForm.base_fields, "state", "withdrawn_reason"]
        fields += ["recorded_by", "recorded_at"]


class OccurrenceSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="org.name", read_only=True)
    shown_state = serializers.SerializerMethodField(help_text="due, overdue, missing, done, late or excused")

    class Meta:
        model = Occurrence
        fields = ["id", "org", "school_name", "obligation", "period_start", "period_end", "due_by", "closes_on"]
        fields += ["required", "on_time", "late", "state", "shown_state", "excused_reason", "excused_at"]

    def get_shown_state(self, occurrence: Occurrence) -> str:
        return occurrence.shown_state(clock.today())


def _school(request: Request, data: Any) -> OrgUnit:
    school_id = str(data.get("school", ""))
    if not school_id.isdigit():
        raise ValidationError({"school": [_("Give the id of a school in your area.")]})
    school = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=school_id)
    if school.level != "school":
        raise ValidationError({"school": [_("Give the id of a school, not of a bureau.")]})
    return school


class RecordViewSet(StepActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    model: Any = None

    def get_queryset(self) -> Any:
        rows = self.model.objects.visible_to(self.request.user).select_related("school")
        rows = within_org_param(self.request, rows)
        kind = self.request.query_params.get("kind")
        return rows.filter(kind=kind) if kind else rows

    def step_response(self, record: Any) -> Response:
        data = self.get_serializer(record).data
        data["allowed_steps"] = [step.verb for step in self.workflow.offered(self.request.user, record)]
        return Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.step_response(self.get_object())


class DrillViewSet(RecordViewSet):
    """Drills of your area (`?org=`, `?kind=`). `POST` records one at a school you keep the duties of."""

    serializer_class = DrillSerializer
    workflow = records.drills
    step_response_serializer = DrillSerializer
    model = Drill

    @extend_schema(
        request={
            "multipart/form-data": form_serializer(DrillForm, "DrillRecord", SCHOOL),
            "application/json": form_serializer(DrillForm, "DrillRecord", SCHOOL),
        },
        responses={201: DrillSerializer},
        summary="Record a drill (photos as multipart files named `photos`)",
    )
    def create(self, request: Request) -> Response:
        school = _school(request, request.data)
        records.require_recorder(request.user, school)
        values = dict(valid_data(request, DrillForm, extra=("school",)))
        photos = values.pop("photos", [])
        drill = records.record_drill(school, actor=request.user, photos=photos, **values)
        return Response(DrillSerializer(drill).data, status=status.HTTP_201_CREATED)


class ActivityViewSet(RecordViewSet):
    """Education activities of your area (`?org=`, `?kind=`). `POST` records one at a school."""

    serializer_class = ActivitySerializer
    workflow = records.activities
    step_response_serializer = ActivitySerializer
    model = Activity

    @extend_schema(
        request=form_serializer(ActivityForm, "ActivityRecord", SCHOOL),
        responses={201: ActivitySerializer},
        summary="Record an education activity",
    )
    def create(self, request: Request) -> Response:
        school = _school(request, request.data)
        records.require_recorder(request.user, school)
        activity = records.record_activity(
            school, actor=request.user, **valid_data(request, ActivityForm, extra=("school",))
        )
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


class OccurrenceViewSet(StepActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """What each school owes per duty and period (`?org=`, `?obligation=`, `?state=`); excuse is a POST action."""

    serializer_class = OccurrenceSerializer
    workflow = records.occurrences
    step_response_serializer = OccurrenceSerializer

    def get_queryset(self) -> Any:
        rows = within_org_param(self.request, Occurrence.objects.visible_to(self.request.user).select_related("org"))
        for name in ("obligation", "state"):
            value = self.request.query_params.get(name)
            if value:
                rows = rows.filter(**{name: value})
        return rows

    def step_response(self, occurrence: Occurrence) -> Response:
        data = OccurrenceSerializer(occurrence).data
        data["allowed_steps"] = [step.verb for step in records.occurrences.offered(self.request.user, occurrence)]
        return Response(data)


@extend_schema(
    parameters=[
        OpenApiParameter("org", OpenApiTypes.INT, description="Unit id (default: your own)"),
        OpenApiParameter("range", OpenApiTypes.STR, description="month, term, year (default) or last_year"),
    ],
    responses=OpenApiTypes.OBJECT,
    summary="Completeness and timeliness of every duty at a unit and each unit below it",
)
@api_view(["GET"])
def figures(request: Request) -> Response:
    org_id = request.query_params.get("org", "")
    if org_id and not org_id.isdigit():
        return Response({"org": [_("A unit id is a number.")]}, status=400)
    if org_id:
        org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=org_id)
    else:
        homes = OrgUnit.objects.home_nodes(request.user)
        if not homes:
            return Response({"detail": _("You command no unit.")}, status=404)
        org = homes[0]
    choice = request.query_params.get("range", "year")
    if choice not in dict(stats.RANGES):
        return Response({"range": [_("Choose month, term, year or last_year.")]}, status=400)
    today = clock.today()
    first, last = stats.bounds(choice, today, org)
    children = stats.children_of(request.user, org)
    table = stats.table(org, children, first, last, today)

    def one(unit: OrgUnit) -> dict[str, Any]:
        by = table.rows.get(unit.pk, {})
        return {
            "id": unit.pk,
            "name": unit.name,
            "total": table.total(unit.pk).as_dict(),
            "duties": {code: figures.as_dict() for code, figures in by.items()},
        }

    return Response(
        {
            "from": first.isoformat(),
            "to": last.isoformat(),
            "duties": [{"code": o.code, "title": str(o.title), "source": o.source} for o in obligations],
            "org": one(org),
            "children": [one(child) for child in children],
        }
    )
