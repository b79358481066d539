"""The report stages of an incident: initial (初报), follow-ups (续报), end of handling, final (终报), grade.

Each stage is one function: permission and state check, one transaction, an
immutable IncidentReport row, the step row, counters, and notifications.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock, counting
from safecampus.core.access import Perm, access, has_perm
from safecampus.core.text import LINE, LONG, TEXT, check_texts, too_long
from safecampus.orgs.models import OrgUnit

from .. import forms as f
from ..grading import final_due, initial_due, more_serious, suggest_grade
from ..models import ID_NUMBER, SUBTYPE_CATEGORY, Grade, Incident, IncidentReport, IncidentState, Person, Stage
from ..permissions import is_bureau_above, reports_for, reports_or_above
from . import common, routing
from .faults import flag_late_stage

NUMBERS = ("students_involved", "staff_involved", "deaths", "student_deaths", "serious_injuries", "injuries", "missing")
TEXTS = ("title", "place", "student_grades", "description", "measures")
PERSON_FIELDS = ("role", "name", "id_number", "gender", "age", "grade_class", "harm")
S = IncidentState


def _clean_figures(values: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key in NUMBERS:
        if key in values:
            try:
                number = int(values[key] or 0)
                if number < 0:
                    raise ValueError
                clean[key] = number
            except (TypeError, ValueError):
                errors[key] = _("Enter a whole number, 0 or more.")
    if "direct_loss" in values:
        try:
            loss = Decimal(str(values["direct_loss"] or 0))
            if loss < 0 or loss >= Decimal("1e10"):
                raise InvalidOperation
            clean["direct_loss"] = loss.quantize(Decimal("0.01"))
        except InvalidOperation:
            errors["direct_loss"] = _("Enter an amount in 10,000 yuan, 0 or more.")
    for key in TEXTS:
        if key in values:
            clean[key] = (values[key] or "").strip()
    return clean


def _check_people(persons: list[dict[str, Any]], errors: dict[str, str]) -> None:
    for number, person in enumerate(persons, start=1):
        if not (person.get("name") or "").strip():
            errors["persons"] = _("Person %(n)s: give a name.") % {"n": number}
        id_number = (person.get("id_number") or "").strip()
        if id_number and not ID_NUMBER.match(id_number):
            errors["persons"] = _("Person %(n)s: an ID number has 18 characters (17 digits and a digit or X).") % {
                "n": number
            }


def _snapshot(incident: Incident) -> dict[str, Any]:
    data = {key: getattr(incident, key) for key in (*NUMBERS, *TEXTS)}
    data.update(
        direct_loss=str(incident.direct_loss),
        grade=incident.grade,
        category=incident.category,
        subtype=incident.subtype,
        occurred_at=incident.occurred_at.isoformat(),
    )
    return data


def check_initial(org: OrgUnit, values: dict[str, Any], persons: list[dict[str, Any]] | None = None) -> tuple:
    """Every problem of an initial report at once; returns the cleaned figures and the suggested grade."""
    errors: dict[str, Any] = {}
    figures = _clean_figures(values, errors)
    now = clock.now()
    category, subtype = values.get("category"), values.get("subtype")
    occurred_at = values.get("occurred_at")
    known_at = values.get("known_at") or occurred_at
    if subtype and SUBTYPE_CATEGORY.get(subtype) != category:
        errors["subtype"] = _("Choose a type of the chosen category.")
    if occurred_at and occurred_at > now:
        errors["occurred_at"] = _("An incident cannot have happened in the future.")
    if occurred_at and known_at and (known_at < occurred_at or known_at > now):
        errors["known_at"] = _("The time the unit learned of it lies between the incident and now.")
    for key, message in (
        ("title", _("Give a short title.")),
        ("place", _("Say where it happened.")),
        ("description", _("Say what happened.")),
        ("measures", _("Say what has been done.")),
    ):
        if key in values and not figures.get(key):
            errors.setdefault(key, message)
    if figures.get("student_deaths", 0) > figures.get("deaths", 0):
        errors.setdefault("student_deaths", _("Student deaths cannot exceed all deaths."))
    too_long(
        errors, values, {"title": LINE, "place": LINE, "description": LONG, "measures": TEXT, "student_grades": 60}
    )
    _check_people(persons or [], errors)
    suggested, basis = suggest_grade(figures, org)
    grade = values.get("grade")
    if grade and grade not in Grade.values:
        errors["grade"] = _("Choose a grade.")
    elif grade and more_serious(suggested, grade):
        errors["grade"] = _("The figures make it at least “%(grade)s”; only the level above may lower a grade.") % {
            "grade": Grade(suggested).label
        }
    if errors:
        raise ValidationError(errors)
    return figures, suggested, basis


@transaction.atomic
def report_initial(
    *,
    actor: Any,
    org: OrgUnit,
    category: str,
    subtype: str,
    occurred_at: datetime,
    known_at: datetime | None = None,
    grade: str | None = None,
    persons: list[dict[str, Any]] | None = None,
    **values: Any,
) -> Incident:
    """初报: the unit reports what it knows now; the clock ran from when it learned of the incident."""
    if not has_perm(actor, Perm.REPORT_INCIDENT, org):
        raise PermissionDenied(_("You may not report incidents for %(org)s.") % {"org": org.name})
    given = {"category": category, "subtype": subtype, "occurred_at": occurred_at, "known_at": known_at, "grade": grade}
    figures, suggested, basis = check_initial(org, {**values, **given}, persons)
    now = clock.now()
    known_at = known_at or occurred_at
    incident = Incident(
        org=org,
        category=category,
        subtype=subtype,
        occurred_at=occurred_at,
        known_at=known_at,
        grade=grade or suggested,
        suggested_grade=suggested,
        grade_basis=basis,
        reported_by=actor,
        reported_at=now,
        **figures,
    )
    routing.route(incident)
    common.save(incident, actor, "report_initial")
    for person in persons or []:
        Person.objects.create(
            incident=incident, **{k: v for k, v in person.items() if k in PERSON_FIELDS and v not in (None, "")}
        )
    due = initial_due(known_at, incident.grade, subtype, org)
    IncidentReport.objects.create(
        incident=incident,
        stage=Stage.INITIAL,
        sent_at=now,
        sent_by=actor,
        due_at=due,
        is_late=now > due,
        content=_snapshot(incident),
    )
    common.event(incident, "report_initial", actor, org, grade=incident.grade, suggested=suggested)
    if now > due:
        flag_late_stage(incident, Stage.INITIAL.label, due, now)
    counting.created(incident)
    routing.deliver(incident, actor)
    return incident


def _check_follow_up(incident: Incident, values: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}
    figures = _clean_figures(values, errors)
    if not (values.get("note") or "").strip():
        errors["note"] = _("Say what is new or corrected.")
    if figures.get("student_deaths", incident.student_deaths) > figures.get("deaths", incident.deaths):
        errors["student_deaths"] = _("Student deaths cannot exceed all deaths.")
    too_long(errors, values, {"note": TEXT, "description": LONG, "measures": TEXT})
    if errors:
        raise ValidationError(errors)


@common.flow.step(
    "follow_up",
    title=gettext_lazy("Send a follow-up report"),
    who=reports_or_above,
    refused=gettext_lazy("Only the reporting unit or a bureau above it sends follow-up reports."),
    form=f.FollowUpForm,
    initial=lambda incident: {
        name: getattr(incident, name) for name in f.FollowUpForm.base_fields if hasattr(incident, name)
    },
    validate=_check_follow_up,
)
def follow_up(incident: Incident, *, actor: Any, note: str, **values: Any) -> IncidentReport:
    """续报: new facts or corrections. Figures change on the incident; the earlier reports stay as sent."""
    row = incident
    values = {k: v for k, v in values.items() if v is not None and v != ""}  # left empty: as reported before
    _check_follow_up(row, {"note": note, **values})
    changes = {k: v for k, v in _clean_figures(values, {}).items() if v != getattr(row, k)}
    for key, value in changes.items():
        setattr(row, key, value)
    suggested, basis = suggest_grade({k: getattr(row, k) for k in (*NUMBERS, "direct_loss")}, row.org)
    row.suggested_grade, row.grade_basis = suggested, basis
    raised = more_serious(suggested, row.grade)
    if raised:
        row.grade = suggested
        routing.route(row)
    common.save(row, actor, "follow_up")
    now = clock.now()
    report = IncidentReport.objects.create(
        incident=row,
        stage=Stage.FOLLOW_UP,
        sent_at=now,
        sent_by=actor,
        note=note.strip(),
        content={"changes": {k: str(v) for k, v in changes.items()}, **_snapshot(row)},
    )
    common.event(row, "follow_up", actor, row.org, note.strip(), changes=list(changes))
    if raised:
        common.event(row, "regrade", None, row.org, basis, grade=row.grade)
        routing.deliver(row, actor)
    _tell_chain(row, _("Follow-up report: %(title)s") % {"title": row.title}, actor)
    return report


def _tell_chain(incident: Incident, title: str, actor: Any) -> None:
    users = [*common.reporters_of(incident)]
    for receipt in incident.receipts.select_related("org"):
        users.extend(common.handlers_at(receipt.org_path))
    common.tell(users, title, incident, actor)


def _check_grade(incident: Incident, values: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}
    grade = values.get("grade")
    if grade not in Grade.values:
        errors["grade"] = _("Choose a grade.")
    elif grade == incident.grade:
        errors["grade"] = _("The incident already has this grade.")
    check_texts(values, required={"reason": _("Say why the grade changes.")}, limits={"reason": TEXT}, errors=errors)


@common.flow.step(
    "set_grade",
    title=gettext_lazy("Change the grade"),
    who=reports_or_above,
    refused=gettext_lazy("Only the reporting unit or a bureau above it changes the grade."),
    form=f.GradeForm,
    validate=_check_grade,
)
def set_grade(incident: Incident, *, actor: Any, grade: str, reason: str) -> Incident:
    """Anyone who reports may raise the grade; lowering it takes a bureau above the incident's unit."""
    row = incident
    _check_grade(row, {"grade": grade, "reason": reason})
    lowering = more_serious(row.grade, grade)
    if lowering and not is_bureau_above(actor, row):
        raise PermissionDenied(_("Only the level above may lower an incident's grade."))
    before = row.grade
    row.grade = grade
    routing.route(row)
    common.save(row, actor, "set_grade")
    common.event(row, "set_grade", actor, None, reason.strip(), before=before, grade=grade)
    if not lowering:
        routing.deliver(row, actor)
    return row


