"""Checklists: the provincial library, bureau extensions, versions that never change once published."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.access import Perm, require_perm
from safecampus.core.exceptions import StateConflict
from safecampus.core.history import stamp
from safecampus.core.text import TEXT
from safecampus.orgs.models import OrgUnit, SchoolKind

from ..models import Area, Checklist, ChecklistItem, ChecklistVersion

LIBRARY = Path(__file__).resolve().parent.parent / "data" / "checklist_library.json"
FLAGS = {"is_boarding", "uses_school_bus", "is_private", "is_rural", "is_small"}
ITEM_FIELDS = ("code", "area", "text", "pass_hint", "source", "is_major_criterion", "weight", "kinds", "flags")


def clean_item(data: dict[str, Any], index: int) -> dict[str, Any]:
    """Validate one item's fields; errors name the item."""
    label = data.get("code") or f"#{index + 1}"
    problems = []
    if not str(data.get("code", "")).strip():
        problems.append(_("code is required"))
    if data.get("area") not in Area.values:
        problems.append(_("unknown area %(area)s") % {"area": data.get("area")})
    if not str(data.get("text", "")).strip():
        problems.append(_("the check text is required"))
    for name, limit in (("text", TEXT), ("pass_hint", TEXT), ("source", 200)):
        if len(str(data.get(name) or "")) > limit:
            problems.append(_("%(field)s has more than %(limit)d characters") % {"field": name, "limit": limit})
    weight = data.get("weight", 1)
    if not isinstance(weight, int) or not 1 <= weight <= 10:
        problems.append(_("weight must be a whole number from 1 to 10"))
    if any(kind not in SchoolKind.values for kind in data.get("kinds", [])):
        problems.append(_("unknown school kind"))
    if any(flag not in FLAGS for flag in data.get("flags", [])):
        problems.append(_("unknown school flag"))
    if problems:
        raise ValidationError(
            {"items": _("Item %(item)s: %(problems)s") % {"item": label, "problems": "; ".join(problems)}}
        )
    return {
        field: data.get(field, default)
        for field, default in zip(ITEM_FIELDS, ("", "", "", "", "", False, 1, [], []), strict=True)
    }


@transaction.atomic
def create_checklist(
    *,
    actor: Any,
    owner: OrgUnit,
    code: str,
    name: str,
    items: list[dict[str, Any]],
    extends: Checklist | None = None,
    description: str = "",
    publish: bool = True,
) -> Checklist:
    """A bureau adds a checklist for its subtree; an extension keeps every item of the one it extends."""
    require_perm(actor, Perm.MANAGE_CHECKLISTS, owner)
    if extends is not None and not owner.path.startswith(extends.owner_path):
        raise ValidationError({"extends": _("A checklist can only extend one of a level above.")})
    checklist = Checklist(code=code.strip(), name=name.strip(), owner=owner, extends=extends, description=description)
    checklist.full_clean(exclude=["owner_path"])
    stamp(checklist, actor, "created")
    checklist.save()
    version = _new_version(checklist, items, note=_("First version"))
    if publish:
        publish_version(version, actor=actor)
    return checklist


def _new_version(checklist: Checklist, items: list[dict[str, Any]], note: str) -> ChecklistVersion:
    cleaned = [clean_item(item, index) for index, item in enumerate(items)]
    codes = [item["code"] for item in cleaned]
    if len(codes) != len(set(codes)):
        raise ValidationError({"items": _("Item codes must be unique within a checklist.")})
    if checklist.extends_id:
        parent = checklist.extends.published()
        inherited = set(parent.items.values_list("code", flat=True)) if parent else set()
        clash = sorted(inherited & set(codes))
        if clash:
            raise ValidationError(
                {
                    "items": _(
                        "Items %(codes)s belong to the checklist above and cannot be redefined "
                        "here: an extension adds items, it never weakens the upper list."
                    )
                    % {"codes": ", ".join(clash)}
                }
            )
    number = (checklist.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = ChecklistVersion.objects.create(checklist=checklist, number=number, note=note)
    ChecklistItem.objects.bulk_create(
        [ChecklistItem(version=version, order=index, **item) for index, item in enumerate(cleaned)]
    )
    return version


@transaction.atomic
def new_version(checklist: Checklist, *, actor: Any, items: list[dict[str, Any]], note: str) -> ChecklistVersion:
    """Draft the next version with a new item list. Inspections keep the version they used."""
    require_perm(actor, Perm.MANAGE_CHECKLISTS, checklist.owner)
    if checklist.versions.filter(status=ChecklistVersion.Status.DRAFT).exists():
        raise StateConflict(_("Publish or discard the draft version first."))
    return _new_version(checklist, items, note)


@transaction.atomic
def publish_version(version: ChecklistVersion, *, actor: Any) -> ChecklistVersion:
    require_perm(actor, Perm.MANAGE_CHECKLISTS, version.checklist.owner)
    version = ChecklistVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != ChecklistVersion.Status.DRAFT:
        raise StateConflict(_("Only a draft version can be published."))
    if not version.items.exists():
        raise ValidationError({"items": _("A version needs at least one item.")})
    version.checklist.versions.filter(status=ChecklistVersion.Status.PUBLISHED).update(
        status=ChecklistVersion.Status.RETIRED
    )
    version.status = ChecklistVersion.Status.PUBLISHED
    version.published_at, version.published_by = clock.now(), actor
    stamp(version, actor, "published")
    version.save()
    return version


def effective_items(version: ChecklistVersion, school_profile: Any = None) -> list[ChecklistItem]:
    """The items an inspection uses: the upper lists' published items, then this version's, filtered
    to those that apply to the school's kind and flags."""
    chain: list[ChecklistVersion] = []
    checklist = version.checklist
    parent = checklist.extends
    while parent is not None:
        published = parent.published()
        if published is not None:
            chain.insert(0, published)
        parent = parent.extends
    chain.append(version)
    items = [item for v in chain for item in v.items.all()]
    if school_profile is not None:
        items = [item for item in items if item.applies_to(school_profile)]
    return items


def load_library(actor: Any = None) -> list[Checklist]:
    """Create or update the provincial library from the packaged data (idempotent)."""
    data = json.loads(LIBRARY.read_text(encoding="utf-8"))
    province = OrgUnit.objects.filter(depth=1).order_by("path").first()
    if province is None:
        return []
    loaded = []
    for entry in data["checklists"]:
        checklist = Checklist.objects.filter(code=entry["code"]).first()
        items = entry["items"]
        if checklist is None:
            checklist = Checklist.objects.create(
                code=entry["code"], name=entry["name"], owner=province, description=entry.get("description", "")
            )
            version = _new_version(checklist, items, note="library")
        else:
            current = checklist.published()
            if current is not None and _same_items(current, items):
                loaded.append(checklist)
                continue
            version = _new_version(checklist, items, note="library update")
        version.status = ChecklistVersion.Status.PUBLISHED
        version.published_at = clock.now()
        checklist.versions.filter(status=ChecklistVersion.Status.PUBLISHED).update(
            status=ChecklistVersion.Status.RETIRED
        )
        version.save()
        loaded.append(checklist)
    return loaded


def _same_items(version: ChecklistVersion, items: list[dict[str, Any]]) -> bool:
    stored = [{field: getattr(item, field) for field in ITEM_FIELDS} for item in version.items.all()]
    given = [clean_item(item, index) for index, item in enumerate(items)]
    return stored == given
