"""Responsibility letters (安全责任书): a bureau's with each school directly under it, a school's with each person
of its roster; signed in the platform by the principal or on paper (scan uploaded), voided and issued again; and the
wording of each post's duties they state. Each signature or void recounts the duty the letter fulfils.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock, counting, uploads
from safecampus.core.access import Role, access, holders
from safecampus.core.history import register_reasons, stamp
from safecampus.core.notifications import notify
from safecampus.core.steps import Workflow
from safecampus.core.text import TEXT, check_texts
from safecampus.orgs.models import Level, OrgUnit

from .. import engine, engine_people
from ..forms import ReasonForm
from ..forms_responsibility import ScanForm, SignForm, TemplateForm
from ..letters import duties_for
from ..models import DutyTemplate, Letter, LetterState, SignedVia, Trainee
from ..models.responsibility import SCHOOL_POST
from .records import checked
from .responsibility import FILE_BYTES, may_keep, require_keeper

register_reasons(
    {
        "issue": gettext_lazy("Issued"),
        "sign": gettext_lazy("Signed"),
        "scan": gettext_lazy("Signed scan uploaded"),
        "void": gettext_lazy("Voided"),
        "template": gettext_lazy("Duties worded"),
    }
)

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


flow = Workflow("letter", Letter, related=("org", "issuer", "trainee"))


@flow.step(
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


@flow.step(
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


@flow.step(
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
    require_keeper(actor, owner)
    data = checked({"post": post, "school_kind": school_kind, "duties": duties}, TemplateForm)
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
