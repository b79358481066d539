"""Helpers that report incidents through the real services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from safecampus.core import clock
from safecampus.incidents.services import reporting


def incident_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "category": "accident",
        "subtype": "drowning",
        "title": "学生课外溺水",
        "place": "学校西侧河道",
        "occurred_at": clock.now() - timedelta(minutes=20),
        "description": "两名学生放学后在河道戏水，一人溺水。",
        "measures": "已送医抢救，通知家长，报告属地派出所。",
        "students_involved": 2,
        "injuries": 1,
    }
    fields.update(overrides)
    return fields


def report(tree: Any, who: Any, org: Any = None, actor: Any = None, **overrides: Any) -> Any:
    return reporting.report_initial(
        actor=actor or who.principal, org=org or tree.school, **incident_fields(**overrides)
    )
