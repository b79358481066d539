"""Safe-campus titles (平安校园称号): flagged for review when a liability incident or a listed major hazard occurs
at the school after the award, confirmed or revoked by a bureau with a reason (动态管理、能上能下)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock
from safecampus.core.access import Perm, access
from safecampus.core.history import register_reasons, stamp
from safecampus.core.steps import Workflow
from safecampus.core.text import TEXT, check_texts

from .. import forms_acceptance as f
from ..models import Title, TitleState

T = TitleState
flow = Workflow("title", Title, related=("school",), display=("flag_review", "confirm", "revoke"))
register_reasons(
    {
        "award": gettext_lazy("Title awarded"),
        "flag_review": gettext_lazy("Title put under review"),
        "confirm": gettext_lazy("Title confirmed"),
        "revoke": gettext_lazy("Title revoked"),
    }
)


def supervises(user: Any, title: Title) -> bool:
    return access(user).holds_above(Perm.SUPERVISE, title.org_path)


@flow.step("flag_review", title=gettext_lazy("Put under review"), sources=[T.ACTIVE], who=supervises, form=f.ReasonForm)
def flag_review(title: Title, *, actor: Any, reason: str) -> Title:
    """Something at the school calls the title into question; a bureau looks into it."""
    check_texts({"reason": reason}, required={"reason": _("Say why the title is reviewed.")}, limits={"reason": 200})
    return _under_review(title, actor, reason)


def _under_review(title: Title, actor: Any, reason: str) -> Title:
    """The change itself (the step's, and the tick's when it finds a cause), on a locked row."""
    title.state, title.review_reason = T.UNDER_REVIEW, reason.strip()[:200]
    stamp(title, actor, "flag_review")
    title.save()
    return title


@flow.step("confirm", title=gettext_lazy("Confirm the title"), sources=[T.UNDER_REVIEW], who=supervises)
def confirm(title: Title, *, actor: Any) -> Title:
    """The review found the school still meets the standard."""
    title.state = T.ACTIVE
    stamp(title, actor, "confirm")
    title.save()
    return title


@flow.step(
    "revoke",
    title=gettext_lazy("Revoke the title"),
    sources=[T.ACTIVE, T.UNDER_REVIEW],
    who=supervises,
    form=f.ReasonForm,
    danger=True,
)
def revoke(title: Title, *, actor: Any, reason: str) -> Title:
    """Take the title away, with the reason; the record stays."""
    check_texts({"reason": reason}, required={"reason": _("Say why the title is revoked.")}, limits={"reason": TEXT})
    title.state = T.REVOKED
    title.revoked_at, title.revoked_by, title.revoke_reason = clock.now(), actor, reason.strip()
    stamp(title, actor, "revoke")
    title.save()
    return title


def flag_titles() -> dict[str, int]:
    """Put under review each held title whose school had, since the award, an incident with deaths or serious
    injuries (the school's liability is then looked into) or a hazard listed for supervision (挂牌督办)."""
    from safecampus.hazards.models import Hazard
    from safecampus.incidents.models import Incident

    flagged = 0
    for title in Title.objects.filter(state=T.ACTIVE, valid_until__gte=clock.today()).select_related("school"):
        reason = ""
        incident = (
            Incident.objects.filter(org=title.school, occurred_at__gte=title.awarded_at)
            .exclude(deaths=0, serious_injuries=0)
            .first()
        )
        if incident is not None:
            reason = _("Incident %(number)s at the school after the award.") % {"number": incident.number}
        else:
            hazard = Hazard.objects.filter(school=title.school, listed_by__isnull=False, found_at__gte=title.awarded_at)
            listed = hazard.first()
            if listed is not None:
                reason = _("Hazard %(number)s at the school was listed for supervision.") % {"number": listed.number}
        if reason:
            with transaction.atomic():
                locked = Title.objects.select_for_update().get(pk=title.pk)
                if locked.state == T.ACTIVE:
                    _under_review(locked, None, reason)
                    flagged += 1
    return {"titles_flagged": flagged}
