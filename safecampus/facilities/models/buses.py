"""School buses (校车), their drivers and escorts (照管员), and the routes that join them (校车安全管理条例)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core.history import history

from .base import LedgerRecord

# A mainland plate: province character, issuing-office letter, then 5 (6 for new-energy) letters or digits;
# I and O are never used.
PLATE = r"^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{5,6}$"
plate_number = RegexValidator(PLATE, _("Give a plate such as 鲁A12345 (province, letter, 5 or 6 letters or digits)."))


class Bus(LedgerRecord):
    plate = models.CharField(_("plate number"), max_length=10, validators=[plate_number])
    seats = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(7), MaxValueValidator(80)])
    licence_no = models.CharField(_("school bus licence (校车标牌) number"), max_length=30)
    licence_until = models.DateField(_("licence valid until"))
    inspected_on = models.DateField(_("last safety inspection"))
    insured_until = models.DateField(_("carrier insurance valid until"))
    escape_hammer = models.BooleanField(_("escape hammer"), default=False)
    extinguisher = models.BooleanField(_("fire extinguisher"), default=False)
    first_aid_kit = models.BooleanField(_("first-aid kit"), default=False)
    gps_recorder = models.BooleanField(_("GPS recorder"), default=False)

    history = history()

    class Meta:
        verbose_name = _("school bus")
        verbose_name_plural = _("school buses")
        ordering = ["-is_active", "plate", "pk"]

    def __str__(self) -> str:
        return self.plate


class BusDriver(LedgerRecord):
    name = models.CharField(pgettext_lazy("person", "name"), max_length=40)
    birth_date = models.DateField(_("date of birth"))
    licence_no = models.CharField(_("driving licence number"), max_length=24)
    licensed_on = models.DateField(_("first licensed on"))
    full_deduction = models.BooleanField(
        _("12 points deducted in one of the last three cycles"),
        default=False,
        help_text=_("A driver with a full 12-point deduction in any of the last three scoring cycles may not drive."),
    )
    reviewed_on = models.DateField(_("last annual review"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    history = history()

    class Meta:
        verbose_name = _("school bus driver")
        verbose_name_plural = _("school bus drivers")
        ordering = ["-is_active", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class BusEscort(LedgerRecord):
    name = models.CharField(pgettext_lazy("person", "name"), max_length=40)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    trained_on = models.DateField(_("last trained on"), null=True, blank=True)

    history = history()

    class Meta:
        verbose_name = _("school bus escort")
        verbose_name_plural = _("school bus escorts")
        ordering = ["-is_active", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class BusRoute(LedgerRecord):
    name = models.CharField(_("route"), max_length=60)
    stops = models.TextField(_("stops"), max_length=1000, help_text=_("The stops in order, one per line."))
    bus = models.ForeignKey(Bus, on_delete=models.PROTECT, related_name="routes", verbose_name=_("school bus"))
    driver = models.ForeignKey(
        BusDriver, on_delete=models.PROTECT, related_name="routes", verbose_name=_("driver"), null=True, blank=True
    )
    escort = models.ForeignKey(
        BusEscort, on_delete=models.PROTECT, related_name="routes", verbose_name=_("escort"), null=True, blank=True
    )

    history = history()

    class Meta:
        verbose_name = _("school bus route")
        verbose_name_plural = _("school bus routes")
        ordering = ["-is_active", "name", "pk"]

    def __str__(self) -> str:
        return self.name
