"""The shapes of the duties' rule rows (rulebook.py declares the rows): which parts a row of each source has —
who owes it, how often, its window and grace, what counts and the evidence it needs.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from safecampus.orgs.models import Level, SchoolKind
from safecampus.rules.shapes import (
    DAYS,
    HIGHER,
    HOURS,
    LOWER,
    MORE,
    NONE,
    ORDERED,
    Choice,
    ChoiceSet,
    Number,
    Part,
    Table,
)

from .models import ActivityKind, DocumentKind, DrillKind, Post
from .schoolyear import EVERY

SCHOOL_KINDS = tuple((kind.value, kind.label) for kind in SchoolKind if kind != SchoolKind.TRAINING_INSTITUTION)
ONLY = (
    ("all", _("every school of those kinds")),
    ("boarding", _("boarding schools")),
    ("bus", _("schools with buses")),
)
EVIDENCE = (
    ("photo", _("a photo")),
    ("participants", _("the number of participants")),
    ("review", _("a written review")),
)
UNANNOUNCED = (("any", _("announced or not")), ("only", _("only unannounced (四不) drills")))


def _head(every: Any, times: Part) -> list[Part]:
    """The parts every duty's row starts with: counted or not, how often, how many, its window and its grace."""
    return [
        Part("active", _("counted"), Choice((("off", _("no")), ("on", _("yes"))), stricter=ORDERED)),
        Part("every", _("how often"), Choice(every)),
        times,
        Part(
            "on_time_days",
            _("on time within (days from the period's start; 0: the whole period)"),
            Number(0, 366, DAYS),
        ),
        Part("grace_days", _("late records taken for (days after the period)"), Number(0, 90, DAYS, stricter=LOWER)),
    ]


def _table(counts: tuple[tuple[str, Any], ...], drill: bool) -> Table:
    parts = [
        *_head(EVERY, Part("times", _("times in each period"), Number(1, 52, _("times"), stricter=HIGHER))),
        Part("school_kinds", _("school kinds that owe it"), ChoiceSet(SCHOOL_KINDS, stricter=MORE)),
        Part("only", _("only"), Choice(ONLY)),
        Part("counts", _("records that count"), ChoiceSet(counts, stricter=NONE)),
        Part("evidence", _("evidence a record needs"), ChoiceSet(EVIDENCE, stricter=MORE)),
    ]
    if drill:
        parts.append(Part("unannounced", _("unannounced"), Choice(UNANNOUNCED, stricter=ORDERED)))
    return Table(tuple(parts), required=True)


DRILL_DUTY = _table(tuple((k.value, k.label) for k in DrillKind), drill=True)
ACTIVITY_DUTY = _table(tuple((k.value, k.label) for k in ActivityKind), drill=False)
APPOINTMENT = (("year", _("every calendar year")), ("appointment", _("within a year of appointment")))
# A person's training: `times` is the hours owed in each period, `counts` the posts that owe them.
TRAINING_DUTY = Table(
    (
        *_head(APPOINTMENT, Part("times", _("hours in each period"), Number(1, 200, HOURS, stricter=HIGHER))),
        Part("school_kinds", _("school kinds that owe it"), ChoiceSet(SCHOOL_KINDS, stricter=MORE)),
        Part("only", _("only"), Choice(ONLY)),
        Part("counts", _("posts that owe it"), ChoiceSet(tuple((p.value, p.label) for p in Post), stricter=MORE)),
        Part("evidence", _("evidence a record needs"), ChoiceSet(EVIDENCE, stricter=MORE)),
    ),
    required=True,
)
LEVELS = tuple((level.value, level.label) for level in Level if level != Level.OTHER)


YEARLY = (("year", _("every calendar year")),)


def _owned(counts: tuple[tuple[str, Any], ...], *, levels: bool, only: bool, every: Any = YEARLY) -> Table:
    """A duty of responsibility: owed by the units of some levels (a bureau's lists) or by schools (a letter). Its
    records belong to a year (a letter's, a task's, a plan's), so it is counted per calendar year."""
    parts = [*_head(every, Part("times", _("times in each period"), Number(1, 100, _("times"), stricter=HIGHER)))]
    if levels:
        parts.append(Part("levels", _("levels that owe it"), ChoiceSet(LEVELS, stricter=MORE)))
    parts.append(Part("school_kinds", _("school kinds that owe it"), ChoiceSet(SCHOOL_KINDS, stricter=MORE)))
    if only:
        parts.append(Part("only", _("only"), Choice(ONLY)))
    parts.append(Part("counts", _("records that count"), ChoiceSet(counts, stricter=NONE)))
    return Table(tuple(parts), required=True)


POSTS = tuple((p.value, p.label) for p in Post)
SHAPES = {
    "drill": DRILL_DUTY,
    "activity": ACTIVITY_DUTY,
    "training": TRAINING_DUTY,
    "document": _owned(tuple((k.value, k.label) for k in DocumentKind), levels=True, only=False, every=EVERY),
    "practical": _owned((("solved", _("a problem solved")),), levels=True, only=False),
    "letter": _owned((("school", _("the school's letter with its bureau")),), levels=False, only=True),
    "post_letter": _owned(POSTS, levels=False, only=True),
    "supervision": _owned((("plan", _("a published supervision plan")),), levels=True, only=False),
}
# Duties each person owes (one occurrence per person and period), not the school as a whole.
PER_PERSON = {"training", "post_letter"}
