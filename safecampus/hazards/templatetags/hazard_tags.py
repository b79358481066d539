from __future__ import annotations

from django import template

from safecampus.core.history import reason_label

from ..models import HazardState

register = template.Library()
STATES = dict(HazardState.choices)


@register.filter
def step_label(verb: str) -> str:
    """A hazard step's name in the reader's language (the same words as the change history)."""
    return reason_label(verb) or verb


@register.filter
def state_label(state: str) -> str:
    return str(STATES.get(state, state or "—"))
