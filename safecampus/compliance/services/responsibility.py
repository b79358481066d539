"""Responsibility: a unit's yearly documents, its 办实事 tasks, and the letters it signs with those below it.

Each action is one function or declared step (pages, API, demo alike): permission, input check, one transaction
(the record, the duty occurrences it fulfils and their counters), the history row, notifications after commit.
A unit keeps its own: the holders of KEEP_RESPONSIBILITY on that very unit (a bureau does not publish a school's
list for it); a school's head signs its letter with the bureau.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock, counting, uploads
from safecampus.core.access import Perm, Role, access, holders
from safecampus.core.history import register_reasons, stamp
from safecampus.core.notifications import notify
from safecampus.core.steps import Workflow
from safecampus.core.text import TEXT, check_texts
from safecampus.orgs.models import Level, OrgUnit

from .. import engine, engine_people
from ..forms import ReasonForm
from ..forms_responsibility import DocumentForm, ProgressForm, ScanForm, SignForm, SolveForm, TaskForm
from ..letters import duties_for
from ..models import (
    DocumentKind,
    DutyDocument,
    DutyTemplate,
    Letter,
    LetterState,
    PracticalTask,
    RecordState,
    SignedVia,
    TaskState,
    Trainee,
)
from ..models.responsibility import SCHOOL_POST

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
        "issue": gettext_lazy("Issued"),
        "sign": gettext_lazy("Signed"),
        "scan": gettext_lazy("Signed scan uploaded"),
        "void": gettext_lazy("Voided"),
        "template": gettext_lazy("Duties worded"),
    }
)


def may_keep(user: Any, org: Any) -> bool:
    """Whether the user keeps the unit's own responsibility records (a role held on that very unit)."""
    holder = access(user)
    return holder.superuser or holder.holds_at(Perm.KEEP_RESPONSIBILITY, org.path)


def require_keeper(user: Any, org: Any) -> None:
    if not may_keep(user, org):
        raise PermissionDenied(_("Only the unit's own safety officers, principal or safety lead keep its records."))


def _form_errors(form: Any) -> ValidationError:
    return ValidationError({name: list(errors) for name, errors in form.errors.items()})


# --- documents -----------------------------------------------------------------------------------------------


def publish_document(org: OrgUnit, *, actor: Any, file: Any = None, **values: Any) -> DutyDocument:
    """Publish one of the unit's yearly documents (the file as published); it fulfils that year's duty."""
    require_keeper(actor, org)
    form = DocumentForm(data=values, files={"file": file} if file is not None else {})
    if not form.is_valid():
        raise _form_errors(form)
    data = form.cleaned_data
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
    check_texts({"reason": reason}, required={"reason": _("Say why the record is withdrawn.")}, limits={"reason": TEXT})
    document.state, document.withdrawn_reason = RecordState.WITHDRAWN, reason.strip()
    stamp(document, actor, "withdraw")
    document.save()
    engine.apply_record(document)
    return document


# --- 办实事 tasks ----------------------------------------------------------------------------------------------


def pledge(org: OrgUnit, *, actor: Any, **values: Any) -> PracticalTask:
    """Add a problem to the unit's 办实事 list for the year it is to be solved in (this year or the next)."""
    require_keeper(actor, org)
    form = TaskForm(data=values)
    if not form.is_valid():
        raise _form_errors(form)
    data = form.cleaned_data
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


# --- letters -------------------------------------------------------------------------------------------------


def _check_year(year: Any) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Give the year.")}) from None
    today = clock.today().year
    if not today - 1 <= year <= today + 1:
        raise ValidationError({"year": _("Letters are issued for last year, this year or next year.")})
    return year


