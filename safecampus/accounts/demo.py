"""The demo's accounts: an administrator and a safety officer per bureau, three people per school, five experts."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import transaction

from safecampus.core import clock
from safecampus.core.access import Role
from safecampus.core.demo import Demo, seeder
from safecampus.core.progress import Progress
from safecampus.orgs.models import Level, Membership

from .models import User

BATCH = 2000


@seeder("accounts", order=30)
def seed_accounts(demo: Demo) -> str:
    regions, schools = demo.facts["regions"], demo.facts["schools"]
    now = clock.now()
    password_hash = make_password(demo.password)
    specs: list[tuple[str, str, object, str]] = []  # username, full name, org, role
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
    progress = Progress("accounts", len(specs) * 2, demo.progress)
    with transaction.atomic():
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
    demo.facts["logins"] = logins(regions, schools, demo.password)
    return f"{len(specs)} accounts"


def logins(regions: dict, schools: list, password: str) -> list[str]:
    """The lines that tell a new user how to log in to the demo."""
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
            f"  county bureau admin       admin.{county.code}     safety officer: safety.{county.code} ({county.name})"
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
    return lines
