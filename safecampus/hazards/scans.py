"""What scanning a checkpoint's QR code opens, by who scans: an app may claim the scan for some users (a guard on
a patrol round) before the default, the place's items in the school's open inspection."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from safecampus.core.registry import Registry


@dataclass(frozen=True)
class ScanHandler:
    key: str
    applies: Callable[[Any, Any], bool]  # (user, checkpoint) → this handler takes the scan
    url: Callable[[Any], str]  # (checkpoint) → where the scan goes
    order: int = 0


handlers: Registry[ScanHandler] = Registry("checkpoint scans")


def claimed(user: Any, point: Any) -> str | None:
    """The page an app's handler sends this user's scan to, if one claims it."""
    for handler in handlers:
        if handler.applies(user, point):
            return handler.url(point)
    return None
