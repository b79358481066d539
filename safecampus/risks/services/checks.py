"""Recurring checks of control measures (e.g. "gas alarm tested weekly"), as due tasks: each check is due on a day,
done with its result; a failed or missed check puts the risk out of control (the job), a done one makes the next.

Like the due inspections of a plan, a check counts on its due day while undone, so "overdue" needs no job, and
done checks count as on time or late for completeness and timeliness.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock, counting
from safecampus.core.history import register_reasons, stamp
from safecampus.core.steps import Workflow
from safecampus.core.text import TEXT, check_texts

from .. import forms as f
from ..models import ControlMeasure, MeasureCheck, Risk, RiskState
from .common import event, manages

flow = Workflow("measure_check", MeasureCheck, state_field="status", related=("risk",))
register_reasons({"check": gettext_lazy("Measure checked"), "schedule": gettext_lazy("Check scheduled")})


def schedule(measure: ControlMeasure, start: Any = None) -> MeasureCheck | None:
    """The next check of a measure that has an interval, on a published risk (none if one is pending)."""
    risk = measure.risk
    if not measure.check_every_days or not measure.is_active or risk.state != RiskState.PUBLISHED:
        return None
    if measure.checks.filter(done_at__isnull=True).exists():
        return None
    due = (start or clock.today()) + timedelta(days=measure.check_every_days)
    check = MeasureCheck(measure=measure, risk=risk, school_id=risk.school_id, org_path=risk.org_path, due_on=due)
    check.save()
    counting.created(check)
    return check


def schedule_risk(risk: Risk) -> int:
    return sum(1 for measure in risk.measures.all() if schedule(measure) is not None)


@flow.step("record", title=gettext_lazy("Record the check"), sources=["due"], who=manages, form=f.CheckForm)
def record(check: MeasureCheck, *, actor: Any, passed: bool, note: str = "") -> MeasureCheck:
    """Record that the measure was checked, and whether it works; a failed check puts the risk out of control."""
    check_texts(
        {"note": note}, required={"note": _("Say what the check found.")} if not passed else {}, limits={"note": TEXT}
    )
    check.done_at, check.done_by, check.passed, check.note = clock.now(), actor, passed, note.strip()
    check.status = "done"
    stamp(check, actor, "check")
    check.save()
    risk = Risk.objects.select_for_update().get(pk=check.risk_id)
    event(risk, "check", actor, note.strip(), measure=check.measure_id, passed=passed)
    if not passed:
        from .control import mark_out_of_control

        mark_out_of_control(
            risk, _("The check of a measure failed: %(measure)s") % {"measure": check.measure.text}, actor
        )
    schedule(check.measure, clock.today())
    return check


def cancel_pending(risk: Risk) -> int:
    """A retired risk's checks that were still due are cancelled (they no longer count)."""
    cancelled = 0
    for check in MeasureCheck.objects.select_for_update().filter(risk=risk, status="due"):
        before = counting.track(check)
        check.status = "cancelled"
        check.save()
        counting.changed(check, before)
        cancelled += 1
    return cancelled
