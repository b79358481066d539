"""Who keeps a school's ledgers: its principal, safety lead and safety officer (Perm.KEEP_FACILITIES)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from safecampus.core.access import Perm, access


def may_keep(user: Any, school: Any) -> bool:
    return school.level == "school" and access(user).holds(Perm.KEEP_FACILITIES, school.path)


def require_keeper(user: Any, school: Any) -> None:
    if not may_keep(user, school):
        raise PermissionDenied(_("Only the school's principal, safety lead or safety officer keeps its ledgers."))
