"""What a school's card on the map shows of the register: its colours and its safe-campus title."""

from __future__ import annotations

from typing import Any

from django import template

from ..models import Title, TitleState
from ..stats import colour_counts

register = template.Library()


@register.simple_tag
def school_risks(school: Any) -> dict[str, Any]:
    title = (
        Title.objects.filter(school=school, state__in=(TitleState.ACTIVE, TitleState.UNDER_REVIEW))
        .order_by("-awarded_at")
        .first()
    )
    return {"counts": colour_counts(school), "title": title}
