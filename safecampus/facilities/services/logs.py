"""The logs kept on a ledger record, each a declared step (core.steps) so pages, API and `allowed_steps` agree: a
chemical's movements (two people each; the book follows them; a count that differs is a finding until adjusted
with its reason), a canteen's accompanied meals with the samples kept, and its bulk deliveries."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock
from safecampus.core.access import Perm
from safecampus.core.history import register_reasons, stamp
from safecampus.core.steps import Workflow, holds
from safecampus.rules.services import rule_value

from ..forms_logs import MaintenanceForm, MealLogForm, MovementForm, SupplyForm, TrainingForm
from ..ledgers import Rules, evaluate
from ..models import ChemicalMovement, GuardTraining, MaintenanceRecord, MealLog, MovementKind, SupplyRecord
from . import profile

register_reasons(
    {
        "move": gettext_lazy("Movement recorded"),
        "log_meal": gettext_lazy("Meal logged"),
        "record_training": gettext_lazy("Training recorded"),
        "record_maintenance": gettext_lazy("Maintenance recorded"),
    }
)
SIGN = {MovementKind.RECEIVE: 1, MovementKind.RETURN: 1, MovementKind.ISSUE: -1, MovementKind.DISPOSE: -1}


def _in_use(record: Any, user: Any) -> bool:
    return record.is_active


def _saved(record: Any, actor: Any, reason: str) -> None:
    evaluate(record, Rules(record.school), clock.today())
    stamp(record, actor, reason)
    record.save()
    profile.refresh(record.school)


def declare(flows: dict[str, Workflow]) -> None:
    keeps = holds(Perm.KEEP_FACILITIES)

    @flows["chemical"].step(
        "move",
        title=gettext_lazy("Record a movement"),
        sources=["in_use"],
        who=keeps,
        form=MovementForm,
        initial=lambda record: {"day": clock.today()},
    )
    def move(chemical: Any, *, actor: Any, kind: str, quantity: Any, day: Any, **more: Any) -> ChemicalMovement:
        """Record what came in or went out, a count or an adjustment; the book follows."""
        book = chemical.book_quantity
        if kind in SIGN:
            after = book + SIGN[kind] * quantity
            if after < 0:
                raise ValidationError(
                    {"quantity": _("Only %(book)s %(unit)s are in the book.") % {"book": book, "unit": chemical.unit}}
                )
        elif kind == MovementKind.COUNT:
            after = book
            chemical.counted_on = day if chemical.counted_on is None else max(day, chemical.counted_on)
            chemical.counted_quantity = quantity
            chemical.mismatch = quantity != book
        else:  # adjust: the book takes the counted quantity, with the reason; the stock reconciles again
            after = quantity
            chemical.mismatch = False
        chemical.book_quantity = after
        movement = ChemicalMovement.objects.create(
            chemical=chemical,
            kind=kind,
            quantity=quantity,
            day=day,
            book_after=after,
            recorded_by=actor,
            recorded_at=clock.now(),
            **{name: more.get(name, "") for name in ("handled_by", "second_person", "purpose", "contractor")},
            manifest_no=more.get("manifest_no", ""),
            note=more.get("note", ""),
        )
        _saved(chemical, actor, "move")
        return movement

    @flows["canteen"].step(
        "log_meal",
        title=gettext_lazy("Log an accompanied meal"),
        sources=["in_use"],
        who=keeps,
        form=MealLogForm,
        initial=lambda record: {"day": clock.today(), "sample_hours": 48},
    )
    def log_meal(canteen: Any, *, actor: Any, day: Any, meal: str, **more: Any) -> MealLog:
        """Log a meal a school leader ate with the students, and the samples kept (checked against the rules)."""
        if MealLog.objects.filter(canteen=canteen, day=day, meal=meal).exists():
            raise ValidationError({"meal": _("This meal is already logged for that day.")})
        log = MealLog.objects.create(
            canteen=canteen, day=day, meal=meal, recorded_by=actor, recorded_at=clock.now(), **more
        )
        if canteen.logged_on is None or day >= canteen.logged_on:
            grams = rule_value("facilities.canteen.sample_grams", canteen.school)
            hours = rule_value("facilities.canteen.sample_hours", canteen.school)
            canteen.logged_on = day
            canteen.samples_short = log.sample_grams < grams or log.sample_hours < hours
        _saved(canteen, actor, "log_meal")
        return log

    @flows["canteen"].step(
        "record_supply",
        title=gettext_lazy("Record a bulk delivery"),
        sources=["in_use"],
        who=keeps,
        form=SupplyForm,
        initial=lambda record: {"day": clock.today()},
        when=_in_use,
    )
    def record_supply(canteen: Any, *, actor: Any, **values: Any) -> SupplyRecord:
        """Record a delivery of bulk ingredients checked at intake by two people."""
        return SupplyRecord.objects.create(canteen=canteen, recorded_by=actor, recorded_at=clock.now(), **values)

    @flows["guard"].step(
        "record_training",
        title=gettext_lazy("Record a training"),
        sources=["in_use"],
        who=keeps,
        form=TrainingForm,
        initial=lambda record: {"day": clock.today()},
    )
    def record_training(guard: Any, *, actor: Any, day: Any, **values: Any) -> GuardTraining:
        """Record a training the guard attended; the last training day follows."""
        made = GuardTraining.objects.create(guard=guard, day=day, recorded_by=actor, recorded_at=clock.now(), **values)
        if guard.trained_on is None or day > guard.trained_on:
            guard.trained_on = day
        _saved(guard, actor, "record_training")
        return made

    @flows["equipment"].step(
        "record_maintenance",
        title=gettext_lazy("Record a maintenance visit"),
        sources=["in_use"],
        who=keeps,
        form=MaintenanceForm,
        initial=lambda record: {"day": clock.today()},
    )
    def record_maintenance(unit: Any, *, actor: Any, day: Any, **values: Any) -> MaintenanceRecord:
        """Record a maintenance visit (a lift's every 15 days); the last maintenance day follows."""
        made = MaintenanceRecord.objects.create(
            equipment=unit, day=day, recorded_by=actor, recorded_at=clock.now(), **values
        )
        if unit.maintained_on is None or day > unit.maintained_on:
            unit.maintained_on = day
        _saved(unit, actor, "record_maintenance")
        return made
