"""API of the hazard closed loop: /api/v1/hazards/ and one POST action per step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.core import clock
from safecampus.orgs.models import OrgUnit

from .filters import HazardFilter
from .models import Area, Extension, Hazard, HazardEvent, HazardLevel, HazardSource, Listing, Photo
from .permissions import allowed_steps
from .services import workflow


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
        return hazard.is_overdue(clock.today())


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
        return sorted(allowed_steps(self.context["request"].user, hazard))


class ReportSerializer(serializers.Serializer):
    school = serializers.IntegerField()
    place = serializers.CharField(max_length=120)
    area = serializers.ChoiceField(choices=Area.choices)
    level = serializers.ChoiceField(choices=HazardLevel.choices, default=HazardLevel.GENERAL)
    source = serializers.ChoiceField(choices=HazardSource.choices, default=HazardSource.STAFF)
    description = serializers.CharField()
    found_at = serializers.DateTimeField(required=False)
    photos = serializers.ListField(child=serializers.FileField(), required=False)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class RectifySerializer(serializers.Serializer):
    owner_name = serializers.CharField(max_length=60, allow_blank=True)
    measures = serializers.CharField(allow_blank=True)
    deadline = serializers.DateField(allow_null=True)
    funds = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    contingency = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class SubmitSerializer(serializers.Serializer):
    rectification = serializers.CharField(allow_blank=True)
    photos = serializers.ListField(child=serializers.FileField(), required=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ExtensionRequestSerializer(serializers.Serializer):
    new_deadline = serializers.DateField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ListSerializer(serializers.Serializer):
    listed_by = serializers.IntegerField(required=False, help_text="City or province unit id; default: your highest.")
    notice_no = serializers.CharField(max_length=60, allow_blank=True)
    supervising_unit = serializers.CharField(max_length=120, allow_blank=True)
    deadline = serializers.DateField(allow_null=True)


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)
    deadline = serializers.DateField(allow_null=True)


class PhotosSerializer(serializers.Serializer):
    photos = serializers.ListField(child=serializers.FileField())


class HazardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Hazards of your area, with the ledger's filters. Every step is a POST action."""

    filterset_class = HazardFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet:
        queryset = Hazard.objects.visible_to(self.request.user)
        org_id = str(self.request.query_params.get("org", ""))
        if self.action == "list" and org_id.isdigit():
            node = OrgUnit.objects.visible_to(self.request.user).filter(pk=org_id).only("path").first()
            if node is not None:
                queryset = Hazard.objects.visible_within(self.request.user, node.path)
        queryset = queryset.select_related("school")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("events__actor", "photos", "extensions", "listings")
        return queryset.order_by("-found_at", "-id")

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return HazardDetailSerializer if self.action == "retrieve" else HazardSerializer

    def _done(self, hazard: Hazard, code: int = status.HTTP_200_OK) -> Response:
        fresh = (
            self.get_queryset().prefetch_related("events__actor", "photos", "extensions", "listings").get(pk=hazard.pk)
        )
        return Response(HazardDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def _step(
        self,
        request: Request,
        serializer_class: type[serializers.Serializer],
        call: Callable[[Hazard, dict[str, Any]], Any],
    ) -> Response:
        hazard = self.get_object()
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        call(hazard, dict(data.validated_data))
        return self._done(hazard)

    @extend_schema(
        request=ReportSerializer,
        responses={201: HazardDetailSerializer},
        summary="Register a hazard found by staff, a bureau or the public",
    )
    def create(self, request: Request) -> Response:
        data = ReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        school = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=values.pop("school"))
        hazard = workflow.report_hazard(
            actor=request.user,
            school=school,
            photos=request.FILES.getlist("photos"),
            **{k: v for k, v in values.items() if k != "photos"},
        )
        return self._done(hazard, status.HTTP_201_CREATED)

    @extend_schema(request=CommentSerializer, responses=HazardDetailSerializer, summary="Register a draft (登记)")
    @action(detail=True, methods=["post"])
    def report(self, request: Request, pk: str) -> Response:
        return self._step(
            request, CommentSerializer, lambda h, d: workflow.report(h, actor=request.user, comment=d["comment"])
        )

    @extend_schema(
        request=RectifySerializer, responses=HazardDetailSerializer, summary="Set the rectification plan (五落实)"
    )
    @action(detail=True, methods=["post"])
    def rectify(self, request: Request, pk: str) -> Response:
        return self._step(request, RectifySerializer, lambda h, d: workflow.rectify(h, actor=request.user, **d))

    @extend_schema(
        request=SubmitSerializer,
        responses=HazardDetailSerializer,
        summary="Submit the rectification report with evidence photos",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._step(
            request,
            SubmitSerializer,
            lambda h, d: workflow.submit(
                h, actor=request.user, rectification=d["rectification"], photos=request.FILES.getlist("photos")
            ),
        )

    @extend_schema(request=PhotosSerializer, responses=HazardDetailSerializer, summary="Add evidence photos")
    @action(detail=True, methods=["post"])
    def photos(self, request: Request, pk: str) -> Response:
        hazard = self.get_object()
        workflow.add_evidence(hazard, actor=request.user, photos=request.FILES.getlist("photos"))
        return self._done(hazard)

    @extend_schema(request=CommentSerializer, responses=HazardDetailSerializer, summary="Verify and close (销号)")
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str) -> Response:
        return self._step(
            request, CommentSerializer, lambda h, d: workflow.verify(h, actor=request.user, comment=d["comment"])
        )

    @extend_schema(request=ReasonSerializer, responses=HazardDetailSerializer, summary="Reject the rectification")
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        return self._step(
            request, ReasonSerializer, lambda h, d: workflow.reject(h, actor=request.user, reason=d["reason"])
        )

    @extend_schema(
        request=ExtensionRequestSerializer,
        responses=HazardDetailSerializer,
        summary="Ask the level above for a later deadline",
    )
    @action(detail=True, methods=["post"])
    def request_extension(self, request: Request, pk: str) -> Response:
        return self._step(
            request, ExtensionRequestSerializer, lambda h, d: workflow.request_extension(h, actor=request.user, **d)
        )

    @extend_schema(request=DecisionSerializer, responses=HazardDetailSerializer, summary="Approve the extension")
    @action(detail=True, methods=["post"])
    def approve_extension(self, request: Request, pk: str) -> Response:
        return self._step(
            request,
            DecisionSerializer,
            lambda h, d: workflow.decide_extension(h, actor=request.user, approve=True, note=d["note"]),
        )

    @extend_schema(request=DecisionSerializer, responses=HazardDetailSerializer, summary="Deny the extension")
    @action(detail=True, methods=["post"])
    def deny_extension(self, request: Request, pk: str) -> Response:
        return self._step(
            request,
            DecisionSerializer,
            lambda h, d: workflow.decide_extension(h, actor=request.user, approve=False, note=d["note"]),
        )

    @extend_schema(request=ListSerializer, responses=HazardDetailSerializer, summary="List for supervision (挂牌督办)")
    @action(detail=True, methods=["post"], url_path="list")
    def list_for_supervision(self, request: Request, pk: str) -> Response:
        def call(hazard: Hazard, data: dict[str, Any]) -> Any:
            org_id = data.pop("listed_by", None)
            listed_by = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=org_id) if org_id else None
            return workflow.list_hazard(hazard, actor=request.user, listed_by=listed_by, **data)

        return self._step(request, ListSerializer, call)

    @extend_schema(request=ReasonSerializer, responses=HazardDetailSerializer, summary="End the supervised listing")
    @action(detail=True, methods=["post"])
    def unlist(self, request: Request, pk: str) -> Response:
        return self._step(
            request, ReasonSerializer, lambda h, d: workflow.unlist(h, actor=request.user, reason=d["reason"])
        )

    @extend_schema(request=ReopenSerializer, responses=HazardDetailSerializer, summary="Reopen after a re-check")
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        return self._step(request, ReopenSerializer, lambda h, d: workflow.reopen(h, actor=request.user, **d))
