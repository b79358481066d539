"""Signed requests from gateways: HMAC-SHA256 over the timestamp and the body, with the gateway's own secret.

    X-Gateway:   the gateway's id
    X-Timestamp: seconds since 1970 (UTC), within the rule's clock skew of the platform's clock
    X-Signature: hex HMAC-SHA256(secret, "<timestamp>\\n" + body)

A signature is accepted once: the same signed request again is a replay.
Everything refused answers 401 and is logged with its reason.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import IntegrityError, transaction

from safecampus.core import clock
from safecampus.rules.services import rule_value

from ..models import Gateway, SeenSignature
from .ingest import Refused


def new_secret() -> str:
    return secrets.token_hex(32)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"\n" + body, hashlib.sha256).hexdigest()


def verify(key: str, timestamp: str, sent: str, body: bytes) -> Gateway:
    """The gateway that signed the request, or Refused (unknown gateway, stale or bad time, bad signature, replay)."""
    gateway = Gateway.objects.filter(key=key, is_active=True).select_related("school").first() if key else None
    if gateway is None:
        raise Refused("unknown_gateway", f"unknown gateway {key[:40]!r}")
    if not timestamp.isdigit():
        raise Refused("bad_timestamp", "X-Timestamp must be whole seconds since 1970")
    skew = int(rule_value("alerts.ingest.skew_seconds", gateway.school))
    if abs(clock.now().timestamp() - int(timestamp)) > skew:
        raise Refused("stale", f"X-Timestamp is more than {skew} s from the platform's clock")
    if not hmac.compare_digest(signature(gateway.secret, timestamp, body), sent.strip().lower()):
        raise Refused("bad_signature", "the signature does not match the body")
    try:
        with transaction.atomic():
            SeenSignature.objects.create(gateway=gateway, signature=sent.strip().lower(), at=clock.now())
    except IntegrityError:
        raise Refused("replay", "this signed request was already received") from None
    return gateway


def forget_old(skew_seconds: int = 3600) -> int:
    """Signatures older than any allowed skew can no longer be replayed (their timestamp is refused)."""
    since = clock.now().timestamp() - 2 * skew_seconds
    from datetime import UTC, datetime

    deleted, _rows = SeenSignature.objects.filter(at__lt=datetime.fromtimestamp(since, UTC)).delete()
    return deleted