def issue_school_letters(bureau: OrgUnit, *, actor: Any, year: Any) -> int:
    """Issue the year's letter to each school directly under the bureau that has none yet (the bureau's side is
    signed by issuing); each school's head is told to sign. Returns how many were issued."""
    require_keeper(actor, bureau)
    if bureau.level == Level.SCHOOL:
        raise ValidationError({"year": _("A school issues letters to its posts.")})
    year = _check_year(year)
    schools = list(
        OrgUnit.objects.within(bureau.path)
        .filter(depth=bureau.depth + 1, level=Level.SCHOOL, is_active=True)
        .select_related("school")
    )
    if not schools:
        raise ValidationError({"year": _("No school is directly under this bureau.")})
    with transaction.atomic():
        OrgUnit.objects.select_for_update().filter(pk=bureau.pk).first()  # one issuer at a time: no double letters
        have = set(
            Letter.objects.live().filter(year=year, trainee=None, org__in=schools).values_list("org_id", flat=True)
        )
        made = [_issue(bureau, school, None, SCHOOL_POST, year, actor) for school in schools if school.pk not in have]
    for letter in made:
        link = reverse("compliance:letter", args=[letter.pk])
        transaction.on_commit(
            lambda letter=letter, link=link: notify(
                holders(letter.org_path, [Role.PRINCIPAL]),
                _("Safety responsibility letter %(year)s to sign") % {"year": year},
                _("%(bureau)s issued the letter; the principal signs it.") % {"bureau": bureau.name},
                link,
                kind="letter",
            )
        )
    return len(made)


def issue_post_letters(school: OrgUnit, *, actor: Any, year: Any) -> int:
    """Issue the year's letter to each active person of the school's roster who has none yet, with their post's
    duties. Returns how many were issued."""
    require_keeper(actor, school)
    if school.level != Level.SCHOOL:
        raise ValidationError({"year": _("A bureau issues letters to its schools.")})
    year = _check_year(year)
    people = list(Trainee.objects.filter(school=school, is_active=True))
    if not people:
        raise ValidationError({"year": _("Add the school's people on the training page first.")})
    with transaction.atomic():
        OrgUnit.objects.select_for_update().filter(pk=school.pk).first()  # one issuer at a time: no double letters
        have = set(Letter.objects.live().filter(year=year, trainee__in=people).values_list("trainee_id", flat=True))
        made = [_issue(school, school, person, person.post, year, actor) for person in people if person.pk not in have]
    return len(made)


def _issue(issuer: OrgUnit, org: OrgUnit, trainee: Trainee | None, post: str, year: int, actor: Any) -> Letter:
    letter = Letter(
        issuer=issuer,
        org=org,
        trainee=trainee,
        year=year,
        post=post,
        duties=duties_for(org, post),
        issued_by=actor,
        issued_at=clock.now(),
    )
    stamp(letter, actor, "issue")
    letter.save()
    return letter


def _applied(letter: Letter) -> Letter:
    """Recount the duty the letter fulfils: the school's yearly letter, or the person's."""
    if letter.trainee_id:
        engine_people.apply_letter(letter)
    else:
        engine.apply_record(letter)
    return letter


def _signs(user: Any, letter: Letter) -> bool:
    """The head of the school signs its letter with the bureau in the platform; a person's letter is signed on
    paper (most staff have no account) and its scan uploaded."""
    return letter.trainee_id is None and (letter.org.path, Role.PRINCIPAL) in access(user).grants


def _keeps_letter(user: Any, letter: Letter) -> bool:
    """Who enters a paper signature: for a person's letter, the school's keepers; for the school's letter with the
    bureau, the bureau's keepers or the principal (a safety officer does not sign for the head)."""
    if letter.trainee_id:
        return may_keep(user, letter.org)
    return may_keep(user, letter.issuer) or _signs(user, letter)


letters = Workflow("letter", Letter, related=("org", "issuer", "trainee"))


@letters.step(
    "sign",
    title=gettext_lazy("Sign"),
    sources=[LetterState.ISSUED],
    who=_signs,
    form=SignForm,
    refused=lambda user, letter: _(
        "Only the school's principal signs its letter in the platform; a person's letter is "
        "signed on paper and its scan uploaded."
    ),
)
def sign(letter: Letter, *, actor: Any, confirm: bool = False) -> Letter:
    """Sign the letter with your account (the platform records who, when and from which account)."""
    if not confirm:
        raise ValidationError({"confirm": _("Tick the box to sign.")})
    letter.state, letter.held_on, letter.signed_at = LetterState.SIGNED, clock.today(), clock.now()
    letter.signed_by, letter.signed_via = actor, SignedVia.PLATFORM
    letter.signer_name = str(actor.display_name)[:40]
    stamp(letter, actor, "sign")
    letter.save()
    return _applied(letter)


