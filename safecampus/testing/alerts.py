"""Test helpers for early warning: a school's gateway, devices and camera made through the services, and signed
requests to the ingestion endpoint."""

from __future__ import annotations

import json
import time
from types import SimpleNamespace
from typing import Any

from rest_framework.test import APIClient

from safecampus.alerts.models import Gateway
from safecampus.alerts.services import registry
from safecampus.alerts.services.signing import signature
from safecampus.core.access import Role
from safecampus.testing.factories import member

CAMERA_ID = "37010200001320000001"  # 历下区 (370102), IP camera (132), serial 1


def setup(tree: Any, who: Any) -> SimpleNamespace:
    """At tree.school: a guard, a gateway, a smoke detector, an electrical fire monitor and a camera."""
    s = SimpleNamespace()
    s.guard = member(tree.school, Role.GUARD)
    s.gateway = registry.create_gateway(actor=who.principal, school=tree.school, name="网关", key="gw-test")
    s.smoke = registry.save_device(
        actor=who.principal,
        school=tree.school,
        gateway=s.gateway,
        vendor_id="SD-1",
        kind="smoke",
        name="宿舍烟感",
        place="学生宿舍二楼",
    )
    s.electrical = registry.save_device(
        actor=who.principal,
        school=tree.school,
        gateway=s.gateway,
        vendor_id="EF-1",
        kind="electrical",
        name="配电房监控",
        place="配电房",
    )
    s.camera = registry.save_camera(
        actor=who.principal, school=tree.school, gb_id=CAMERA_ID, name="校门口", place="gate", retention_days=30
    )
    return s


def signed_post(gateway: Gateway, body: Any, *, stamp: int | None = None, secret: str | None = None) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    moment = str(stamp if stamp is not None else int(time.time()))
    return APIClient().post(
        "/api/v1/alerts/ingest/",
        raw,
        content_type="application/json",
        HTTP_X_GATEWAY=gateway.key,
        HTTP_X_TIMESTAMP=moment,
        HTTP_X_SIGNATURE=signature(secret or gateway.secret, moment, raw),
    )


def msg(device: Any, kind: str, **extra: Any) -> dict[str, Any]:
    return {"device": device.vendor_id, "type": kind, **extra}
