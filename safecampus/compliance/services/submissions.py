"""Submissions (报送): a bureau asks the units below it for a document by a deadline; each unit sends it, the bureau
accepts it or returns it with the reason; reminders go out before and after the deadline.

Asking makes one submission and one duty occurrence (`request.<id>`) per unit, so the request's completeness and
timeliness are counted like any duty's; sending, returning and accepting recount that unit's occurrence in the
same transaction.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock, counting, uploads
from safecampus.core.access import BUREAU_OFFICERS, SCHOOL_MANAGERS, Perm, access
from safecampus.core.history import register_reasons, stamp
from safecampus.core.notifications import notify
from safecampus.core.steps import Workflow
from safecampus.core.text import LINE, TEXT, check_texts
from safecampus.orgs.models import Level, OrgUnit
from safecampus.rules.services import rule_value

from .. import engine
from ..forms_submissions import ReturnForm, SubmitForm
from ..models import (
    Accepts,
    Occurrence,
    Submission,
    SubmissionFile,
    SubmissionRequest,
    SubmissionState,
    Target,
)
from ..sources import REQUEST_DUTY

S = SubmissionState
FILE_BYTES = 20 * 1024 * 1024
MAX_DAYS = 366
REMIND_MOST = 30  # the rule's upper bound: no request is reminded earlier than this
KINDS = {
    Accepts.XLSX: (uploads.XLSX,),
    Accepts.DOCX: (uploads.DOCX, uploads.PDF),
    Accepts.PDF: (uploads.PDF,),
    Accepts.ANY: uploads.DOCUMENTS,
}
register_reasons(
    {
        "ask": gettext_lazy("Asked for"),
        "submit": gettext_lazy("Submitted"),
        "accept": gettext_lazy("Accepted"),
        "return": gettext_lazy("Returned"),
    }
)


def may_ask(user: Any, org: Any) -> bool:
    return org.level != Level.SCHOOL and access(user).holds(Perm.REQUEST_SUBMISSION, org.path)


def targets(org: OrgUnit, target: str) -> list[OrgUnit]:
    below = OrgUnit.objects.within(org.path).filter(is_active=True).exclude(pk=org.pk)
    if target == Target.CHILDREN:
        below = below.filter(depth=org.depth + 1)
    elif target == Target.COUNTIES:
        below = below.filter(level=Level.COUNTY)
    else:
        below = below.filter(level=Level.SCHOOL)
    return list(below.order_by("path"))


def ask(
    org: OrgUnit,
    *,
    actor: Any,
    title: str,
    deadline: Any,
    target: str = Target.CHILDREN,
    accepts: str = Accepts.ANY,
    description: str = "",
    template: Any = None,
) -> SubmissionRequest:
    """Ask the units below `org` for a document by `deadline`; each is told, and owes it from today."""
    if not may_ask(actor, org):
        raise PermissionDenied(_("Only a bureau's safety officers and administrators ask for submissions."))
    today = clock.today()
    errors: dict[str, Any] = {}
    if deadline is None or deadline < today:
        errors["deadline"] = _("The deadline is today or later.")
    elif deadline > today + timedelta(days=MAX_DAYS):
        errors["deadline"] = _("The deadline is within a year.")
    if target not in Target.values:
        errors["target"] = _("Choose whom to ask.")
    if accepts not in Accepts.values:
        errors["accepts"] = _("Choose the kind of file to accept.")
    kind = None
    if template is not None and accepts in Accepts.values:
        try:
            kind = uploads.check(template, KINDS[accepts], field="template", max_bytes=FILE_BYTES)
        except ValidationError as error:
            errors.update(error.message_dict)
    units = targets(org, target) if target in Target.values else []
    if target in Target.values and not units:
        errors["target"] = _("There is no such unit below %(org)s.") % {"org": org.name}
    check_texts(
        {"title": title, "description": description},
        required={"title": _("Give the request a title.")},
        limits={"title": LINE, "description": TEXT},
        errors=errors,
    )
    now = clock.now()
    with transaction.atomic():
        request = SubmissionRequest(
            org=org,
            title=title.strip(),
            description=description.strip(),
            target=target,
            accepts=accepts,
            opens_on=today,
            deadline=deadline,
            created_by=actor,
            created_at=now,
        )
        if template is not None and kind is not None:
            uploads.save(request.template, template, kind)
        stamp(request, actor, "ask")
        request.save()
        Submission.objects.bulk_create([Submission(request=request, org=unit, org_path=unit.path) for unit in units])
        closes = deadline + timedelta(days=rule_value("submission.grace_days", org))
        occurrences = [
            Occurrence(
                org=unit,
                org_path=unit.path,
                obligation=request.code,
                period_start=today,
                period_end=deadline,
                due_by=deadline,
                closes_on=closes,
                required=1,
            )
            for unit in units
        ]
        Occurrence.objects.bulk_create(occurrences, batch_size=2000)
        counting.apply_many(occurrences)
        notify(
            _unit_people([unit.path for unit in units]),
            _("Submission asked for: %(title)s") % {"title": request.title},
            _("%(org)s asks for it by %(day)s.") % {"org": org.name, "day": deadline.isoformat()},
            reverse("compliance:request", args=[request.pk]),
            kind="submission",
            exclude=actor,
        )
    return request


def _unit_people(paths: list[str]) -> list[Any]:
    from django.contrib.auth import get_user_model

    roles = [*SCHOOL_MANAGERS, *BUREAU_OFFICERS]
    return list(
        get_user_model()
        .objects.filter(is_active=True, memberships__org_path__in=paths, memberships__role__in=roles)
        .distinct()
    )


def _recount(submission: Submission) -> None:
    occurrence = (
        Occurrence.objects.select_for_update()
        .filter(org_id=submission.org_id, obligation=f"request.{submission.request_id}")
        .first()
    )
    if occurrence is not None:
        engine.refresh(occurrence, REQUEST_DUTY)


def _sends(user: Any, submission: Submission) -> bool:
    """Only the unit's own people send its submission (the bureau that asked does not answer for it)."""
    return access(user).holds_at(Perm.SUBMIT_REPORT, submission.org_path)


