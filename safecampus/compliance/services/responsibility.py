"""Responsibility: a unit's yearly documents and its 办实事 tasks (the letters: letters.py).

Each action is one function or declared step (pages, API, demo alike): permission, input check, one transaction
(the record, the duty occurrences it fulfils and their counters), the history row, notifications after commit.
A unit keeps its own: the holders of KEEP_RESPONSIBILITY on that very unit (a bureau does not publish a school's
list for it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock, counting, uploads
from safecampus.core.access import Perm, access
from safecampus.core.history import register_reasons, stamp
from safecampus.core.steps import Workflow
from safecampus.core.text import TEXT, check_texts
from safecampus.orgs.models import Level, OrgUnit

from .. import engine
from ..forms import ReasonForm
from ..forms_responsibility import DocumentForm, ProgressForm, SolveForm, TaskForm
from ..models import DocumentKind, DutyDocument, PracticalTask, RecordState, TaskState
from .records import checked, withdraw_record

FILE_BYTES = 20 * 1024 * 1024
SCHOOL_DOCUMENTS = {DocumentKind.HEAD_TASKS, DocumentKind.STAFF_SYSTEM}
register_reasons(
    {
        "publish": gettext_lazy("Published"),
        "pledge": gettext_lazy("Pledged"),
        "progress": gettext_lazy("Progress noted"),
        "solve": gettext_lazy("Solved"),
        "drop": gettext_lazy("Dropped"),
        "reopen": gettext_lazy("Reopened"),
    }
)


def may_keep(user: Any, org: Any) -> bool:
    """Whether the user keeps the unit's own responsibility records (a role held on that very unit)."""
    holder = access(user)
    return holder.superuser or holder.holds_at(Perm.KEEP_RESPONSIBILITY, org.path)


def require_keeper(user: Any, org: Any) -> None:
    if not may_keep(user, org):
        raise PermissionDenied(_("Only the unit's own safety officers, principal or safety lead keep its records."))


# --- documents -----------------------------------------------------------------------------------------------


