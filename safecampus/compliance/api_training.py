"""/api/v1/compliance/trainees/ and /trainings/: the school's roster and its trainings (withdraw is an action)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.core.steps_api import StepActions, form_serializer, valid_data
from safecampus.orgs.api import within_org_param

from .api import SCHOOL, _school
from .forms_training import TraineeForm, TrainingForm
from .models import Trainee, Training
from .services import records
from .services import training as service


class TraineeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Trainee
        fields = ["id", "school", "name", "post", "appointed_on", "is_active"]


class TrainingSerializer(serializers.ModelSerializer):
    attendees = serializers.SerializerMethodField()

    class Meta:
        model = Training
        fields = ["id", "school", "course", "provider", "held_on", "hours", "state", "withdrawn_reason"]
        fields += ["recorded_by", "recorded_at", "attendees"]

    def get_attendees(self, training: Training) -> list[dict[str, Any]]:
        return [
            {"trainee": row.trainee_id, "name": row.trainee.name, "hours": str(row.hours)}
            for row in training.attendances.select_related("trainee")
        ]


class TraineeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The training roster of your area's schools (`?org=`). `POST` adds a person to a school's roster."""

    serializer_class = TraineeSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return within_org_param(self.request, Trainee.objects.visible_to(self.request.user))

    @extend_schema(
        request=form_serializer(TraineeForm, "TraineeAdd", SCHOOL),
        responses={201: TraineeSerializer},
        summary="Add a person to a school's training roster",
    )
    def create(self, request: Request) -> Response:
        school = _school(request, request.data)
        records.require_recorder(request.user, school)
        person = service.add_trainee(school, actor=request.user, **valid_data(request, TraineeForm, extra=("school",)))
        return Response(TraineeSerializer(person).data, status=status.HTTP_201_CREATED)


class TrainingViewSet(StepActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Trainings of your area (`?org=`). `POST` records one with its attendees (ids of the school's roster)."""

    serializer_class = TrainingSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    workflow = records.trainings
    step_response_serializer = TrainingSerializer

    def get_queryset(self) -> Any:
        return within_org_param(self.request, Training.objects.visible_to(self.request.user))

    def step_response(self, training: Training) -> Response:
        data = TrainingSerializer(training).data
        data["allowed_steps"] = [step.verb for step in records.trainings.offered(self.request.user, training)]
        return Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.step_response(self.get_object())

    @extend_schema(
        request=form_serializer(TrainingForm, "TrainingRecord", SCHOOL),
        responses={201: TrainingSerializer},
        summary="Record a training and who attended",
    )
    def create(self, request: Request) -> Response:
        school = _school(request, request.data)
        records.require_recorder(request.user, school)
        people = list(Trainee.objects.filter(school=school, is_active=True))
        values = dict(valid_data(request, TrainingForm, extra=("school",), trainees=people))
        chosen = [person for person in people if person.pk in set(values.pop("attendees"))]
        made = service.record_training(school, actor=request.user, attendees=chosen, **values)
        return Response(TrainingSerializer(made).data, status=status.HTTP_201_CREATED)
