"""Inspections: start one on a checklist, save results item by item, submit to make hazard drafts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock, counting
from safecampus.core.access import Perm, has_perm, is_expert
from safecampus.core.exceptions import StateConflict
from safecampus.core.history import stamp
from safecampus.core.steps import Workflow, holds
from safecampus.core.text import TEXT, check_texts, too_long
from safecampus.orgs.models import Level, OrgUnit

from .. import forms as f
from ..models import (
    ChecklistVersion,
    HazardSource,
    Inspection,
    InspectionKind,
    InspectionResult,
    InspectionTask,
    Photo,
)
from .checklists import effective_items
from .photos import save_photos
from .workflow import create_draft

Outcome = InspectionResult.Outcome


def may_inspect(
    actor: Any, school: OrgUnit, task: InspectionTask | None = None, inspection: Inspection | None = None
) -> bool:
    """School staff inspect their own school; bureau staff their subtree; a cross-checking
    school the school it was assigned."""
    if has_perm(actor, Perm.INSPECT, school):
        return True
    if inspection is not None and inspection.inspectors.filter(pk=actor.pk).exists():
        return True  # an assigned expert
    return bool(task and task.inspecting_org_id and has_perm(actor, Perm.INSPECT, task.inspecting_org))


@transaction.atomic
def start_inspection(
    *,
    actor: Any,
    school: OrgUnit,
    kind: str,
    version: ChecklistVersion,
    inspection_date: date | None = None,
    task: InspectionTask | None = None,
    is_unannounced: bool = False,
) -> Inspection:
    if school.level != Level.SCHOOL:
        raise ValidationError({"school": _("Inspections are of schools.")})
    if not may_inspect(actor, school, task):
        raise PermissionDenied(_("You may not inspect this school."))
    if kind not in InspectionKind.values:
        raise ValidationError({"kind": _("Choose an inspection kind.")})
    day = inspection_date or clock.today()
    if day > clock.today() or day < clock.today() - timedelta(days=365):
        raise ValidationError({"date": _("The inspection date is today or a day of the past year.")})
    if not has_perm(actor, Perm.SUPERVISE, school) and not (task and kind == task.plan.kind):
        if kind not in (InspectionKind.SELF_CHECK, InspectionKind.CROSS_CHECK):
            raise ValidationError({"kind": _("A school runs self-checks; other kinds are run by bureaus.")})
    if version.status != ChecklistVersion.Status.PUBLISHED:
        raise ValidationError({"checklist": _("Use a published checklist.")})
    if not school.path.startswith(version.checklist.owner_path):
        raise ValidationError({"checklist": _("This checklist does not cover the school.")})
    if task is not None:
        task = InspectionTask.objects.select_for_update().get(pk=task.pk)
        if task.inspection_id:
            raise StateConflict(_("This due inspection has already been started."))
    inspection = Inspection(
        kind=kind,
        school=school,
        checklist_version=version,
        date=inspection_date or clock.today(),
        is_unannounced=is_unannounced,
        created_by=actor,
        inspecting_org=task.inspecting_org if task else None,
    )
    stamp(inspection, actor, "started")
    inspection.save()
    inspection.inspectors.add(actor)
    items = effective_items(version, getattr(school, "school", None))
    InspectionResult.objects.bulk_create([InspectionResult(inspection=inspection, item=item) for item in items])
    if task is not None:
        task.inspection = inspection
        task.save(update_fields=["inspection"])
    return inspection


def _inspects(actor: Any, inspection: Inspection) -> bool:
    """Who records and submits: those who may inspect the school (a cross-checking school for its task) and the
    team members (an assigned expert)."""
    task = InspectionTask.objects.filter(inspection=inspection).first()
    return may_inspect(actor, inspection.school, task, inspection)


flow = Workflow("inspection", Inspection, state_field="status", related=("school",))
IN_PROGRESS = [Inspection.Status.IN_PROGRESS]


@flow.step(
    "results",
    title=gettext_lazy("Record an item's result"),
    sources=IN_PROGRESS,
    who=_inspects,
    refused=gettext_lazy("You may not inspect this school."),
    form=f.ResultForm,
)
def record_result(
    inspection: Inspection,
    *,
    actor: Any,
    item: int,
    outcome: str,
    note: str = "",
    place: str = "",
    photos: list[Any] | None = None,
) -> InspectionResult:
    """Save one item's result as the inspector goes (saving twice is harmless)."""
    result = inspection.results.select_related("item").filter(item_id=item).first()
    if result is None:
        raise ValidationError({"item": _("This item is not part of the inspection.")})
    errors: dict[str, Any] = {}
    if outcome not in Outcome.values or outcome == Outcome.PENDING:
        errors["outcome"] = _("Choose pass, fail or not applicable.")
    if outcome == Outcome.FAIL and not (note or "").strip() and not photos and not result.photos.exists():
        errors["note"] = _("Describe what failed, or add a photo.")
    too_long(errors, {"note": note, "place": place}, {"note": TEXT, "place": 80})
    if errors:
        raise ValidationError(errors)
    result.outcome, result.note, result.place = outcome, (note or "").strip(), (place or "").strip()
    result.updated_at, result.updated_by = clock.now(), actor
    result.save()
    if photos:
        save_photos(photos, actor=actor, org=inspection.school, kind=Photo.Kind.FINDING, result=result)
    if not inspection.inspectors.filter(pk=actor.pk).exists():
        inspection.inspectors.add(actor)
    return result