def _decides(user: Any, submission: Submission) -> bool:
    return access(user).holds(Perm.REQUEST_SUBMISSION, submission.request.org_path)


flow = Workflow("submission", Submission, related=("request", "org"))


def check_file(submission: Submission, data: dict[str, Any]) -> None:
    upload = data.get("file")
    if upload is None:
        raise ValidationError({"file": _("Attach the file asked for.")})
    accepts = submission.request.accepts
    try:
        uploads.check(upload, KINDS[accepts], field="file", max_bytes=FILE_BYTES)
    except ValidationError as error:
        label = Accepts(accepts).label
        raise ValidationError(
            {"file": [*error.message_dict["file"], _("This request asks for %(kind)s.") % {"kind": label}]}
        ) from None


@flow.step(
    "submit",
    title=gettext_lazy("Submit"),
    sources=[S.DUE, S.RETURNED],
    who=_sends,
    form=SubmitForm,
    validate=check_file,
    refused=lambda user, s: _("Only the unit's own safety officers or keepers send its submission."),
)
def submit(submission: Submission, *, actor: Any, file: Any = None, note: str = "") -> Submission:
    """Send the document asked for (the file of the kind the request accepts, with a note)."""
    check_file(submission, {"file": file})
    check_texts({"note": note}, limits={"note": TEXT})
    now = clock.now()
    kind = uploads.identify(file)
    row = SubmissionFile(
        submission=submission, name=(getattr(file, "name", "") or "")[:200], uploaded_at=now, uploaded_by=actor
    )
    uploads.save(row.file, file, kind)
    row.save()
    submission.state, submission.note = S.SUBMITTED, note.strip()
    submission.submitted_at, submission.submitted_by = now, actor
    submission.first_submitted_at = submission.first_submitted_at or now
    stamp(submission, actor, "submit")
    submission.save()
    _recount(submission)
    notify(
        _asker_people(submission),
        _("Submitted: %(title)s · %(org)s") % {"title": submission.request.title, "org": submission.org.name},
        note.strip(),
        reverse("compliance:submission", args=[submission.pk]),
        kind="submission",
        exclude=actor,
    )
    return submission


