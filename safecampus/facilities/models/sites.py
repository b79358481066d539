"""Canteens (食堂) and their staff's health certificates, and special equipment (特种设备: boilers, pressure
vessels, lifts) with its registration, periodic inspection, maintenance and the 三落实、两有证、一检验、一预案
checklist."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core.history import history

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
