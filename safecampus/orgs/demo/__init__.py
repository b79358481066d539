"""The demo's tree: real Shandong divisions (names.py) and generated schools, registered as seeders (core.demo)."""

from __future__ import annotations

from django.db import transaction

from safecampus.core.demo import Demo, Option, seeder
from safecampus.core.progress import Progress

from ..models import Level, OrgUnit, School
from .names import load_divisions, plan_schools

BATCH = 2000


@seeder("regions", order=10, regions_only=True, present=lambda: OrgUnit.objects.exists())
def seed_regions(demo: Demo) -> str:
    """The province, its cities and counties with their GB/T 2260 codes (Laiwu inside Jinan)."""
    divisions = load_divisions()
    children: dict[str, int] = {}
    nodes: dict[str, OrgUnit] = {}
    for division in divisions:  # the file lists parents before children
        parent = nodes.get(division.parent_code)
        children[division.parent_code] = children.get(division.parent_code, 0) + 1
        depth = 1 if parent is None else parent.depth + 1
        path = OrgUnit._get_path(parent.path if parent else "", depth, children[division.parent_code])
        nodes[division.code] = OrgUnit(
            path=path,
            depth=depth,
            numchild=0,
            name=division.name,
            short_name=division.short_name,
            level=division.level,
            code=division.code,
            division_code=division.code,
            lng=division.lng,
            lat=division.lat,
        )
    for division in divisions:
        if division.parent_code in nodes:
            nodes[division.parent_code].numchild += 1
    with transaction.atomic():
        created = OrgUnit.objects.bulk_create(list(nodes.values()), batch_size=BATCH)
        OrgUnit.history.bulk_history_create(created, batch_size=BATCH, default_change_reason="demo")
    demo.facts["regions"] = {org.code: org for org in created}
    return f"{len(created)} regions"


@seeder(
    "schools",
    order=20,
    options=[Option("schools", 300, "number of schools (default 300)", minimum=0, maximum=200_000)],
)
def seed_schools(demo: Demo) -> str:
    """Generated schools in every county, with kinds, flags and sizes close to the province's statistics."""
    regions = demo.facts["regions"]
    plans = plan_schools(load_divisions(), demo.options["schools"], demo.seed)
    progress = Progress("schools", len(plans) * 2, demo.progress)
    per_county: dict[str, int] = {}
    orgs: list[OrgUnit] = []
    for plan in plans:
        county = regions[plan.county.code]
        per_county[county.code] = per_county.get(county.code, 0) + 1
        orgs.append(
            OrgUnit(
                path=OrgUnit._get_path(county.path, county.depth + 1, per_county[county.code]),
                depth=county.depth + 1,
                numchild=0,
                name=plan.name,
                level=Level.SCHOOL,
                code=plan.code,
                lng=plan.lng,
                lat=plan.lat,
            )
        )
    created: list[OrgUnit] = []
    with transaction.atomic():
        for start in range(0, len(orgs), BATCH):
            batch = OrgUnit.objects.bulk_create(orgs[start : start + BATCH])
            OrgUnit.history.bulk_history_create(batch, default_change_reason="demo")
            created.extend(batch)
            progress.advance(len(batch))
        for code, count in per_county.items():
            OrgUnit.objects.filter(code=code).update(numchild=count)
        profiles = [
            School(
                org=org,
                kind=plan.kind,
                is_boarding=plan.is_boarding,
                uses_school_bus=plan.uses_school_bus,
                is_private=plan.is_private,
                is_rural=plan.is_rural,
                is_small=plan.is_small,
                student_count=plan.student_count,
                staff_count=plan.staff_count,
                address=plan.address,
            )
            for org, plan in zip(created, plans, strict=True)
        ]
        for start in range(0, len(profiles), BATCH):
            batch = School.objects.bulk_create(profiles[start : start + BATCH])
            School.history.bulk_history_create(batch, default_change_reason="demo")
            progress.advance(len(batch))
    demo.facts["schools"] = created
    return f"{len(created)} schools"
