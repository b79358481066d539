"""Acceptance records for tests: the seeded schemes, and an assessment taken to each state."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from safecampus.risks.models import Assessment, AssessmentScheme, SchemeKind
from safecampus.risks.schemes import load_schemes
from safecampus.risks.services import acceptance as a


def scheme(kind: str = SchemeKind.RISK) -> AssessmentScheme:
    return {s.kind: s for s in load_schemes()}[kind]


def scored(assessment: Any, step: Any, actor: Any, share: float = 0.95, veto: bool = False) -> Any:
    """Score every indicator at `share` of its points (N/A where allowed and worth nothing)."""
    for indicator in a.leaves(assessment.scheme):
        points = (indicator.points * Decimal(str(share))).quantize(Decimal("0.1"))
        data: dict[str, Any] = {"indicator": indicator.pk, "points": points}
        if indicator.is_veto and indicator.points == 0:
            data = {"indicator": indicator.pk, "points": None, "veto_hit": veto}
            if indicator.allows_na and not veto:
                data = {"indicator": indicator.pk, "not_applicable": True}
        step(assessment, actor=actor, **data)
    return assessment


def submitted(tree: Any, who: Any, kind: str = SchemeKind.RISK, **kwargs: Any) -> Any:
    assessment = a.start(tree.school, scheme(kind), actor=who.school_safety)
    scored(assessment, a.score, who.school_safety)
    a.submit(assessment, actor=who.principal)
    return assessment


def reviewed(tree: Any, who: Any, kind: str = SchemeKind.RISK, share: float = 0.9, veto: bool = False) -> Any:
    assessment = submitted(tree, who, kind)
    scored(assessment, a.review_score, who.county_officer, share=share, veto=veto)
    a.finish_review(assessment, actor=who.county_officer)
    return assessment


def passed(tree: Any, who: Any, kind: str = SchemeKind.RISK) -> Any:
    assessment = reviewed(tree, who, kind)
    a.decide(assessment, actor=who.city_admin, result="pass", reason="")
    return Assessment.objects.get(pk=assessment.pk)


def close_open() -> None:
    """End every assessment under way (one may be open per school and scheme), for a test that needs another."""
    Assessment.objects.filter(state__in=("draft", "submitted", "reviewed")).update(state="failed")
