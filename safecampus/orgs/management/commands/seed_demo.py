"""Build the demo province: real Shandong divisions, generated schools, demo accounts."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from safecampus.accounts.models import User
from safecampus.core import clock
from safecampus.core.access import Role
from safecampus.core.progress import Progress
from safecampus.orgs.demo import load_divisions, plan_schools
from safecampus.orgs.models import Level, Membership, OrgUnit, School

DEFAULT_PASSWORD = "Safe#2026"
BATCH = 2000


class Command(BaseCommand):
    help = "Build a demo province (real Shandong divisions, generated schools and accounts)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schools", type=int, default=300, help="number of schools (default 300)")
        parser.add_argument(
            "--hazards", type=int, default=None, help="number of hazards over three years (default 10 per school)"
        )
        parser.add_argument(
            "--inspections",
            type=int,
            default=None,
            help="schools given a demo self-check (default: every school, at most 1000)",
        )
        parser.add_argument(
            "--incidents",
            type=int,
            default=None,
            help="incidents over three years, made through the services (default: one per 3 schools, at most 200)",
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed builds the same province")
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help=f"password of every demo account (default {DEFAULT_PASSWORD})"
        )
        parser.add_argument("--reset", action="store_true", help="erase the whole database first")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if the database already has units")
        parser.add_argument(
            "--regions-only",
            action="store_true",
            help="build only the province, cities and counties: no schools, no demo accounts (for production)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        schools = options["schools"]
        if schools < 0 or schools > 200_000:
            raise CommandError("--schools must be between 0 and 200000")
        for name in ("hazards", "inspections", "incidents"):
            if options.get(name) is not None and options[name] < 0:
                raise CommandError(f"--{name} cannot be negative")
        if OrgUnit.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already holds a province; keeping it (use --reset to rebuild).")
                return
            if not options["reset"]:
                raise CommandError("The database already holds data. Use --reset to erase it and build again.")
            call_command("flush", interactive=False, verbosity=0)
            cache.clear()  # cached dashboards are keyed by version counters, which start again
        started = time.monotonic()
        self.phases: dict[str, float] = {}
        password_hash = make_password(options["password"])
        with transaction.atomic():
            regions = self.timed("regions", self.build_regions)
            if options["regions_only"]:
                self.stdout.write(self.style.SUCCESS(f"Built {len(regions)} regions; no schools or accounts."))
                return
            school_orgs = self.timed("schools", self.build_schools, regions, schools, options["seed"])
            self.timed("accounts", self.build_accounts, regions, school_orgs, password_hash)
        self.build_records(options, len(school_orgs))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo province built in {time.monotonic() - started:.1f}s: "
                f"{len(regions)} regions, {len(school_orgs)} schools."
            )
        )
        self.stdout.write("Phases: " + ", ".join(f"{name} {seconds:.1f}s" for name, seconds in self.phases.items()))
        self.print_logins(regions, school_orgs, options["password"])

    def timed(self, phase: str, step: Callable[..., Any], *args: Any) -> Any:
        started = time.monotonic()
        result = step(*args)
        self.phases[phase] = time.monotonic() - started
        return result

    def build_regions(self) -> dict[str, OrgUnit]:
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
        created = OrgUnit.objects.bulk_create(list(nodes.values()), batch_size=BATCH)
        OrgUnit.history.bulk_history_create(created, batch_size=BATCH, default_change_reason="demo")
        return {org.code: org for org in created}

    def build_schools(self, regions: dict[str, OrgUnit], total: int, seed: int) -> list[OrgUnit]:
        plans = plan_schools(load_divisions(), total, seed)
        progress = Progress("schools", len(plans) * 2, self.stderr._out)
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
        return created

    def build_accounts(self, regions: dict[str, OrgUnit], schools: list[OrgUnit], password_hash: str) -> None:
        now = clock.now()
        specs: list[tuple[str, str, OrgUnit, str]] = []  # username, full name, org, role
        for org in regions.values():
            specs.append((f"admin.{org.code}", f"{org.short_name}教育局管理员", org, Role.BUREAU_ADMIN))
            specs.append((f"safety.{org.code}", f"{org.short_name}教育局安全科", org, Role.BUREAU_SAFETY_OFFICER))
        for org in schools:
            specs.append((f"principal.{org.code}", f"{org.name}校长", org, Role.PRINCIPAL))
            specs.append((f"safety.{org.code}", f"{org.name}安全员", org, Role.SAFETY_OFFICER))
            specs.append((f"staff.{org.code}", f"{org.name}教职工", org, Role.STAFF))
        province = next(org for org in regions.values() if org.level == Level.PROVINCE)
        for number in range(1, 6):
            specs.append((f"expert.{number}", f"专家{number}", province, Role.EXPERT))
        progress = Progress("accounts", len(specs) * 2, self.stderr._out)
        for start in range(0, len(specs), BATCH):
            chunk = specs[start : start + BATCH]
            users = User.objects.bulk_create(
                [
                    User(username=username, full_name=full_name, password=password_hash, password_changed_at=now)
                    for username, full_name, _org, _role in chunk
                ]
            )
            progress.advance(len(chunk))
            Membership.objects.bulk_create(
                [
                    Membership(user=user, org=org, org_path=org.path, role=role, granted_at=now)
                    for user, (_u, _n, org, role) in zip(users, chunk, strict=True)
                ]
            )
            progress.advance(len(chunk))

    def build_records(self, options: dict[str, Any], schools: int) -> None:
        """Checklist library, demo inspections and hazards (each in its own transaction)."""
        from safecampus.core.recount import rebuild
        from safecampus.hazards.demo import seed_hazards, seed_inspections
        from safecampus.hazards.demo_plans import seed_plan
        from safecampus.hazards.services.checklists import load_library
        from safecampus.incidents.demo import default_count as default_incidents
        from safecampus.incidents.demo import seed_incidents

        self.timed("checklists", load_library)
        hazards = options["hazards"] if options["hazards"] is not None else schools * 10
        inspections = options["inspections"] if options["inspections"] is not None else min(schools, 1000)
        self.timed("inspections", seed_inspections, inspections, options["seed"], self.stderr._out)
        made = self.timed("hazards", seed_hazards, hazards, options["seed"], self.stderr._out)
        self.timed("plan", seed_plan, options["seed"])
        incidents = options["incidents"] if options["incidents"] is not None else default_incidents(schools)
        self.timed("incidents", seed_incidents, incidents, options["seed"], self.stderr._out)
        self.timed("counters", rebuild)  # bulk inserts bypass the services, so count once from the records
        # Fresh statistics, so the first queries on the new rows are planned well (without them SQLite
        # reads a city's open hazards through the state index: ten times slower).
        self.timed("analyze", lambda: connection.cursor().execute("ANALYZE"))
        self.stdout.write(f"{made} hazards, {inspections} inspections and {incidents} incidents over three years.")

    def print_logins(self, regions: dict[str, OrgUnit], schools: list[OrgUnit], password: str) -> None:
        province = next(org for org in regions.values() if org.level == Level.PROVINCE)
        city = regions.get("370100") or next(org for org in regions.values() if org.level == Level.CITY)
        county = next(
            (
                org
                for org in regions.values()
                if org.level == Level.COUNTY and schools and schools[0].path.startswith(org.path)
            ),
            None,
        )
        lines = [
            "",
            f"Demo logins (password for all: {password})",
            f"  province bureau admin     admin.{province.code}     safety officer: safety.{province.code}",
            f"  city bureau admin         admin.{city.code}     ({city.name}; every city: admin.<division code>)",
        ]
        if county is not None:
            lines.append(
                f"  county bureau admin       admin.{county.code}     "
                f"safety officer: safety.{county.code} ({county.name})"
            )
        if schools:
            school = schools[0]
            lines.append(f"  principal                 principal.{school.code}     ({school.name})")
            lines.append(f"  school safety officer     safety.{school.code}     staff: staff.{school.code}")
        lines.append("  experts                   expert.1 … expert.5")
        lines.append(
            "Every county: admin.<code> and safety.<code>; every school: principal.<school code>, "
            "safety.<school code>, staff.<school code>."
        )
        self.stdout.write("\n".join(lines))
