"""Inspections: start one on a checklist, save results item by item, submit to make hazard drafts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.access import Perm, has_perm, is_expert
from safecampus.core.exceptions import StateConflict
from safecampus.core.history import stamp
from safecampus.dashboards import counters
from safecampus.dashboards.keys import task_keys
from safecampus.orgs.models import Level, OrgUnit

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


def _editable(inspection: Inspection, actor: Any) -> Inspection:
    locked = Inspection.objects.select_for_update().select_related("school").get(pk=inspection.pk)
    task = InspectionTask.objects.filter(inspection=locked).first()
    if not (may_inspect(actor, locked.school, task) or locked.inspectors.filter(pk=actor.pk).exists()):
        raise PermissionDenied(_("You may not inspect this school."))
    if locked.status != Inspection.Status.IN_PROGRESS:
        raise StateConflict(_("This inspection has been submitted; its results can no longer change."))
    return locked


@transaction.atomic
def record_result(
    inspection: Inspection,
    *,
    actor: Any,
    item_id: int,
    outcome: str,
    note: str = "",
    place: str = "",
    photos: list[Any] | None = None,
) -> InspectionResult:
    """Save one item's result as the inspector goes (saving twice is harmless)."""
    inspection = _editable(inspection, actor)
    result = inspection.results.select_related("item").filter(item_id=item_id).first()
    if result is None:
        raise ValidationError({"item": _("This item is not part of the inspection.")})
    if outcome not in Outcome.values or outcome == Outcome.PENDING:
        raise ValidationError({"outcome": _("Choose pass, fail or not applicable.")})
    if outcome == Outcome.FAIL and not (note or "").strip() and not photos and not result.photos.exists():
        raise ValidationError({"note": _("Describe what failed, or add a photo.")})
    result.outcome, result.note, result.place = outcome, (note or "").strip(), (place or "").strip()[:80]
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


@transaction.atomic
def submit_inspection(inspection: Inspection, *, actor: Any) -> Inspection:
    """Lock the results, compute the score, and turn every failed item into a hazard draft."""
    inspection = _editable(inspection, actor)
    results = list(inspection.results.select_related("item"))
    pending = [r.item.code for r in results if r.outcome == Outcome.PENDING]
    if pending:
        raise ValidationError(
            {
                "results": _("%(count)d items are not checked yet: %(codes)s")
                % {"count": len(pending), "codes": ", ".join(pending[:10])}
            }
        )
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
        before = counters.track(task, task_keys)
        task.done_at = clock.now()
        task.save(update_fields=["done_at"])
        counters.changed(task, before, task_keys)
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


@transaction.atomic
def add_inspector(inspection: Inspection, *, actor: Any, user: Any) -> Inspection:
    """A bureau adds an expert (or a colleague) to an inspection team; experts see only such work."""
    if not has_perm(actor, Perm.SUPERVISE, inspection.school):
        raise PermissionDenied(_("Only the bureaus above the school form inspection teams."))
    if inspection.status != Inspection.Status.IN_PROGRESS:
        raise StateConflict(_("This inspection has been submitted; its team can no longer change."))
    expert = is_expert(user)
    if not (expert or has_perm(user, Perm.INSPECT, inspection.school)) or not user.is_active:
        raise ValidationError({"user": _("Only experts and staff who inspect this school can join the team.")})
    inspection.inspectors.add(user)
    return inspection


@transaction.atomic
def cancel_inspection(inspection: Inspection, *, actor: Any, reason: str) -> Inspection:
    """Withdraw an inspection started by mistake. Its results stay on record; a due task is freed."""
    locked = Inspection.objects.select_for_update().select_related("school").get(pk=inspection.pk)
    if not (locked.created_by_id == actor.pk or has_perm(actor, Perm.SUPERVISE, locked.school)):
        raise PermissionDenied(_("Only the person who started it or the bureau above may cancel an inspection."))
    if locked.status != Inspection.Status.IN_PROGRESS:
        raise StateConflict(_("Only an inspection in progress can be cancelled."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the inspection is cancelled.")})
    locked.status = Inspection.Status.CANCELLED
    stamp(locked, actor, "cancelled")
    locked.save()
    InspectionTask.objects.filter(inspection=locked).update(inspection=None)
    return locked
