from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import Perm, has_perm
from safecampus.core.forms import add_service_errors
from safecampus.core.paths import subtree_q
from safecampus.core.views_history import history_rows
from safecampus.orgs.models import OrgUnit

from .forms import RuleForm
from .models import Rule
from .services import Resolution, clear_override, resolve, resolve_all, set_rule
from .specs import RULES, RuleSpec


def _flags(resolution: Resolution) -> list[dict[str, Any]]:
    """Layers on the way down whose own value does not apply: weaker than the level above, or out of shape."""
    return [
        {
            "org": layer.rule.org if layer.rule and layer.rule.org_id else None,
            "messages": layer.weaker or layer.invalid,
            "invalid": bool(layer.invalid),
        }
        for layer in resolution.flagged
    ]


def _own(spec: RuleSpec, value: Any) -> str:
    """A unit's own stored value, as it reads (raw when it does not fit the rule)."""
    return spec.describe(value) if spec.is_valid(value) else json.dumps(value, ensure_ascii=False)


def _row(resolution: Resolution, path: str) -> dict[str, Any]:
    spec = resolution.spec
    here = resolution.here(path) if path else None
    set_by = resolution.set_by()
    return {
        "own": _own(spec, here.rule.value) if here else None,
        "spec": spec,
        "shown": spec.describe(resolution.value),
        "here": here if here and not here.invalid else None,
        "set_by": set_by.rule.org if set_by.rule and set_by.rule.org_id else None,
        "above": spec.describe(resolution.above(path)) if path else None,
        "default": spec.describe(resolution.default.value),
        "flags": _flags(resolution),
    }


def _require_operator(request: HttpRequest) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied(_("Only platform operators change the platform defaults."))


@login_required
def rule_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The rules in force at a node: the default, or the override of this node or one above."""
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    rows = [_row(resolution, org.path) for resolution in resolve_all(org)]
    can_edit = has_perm(request.user, Perm.MANAGE_ORGS, org)
    return render(request, "rules/rule_list.html", {"org": org, "rows": rows, "can_edit": can_edit})


@login_required
def default_list(request: HttpRequest) -> HttpResponse:
    _require_operator(request)
    rows = [_row(resolution, "") for resolution in resolve_all()]
    return render(request, "rules/rule_list.html", {"org": None, "rows": rows, "can_edit": True})


def _spec(key: str) -> RuleSpec:
    spec = RULES.get(key)
    if spec is None:
        raise Http404
    return spec


def _below(request: HttpRequest, key: str, org: OrgUnit) -> list[dict[str, Any]]:
    """Overrides in the subtree below `org`, with what applies there (flagged when weaker than the rule above)."""
    rows = Rule.objects.filter(subtree_q("org_path", org.path), key=key).exclude(org=org)
    visible = OrgUnit.objects.visible_to(request.user).values("pk")
    shown = []
    for rule in rows.filter(org__in=visible).select_related("org").order_by("org_path")[:50]:
        resolution = resolve(key, rule.org)
        shown.append({"rule": rule, **_row(resolution, rule.org_path)})
    return shown


def _edit(request: HttpRequest, spec: RuleSpec, org: OrgUnit | None) -> HttpResponse:
    resolution = resolve(spec.key, org)
    path = org.path if org is not None else ""
    upper = resolution.above(path) if org is not None else None
    can_edit = request.user.is_superuser if org is None else has_perm(request.user, Perm.MANAGE_ORGS, org)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(_("You may not change this rule here."))
    form = RuleForm(spec, resolution.value, org=org, upper=upper, data=request.POST or None)
    back = redirect("rules:list", pk=org.pk) if org is not None else redirect("rules:defaults")
    if request.method == "POST" and form.is_valid():
        try:
            set_rule(spec.key, form.rule_value(), actor=request.user, org=org)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if org is None:
                messages.success(request, _("The platform default was changed."))
            else:
                messages.success(
                    request, _("The rule now applies to %(org)s and everything below it.") % {"org": org.name}
                )
            return back
    own = resolution.here(path) if org is not None else resolution.default
    return render(
        request,
        "rules/rule_edit.html",
        {
            "org": org,
            "spec": spec,
            "form": form,
            "row": _row(resolution, path),
            "here": own.rule if own and own.rule else None,
            "can_edit": can_edit,
            "history": history_rows(own.rule) if own and own.rule else [],
            "below": _below(request, spec.key, org) if org is not None else [],
            "back": back.url,
        },
    )


@login_required
def rule_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    return _edit(request, _spec(key), org)


@login_required
def default_edit(request: HttpRequest, key: str) -> HttpResponse:
    _require_operator(request)
    return _edit(request, _spec(key), None)


@login_required
@require_POST
def rule_clear(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    rule = get_object_or_404(Rule, key=key, org=org)
    clear_override(rule, actor=request.user)
    messages.success(request, _("The override was removed; the rule of the level above applies again."))
    return redirect("rules:list", pk=org.pk)