def publish_document(org: OrgUnit, *, actor: Any, file: Any = None, **values: Any) -> DutyDocument:
    """Publish one of the unit's yearly documents (the file as published); it fulfils that year's duty."""
    require_keeper(actor, org)
    data = checked(values, DocumentForm, files={"file": file})
    is_school = org.level == Level.SCHOOL
    if (data["kind"] in SCHOOL_DOCUMENTS) != is_school:
        raise ValidationError(
            {"kind": _("A school publishes its head's task list and its whole-staff system; a bureau its lists.")}
        )
    kind = uploads.check(file, uploads.DOCUMENTS, field="file", max_bytes=FILE_BYTES)
    with transaction.atomic():
        document = DutyDocument(
            org=org,
            kind=data["kind"],
            title=data["title"].strip(),
            held_on=data["held_on"],
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        uploads.save(document.file, file, kind)
        stamp(document, actor, "publish")
        document.save()
        engine.apply_record(document)
    return document


documents = Workflow("document", DutyDocument, related=("org",))


@documents.step(
    "withdraw",
    title=gettext_lazy("Withdraw the record"),
    sources=[RecordState.RECORDED],
    who=lambda user, document: may_keep(user, document.org),
    form=ReasonForm,
    danger=True,
)
def withdraw_document(document: DutyDocument, *, actor: Any, reason: str = "") -> DutyDocument:
    """Withdraw a document entered by mistake (it stays in the history; the year's duty is recounted)."""
    return withdraw_record(document, actor, reason)


# --- 办实事 tasks ----------------------------------------------------------------------------------------------


def pledge(org: OrgUnit, *, actor: Any, **values: Any) -> PracticalTask:
    """Add a problem to the unit's 办实事 list for the year it is to be solved in (this year or the next)."""
    require_keeper(actor, org)
    data = checked(values, TaskForm)
    year = clock.today().year
    if not year - 1 <= data["due_on"].year <= year + 1:
        raise ValidationError({"due_on": _("A task is solved last year, this year or next year.")})
    with transaction.atomic():
        task = PracticalTask(
            org=org,
            year=data["due_on"].year,
            problem=data["problem"].strip(),
            measure=data["measure"].strip(),
            lead=data["lead"].strip(),
            due_on=data["due_on"],
            created_by=actor,
            created_at=clock.now(),
        )
        stamp(task, actor, "pledge")
        task.save()
    return task


tasks = Workflow("practical_task", PracticalTask, related=("org",))


def _keeps_task(user: Any, task: PracticalTask) -> bool:
    return may_keep(user, task.org)


@tasks.step(
    "progress", title=gettext_lazy("Note progress"), sources=[TaskState.PLANNED], who=_keeps_task, form=ProgressForm
)
def note_progress(task: PracticalTask, *, actor: Any, progress: int = 0, note: str = "") -> PracticalTask:
    """Note how far the task has come (0–99 %; solving it is its own step)."""
    check_texts({"note": note}, required={"note": _("Say what was done.")}, limits={"note": TEXT})
    if not 0 <= int(progress) <= 99:
        raise ValidationError({"progress": _("Progress is 0 to 99 %; mark the task solved when it is done.")})
    task.progress, task.progress_note = int(progress), note.strip()
    stamp(task, actor, "progress")
    task.save()
    return task


@tasks.step("solve", title=gettext_lazy("Mark solved"), sources=[TaskState.PLANNED], who=_keeps_task, form=SolveForm)
def solve(task: PracticalTask, *, actor: Any, done_on: date | None = None, result: str = "") -> PracticalTask:
    """The problem is solved: the day and the result; it counts towards the year's list."""
    check_texts({"result": result}, required={"result": _("Say what was achieved.")}, limits={"result": TEXT})
    if done_on is None:
        raise ValidationError({"done_on": _("Give the day it was solved.")})
    if done_on < counting.local_day(task.created_at):
        raise ValidationError(
            {
                "done_on": _("The task was put on the list on %(day)s; it is solved after that.")
                % {"day": counting.local_day(task.created_at)}
            }
        )
    if done_on.year > task.year:
        raise ValidationError({"done_on": _("A task of %(year)s is solved in %(year)s.") % {"year": task.year}})
    task.year = done_on.year  # one solved early counts for the year it was solved in
    task.state, task.progress, task.done_on, task.done_at = TaskState.DONE, 100, done_on, clock.now()
    task.result = result.strip()
    stamp(task, actor, "solve")
    task.save()
    engine.apply_record(task)
    return task


@tasks.step(
    "drop",
    title=gettext_lazy("Drop the task"),
    sources=[TaskState.PLANNED],
    who=_keeps_task,
    form=ReasonForm,
    danger=True,
)
def drop(task: PracticalTask, *, actor: Any, reason: str = "") -> PracticalTask:
    """Drop a task that will not be pursued (with the reason; it stays on record)."""
    check_texts({"reason": reason}, required={"reason": _("Say why the task is dropped.")}, limits={"reason": TEXT})
    task.state, task.dropped_reason = TaskState.DROPPED, reason.strip()
    stamp(task, actor, "drop")
    task.save()
    return task


@tasks.step(
    "reopen",
    title=gettext_lazy("Reopen"),
    sources=[TaskState.DONE, TaskState.DROPPED],
    who=_keeps_task,
    form=ReasonForm,
    danger=True,
)
def reopen(task: PracticalTask, *, actor: Any, reason: str = "") -> PracticalTask:
    """Reopen a task marked solved or dropped by mistake; the year's count follows."""
    check_texts({"reason": reason}, required={"reason": _("Say why the task is reopened.")}, limits={"reason": TEXT})
    task.state, task.done_on, task.done_at = TaskState.PLANNED, None, None
    task.progress, task.result, task.dropped_reason = min(task.progress, 99), "", ""
    task.progress_note = reason.strip()
    stamp(task, actor, "reopen")
    task.save()
    engine.apply_record(task)
    return task
