"""POST /api/v1/alerts/ingest/: gateways send their devices' messages, signed (services/signing.py).

No user logs in here: the gateway's HMAC signature is its credential. What is refused answers 401 (who sent it
is not known: unknown gateway, stale time, bad signature, replay) or 400 (a body that is not messages), is
logged with its reason, and changes nothing; a batch with some bad messages takes the good ones and names the
others by index.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import AlarmType
from .services.ingest import KIND_CHOICES, RANGES, Refused, decode, ingest, refuse
from .services.signing import verify

MAX_BODY = 2 * 1024 * 1024


class IngestMessage(serializers.Serializer):
    id = serializers.CharField(required=False, max_length=64, help_text="The gateway's own id of the message.")
    device = serializers.CharField(max_length=64, help_text="The device's vendor id on this gateway.")
    type = serializers.ChoiceField(choices=KIND_CHOICES)
    alarm = serializers.ChoiceField(choices=AlarmType.choices, required=False, help_text="For alarm and restore.")
    at = serializers.DateTimeField(required=False, help_text="When the device sent it (ISO 8601 with offset).")
    values = serializers.DictField(
        child=serializers.FloatField(),
        required=False,
        help_text=", ".join(f"{k} {a}–{b}" for k, (a, b) in RANGES.items()),
    )


class IngestRequest(serializers.Serializer):
    messages = IngestMessage(many=True, max_length=1000)


class IngestView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    @extend_schema(
        operation_id="v1_alerts_ingest",
        summary="Send device messages from a gateway (signed)",
        description=(
            'Body: one message or {"messages": [...]} (at most 1,000). A message: id (the gateway\'s own, so a '
            "retry is stored once), device (its vendor id), type (heartbeat, reading, alarm, restore), alarm "
            "(the alarm type, for alarm and restore), at (ISO 8601 with offset), values (named numbers). "
            "Headers: X-Gateway, X-Timestamp (Unix seconds), X-Signature = hex HMAC-SHA256(secret, "
            'timestamp + "\\n" + body).'
        ),
        parameters=[
            OpenApiParameter("X-Gateway", str, OpenApiParameter.HEADER, required=True),
            OpenApiParameter("X-Timestamp", str, OpenApiParameter.HEADER, required=True),
            OpenApiParameter("X-Signature", str, OpenApiParameter.HEADER, required=True),
        ],
        request={"application/json": IngestRequest},
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="accepted, duplicates, alarms_raised, refused"),
            400: OpenApiResponse(description="The body is not JSON messages (logged)"),
            401: OpenApiResponse(description="Unknown gateway, stale timestamp, bad signature or replay (logged)"),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        body = request.body
        remote = request.META.get("REMOTE_ADDR", "")
        key = request.headers.get("X-Gateway", "")
        try:
            gateway = verify(key, request.headers.get("X-Timestamp", ""), request.headers.get("X-Signature", ""), body)
        except Refused as error:
            refuse(None, "http", error.reason, f"{key[:40]}: {error.detail}", remote)
            return Response({"detail": "refused", "reason": error.reason}, status=401)
        if len(body) > MAX_BODY:
            refuse(gateway, "http", "too_large", f"{len(body)} bytes", remote)
            return Response({"detail": "The body is larger than 2 MB.", "reason": "too_large"}, status=400)
        try:
            messages = decode(body)
        except Refused as error:
            refuse(gateway, "http", error.reason, error.detail, remote)
            return Response({"detail": error.detail, "reason": error.reason}, status=400)
        outcome = ingest(gateway, messages, channel="http")
        return Response(outcome.as_dict())
