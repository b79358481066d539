"""Vocabulary of the hazard closed loop (names from the glossary)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    MANAGEMENT = "management", _("Responsibility and management")
    FIRE = "fire", _("Fire safety")
    DORM = "dorm", _("Dormitories")
    CANTEEN = "canteen", _("Canteen and food")
    LAB = "lab", _("Laboratories and chemicals")
    GAS = "gas", _("Gas")
    ELECTRICITY = "electricity", _("Electricity")
    BUILDINGS = "buildings", _("Buildings and facilities")
    SPECIAL_EQUIPMENT = "special_equipment", _("Special equipment")
    SCHOOL_BUS = "school_bus", _("School buses")
    SECURITY = "security", _("Security and guards")
    SURROUNDINGS = "surroundings", _("Surroundings")
    CROWD = "crowd", _("Crowds and events")
    WATER = "water", _("Drowning prevention")


class InspectionKind(models.TextChoices):
    SELF_CHECK = "self_check", _("Self-check")
    CROSS_CHECK = "cross_check", _("Cross-check")
    SPOT_CHECK = "spot_check", _("Spot-check")
    THIRD_PARTY = "third_party", _("Third-party inspection")
    SUPERVISION = "supervision", _("Supervision")
    VIDEO_PATROL = "video_patrol", _("Video patrol")
    RECHECK = "recheck", _("Re-check")


# Where a hazard was found: any inspection kind, or outside an inspection.
HazardSource = models.TextChoices(
    "HazardSource",
    [(kind.name, (kind.value, kind.label)) for kind in InspectionKind]
    + [("STAFF", ("staff", _("Found by staff"))), ("PUBLIC", ("public", _("Reported by the public")))]
    + [("IOT_ALARM", ("iot_alarm", _("IoT alarm")))],
)


class HazardLevel(models.TextChoices):
    GENERAL = "general", _("General")
    MAJOR = "major", _("Major")


class HazardState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REPORTED = "reported", _("Registered")
    RECTIFYING = "rectifying", _("Rectifying")
    SUBMITTED = "submitted", _("Awaiting verification")
    CLOSED = "closed", _("Closed")


OPEN_STATES = (HazardState.REPORTED, HazardState.RECTIFYING, HazardState.SUBMITTED)
