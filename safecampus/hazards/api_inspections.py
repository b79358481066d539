"""API of checklists and inspections: /api/v1/checklists/, /api/v1/inspections/, /api/v1/inspection-tasks/."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.orgs.models import OrgUnit

from .models import Checklist, ChecklistItem, Inspection, InspectionKind, InspectionResult, InspectionTask
from .services import inspections
from .services.checklists import effective_items


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "code", "area", "text", "pass_hint", "source", "is_major_criterion", "weight", "kinds", "flags"]


class ChecklistSerializer(serializers.ModelSerializer):
    version = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()

    class Meta:
        model = Checklist
        fields = ["id", "code", "name", "description", "owner", "extends", "version", "items"]

    def get_version(self, checklist: Checklist) -> int | None:
        version = checklist.published()
        return version.number if version else None

    def get_items(self, checklist: Checklist) -> list[dict[str, Any]]:
        if not self.context.get("with_items"):
            return []
        version = checklist.published()
        return ItemSerializer(effective_items(version), many=True).data if version else []


class ChecklistViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Checklists usable in your area (owned by your node or one above); a checklist's items on retrieve."""

    serializer_class = ChecklistSerializer

    def get_queryset(self) -> QuerySet:
        user = self.request.user
        paths = set()
        for org in OrgUnit.objects.visible_to(user).filter(depth__lte=3)[:500] or OrgUnit.objects.visible_to(user)[:1]:
            paths.update(org.ancestor_paths())
        return Checklist.objects.filter(owner_path__in=paths, is_active=True).order_by("owner_path", "code")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "with_items": self.action == "retrieve"}


class ResultSerializer(serializers.ModelSerializer):
    item = ItemSerializer(read_only=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = InspectionResult
        fields = ["item", "outcome", "note", "place", "updated_at", "photos"]

    def get_photos(self, result: InspectionResult) -> int:
        return result.photos.count()


class InspectionSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)
    hazards = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "kind",
            "school",
            "school_name",
            "inspecting_org",
            "is_unannounced",
            "checklist_version",
            "date",
            "status",
            "score",
            "failed_count",
            "major_failed_count",
            "submitted_at",
            "hazards",
        ]


class InspectionDetailSerializer(InspectionSerializer):
    results = ResultSerializer(many=True, read_only=True)

    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "results"]


class StartSerializer(serializers.Serializer):
    school = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=InspectionKind.choices)
    checklist = serializers.IntegerField()
    date = serializers.DateField(required=False)
    task = serializers.IntegerField(required=False)
    is_unannounced = serializers.BooleanField(default=False)


class RecordSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=["pass", "fail", "na"])
    note = serializers.CharField(required=False, allow_blank=True, default="")
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=80)
    photos = serializers.ListField(child=serializers.FileField(), required=False)


class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Inspections of your area. Start one, record results item by item, submit."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = ["status", "kind", "school"]

    def get_queryset(self) -> QuerySet:
        queryset = Inspection.objects.visible_to(self.request.user).select_related("school")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("results__item", "results__photos")
        return queryset.prefetch_related("hazards").order_by("-date", "-id")

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return InspectionDetailSerializer if self.action != "list" else InspectionSerializer

    def _detail(self, inspection: Inspection, code: int = status.HTTP_200_OK) -> Response:
        return Response(InspectionDetailSerializer(self.get_queryset().get(pk=inspection.pk)).data, status=code)

    @extend_schema(request=StartSerializer, responses={201: InspectionDetailSerializer}, summary="Start an inspection")
    def create(self, request: Request) -> Response:
        data = StartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        school = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=values["school"])
        checklist = get_object_or_404(Checklist.objects.usable_at(school), pk=values["checklist"])
        task = None
        if values.get("task"):
            task = get_object_or_404(InspectionTask.objects.visible_to(request.user), pk=values["task"], school=school)
        version = checklist.published()
        if version is None:
            raise serializers.ValidationError({"checklist": ["This checklist has no published version."]})
        inspection = inspections.start_inspection(
            actor=request.user,
            school=school,
            kind=values["kind"],
            version=version,
            inspection_date=values.get("date"),
            task=task,
            is_unannounced=values["is_unannounced"],
        )
        return self._detail(inspection, status.HTTP_201_CREATED)

    @extend_schema(request=RecordSerializer, responses=InspectionDetailSerializer, summary="Record one item's result")
    @action(detail=True, methods=["post"])
    def results(self, request: Request, pk: str) -> Response:
        inspection = self.get_object()
        data = RecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        inspections.record_result(
            inspection,
            actor=request.user,
            item_id=values["item"],
            outcome=values["outcome"],
            note=values["note"],
            place=values["place"],
            photos=request.FILES.getlist("photos"),
        )
        return self._detail(inspection)

    @extend_schema(
        request=None,
        responses=InspectionDetailSerializer,
        summary="Submit: results are locked and failed items become hazard drafts",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        inspection = self.get_object()
        inspections.submit_inspection(inspection, actor=request.user)
        return self._detail(inspection)


class TaskSerializer(serializers.ModelSerializer):
    plan_name = serializers.CharField(source="plan.name", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)

    class Meta:
        model = InspectionTask
        fields = [
            "id",
            "plan",
            "plan_name",
            "school",
            "school_name",
            "inspecting_org",
            "due_date",
            "round",
            "inspection",
            "done_at",
        ]


class InspectionTaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Inspections due in your area (from the plans of the bureaus above)."""

    serializer_class = TaskSerializer
    filterset_fields = ["plan", "school"]

    def get_queryset(self) -> QuerySet:
        queryset = InspectionTask.objects.visible_to(self.request.user).select_related("plan", "school")
        if self.request.query_params.get("open") in ("1", "true"):
            queryset = queryset.filter(inspection__isnull=True)
        return queryset.order_by("due_date", "id")
