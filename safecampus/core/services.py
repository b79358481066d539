"""Import batches: check a file (dry run), then apply exactly that file."""

from __future__ import annotations

import hashlib
import io
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from . import clock
from .exceptions import StateConflict
from .imports import IMPORTERS, ImportResult
from .models import ImportBatch


def importer_for(kind: str, actor: Any) -> Any:
    if kind not in IMPORTERS:
        raise ValueError(f"unknown import kind {kind!r}")
    return IMPORTERS[kind](actor)


def run_import(kind: str, data: bytes, *, actor: Any, dry_run: bool) -> ImportResult:
    return importer_for(kind, actor).run(io.BytesIO(data), dry_run=dry_run)


def import_kinds(actor: Any) -> list[str]:
    """The imports the user's roles open (each importer names its permission)."""
    from safecampus.core.access import holds_any_perm

    return [kind for kind, importer in IMPORTERS.items() if holds_any_perm(actor, importer.perm)]


def require_import_right(actor: Any, kind: str | None = None) -> None:
    allowed = import_kinds(actor)
    if not allowed or (kind is not None and kind not in allowed):
        raise PermissionDenied(_("Your role does not allow imports."))


def _report(result: ImportResult) -> dict[str, Any]:
    return {"changes": [c.as_dict() for c in result.changes], "errors": [e.as_dict() for e in result.errors]}


def check_batch(kind: str, filename: str, data: bytes, *, actor: Any) -> ImportBatch:
    """Dry-run an uploaded file and keep it with its report for the user to confirm."""
    require_import_right(actor, kind)
    result = run_import(kind, data, actor=actor, dry_run=True)
    return ImportBatch.objects.create(
        kind=kind,
        filename=filename[:200],
        content=data,
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
        uploaded_at=clock.now(),
        status=ImportBatch.Status.CHECKED if result.ok else ImportBatch.Status.INVALID,
        counts=result.counts(),
        report=_report(result),
    )


def apply_batch(batch: ImportBatch, *, actor: Any) -> ImportBatch:
    """Apply a checked file. The same rules run again, so a file that went stale fails cleanly."""
    if batch.uploaded_by_id != actor.pk:
        raise PermissionDenied(_("Only the person who uploaded a file can apply it."))
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportBatch.Status.CHECKED:
            raise StateConflict(_("This file has already been applied or has errors."))
        result = run_import(locked.kind, bytes(locked.content), actor=actor, dry_run=False)
        locked.counts = result.counts()
        locked.report = _report(result)
        if result.applied:
            locked.status = ImportBatch.Status.APPLIED
            locked.applied_at = clock.now()
        else:
            locked.status = ImportBatch.Status.INVALID
        locked.save()
    return locked
