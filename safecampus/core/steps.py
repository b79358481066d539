"""Workflow steps, declared once: the pages, the API actions, the offered steps and the OpenAPI all come from here.

    flow = Workflow("hazard", Hazard)

    @flow.step("verify", title=_("Verify and close"), sources=[S.SUBMITTED], who=can_verify, form=CommentForm)
    def verify(hazard, *, actor, comment=""):
        ...  # the body: change the locked row, save it, write its history row, notify (after commit)

Calling `verify(hazard, actor=user, comment="…")` takes the step, whoever calls
it (a page, the API, an import, a command, a job): the role is checked before
anything is locked (403), then in one transaction the row is locked, role and
state are checked again on it (403, then 409), the record's counter keys are
tracked, the body runs, and the counters move by the difference (core.counting).
A verb that
is not declared does not exist: pages and the API answer 404 for it.

`who(user, record)` says whether the user's role allows the step on that record
(403 when not); `sources` (states) and `when(record, user)` say whether the
record is in a state that allows it (409 when not). The steps a user is offered
are exactly those whose three checks pass, so an offered step succeeds given
valid input and one not offered answers 403 or 409.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import counting
from .access import access
from .exceptions import StateConflict


def holds(perm: str, path_field: str = "org_path") -> Who:
    """A `who` for steps any holder of `perm` on the record's node (or above) may take."""

    def who(user: Any, record: Any) -> bool:
        return access(user).holds(perm, getattr(record, path_field))

    return who


