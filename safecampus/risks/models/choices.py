"""The risk register's vocabularies (domain/standards.md §3, GB/T 13861 factor classes, GB 6441 accident types)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Grade(models.TextChoices):
    """The four colours, from the most serious down (Risk.grade)."""

    RED = "red", _("Red (major)")
    ORANGE = "orange", _("Orange (significant)")
    YELLOW = "yellow", _("Yellow (general)")
    BLUE = "blue", _("Blue (low)")


# Least serious first: the order rule tables and the map legend use.
GRADES_UP = (Grade.BLUE, Grade.YELLOW, Grade.ORANGE, Grade.RED)
GRADE_RANK = {grade.value: rank for rank, grade in enumerate(GRADES_UP)}
GRADE_COLOUR = {"red": "#d9363e", "orange": "#f08c00", "yellow": "#f5c400", "blue": "#1c7ed6"}


class PointKind(models.TextChoices):
    FACILITY = "facility", _("Place, facility or equipment")
    ACTIVITY = "activity", _("Activity or operation")


class PointCategory(models.TextChoices):
    BUILDING = "building", _("Teaching building")
    DORM = "dorm", _("Dormitory")
    CANTEEN = "canteen", _("Canteen")
    GAS_ROOM = "gas_room", _("Gas room or boiler")
    LAB = "lab", _("Laboratory or chemicals store")
    POWER = "power", _("Power distribution room")
    SPORTS = "sports", _("Sports ground or hall")
    GATE = "gate", _("Gate and perimeter")
    BUS_ROUTE = "bus_route", _("School bus route")
    EVENT = "event", _("Large event or outing")
    CONSTRUCTION = "construction", _("Construction site")
    WATER = "water", _("Water nearby")
    OTHER = "other", _("Other")


class FactorClass(models.TextChoices):
    """Hazard factor classes after GB/T 13861."""

    PERSON = "person", _("Person")
    THING = "thing", _("Thing (facility, equipment, material)")
    ENVIRONMENT = "environment", _("Environment")
    MANAGEMENT = "management", _("Management")


class AccidentType(models.TextChoices):
    """Possible accident types (after GB 6441, with the kinds schools meet most)."""

    FIRE = "fire", _("Fire")
    EXPLOSION = "explosion", _("Explosion")
    ELECTRIC = "electric", _("Electric shock")
    POISONING = "poisoning", _("Poisoning or suffocation")
    FOOD = "food", _("Food poisoning")
    FALL = "fall", _("Fall from height")
    STRUCK = "struck", _("Struck by an object")
    COLLAPSE = "collapse", _("Collapse")
    CRUSH = "crush", _("Crowd crush")
    MACHINE = "machine", _("Mechanical injury")
    VEHICLE = "vehicle", _("Traffic or vehicle injury")
    DROWNING = "drowning", _("Drowning")
    SCALD = "scald", _("Burn or scald")
    VIOLENCE = "violence", _("Violence or intrusion")
    OTHER = "other", _("Other injury")


class Method(models.TextChoices):
    LEC = "lec", _("LEC (D = L × E × C)")
    MATRIX = "matrix", _("Risk matrix (R = L × S)")
    DIRECT = "direct", _("Direct determination")


class DirectReason(models.TextChoices):
    """When a risk is red at once, without scoring."""

    VIOLATION = "violation", _("Violates a law or a mandatory standard")
    PAST_ACCIDENT = "past_accident", _("An accident happened here and no effective measure has been taken since")
    OBSERVED = "observed", _("A danger directly observed on site")


class Stage(models.TextChoices):
    CURRENT = "current", _("Current risk (before measures)")
    RESIDUAL = "residual", _("Residual risk (after measures)")


class MeasureKind(models.TextChoices):
    ENGINEERING = "engineering", _("Engineering")
    MANAGEMENT = "management", _("Management")
    TRAINING = "training", _("Training and education")
    EMERGENCY = "emergency", _("Emergency")
    PROTECTION = "protection", _("Personal protection")


class ControlLevel(models.TextChoices):
    """Who controls a risk (分级管控), from the lowest level up."""

    POST = "post", _("Post")
    DEPARTMENT = "department", _("Department")
    SAFETY_LEAD = "safety_lead", _("School safety lead")
    PRINCIPAL = "principal", _("Principal (county bureau informed)")


class RiskState(models.TextChoices):
    IDENTIFIED = "identified", pgettext_lazy("risk state", "Identified")
    ASSESSED = "assessed", pgettext_lazy("risk state", "Assessed")
    APPROVED = "approved", pgettext_lazy("risk state", "Approved")
    PUBLISHED = "published", pgettext_lazy("risk state", "Published")
    RETIRED = "retired", pgettext_lazy("risk state", "Retired")


LIVE_STATES = (RiskState.IDENTIFIED, RiskState.ASSESSED, RiskState.APPROVED, RiskState.PUBLISHED)
