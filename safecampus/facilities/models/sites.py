"""Canteens (食堂) and their staff's health certificates, and special equipment (特种设备: boilers, pressure
vessels, lifts) with its registration, periodic inspection, maintenance and the 三落实、两有证、一检验、一预案
checklist."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core.history import history
from safecampus.core.models import AppendOnlyModel

from .base import LedgerRecord

# 食品经营许可证: "JY" and 14 digits.
food_licence = RegexValidator(r"^JY\d{14}$", _("A food business licence number is JY and 14 digits."))


class Canteen(LedgerRecord):
    name = models.CharField(_("canteen"), max_length=60)
    licence_no = models.CharField(_("food business licence number"), max_length=16, validators=[food_licence])
    licence_until = models.DateField(_("licence valid until"))
    open_kitchen = models.BooleanField(
        _("open kitchen (明厨亮灶) cameras"), default=False, help_text=_("Cameras in the kitchen that parents can see.")
    )
    # From the logs (services/logs.py): the last accompanied meal logged, and whether its samples fell short.
    logged_on = models.DateField(_("last meal logged on"), null=True, blank=True, editable=False)
    samples_short = models.BooleanField(_("samples short of the rule"), default=False, editable=False)

    history = history()

    class Meta:
        verbose_name = _("canteen")
        verbose_name_plural = _("canteens")
        ordering = ["-is_active", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class CanteenWorker(LedgerRecord):
    canteen = models.ForeignKey(Canteen, on_delete=models.PROTECT, related_name="workers", verbose_name=_("canteen"))
    name = models.CharField(pgettext_lazy("person", "name"), max_length=40)
    certificate_no = models.CharField(_("health certificate number"), max_length=30, blank=True)
    certificate_until = models.DateField(_("health certificate valid until"), null=True, blank=True)

    history = history()

    class Meta:
        verbose_name = _("canteen worker")
        verbose_name_plural = _("canteen workers")
        ordering = ["-is_active", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class Meal(models.TextChoices):
    BREAKFAST = "breakfast", _("Breakfast")
    LUNCH = "lunch", _("Lunch")
    DINNER = "dinner", _("Dinner")


class MealLog(AppendOnlyModel):
    """One meal: the school leader who ate with the students (陪餐) and the samples kept (留样)."""

    canteen = models.ForeignKey(Canteen, on_delete=models.PROTECT, related_name="meal_logs")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    day = models.DateField(_("day"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal.choices)
    leader = models.CharField(_("leader who ate with the students"), max_length=40)
    dishes = models.PositiveSmallIntegerField(_("dishes"), validators=[MinValueValidator(1), MaxValueValidator(50)])
    sample_grams = models.PositiveSmallIntegerField(
        _("smallest sample of a dish (g)"), validators=[MaxValueValidator(2000)]
    )
    sample_hours = models.PositiveSmallIntegerField(_("samples kept for (hours)"), validators=[MaxValueValidator(720)])
    samples_by = models.CharField(_("samples kept by"), max_length=40)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("meal log")
        verbose_name_plural = _("meal logs")
        ordering = ["-day", "-pk"]
        constraints = [models.UniqueConstraint(fields=["canteen", "day", "meal"], name="one_log_per_meal")]

    def __str__(self) -> str:
        return f"{self.day} {self.get_meal_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.canteen.org_path
        super().save(*args, **kwargs)


class SupplyRecord(AppendOnlyModel):
    """A delivery of bulk ingredients, checked at intake by two people (大宗食材进货查验)."""

    canteen = models.ForeignKey(Canteen, on_delete=models.PROTECT, related_name="supplies")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    day = models.DateField(_("day"))
    supplier = models.CharField(_("supplier"), max_length=80)
    supplier_licence = models.CharField(_("supplier's licence number"), max_length=40)
    items = models.CharField(_("what was delivered"), max_length=200)
    checked_by = models.CharField(_("checked by"), max_length=40)
    second_checker = models.CharField(_("second checker"), max_length=40)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("bulk supply record")
        verbose_name_plural = _("bulk supply records")
        ordering = ["-day", "-pk"]

    def __str__(self) -> str:
        return f"{self.day} {self.supplier}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.canteen.org_path
        super().save(*args, **kwargs)


class EquipmentKind(models.TextChoices):
    BOILER = "boiler", _("Boiler")
    PRESSURE_VESSEL = "pressure_vessel", _("Pressure vessel")
    LIFT = "lift", _("Lift")


class Equipment(LedgerRecord):
    kind = models.CharField(_("kind"), max_length=16, choices=EquipmentKind.choices)
    name = models.CharField(_("name and place"), max_length=80)
    commissioned_on = models.DateField(_("in service since"))
    registration_no = models.CharField(_("use registration number"), max_length=40, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    inspection_until = models.DateField(_("periodic inspection valid until"))
    maintained_on = models.DateField(_("last maintenance"), null=True, blank=True)
    # 三落实、两有证、一检验、一预案
    duty_assigned = models.BooleanField(_("person responsible assigned"), default=False)
    rules_in_place = models.BooleanField(_("management rules in place"), default=False)
    records_kept = models.BooleanField(_("safety records kept"), default=False)
    operator_certified = models.BooleanField(_("operators certified"), default=False)
    emergency_plan = models.BooleanField(_("emergency plan"), default=False)

    history = history()

    class Meta:
        verbose_name = _("special equipment")
        verbose_name_plural = _("special equipment")
        ordering = ["-is_active", "kind", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class MaintenanceRecord(AppendOnlyModel):
    """One maintenance visit of a unit of special equipment (the unit's last maintenance follows the newest)."""

    equipment = models.ForeignKey(Equipment, on_delete=models.PROTECT, related_name="maintenance")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    day = models.DateField(_("day"))
    contractor = models.CharField(_("maintenance company"), max_length=80)
    work = models.CharField(_("work done"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("maintenance record")
        verbose_name_plural = _("maintenance records")
        ordering = ["-day", "-pk"]

    def __str__(self) -> str:
        return f"{self.day} {self.contractor}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.equipment.org_path
        super().save(*args, **kwargs)
