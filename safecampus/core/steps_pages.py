"""The page side of declared steps: the forms a record's page offers, and one POST handler for every step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .exceptions import StateConflict
from .forms import add_service_errors
from .steps import Workflow


def step_forms(
    workflow: Workflow, record: Any, user: Any, bound: dict[str, forms.Form] | None = None
) -> list[dict[str, Any]]:
    """One entry per step the user may take now, in declaration order, with its form (the bound one after errors)."""
    rows = []
    for step in workflow.offered(user, record):
        form = (bound or {}).get(step.verb) or step.make_form(record, user, prefix=step.verb)
        rows.append(
            {
                "verb": step.verb,
                "title": step.title,
                "form": form,
                "danger": step.danger,
                "multipart": step.multipart,
                "open": step.verb in (bound or {}),
            }
        )
    return rows


def take_step(
    request: HttpRequest,
    workflow: Workflow,
    record: Any,
    verb: str,
    *,
    done_url: str,
    render: Callable[..., HttpResponse],
    prefix: str | None = "",
    announce: bool = True,
) -> HttpResponse:
    """POST of a step's form: 404 for an undeclared verb, 403 for the wrong role (the platform's 403 page),
    409 for the wrong state (the page again, with the reason), 400 for bad input (the form with every error).
    Forms are prefixed with the verb (several on one page) unless `prefix` says otherwise (None: no prefix)."""
    step = workflow.get(verb)
    if step is None:
        raise Http404
    try:
        step.check(request.user, record)
    except StateConflict as error:
        messages.error(request, str(error))
        return render(status=409)
    form = step.make_form(record, request.user, request.POST, request.FILES, prefix=verb if prefix == "" else prefix)
    if form.is_valid():
        try:
            step(record, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except StateConflict as error:
            messages.error(request, str(error))
            return render(status=409)
        else:
            if announce:  # unless the page it returns to shows the outcome itself
                messages.success(request, _("%(step)s: done.") % {"step": step.title})
            return redirect(done_url)
    else:
        step.more_errors(record, form)
    return render(bound={verb: form}, status=400)