def add_more_errors(form: forms.Form, error: ValidationError) -> None:
    """Merge a service's errors into a form: on their fields unless the form already reports those fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        target = name if name in form.fields else None
        if target is None or target not in form.errors:
            form.add_error(target, messages)


class EmptyForm(forms.Form):
    """A step that needs no input."""


Who = Callable[[Any, Any], bool]
When = Callable[[Any, Any], bool]


@dataclass(eq=False)
class Step:
    # A step is callable (it takes the step); templates read its title and verb and must not call it.
    do_not_call_in_templates: ClassVar[bool] = True

    workflow: Workflow
    verb: str
    title: Any
    body: Callable[..., Any]
    who: Who
    form: type[forms.Form] = EmptyForm
    sources: frozenset[str] | None = None
    when: When | None = None
    form_kwargs: Callable[[Any, Any], dict[str, Any]] | None = None
    initial: Callable[[Any], dict[str, Any]] | None = None
    refused: Any = None  # the 403 message, or function(user, record) giving it
    conflict: Any = None  # the 409 message when `when` fails, or function(user, record) giving it
    # The body's own input rules as a function(record, data) raising ValidationError with every problem at
    # once; the body calls it, and pages and the API call it too when the form already found errors, so a
    # user sees all that is wrong in one answer (data then holds only the fields that parsed).
    validate: Callable[[Any, dict[str, Any]], None] | None = None
    danger: bool = False
    order: int = 0
    summary: str = ""

    def __call__(self, record: Any, *, actor: Any, **data: Any) -> Any:
        return self.workflow.take(self, record, actor=actor, data=data)

    @property
    def multipart(self) -> bool:
        return any(isinstance(f, forms.FileField) for f in self.form.base_fields.values())

    def make_form(self, record: Any, user: Any, *args: Any, **kwargs: Any) -> forms.Form:
        extra = self.form_kwargs(record, user) if self.form_kwargs else {}
        if not args and self.initial and "initial" not in kwargs:
            kwargs["initial"] = self.initial(record)
        return self.form(*args, **extra, **kwargs)

    def more_errors(self, record: Any, form: forms.Form) -> None:
        """Add the body's own input errors to a form that already has some (fields in error keep theirs)."""
        if self.validate is None:
            return
        try:
            self.validate(record, dict(getattr(form, "cleaned_data", {})))
        except ValidationError as error:
            add_more_errors(form, error)

    def allowed_role(self, user: Any, record: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and self.who(user, record)

    def allowed_state(self, user: Any, record: Any) -> bool:
        if self.sources is not None and self.workflow.state_of(record) not in self.sources:
            return False
        return self.when is None or self.when(record, user)

    def check(self, user: Any, record: Any) -> None:
        """Role first (403), then state (409): the order every page and endpoint answers in."""
        if not self.allowed_role(user, record):
            refused = self.refused(user, record) if callable(self.refused) else self.refused
            raise PermissionDenied(
                str(refused) if refused else _("Your role does not allow “%(step)s” here.") % self._names()
            )
        if not self.allowed_state(user, record):
            if self.sources is not None and self.workflow.state_of(record) not in self.sources:
                raise StateConflict(
                    _("“%(step)s” cannot be taken while the %(thing)s is “%(state)s”.")
                    % {**self._names(), "state": self.workflow.state_label(record)}
                )
            conflict = self.conflict(user, record) if callable(self.conflict) else self.conflict
            raise StateConflict(str(conflict) if conflict else _("“%(step)s” is not possible now.") % self._names())

    def _names(self) -> dict[str, str]:
        return {"step": str(self.title), "thing": str(self.workflow.model._meta.verbose_name)}


@dataclass(eq=False)
class Workflow:
    """The steps of one model, in the order they were declared."""

    key: str
    model: type
    state_field: str = "state"
    related: tuple[str, ...] = ()  # what `who` reads of the record (fetched with it, outside the lock)
    display: tuple[str, ...] = ()  # the order a page offers the steps in (the others follow, as declared)
    steps: dict[str, Step] = field(default_factory=dict)

    def step(
        self,
        verb: str,
        *,
        title: Any,
        who: Who,
        form: type[forms.Form] = EmptyForm,
        sources: Iterable[str] | None = None,
        when: When | None = None,
        form_kwargs: Callable[[Any, Any], dict[str, Any]] | None = None,
        initial: Callable[[Any], dict[str, Any]] | None = None,
        refused: Any = None,
        conflict: Any = None,
        validate: Callable[[Any, dict[str, Any]], None] | None = None,
        danger: bool = False,
        summary: str = "",
    ) -> Callable[[Callable[..., Any]], Step]:
        def declare(body: Callable[..., Any]) -> Step:
            if verb in self.steps:
                raise ValueError(f"{self.key}: the step {verb!r} is declared twice")
            step = Step(
                workflow=self,
                verb=verb,
                title=title,
                body=body,
                who=who,
                form=form,
                sources=frozenset(sources) if sources is not None else None,
                when=when,
                form_kwargs=form_kwargs,
                initial=initial,
                refused=refused,
                conflict=conflict,
                validate=validate,
                danger=danger,
                order=len(self.steps),
                summary=summary or (body.__doc__ or "").strip().split("\n")[0],
            )
            self.steps[verb] = step
            return step

        return declare

    def get(self, verb: str) -> Step | None:
        return self.steps.get(verb)

    def state_of(self, record: Any) -> str:
        return getattr(record, self.state_field)

    def state_label(self, record: Any) -> str:
        display = getattr(record, f"get_{self.state_field}_display", None)
        return str(display()) if display else self.state_of(record)

    def offered(self, user: Any, record: Any) -> list[Step]:
        """The steps the user may take on the record now (role and state), in the order pages show them."""
        offered = [s for s in self.steps.values() if s.allowed_role(user, record) and s.allowed_state(user, record)]
        rank = {verb: place for place, verb in enumerate(self.display)}
        return sorted(offered, key=lambda s: (rank.get(s.verb, len(rank)), s.order))

    def fresh(self, record: Any) -> Any:
        return self.model._default_manager.select_related(*self.related).get(pk=record.pk)

    def lock(self, record: Any) -> Any:
        # No joins: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
        return self.model._default_manager.select_for_update().get(pk=record.pk)

    def take(self, step: Step, record: Any, *, actor: Any, data: dict[str, Any]) -> Any:
        current = self.fresh(record)
        if not step.allowed_role(actor, current):
            step.check(actor, current)
        with transaction.atomic():
            locked = self.lock(record)
            step.check(actor, locked)
            before = counting.track(locked)
            result = step.body(locked, actor=actor, **data)
            counting.changed(locked, before)
        return result
