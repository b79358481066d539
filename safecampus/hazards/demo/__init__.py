"""The demo's hazard closed loop, registered as seeders (core.demo): the checklist library, self-checks,
three years of hazards in every state (records.py, in bulk), and a provincial self-check plan (plans.py)."""

from __future__ import annotations

from safecampus.core.demo import Demo, Option, seeder

from .plans import seed_plan
from .records import seed_hazards, seed_inspections


@seeder("checklists", order=40)
def seed_checklists(demo: Demo) -> str:
    from ..services.checklists import load_library

    load_library()
    return "the checklist library"


@seeder(
    "inspections",
    order=50,
    options=[Option("inspections", None, "schools given a demo self-check (default: every school, at most 1000)")],
)
def seed_school_inspections(demo: Demo) -> str:
    schools = len(demo.facts["schools"])
    wanted = demo.options["inspections"]
    made = seed_inspections(min(schools, 1000) if wanted is None else wanted, demo.seed, demo.progress)
    return f"{made} self-checks"


@seeder(
    "hazards",
    order=60,
    options=[Option("hazards", None, "number of hazards over three years (default 10 per school)")],
)
def seed_demo_hazards(demo: Demo) -> str:
    wanted = demo.options["hazards"]
    made = seed_hazards(len(demo.facts["schools"]) * 10 if wanted is None else wanted, demo.seed, demo.progress)
    return f"{made} hazards over three years"


@seeder("plan", order=70)
def seed_self_check_plan(demo: Demo) -> str:
    done = seed_plan(demo.seed)
    return f"a provincial self-check done by {done} schools"
