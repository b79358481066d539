"""Who hears about a hazard step. In-app rows now, e-mail after the commit (core.notifications)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from safecampus.accounts.models import User
from safecampus.core.access import BUREAU_OFFICERS, SCHOOL_MANAGERS, holders
from safecampus.core.notifications import notify

from ..models import Hazard
from ..permissions import parent_path, verifier_rule


def hazard_url(hazard: Hazard) -> str:
    return f"/hazards/{hazard.pk}/"


def notify_step(hazard: Hazard, verb: str, note: str = "") -> None:
    school_people = holders(hazard.org_path, SCHOOL_MANAGERS)
    county_people = holders(parent_path(hazard), BUREAU_OFFICERS)
    name = f"{hazard.school.name} · {hazard.place}"
    messages: dict[str, tuple[list[Any], str]] = {
        "report": (school_people, _("New hazard registered: %(name)s")),
        "submit": (holders(verifier_rule(hazard)[1], verifier_rule(hazard)[0]), _("Rectification to verify: %(name)s")),
        "verify": ([hazard.submitted_by, *school_people], _("Hazard closed: %(name)s")),
        "reject": ([hazard.submitted_by, *school_people], _("Rectification rejected: %(name)s")),
        "request_extension": (county_people, _("Extension requested: %(name)s")),
        "approve_extension": (school_people, _("Extension approved: %(name)s")),
        "deny_extension": (school_people, _("Extension denied: %(name)s")),
        "list": ([*school_people, *county_people], _("Hazard listed for supervision: %(name)s")),
        "reopen": (school_people, _("Hazard reopened after re-check: %(name)s")),
    }
    if verb not in messages:
        return
    users, title = messages[verb]
    # The person who took the step need not hear of it; messages are stored in the platform's language.
    actor_id = hazard.events.order_by("-id").values_list("actor_id", flat=True).first()
    actor = User(pk=actor_id) if actor_id else None
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            users,
            str(title) % {"name": name},
            note or hazard.description[:200],
            hazard_url(hazard),
            kind=f"hazard.{verb}",
            exclude=actor,
        )
