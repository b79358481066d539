"""Laboratory hazardous chemicals (危险化学品): each stock of a chemical in a lab, and every movement of it —
received, issued to a class, returned, disposed of by a licensed contractor, counted, adjusted after a count —
each by two people (双人). The stock's book quantity is the sum of its movements; a count that differs from the
book is a finding until reconciled."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core.history import history
from safecampus.core.models import AppendOnlyModel

from .base import LedgerRecord

cas_format = RegexValidator(r"^\d{2,7}-\d{2}-\d$", _("A CAS number reads like 7664-93-9."))


def cas_number(value: str) -> None:
    """The CAS Registry Number's check digit: the digits before it, from the right, times 1, 2, 3 …, modulo 10."""
    cas_format(value)
    digits = value.replace("-", "")
    body, check = digits[:-1], int(digits[-1])
    if sum(int(d) * (i + 1) for i, d in enumerate(reversed(body))) % 10 != check:
        raise ValidationError(_("The CAS number's check digit does not match; check it against the label."))


class HazardClass(models.TextChoices):
    FLAMMABLE = "flammable", _("Flammable")
    EXPLOSIVE = "explosive", _("Explosive")
    OXIDISING = "oxidising", _("Oxidising")
    TOXIC = "toxic", _("Toxic")
    CORROSIVE = "corrosive", _("Corrosive")
    OTHER = "other", _("Other hazardous")


class ChemicalUnit(models.TextChoices):
    G = "g", "g"
    KG = "kg", "kg"
    ML = "mL", "mL"
    L = "L", "L"


class Chemical(LedgerRecord):
    lab = models.CharField(_("laboratory"), max_length=60)
    name = models.CharField(_("chemical"), max_length=80)
    cas = models.CharField(_("CAS number"), max_length=12, validators=[cas_number])
    hazard_class = models.CharField(_("hazard class"), max_length=12, choices=HazardClass.choices)
    unit = models.CharField(_("unit"), max_length=4, choices=ChemicalUnit.choices)
    location = models.CharField(_("storage place"), max_length=80)
    precursor = models.BooleanField(_("drug precursor (易制毒)"), default=False)
    explosive_precursor = models.BooleanField(_("explosive precursor (易制爆)"), default=False)
    highly_toxic = models.BooleanField(_("highly toxic (剧毒)"), default=False)
    separate_cabinet = models.BooleanField(_("in a separate cabinet"), default=False)
    dual_lock = models.BooleanField(
        _("two locks, two keepers (双人双锁)"),
        default=False,
        help_text=_("Precursors, explosive precursors and highly toxic chemicals need both."),
    )
    # From the movements (services/chemicals.py), never typed in.
    book_quantity = models.DecimalField(
        _("quantity in the book"), max_digits=12, decimal_places=3, default=0, editable=False
    )
    counted_on = models.DateField(_("last counted on"), null=True, blank=True, editable=False)
    counted_quantity = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True, editable=False)
    mismatch = models.BooleanField(_("count differs from the book"), default=False, editable=False)

    history = history()

    class Meta:
        verbose_name = _("hazardous chemical")
        verbose_name_plural = _("hazardous chemicals")
        ordering = ["-is_active", "lab", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.lab}）"

    @property
    def controlled(self) -> bool:
        return self.precursor or self.explosive_precursor or self.highly_toxic


class MovementKind(models.TextChoices):
    RECEIVE = "receive", pgettext_lazy("chemical movement", "Received")
    ISSUE = "issue", pgettext_lazy("chemical movement", "Issued")
    RETURN = "return", pgettext_lazy("chemical movement", "Returned")
    DISPOSE = "dispose", pgettext_lazy("chemical movement", "Disposed of")
    COUNT = "count", pgettext_lazy("chemical movement", "Counted")
    ADJUST = "adjust", pgettext_lazy("chemical movement", "Adjusted after a count")


class ChemicalMovement(AppendOnlyModel):
    """One movement of a stock, written once (a mistake is put right by another movement, with its reason)."""

    chemical = models.ForeignKey(Chemical, on_delete=models.PROTECT, related_name="movements")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("movement"), max_length=8, choices=MovementKind.choices)
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=3, validators=[MinValueValidator(Decimal("0"))]
    )
    day = models.DateField(_("day"))
    handled_by = models.CharField(_("handled by"), max_length=40)
    second_person = models.CharField(_("second person"), max_length=40, blank=True)
    purpose = models.CharField(_("purpose or class"), max_length=120, blank=True)
    contractor = models.CharField(_("licensed disposal contractor"), max_length=80, blank=True)
    manifest_no = models.CharField(_("transfer manifest number"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    book_after = models.DecimalField(max_digits=12, decimal_places=3, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("chemical movement")
        verbose_name_plural = _("chemical movements")
        ordering = ["-day", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.chemical.org_path
        super().save(*args, **kwargs)
