"""Append-only change history shared by every domain model."""

from __future__ import annotations

from typing import Any

from django.db import models
from simple_history.models import HistoricalRecords


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
    if reason:
        instance._change_reason = reason
    return instance