def _asker_people(submission: Submission) -> list[Any]:
    from safecampus.core.access import holders

    return holders(submission.request.org_path, BUREAU_OFFICERS)


@flow.step("accept", title=gettext_lazy("Accept"), sources=[S.SUBMITTED], who=_decides)
def accept(submission: Submission, *, actor: Any) -> Submission:
    """Accept the submission as it is."""
    submission.state, submission.decided_at, submission.decided_by = S.ACCEPTED, clock.now(), actor
    stamp(submission, actor, "accept")
    submission.save()
    _recount(submission)
    _tell_unit(submission, _("Accepted: %(title)s") % {"title": submission.request.title}, "", actor)
    return submission


@flow.step(
    "return",
    title=gettext_lazy("Return for corrections"),
    sources=[S.SUBMITTED],
    who=_decides,
    form=ReturnForm,
    danger=True,
)
def return_submission(submission: Submission, *, actor: Any, reason: str = "") -> Submission:
    """Send it back with the reason; the unit corrects it and submits again (timeliness keeps its first send)."""
    check_texts({"reason": reason}, required={"reason": _("Say what to correct.")}, limits={"reason": TEXT})
    submission.state, submission.return_reason = S.RETURNED, reason.strip()
    submission.decided_at, submission.decided_by = clock.now(), actor
    stamp(submission, actor, "return")
    submission.save()
    _recount(submission)
    _tell_unit(submission, _("Returned: %(title)s") % {"title": submission.request.title}, reason.strip(), actor)
    return submission


def _tell_unit(submission: Submission, title: str, body: str, actor: Any) -> None:
    notify(
        _unit_people([submission.org_path]),
        title,
        body,
        reverse("compliance:submission", args=[submission.pk]),
        kind="submission",
        exclude=actor,
    )


def remind(today: Any = None) -> dict[str, int]:
    """Remind each unit N days before its deadline (rule `submission.remind_days`) and once the day after it passes
    unsent; each reminder goes once (flags on the submission), however often the job runs."""
    today = today or clock.today()
    unsent = Submission.objects.filter(state__in=[S.DUE, S.RETURNED]).select_related("request", "request__org", "org")
    # Each request by the rule in force where it was asked (a province may remind earlier than the default).
    days: dict[int, int] = {}
    near = unsent.filter(request__deadline__gte=today, request__deadline__lte=today + timedelta(days=REMIND_MOST))
    soon = [
        row.pk
        for row in near.filter(reminded_before=False)
        if (row.request.deadline - today).days
        <= days.setdefault(row.request_id, rule_value("submission.remind_days", row.request.org))
    ]
    before = _remind_once(unsent.filter(pk__in=soon), "reminded_before", _("Due by %(day)s: %(title)s"))
    after = _remind_once(
        unsent.filter(request__deadline__lt=today), "reminded_after", _("Overdue since %(day)s: %(title)s")
    )
    return {"submission reminders before": before, "submission reminders after": after}


def _remind_once(rows: Any, flag: str, title: str) -> int:
    sent = 0
    for submission in rows.filter(**{flag: False}):
        with transaction.atomic():
            # The flag is claimed by one UPDATE: of two jobs at once, only one tells the unit.
            if Submission.objects.filter(pk=submission.pk, **{flag: False}).update(**{flag: True}):
                request = submission.request
                _tell_unit(submission, title % {"day": request.deadline, "title": request.title}, "", None)
                sent += 1
    return sent
