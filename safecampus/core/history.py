"""Append-only change history shared by every domain model."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Why a change was made, stored as a code and shown in the reader's language.
REASONS = {
    "created": _("Created"),
    "updated": _("Updated"),
    "enabled": _("Enabled"),
    "disabled": _("Disabled"),
    "password_reset": _("Password reset"),
    "password_changed": _("Password changed"),
    "revoked": _("Role removed"),
    "rule_changed": _("Rule changed"),
    "override_removed": _("Own value removed"),
    "demo": _("Demo data"),
    "import": _("Excel import"),
    "started": _("Started"),
    "submitted": _("Submitted"),
    "published": _("Published"),
    "listed": _("Listed"),
    "unlisted": _("Listing ended"),
    "closed": _("Closed"),
    "approved": _("Approved"),
    "denied": _("Denied"),
    "unlocked": _("Unlocked"),
    "second_factor_reset": _("Second factor reset"),
    "report": _("Registered"),
    "rectify": _("Plan set"),
    "submit": _("Rectification submitted"),
    "verify": _("Verified and closed"),
    "reject": _("Rejected"),
    "request_extension": _("Extension requested"),
    "approve_extension": _("Extension approved"),
    "deny_extension": _("Extension denied"),
    "list": _("Listed"),
    "unlist": _("Listing ended"),
    "escalate": _("Escalated as overdue"),
    "select_recheck": _("Selected for re-check"),
    "recheck_passed": _("Re-check passed"),
    "cancelled": _("Cancelled"),
    "reopen": _("Reopened"),
    "create": _("Draft created"),
    "edit": _("Draft corrected"),
    "report_initial": _("Initial report sent"),
    "follow_up": _("Follow-up report sent"),
    "set_grade": _("Grade changed"),
    "mark_handled": _("Handling ended"),
    "final_report": _("Final report sent"),
    "flag_late": _("Marked late (迟报)"),
    "flag_omitted": _("Marked omitted (漏报)"),
    "flag_false": _("Marked false (谎报)"),
    "flag_concealed": _("Marked concealed (瞒报)"),
    "acknowledge": _("Acknowledged"),
    "forward": _("Forwarded"),
    "arrived": _("Report arrived"),
    "regrade": _("Grade raised by new figures"),
    "remind_final": _("Reminded of the final report"),
    "link_hazard": _("Hazard linked"),
}
# Labels of tracked fields declared without a verbose name (the name Django makes up is English).
FIELD_LABELS = {
    "found_by": _("found by"),
    "item": _("checklist item"),
    "submitted_at": _("submitted at"),
    "submitted_by": _("submitted by"),
    "closed_by": _("closed by"),
    "listed_by": _("listed by"),
    "reopen_count": _("times reopened"),
    "escalated_at": _("escalated at"),
    "requested_by": _("requested by"),
    "requested_at": _("requested at"),
    "decided_by": _("decided by"),
    "decided_at": _("decided at"),
    "decision_note": _("decision note"),
    "listed_at": _("listed at"),
    "listed_by_user": _("listed by (person)"),
    "ended_at": _("ended at"),
    "ended_by": _("ended by"),
    "end_reason": _("end reason"),
    "acceptance_overdue_at": _("acceptance overdue at"),
    "owner": _("owning unit"),
    "created_at": _("created at"),
    "created_by": _("created by"),
    "published_by": _("published by"),
    "token": _("QR code token"),
    "inspecting_org": _("inspecting unit"),
    "inspectors": _("inspectors"),
    "reported_by": _("reported by"),
    "acknowledged_by": _("acknowledged by"),
    "forwarded_by": _("forwarded by"),
    "forwarded_to": _("forwarded to"),
    "granted_by": _("granted by"),
    "org": _("unit"),
}
_context_reason: ContextVar[str] = ContextVar("safecampus_change_context", default="")


@contextmanager
def change_context(code: str) -> Iterator[None]:
    """Tag every change made inside the block (e.g. all changes of one Excel import)."""
    token = _context_reason.set(code)
    try:
        yield
    finally:
        _context_reason.reset(token)


def register_reasons(labels: dict[str, Any]) -> None:
    """An app names its own steps for history pages (its step verbs as stored reasons); a verb another app
    already named (e.g. "submit") keeps that name."""
    for code, label in labels.items():
        REASONS.setdefault(code, label)


def reason_label(stored: str | None) -> str:
    """Show a stored reason ("updated · import") in the reader's language."""
    if not stored:
        return ""
    # "created"/"updated" repeat what the row's own badge already says.
    parts = [part for part in stored.split(" · ") if part not in ("created", "updated")]
    return " · ".join(str(REASONS.get(part, part)) for part in parts)


class AppendOnlyHistory(models.Model):
    """Base of every historical model: rows are written once, never changed."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("History rows are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("History rows are append-only and cannot be deleted.")


def history(**kwargs: Any) -> HistoricalRecords:
    """HistoricalRecords with the platform's append-only base and text reasons."""
    kwargs.setdefault("bases", [AppendOnlyHistory])
    kwargs.setdefault("cascade_delete_history", False)
    return HistoricalRecords(**kwargs)


def stamp(instance: models.Model, actor: Any, reason: str = "") -> models.Model:
    """Name who made the next change of `instance` and why, for its history row."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor
    context = _context_reason.get()
    reason = " · ".join(part for part in (reason, context) if part)
    if reason:
        instance._change_reason = reason
    return instance
