"""Re-check (回头看): a bureau samples closed hazards for a second look; each is confirmed or reopened."""

from __future__ import annotations

import random
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock
from safecampus.core.access import Perm, require_perm
from safecampus.orgs.models import OrgUnit

from ..forms import CommentForm
from ..models import Hazard, HazardEvent, HazardState
from ..permissions import can_supervise_school
from .common import flow, record
from .dates import check_period_date


@transaction.atomic
def select_for_recheck(*, actor: Any, org: OrgUnit, start: date | None, end: date | None, percent: int) -> int:
    """Mark a random `percent` of the hazards closed in the period (in `org`'s subtree) for re-check."""
    require_perm(actor, Perm.SUPERVISE, org)
    errors = {}
    if start is None or end is None or end < start:
        errors["end"] = _("Give a period whose start is not after its end.")
    if not 1 <= int(percent or 0) <= 100:
        errors["percent"] = _("The share is between 1 and 100 %.")
    if errors:
        raise ValidationError(errors)
    check_period_date("start", start)
    check_period_date("end", end)
    tz = ZoneInfo(settings.TIME_ZONE)
    already = HazardEvent.objects.filter(verb="recheck_passed").values("hazard_id")
    closed = (
        Hazard.objects.within(org.path)
        .exclude(pk__in=already)
        .filter(
            state=HazardState.CLOSED,
            recheck_due=False,
            closed_at__gte=datetime.combine(start, time.min, tz),
            closed_at__lte=datetime.combine(end, time.max, tz),
        )
    )
    ids = list(closed.values_list("pk", flat=True))
    if not ids:
        return 0
    rng = random.Random(f"{org.pk}-{start}-{end}-{clock.now():%Y%m%d%H%M%S}")
    chosen = rng.sample(ids, max(1, round(len(ids) * percent / 100)))
    Hazard.objects.filter(pk__in=chosen).update(recheck_due=True)
    now = clock.now()
    HazardEvent.objects.bulk_create(
        [
            HazardEvent(
                hazard_id=pk,
                verb="select_recheck",
                from_state=HazardState.CLOSED,
                to_state=HazardState.CLOSED,
                actor=actor,
                at=now,
                data={"by": org.pk, "percent": percent},
            )
            for pk in chosen
        ]
    )
    return len(chosen)


@flow.step(
    "confirm_recheck",
    title=gettext_lazy("Re-check: the fix holds"),
    sources=[HazardState.CLOSED],
    who=can_supervise_school,
    refused=gettext_lazy("Only the level above re-checks hazards."),
    when=lambda hazard, user: hazard.recheck_due,
    conflict=gettext_lazy("This hazard is not waiting for a re-check."),
    form=CommentForm,
)
def confirm_recheck(hazard: Hazard, *, actor: Any, comment: str = "") -> Hazard:
    """The re-check found the fix still holds."""
    hazard.recheck_due = False
    record(hazard, "recheck_passed", HazardState.CLOSED, actor, comment)
    return hazard