@common.flow.step(
    "mark_handled",
    title=gettext_lazy("Declare the handling ended"),
    sources=[S.OPEN],
    who=reports_for,
    refused=gettext_lazy("Only the reporting unit declares the handling ended."),
)
def mark_handled(incident: Incident, *, actor: Any) -> Incident:
    """处置结束: the final report falls due (`incident.clock.final_days`)."""
    row = incident
    row.state = S.HANDLED
    row.handled_at = clock.now()
    row.final_due_at = final_due(row.handled_at, row.org)
    common.save(row, actor, "mark_handled")
    common.event(row, "mark_handled", actor, row.org)
    return row


def _check_final(incident: Incident, values: dict[str, Any]) -> None:
    required = {
        "cause": _("Give the cause."),
        "handling": _("Say how it was handled."),
        "lessons": _("Give the lessons learned."),
    }
    check_texts(values, required=required, limits=dict.fromkeys(required, LONG))


@common.flow.step(
    "final",
    title=gettext_lazy("Send the final report"),
    sources=[S.HANDLED],
    who=reports_for,
    refused=gettext_lazy("Only the reporting unit sends the final report."),
    form=f.FinalForm,
    validate=_check_final,
)
def final_report(
    incident: Incident, *, actor: Any, cause: str, handling: str, lessons: str, hazards: list[Any] | None = None
) -> IncidentReport:
    """终报: cause, handling, lessons and the hazards found; the incident closes (after the handling ended)."""
    from safecampus.hazards.models import Hazard

    row = incident
    _check_final(row, {"cause": cause, "handling": handling, "lessons": lessons})
    wanted = {getattr(h, "pk", h) for h in hazards or []}
    linked = list(Hazard.objects.visible_to(actor).within(row.org_path).filter(pk__in=wanted))
    if len(linked) != len(wanted):
        raise ValidationError({"hazards": _("Link only hazards of this incident's unit.")})
    now = clock.now()
    row.cause, row.handling, row.lessons = cause.strip(), handling.strip(), lessons.strip()
    row.state = S.CLOSED
    row.closed_at = now
    common.save(row, actor, "final_report")
    row.hazards.add(*linked)
    late = now > row.final_due_at
    report = IncidentReport.objects.create(
        incident=row,
        stage=Stage.FINAL,
        sent_at=now,
        sent_by=actor,
        due_at=row.final_due_at,
        is_late=late,
        content={
            **_snapshot(row),
            "cause": row.cause,
            "handling": row.handling,
            "lessons": row.lessons,
            "hazards": [h.pk for h in linked],
        },
    )
    common.event(row, "final_report", actor, row.org)
    if late:
        flag_late_stage(row, Stage.FINAL.label, row.final_due_at, now)
    _tell_chain(row, _("Final report: %(title)s") % {"title": row.title}, actor)
    return report


@common.flow.step(
    "hazard",
    title=gettext_lazy("Register a hazard found as a cause"),
    who=lambda user, incident: access(user).holds(Perm.REPORT_HAZARD, incident.org_path),
    refused=gettext_lazy("Your role does not register hazards at this unit."),
    when=lambda incident, user: incident.org.level == "school",
    conflict=gettext_lazy("Hazards are registered at a school; this incident's unit is a region."),
    form=f.HazardForm,
)
def hazard_from_incident(incident: Incident, *, actor: Any, place: str, area: str, level: str, description: str) -> Any:
    """A cause found becomes a hazard in the closed loop, linked to the incident."""
    from safecampus.hazards.services import workflow

    hazard = workflow.report_hazard(
        actor=actor, school=incident.org, place=place, area=area, level=level, description=description
    )
    incident.hazards.add(hazard)
    common.event(incident, "link_hazard", actor, incident.org, hazard=hazard.pk)
    return hazard
