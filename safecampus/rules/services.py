"""Reading and changing rules. Code asks `rule_value(key, org)`; it never hard-codes the number."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.history import stamp

from .models import Rule

DEFAULTS = Path(__file__).resolve().parent / "data" / "defaults.json"


def default_rules() -> list[dict[str, Any]]:
    return json.loads(DEFAULTS.read_text(encoding="utf-8"))["rules"]


def ensure_default_rules(**kwargs: Any) -> int:
    """Insert defaults that are missing; never overwrite a value an administrator changed."""
    existing = {rule.key: rule for rule in Rule.objects.filter(org__isnull=True)}
    created = 0
    for row in default_rules():
        meta = {"title": row["title"], "title_en": row.get("title_en", ""), "source": row.get("source", "")}
        if row["key"] not in existing:
            Rule.objects.create(key=row["key"], value=row["value"], **meta)
            created += 1
        else:
            # Titles and sources follow the packaged text; values stay as administrators set them.
            Rule.objects.filter(key=row["key"]).update(**meta)
    return created


def rule_value(key: str, org: Any = None) -> Any:
    """The value in force at `org`: the nearest override on it or an ancestor, else the default."""
    candidates = Rule.objects.filter(key=key)
    if org is not None:
        paths = [org.path[:end] for end in range(org.steplen, len(org.path) + 1, org.steplen)]
        override = candidates.filter(org_path__in=paths).order_by("-org_path").first()
        if override is not None:
            return override.value
    default = candidates.filter(org__isnull=True).first()
    if default is None:
        known = {row["key"]: row["value"] for row in default_rules()}
        if key in known:
            return known[key]
        raise KeyError(f"unknown rule {key!r}")
    return default.value


def _check_shape(rule_key: str, value: Any) -> None:
    """An override must have the same shape as the default (a number stays a number, …)."""
    default = rule_value(rule_key)
    if type(default) is not type(value) and not (isinstance(default, int | float) and isinstance(value, int | float)):
        raise ValidationError(
            {
                "value": _("The value must have the same form as the default (%(form)s).")
                % {"form": json.dumps(default, ensure_ascii=False)}
            }
        )
    if isinstance(value, int | float) and value < 0:
        raise ValidationError({"value": _("The value cannot be negative.")})
    if rule_key.startswith("hazard.verifier."):
        from safecampus.core.access import Role

        roles = value.get("roles") if isinstance(value, dict) else None
        if (
            not roles
            or any(role not in Role.values for role in roles)
            or value.get("level") not in ("school", "county", "city", "province")
        ):
            raise ValidationError({"value": _("Name existing roles and a level (school, county, city or province).")})


@transaction.atomic
def set_rule(key: str, value: Any, *, actor: Any, org: Any = None) -> Rule:
    """Change the default (platform operators) or set a bureau's override for its subtree."""
    from safecampus.core.access import Perm, require_perm

    if org is None:
        if not actor.is_superuser:
            raise PermissionDenied(_("Only platform operators change the platform defaults."))
    else:
        require_perm(actor, Perm.MANAGE_ORGS, org)
    _check_shape(key, value)
    template = Rule.objects.filter(key=key, org__isnull=True).first()
    rule = Rule.objects.filter(key=key, org=org).first() or Rule(
        key=key, org=org, title=template.title if template else key, source=template.source if template else ""
    )
    rule.value = value
    stamp(rule, actor, "rule_changed")
    rule.save()
    return rule


@transaction.atomic
def clear_override(rule: Rule, *, actor: Any) -> None:
    """Remove a bureau's override; the level above applies again. The history keeps it."""
    from safecampus.core.access import Perm, require_perm

    if rule.org is None:
        raise ValidationError(_("The platform default cannot be removed."))
    require_perm(actor, Perm.MANAGE_ORGS, rule.org)
    stamp(rule, actor, "override_removed")
    rule.delete()
