"""Vocabulary of incident direct reporting (names from the glossary)."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    NATURAL = "natural", _("Natural disaster")
    ACCIDENT = "accident", _("Accident")
    PUBLIC_HEALTH = "public_health", _("Public health")
    SOCIAL = "social", _("Social safety")
    EXAM = "exam", _("Exam security")
    OPINION = "opinion", _("Public opinion")
    OTHER = "other", _("Other")


# Subtypes per category; codes are stable, labels translated.
SUBTYPES: dict[str, list[tuple[str, object]]] = {
    Category.NATURAL: [
        ("earthquake", _("Earthquake")),
        ("flood", _("Flood or rainstorm")),
        ("geological", _("Landslide or other geological disaster")),
        ("weather", _("Extreme weather")),
    ],
    Category.ACCIDENT: [
        ("fire", _("Fire")),
        ("traffic", _("Traffic accident")),
        ("drowning", _("Drowning")),
        ("collapse", _("Building or facility collapse")),
        ("stampede", _("Crowding or stampede")),
        ("lab", _("Laboratory accident")),
        ("school_bus", _("School bus accident")),
        ("other_accident", _("Other accident")),
    ],
    Category.PUBLIC_HEALTH: [
        ("food_poisoning", _("Food poisoning")),
        ("infectious_cluster", _("Infectious disease cluster")),
        ("other_health", _("Other public health event")),
    ],
    Category.SOCIAL: [
        ("bullying", _("Bullying")),
        ("violence", _("Violence")),
        ("sexual_abuse", _("Sexual abuse (mandatory report)")),
        ("abnormal_death", _("Non-normal death")),
        ("other_social", _("Other social safety event")),
    ],
    Category.EXAM: [("exam", _("Exam security incident"))],
    Category.OPINION: [("opinion", _("Public opinion event"))],
    Category.OTHER: [("other", _("Other"))],
}
SUBTYPE_CATEGORY = {code: category for category, rows in SUBTYPES.items() for code, _label in rows}
SUBTYPE_LABELS = {code: label for rows in SUBTYPES.values() for code, label in rows}


class Grade(models.TextChoices):
    """特别重大 / 重大 / 较大 / 一般, most serious first."""

    EXTRAORDINARY = "extraordinary", _("Extraordinary (特别重大)")
    MAJOR = "major", _("Major (重大)")
    LARGE = "large", _("Large (较大)")
    ORDINARY = "ordinary", _("Ordinary (一般)")


# Rank for comparisons: higher is more serious.
GRADE_RANK = {Grade.ORDINARY: 1, Grade.LARGE: 2, Grade.MAJOR: 3, Grade.EXTRAORDINARY: 4}


class Stage(models.TextChoices):
    INITIAL = "initial", _("Initial report")
    FOLLOW_UP = "follow_up", _("Follow-up report")
    FINAL = "final", _("Final report")


class IncidentState(models.TextChoices):
    OPEN = "open", _("Being handled")
    HANDLED = "handled", _("Handling ended, final report due")
    CLOSED = "closed", _("Closed (final report sent)")


class Fault(models.TextChoices):
    LATE = "late", _("Late report (迟报)")
    OMITTED = "omitted", _("Omitted report (漏报)")
    FALSE = "false", _("False report (谎报)")
    CONCEALED = "concealed", _("Concealed report (瞒报)")


class PersonRole(models.TextChoices):
    STUDENT = "student", _("Student")
    STAFF = "staff", _("Staff")
    OTHER = "other", _("Other person")


class Harm(models.TextChoices):
    DEATH = "death", _("Died")
    SERIOUS = "serious", _("Seriously injured")
    INJURED = "injured", _("Injured")
    MISSING = "missing", _("Missing")
    UNHURT = "unhurt", _("Involved, not hurt")


# A resident ID number (居民身份证号码): 17 digits and a check character.
ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")
