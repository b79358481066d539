"""Errors that services raise; the API and pages map them to 400/403/404/409."""


class StateConflict(Exception):
    """The action is not allowed from the object's current state (HTTP 409)."""
