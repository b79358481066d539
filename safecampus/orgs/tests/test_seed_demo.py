"""The demo province: real Shandong divisions, deterministic schools, demo accounts."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from safecampus.accounts.models import User
from safecampus.orgs.demo.names import load_divisions, plan_schools
from safecampus.orgs.models import Level, Membership, OrgUnit, School

pytestmark = pytest.mark.django_db


def test_divisions_are_current_shandong():
    divisions = load_divisions()
    levels = [d.level for d in divisions]
    assert levels.count("province") == 1 and levels.count("city") == 16 and levels.count("county") == 136
    by_code = {d.code: d for d in divisions}
    assert by_code["370116"].name == "莱芜区" and by_code["370116"].parent_code == "370100"
    assert "371200" not in by_code, "Laiwu city was merged into Jinan in 2019"


def test_seed_builds_the_tree_and_accounts():
    out = io.StringIO()
    call_command("seed_demo", "--schools", "60", "--seed", "7", stdout=out, stderr=io.StringIO())
    assert OrgUnit.objects.filter(level=Level.CITY).count() == 16
    assert OrgUnit.objects.filter(level=Level.COUNTY).count() == 136
    assert School.objects.count() == 60
    jinan = OrgUnit.objects.get(code="370100")
    assert OrgUnit.objects.within(jinan.path).filter(level=Level.COUNTY).count() == 12
    for county in OrgUnit.objects.filter(level=Level.COUNTY)[:20]:
        assert county.numchild == OrgUnit.objects.filter(depth=4).within(county.path).count()
    school = OrgUnit.objects.filter(level=Level.SCHOOL).first()
    for username in (
        "admin.370000",
        "safety.370000",
        "admin.370102",
        f"principal.{school.code}",
        f"safety.{school.code}",
        f"staff.{school.code}",
        "expert.5",
    ):
        user = User.objects.get(username=username)
        assert user.check_password("Safe#2026") and not user.must_change_password
    assert Membership.objects.get(user__username=f"principal.{school.code}").org == school
    assert "admin.370000" in out.getvalue()
    assert OrgUnit.history.count() == OrgUnit.objects.count()


def test_seed_is_deterministic():
    divisions = load_divisions()
    first = [(p.code, p.name, p.kind) for p in plan_schools(divisions, 200, seed=3)]
    assert first == [(p.code, p.name, p.kind) for p in plan_schools(divisions, 200, seed=3)]
    assert first != [(p.code, p.name, p.kind) for p in plan_schools(divisions, 200, seed=4)]
    kinds = [p.kind for p in plan_schools(divisions, 2000, seed=1)]
    assert max(set(kinds), key=kinds.count) == "kindergarten"
    assert kinds.count("primary") > kinds.count("junior") > kinds.count("university")


def test_seed_refuses_to_overwrite_and_keeps_data_if_empty_flag():
    call_command("seed_demo", "--schools", "5", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="--reset"):
        call_command("seed_demo", "--schools", "5", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("seed_demo", "--schools", "9", "--if-empty", stdout=io.StringIO(), stderr=io.StringIO())
    assert School.objects.count() == 5
    with pytest.raises(CommandError):
        call_command("seed_demo", "--schools", "-1", "--reset", stdout=io.StringIO())


def test_regions_only_builds_no_accounts():
    call_command("seed_demo", "--regions-only", stdout=io.StringIO(), stderr=io.StringIO())
    assert OrgUnit.objects.count() == 153 and not School.objects.exists() and not User.objects.exists()


def test_every_county_has_a_school_once_there_are_enough():
    plans = plan_schools(load_divisions(), 300, seed=1)
    assert len({p.county.code for p in plans}) == 136
    assert "3701020001" in {p.code for p in plans}, "the README's demo school"


def test_seeded_records_are_counted():
    from safecampus.core.recount import drift

    call_command(
        "seed_demo",
        "--schools",
        "20",
        "--hazards",
        "200",
        "--inspections",
        "5",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert drift() == []


def test_seeded_hazards_keep_their_meaning_at_scale():
    """Above the step-record limit the seed writes the same hazards, fewer step records, in time order."""
    from safecampus.hazards.demo.records import seed_hazards
    from safecampus.hazards.models import Hazard, HazardEvent, Listing

    call_command("seed_demo", "--schools", "30", "--hazards", "0", stdout=io.StringIO(), stderr=io.StringIO())
    assert seed_hazards(3000, 5, io.StringIO(), full_events_limit=100) == 3000
    hazards = list(Hazard.objects.order_by("id").values("id", "found_at", "state", "closed_at", "deadline"))
    assert [h["found_at"] for h in hazards] == sorted(h["found_at"] for h in hazards), "ids grow with time"
    states = {h["state"] for h in hazards}
    assert states == {"draft", "reported", "rectifying", "submitted", "closed"}
    closed = [h for h in hazards if h["state"] == "closed"]
    assert all(h["closed_at"] for h in closed) and all(h["deadline"] for h in hazards if h["state"] != "draft")
    stepped = set(HazardEvent.objects.values_list("hazard_id", flat=True))
    assert stepped == {h["id"] for h in hazards if h["state"] != "closed"}, "open and draft hazards keep their steps"
    listed = Hazard.objects.filter(listed_by__isnull=False)
    assert listed.exists() and set(Listing.objects.values_list("hazard_id", flat=True)) == set(
        listed.values_list("id", flat=True)
    )
    assert not listed.filter(state__in=["closed", "draft"]).exists()


def test_the_same_seed_gives_the_same_hazards():
    from safecampus.hazards.demo.records import seed_hazards
    from safecampus.hazards.models import Hazard

    call_command("seed_demo", "--schools", "10", "--hazards", "0", stdout=io.StringIO(), stderr=io.StringIO())
    fields = ("school_id", "state", "level", "area", "place", "source", "listed_by_id")  # times follow the clock
    runs = []
    for _ in range(2):
        with transaction.atomic():  # rolled back: steps are append-only, never deleted
            seed_hazards(300, 9, io.StringIO())
            runs.append(list(Hazard.objects.order_by("id").values_list(*fields)))
            transaction.set_rollback(True)
    assert runs[0] == runs[1] and len(runs[0]) == 300


def test_school_names_read_like_real_ones():
    """Chinese numerals (第三实验小学, never 第19实验小学), whole county names, a suffix that fits the kind."""
    import re

    divisions = load_divisions()
    cities = {d.code: d for d in divisions if d.level == "city"}
    plans = plan_schools(divisions, 5000, seed=2)
    names = [p.name for p in plans]
    assert len(set(names)) == len(names)
    suffixes = {
        "kindergarten": ("幼儿园", "分园"),
        "primary": ("小学",),
        "junior": ("中学",),
        "nine_year": ("学校",),
        "senior": ("中学",),
        "vocational": ("学校", "校区"),
        "special": ("学校", "中心", "分校"),
        "twelve_year": ("学校",),
        "university": ("学院",),
        "training_institution": ("学校", "中心"),
    }
    for plan in plans:
        city = cities[plan.county.parent_code]
        assert not re.search(r"[0-9]", plan.name), plan.name
        assert all(c in "一二三四五六七八九十" for c in re.findall(r"第(.)", plan.name)), plan.name
        assert plan.name.endswith(suffixes[plan.kind]), plan.name
        if plan.kind == "university":
            assert plan.name.startswith(city.short_name), plan.name
        else:
            prefix = city.name + plan.county.name if plan.county.name.endswith("区") else plan.county.name
            assert plan.name.startswith(prefix), plan.name
        if plan.is_rural:
            assert plan.address.endswith("村") and "镇" in plan.address, plan.address
        else:
            assert "镇" not in plan.name and plan.address.endswith("号"), (plan.name, plan.address)
        if "中心" in plan.name and plan.kind in ("kindergarten", "primary"):
            assert ("镇中心" in plan.name) == plan.is_rural and plan.county.name in plan.name, plan.name
    assert any("第三" in n for n in names) and not any("第二十一" in n for n in names), "numbers stay small"
    assert not any(re.search(r"幼儿园.+园$", n) and not n.endswith("分园") for n in names)