def check_scan(letter: Letter, data: dict[str, Any]) -> Any:
    """The scan's kind (a PDF or a photo), and a signing day not before the letter was issued: every fault at once."""
    errors, kind = {}, None
    if data.get("scan") is not None:
        try:
            kind = uploads.check(data["scan"], (*uploads.IMAGES, uploads.PDF), field="scan", max_bytes=FILE_BYTES)
        except ValidationError as error:
            errors.update(error.message_dict)
    issued = counting.local_day(letter.issued_at)
    if data.get("held_on") is not None and data["held_on"] < issued:
        errors["held_on"] = [_("The letter was issued on %(day)s; it cannot be signed before.") % {"day": issued}]
    if errors:
        raise ValidationError(errors)
    return kind


@letters.step(
    "scan",
    title=gettext_lazy("Upload the signed scan"),
    sources=[LetterState.ISSUED],
    who=_keeps_letter,
    form=ScanForm,
    validate=check_scan,
)
def upload_scan(
    letter: Letter, *, actor: Any, scan: Any = None, signer_name: str = "", held_on: date | None = None
) -> Letter:
    """The letter was signed on paper: its scan, who signed and on which day."""
    errors: dict[str, Any] = {}
    kind = None
    try:
        kind = check_scan(letter, {"scan": scan, "held_on": held_on})
    except ValidationError as error:
        errors.update(error.message_dict)
    if scan is None:
        errors["scan"] = _("Upload the signed letter.")
    if not (signer_name or "").strip():
        errors["signer_name"] = _("Give the name of the person who signed.")
    if held_on is None:
        errors["held_on"] = _("Give the day it was signed.")
    if errors:
        raise ValidationError(errors)
    uploads.save(letter.scan, scan, kind)
    letter.state, letter.held_on, letter.signed_at = LetterState.SIGNED, held_on, clock.now()
    letter.signed_by, letter.signed_via, letter.signer_name = actor, SignedVia.SCAN, signer_name.strip()[:40]
    stamp(letter, actor, "scan")
    letter.save()
    return _applied(letter)


@letters.step(
    "void",
    title=gettext_lazy("Void the letter"),
    sources=[LetterState.ISSUED, LetterState.SIGNED],
    who=lambda user, letter: may_keep(user, letter.issuer),
    form=ReasonForm,
    danger=True,
)
def void(letter: Letter, *, actor: Any, reason: str = "") -> Letter:
    """Void a letter issued by mistake or whose holder left (it stays on record); a new one may be issued."""
    check_texts({"reason": reason}, required={"reason": _("Say why the letter is voided.")}, limits={"reason": TEXT})
    letter.state, letter.void_reason = LetterState.VOID, reason.strip()
    stamp(letter, actor, "void")
    letter.save()
    return _applied(letter)


def word_duties(owner: OrgUnit, *, actor: Any, post: str, school_kind: str = "", duties: str = "") -> DutyTemplate:
    """Word a post's duties for the letters of the schools below the unit (of one kind, or of every kind)."""
    from ..forms_responsibility import TemplateForm

    require_keeper(actor, owner)
    form = TemplateForm(data={"post": post, "school_kind": school_kind, "duties": duties})
    if not form.is_valid():
        raise _form_errors(form)
    data = form.cleaned_data
    if data["post"] == SCHOOL_POST and owner.level == Level.SCHOOL:
        raise ValidationError({"post": _("The school's letter with its bureau is worded by the bureau.")})
    with transaction.atomic():
        OrgUnit.objects.select_for_update().filter(pk=owner.pk).first()  # one writer of the unit's wording
        row = DutyTemplate.objects.select_for_update().filter(
            owner=owner, post=data["post"], school_kind=data["school_kind"]
        ).first() or DutyTemplate(owner=owner, post=data["post"], school_kind=data["school_kind"])
        row.duties, row.updated_by, row.updated_at = data["duties"].strip(), actor, clock.now()
        stamp(row, actor, "template")
        row.save()
    return row
