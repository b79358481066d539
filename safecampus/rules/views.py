from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import Perm, has_perm
from safecampus.core.forms import add_service_errors
from safecampus.core.views_history import history_rows
from safecampus.orgs.models import OrgUnit

from .forms import RuleValueForm
from .models import Rule
from .services import clear_override, rule_value, set_rule


@login_required
def rule_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The rules in force at a node: default, or the override of this node or one above."""
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    paths = org.ancestor_paths()
    overrides = {(r.key, r.org_path): r for r in Rule.objects.filter(org_path__in=paths).select_related("org")}
    rows = []
    for default in Rule.objects.filter(org__isnull=True).order_by("key"):
        here = overrides.get((default.key, org.path))
        above = next((overrides[(default.key, p)] for p in reversed(paths[:-1]) if (default.key, p) in overrides), None)
        rows.append(
            {
                "rule": default,
                "value": rule_value(default.key, org),
                "here": here,
                "above": above,
                "shown": json.dumps(rule_value(default.key, org), ensure_ascii=False),
            }
        )
    return render(
        request,
        "rules/rule_list.html",
        {"org": org, "rows": rows, "can_edit": has_perm(request.user, Perm.MANAGE_ORGS, org)},
    )


@login_required
def rule_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    default = get_object_or_404(Rule, key=key, org__isnull=True)
    form = RuleValueForm(request.POST or None, initial={"value": json.dumps(rule_value(key, org), ensure_ascii=False)})
    if request.method == "POST" and form.is_valid():
        try:
            set_rule(key, form.cleaned_data["value"], actor=request.user, org=org)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The rule now applies to %(org)s and everything below it.") % {"org": org.name})
            return redirect("rules:list", pk=org.pk)
    here = Rule.objects.filter(key=key, org=org).first()
    return render(
        request,
        "rules/rule_edit.html",
        {
            "org": org,
            "default": default,
            "form": form,
            "here": here,
            "history": history_rows(here) if here else [],
            "default_shown": json.dumps(default.value, ensure_ascii=False),
        },
    )


@login_required
@require_POST
def rule_clear(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    rule = get_object_or_404(Rule, key=key, org=org)
    clear_override(rule, actor=request.user)
    messages.success(request, _("The override was removed; the rule of the level above applies again."))
    return redirect("rules:list", pk=org.pk)