def score(results: list[InspectionResult]) -> Decimal | None:
    """Weighted share of checked items that passed, 0–100; not-applicable items do not count."""
    checked = [r for r in results if r.outcome in (Outcome.PASS, Outcome.FAIL)]
    total = sum(r.item.weight for r in checked)
    if not total:
        return None
    passed = sum(r.item.weight for r in checked if r.outcome == Outcome.PASS)
    return (Decimal(passed) * 100 / Decimal(total)).quantize(Decimal("0.1"))


def _unchecked(inspection: Inspection) -> list[str]:
    return list(inspection.results.filter(outcome=Outcome.PENDING).values_list("item__code", flat=True))


def _items_left(user: Any, inspection: Inspection) -> str:
    left = _unchecked(inspection)
    return _("%(count)d items are not checked yet: %(codes)s") % {"count": len(left), "codes": "、".join(left[:10])}


@flow.step(
    "submit",
    title=gettext_lazy("Submit the inspection"),
    sources=IN_PROGRESS,
    who=_inspects,
    refused=gettext_lazy("You may not inspect this school."),
    when=lambda inspection, user: not _unchecked(inspection),
    conflict=_items_left,
)
def submit_inspection(inspection: Inspection, *, actor: Any) -> Inspection:
    """Lock the results, compute the score, and turn every failed item into a hazard draft."""
    results = list(inspection.results.select_related("item"))
    failed = [r for r in results if r.outcome == Outcome.FAIL]
    source = inspection.kind if inspection.kind in HazardSource.values else HazardSource.SUPERVISION
    for result in failed:
        hazard = create_draft(
            actor=actor,
            school=inspection.school,
            inspection=inspection,
            item=result.item,
            place=result.place,
            description=_hazard_text(result),
            source=source,
        )
        result.photos.update(hazard=hazard)
    inspection.status = Inspection.Status.SUBMITTED
    inspection.submitted_at = clock.now()
    inspection.score = score(results)
    inspection.failed_count = len(failed)
    inspection.major_failed_count = sum(1 for r in failed if r.item.is_major_criterion)
    stamp(inspection, actor, "submitted")
    inspection.save()
    for task in InspectionTask.objects.select_for_update().filter(inspection=inspection):
        before = counting.track(task)
        task.done_at = clock.now()
        task.save(update_fields=["done_at"])
        counting.changed(task, before)
    return inspection


def _hazard_text(result: InspectionResult) -> str:
    """The draft's description, as a rectification notice prints it: the check that failed, then what was found.

    An item's text is its pass standard, so it is quoted as the requirement not met, never given as the problem.
    """
    check = result.item.text.strip().rstrip("。；;，,.").replace("“", "‘").replace("”", "’")
    found = (result.note or "").strip()
    if not found:
        found = "详见现场照片。"
    elif found[-1] not in "。！？；.!?;":
        found += "。"
    return f"检查项未通过：“{check}”。\n存在问题：{found}"


NOT_AN_INSPECTOR = gettext_lazy("No expert, and no one who inspects this school, has this username.")


@flow.step(
    "add_inspector",
    title=gettext_lazy("Add to the inspection team"),
    sources=IN_PROGRESS,
    who=holds(Perm.SUPERVISE),
    refused=gettext_lazy("Only the bureaus above the school form inspection teams."),
    form=f.InspectorForm,
)
def add_inspector(inspection: Inspection, *, actor: Any, username: str) -> Any:
    """A bureau adds an expert (or a colleague) to an inspection team; experts see only such work.

    An account that does not exist and one that may not join get the same answer, so the form does not tell
    whether an account exists outside the adder's area."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=(username or "").strip(), is_active=True).first()
    if user is None or not (is_expert(user) or has_perm(user, Perm.INSPECT, inspection.school)):
        raise ValidationError({"username": NOT_AN_INSPECTOR})
    inspection.inspectors.add(user)
    return user


@flow.step(
    "cancel",
    title=gettext_lazy("Cancel the inspection"),
    sources=IN_PROGRESS,
    who=lambda actor, inspection: (
        inspection.created_by_id == actor.pk or has_perm(actor, Perm.SUPERVISE, inspection.school)
    ),
    refused=gettext_lazy("Only the person who started it or the bureau above may cancel an inspection."),
    form=f.CancelForm,
    danger=True,
)
def cancel_inspection(inspection: Inspection, *, actor: Any, reason: str) -> Inspection:
    """Withdraw an inspection started by mistake. Its results stay on record; a due task is freed."""
    check_texts(
        {"reason": reason}, required={"reason": _("Say why the inspection is cancelled.")}, limits={"reason": TEXT}
    )
    inspection.status = Inspection.Status.CANCELLED
    stamp(inspection, actor, "cancelled")
    inspection.save()
    InspectionTask.objects.filter(inspection=inspection).update(inspection=None)
    return inspection
