"""API of checklists and inspections: /api/v1/checklists/, /api/v1/inspections/, /api/v1/inspection-tasks/."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.core.steps_api import StepActions
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


def _visible_unit(request: Request, value: Any) -> OrgUnit:
    """A unit named in a filter must be in the user's area, else 404 (as `?org=` answers everywhere)."""
    return get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=value)


class InspectionFilter(django_filters.FilterSet):
    school = django_filters.NumberFilter(method="filter_school")
    org = django_filters.NumberFilter(method="filter_org")

    class Meta:
        model = Inspection
        fields = ["status", "kind", "school", "org"]

    def filter_school(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(school=_visible_unit(self.request, value))

    def filter_org(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.within(_visible_unit(self.request, value).path)


class InspectionViewSet(StepActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Inspections of your area. Start one, record results item by item, submit; cancel or add to the team."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_class = InspectionFilter
    workflow = inspections.flow
    step_response_serializer = InspectionDetailSerializer

    def get_queryset(self) -> QuerySet:
        queryset = Inspection.objects.visible_to(self.request.user).select_related("school")
        if self.action != "list":
            queryset = queryset.prefetch_related("results__item", "results__photos")
        return queryset.prefetch_related("hazards").order_by("-date", "-id")

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return InspectionDetailSerializer if self.action != "list" else InspectionSerializer

    def step_response(self, inspection: Inspection, code: int = status.HTTP_200_OK) -> Response:
        fresh = (
            Inspection.objects.select_related("school")
            .prefetch_related("results__item", "results__photos", "hazards")
            .get(pk=inspection.pk)
        )
        return Response(InspectionDetailSerializer(fresh).data, status=code)

    @extend_schema(request=StartSerializer, responses={201: InspectionDetailSerializer}, summary="Start an inspection")
    def create(self, request: Request) -> Response:
        data = StartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        school = _visible_unit(request, values["school"])
        checklist = get_object_or_404(Checklist.objects.usable_at(school), pk=values["checklist"])
        task = None
        if values.get("task"):
            task = get_object_or_404(InspectionTask.objects.visible_to(request.user), pk=values["task"], school=school)
        version = checklist.published()
        if version is None:
            raise serializers.ValidationError({"checklist": [_("This checklist has no published version.")]})
        inspection = inspections.start_inspection(
            actor=request.user,
            school=school,
            kind=values["kind"],
            version=version,
            inspection_date=values.get("date"),
            task=task,
            is_unannounced=values["is_unannounced"],
        )
        return self.step_response(inspection, status.HTTP_201_CREATED)


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


class TaskApiFilter(django_filters.FilterSet):
    school = django_filters.NumberFilter(method="filter_school")
    org = django_filters.NumberFilter(method="filter_org")
    open = django_filters.CharFilter(method="filter_open", label="Not done yet (true/1 or false/0)")

    class Meta:
        model = InspectionTask
        fields = ["plan", "school", "org", "open"]

    def filter_school(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(school=_visible_unit(self.request, value))

    def filter_org(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.within(_visible_unit(self.request, value).path)

    def filter_open(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        wanted = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}.get(value.lower())
        if wanted is None:
            raise serializers.ValidationError({"open": [_("Give true or false.")]})
        return queryset.undone() if wanted else queryset.filter(done_at__isnull=False)


class InspectionTaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Inspections due in your area (from the plans of the bureaus above)."""

    serializer_class = TaskSerializer
    filterset_class = TaskApiFilter

    def get_queryset(self) -> QuerySet:
        queryset = InspectionTask.objects.visible_to(self.request.user).select_related("plan", "school")
        return queryset.order_by("due_date", "id")
