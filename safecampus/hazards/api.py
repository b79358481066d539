"""API of the hazard closed loop: /api/v1/hazards/, registering one, and one POST action per declared step."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from safecampus.core.access import scope_paths
from safecampus.core.api import FilterBackend
from safecampus.core.scope import sees_whole
from safecampus.core.steps_api import StepActions, checked_data, form_errors, form_serializer
from safecampus.orgs.models import OrgUnit

from . import forms as f
from .filters import HazardFilter
from .models import Extension, Hazard, HazardEvent, Listing, Photo
from .permissions import reports_as_bureau
from .services import workflow
from .services.common import flow


class HazardSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)
    number = serializers.CharField(read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Hazard
        fields = [
            "id",
            "number",
            "school",
            "school_name",
            "school_kind",
            "place",
            "area",
            "level",
            "source",
            "description",
            "found_at",
            "state",
            "deadline",
            "overdue",
            "listed_by",
            "owner_name",
            "closed_at",
            "closed_on_time",
            "reopen_count",
        ]

    def get_overdue(self, hazard: Hazard) -> bool:
        return hazard.overdue


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)

    class Meta:
        model = HazardEvent
        fields = ["verb", "from_state", "to_state", "actor", "at", "comment", "data"]


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Photo
        fields = ["id", "kind", "content_type", "size", "uploaded_at", "url"]

    def get_url(self, photo: Photo) -> str:
        return f"/hazards/photos/{photo.pk}/"


class ExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Extension
        fields = [
            "id",
            "old_deadline",
            "new_deadline",
            "reason",
            "requested_at",
            "approved",
            "decided_at",
            "decision_note",
        ]


class ListingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Listing
        fields = [
            "id",
            "listed_by",
            "notice_no",
            "supervising_unit",
            "deadline",
            "accept_by",
            "listed_at",
            "ended_at",
            "end_reason",
        ]


class HazardDetailSerializer(HazardSerializer):
    events = EventSerializer(many=True, read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)
    extensions = ExtensionSerializer(many=True, read_only=True)
    listings = ListingSerializer(many=True, read_only=True)
    allowed_steps = serializers.SerializerMethodField()

    class Meta(HazardSerializer.Meta):
        fields = [
            *HazardSerializer.Meta.fields,
            "measures",
            "funds",
            "contingency",
            "rectification",
            "submitted_at",
            "inspection",
            "item",
            "events",
            "photos",
            "extensions",
            "listings",
            "allowed_steps",
        ]

    def get_allowed_steps(self, hazard: Hazard) -> list[str]:
        return sorted(step.verb for step in flow.offered(self.context["request"].user, hazard))


ReportRequest = form_serializer(
    f.ReportForm, "NewHazard", {"school": serializers.IntegerField(help_text="The school's unit id.")}
)


class KeptFilters(FilterBackend):
    """The project's filter backend, keeping the filterset it made on the view (the list asks it for its total)."""

    def get_filterset(self, request: Request, queryset: QuerySet, view: Any) -> Any:
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


class HazardViewSet(StepActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Hazards of your area, with the ledger's filters. Every step is a POST action."""

    filterset_class = HazardFilter
    filter_backends = [
        KeptFilters if backend is FilterBackend else backend for backend in api_settings.DEFAULT_FILTER_BACKENDS
    ]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    workflow = flow
    step_response_serializer = HazardDetailSerializer

    # The nodes whose whole subtrees the list holds (the user reads all of each), if they are known.
    whole_subtrees: list[str] | None = None

    def get_queryset(self) -> QuerySet:
        user = self.request.user
        queryset = Hazard.objects.visible_to(user)
        org_id = str(self.request.query_params.get("org", ""))
        if self.action == "list" and org_id.isdigit():
            node = OrgUnit.objects.visible_to(user).filter(pk=org_id).only("path").first()
            if node is not None:
                queryset = Hazard.objects.visible_within(user, node.path)
                self.whole_subtrees = [node.path] if sees_whole(user, node.path) else None
        elif self.action == "list" and "org" not in self.request.query_params:
            self.whole_subtrees = scope_paths(user)
        queryset = queryset.select_related("school")
        if self.action != "list":
            queryset = queryset.prefetch_related("events__actor", "photos", "extensions", "listings")
        return queryset.order_by("-found_at", "-id")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        self.filterset = None
        filtered = super().filter_queryset(queryset)
        self.counted = None
        if self.action == "list" and self.filterset is not None:
            self.counted = self.filterset.counted(self.whole_subtrees)
            if self.counted is not None and "ordering" not in self.request.query_params:
                page = self.request.query_params.get("page", "1")
                rows = self.paginator.get_page_size(self.request) * (int(page) if page.isdigit() else 1)
                newest = self.counted.newest_first(rows)
                if newest is not None:
                    return newest.select_related("school")
        return filtered

    def paginated_count(self, queryset: QuerySet) -> int | None:
        """The list's total from the counter store when the filters allow it (StandardPagination asks)."""
        counted = getattr(self, "counted", None)
        return counted.total if counted is not None else None

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return HazardDetailSerializer if self.action == "retrieve" else HazardSerializer

    def step_response(self, hazard: Hazard, code: int = status.HTTP_200_OK) -> Response:
        fresh = (
            Hazard.objects.select_related("school")
            .prefetch_related("events__actor", "photos", "extensions", "listings")
            .get(pk=hazard.pk)
        )
        return Response(HazardDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        request={"application/json": ReportRequest, "multipart/form-data": ReportRequest},
        responses={201: HazardDetailSerializer},
        summary="Register a hazard found by staff, a bureau or the public",
    )
    def create(self, request: Request) -> Response:
        data = checked_data(request, f.ReportForm, extra=("school",))
        school_id = str(data.get("school", ""))
        if not school_id.isdigit():
            raise ValidationError({"school": [_("Give the id of a school in your area.")]})
        school = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=school_id)
        form = f.ReportForm(data, request.FILES, bureau=reports_as_bureau(request.user, school))
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        values = {k: v for k, v in form.cleaned_data.items() if k != "photos"}
        hazard = workflow.report_hazard(actor=request.user, school=school, photos=form.cleaned_data["photos"], **values)
        return self.step_response(hazard, status.HTTP_201_CREATED)
