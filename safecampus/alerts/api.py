"""/api/v1/alerts/: alarms (with POST /api/v1/alerts/alarms/{id}/<step>/ for every declared step), devices,
cameras, the live-view log; the gateways' signed ingestion endpoint is in api_ingest.py."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.core.access import Perm
from safecampus.core.steps_api import StepActions
from safecampus.orgs.api import within_org_param

from .filters import filter_alarms
from .models import Alarm, AlarmEvent, Camera, Device, LiveView
from .services.common import flow


class AlarmSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)
    device_name = serializers.CharField(source="device.name", read_only=True)
    place = serializers.CharField(source="device.place", read_only=True)

    class Meta:
        model = Alarm
        fields = [
            "id",
            "school",
            "school_name",
            "device",
            "device_name",
            "place",
            "type",
            "severity",
            "state",
            "raised_at",
            "last_at",
            "count",
            "last_value",
            "cleared_at",
            "flapping",
            "ack_due_at",
            "escalated",
            "acknowledged_at",
            "dispatched_at",
            "dispatched_to_name",
            "resolved_at",
            "outcome",
            "reviewed_at",
            "cause",
            "lessons",
            "hazard",
        ]


class AlarmEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AlarmEvent
        fields = ["verb", "at", "actor", "comment", "data"]


class AlarmDetailSerializer(AlarmSerializer):
    events = AlarmEventSerializer(many=True, read_only=True)
    allowed_steps = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(AlarmSerializer.Meta):
        fields = [*AlarmSerializer.Meta.fields, "events", "allowed_steps"]


ALARM_FILTERS = [
    OpenApiParameter("org", int, description="Only this unit's subtree (404 outside your area)."),
    OpenApiParameter("state", str, enum=["", "raised", "closed", "all"], description="Default: open alarms."),
    OpenApiParameter("type", str, description="An alarm type (fire, gas, residual_current…)."),
    OpenApiParameter("q", str, description="Text in the device's name or place, or the school's name."),
]


@extend_schema_view(list=extend_schema(parameters=ALARM_FILTERS))
class AlarmViewSet(StepActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Alarms of your area, newest first; every lifecycle step is a POST action."""

    serializer_class = AlarmSerializer
    workflow = flow
    step_response_serializer = AlarmDetailSerializer

    def get_queryset(self) -> Any:
        rows = Alarm.objects.visible_to(self.request.user).select_related("school", "device")
        rows = within_org_param(self.request, rows)
        if self.action == "list":
            rows = filter_alarms(rows, self.request.query_params)
        return rows.order_by("-raised_at", "-pk")

    def step_response(self, alarm: Alarm) -> Response:
        alarm.allowed_steps = [step.verb for step in flow.offered(self.request.user, alarm)]
        return Response(AlarmDetailSerializer(alarm).data)

    @extend_schema(responses=AlarmDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.step_response(self.get_object())


class DeviceSerializer(serializers.ModelSerializer):
    gateway_key = serializers.CharField(source="gateway.key", read_only=True)

    class Meta:
        model = Device
        fields = [
            "id",
            "school",
            "gateway",
            "gateway_key",
            "vendor_id",
            "kind",
            "name",
            "place",
            "risk_point",
            "thresholds",
            "is_active",
            "online",
            "last_seen_at",
        ]


class DeviceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """IoT devices of your area (`?org=`, `?online=true|false`)."""

    serializer_class = DeviceSerializer

    def get_queryset(self) -> Any:
        rows = within_org_param(self.request, Device.objects.visible_to(self.request.user).select_related("gateway"))
        online = self.request.query_params.get("online")
        if online in ("true", "false"):
            rows = rows.filter(online=online == "true")
        return rows.order_by("org_path", "name", "pk")


class CameraSerializer(serializers.ModelSerializer):
    class Meta:
        model = Camera
        fields = [
            "id",
            "school",
            "gb_id",
            "name",
            "place",
            "plan_x",
            "plan_y",
            "lng",
            "lat",
            "ptz",
            "police_linked",
            "retention_days",
            "online",
            "is_active",
        ]


class CameraViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Cameras of your area (`?org=`, `?online=true|false`). Watching goes through the camera's page, which logs it."""

    serializer_class = CameraSerializer

    def get_queryset(self) -> Any:
        rows = within_org_param(self.request, Camera.objects.visible_to(self.request.user))
        online = self.request.query_params.get("online")
        if online in ("true", "false"):
            rows = rows.filter(online=online == "true")
        return rows.order_by("org_path", "name", "pk")


class LiveViewSerializer(serializers.ModelSerializer):
    seconds = serializers.IntegerField(read_only=True)
    camera_name = serializers.CharField(source="camera.name", read_only=True)

    class Meta:
        model = LiveView
        fields = ["id", "camera", "camera_name", "viewer", "purpose", "started_at", "last_seen_at", "seconds", "remote"]


class LiveViewViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Who watched which camera, when and how long (`?org=`): for those who keep the cameras or read the audit."""

    serializer_class = LiveViewSerializer

    def get_queryset(self) -> Any:
        user = self.request.user
        # Those who keep a unit's cameras, and its auditors; the others read none of it.
        rows = LiveView.objects.restrict(user, Perm.KEEP_DEVICES) | LiveView.objects.restrict(user, Perm.VIEW_AUDIT)
        return within_org_param(self.request, rows.select_related("camera")).order_by("-started_at", "-pk")
