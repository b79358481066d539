"""Demo training: the first city's schools (up to 60) keep a roster — principal, safety lead, class teachers, a
teacher, a kitchen worker — and this year's trainings; most people have their hours, some teachers are short.
Made through the services, so every occurrence and figure is live."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from safecampus.accounts.models import User
from safecampus.core import clock
from safecampus.core.demo import Demo, seeder
from safecampus.orgs.models import Level, OrgUnit

from .services import training as service

TZ = ZoneInfo(settings.TIME_ZONE)
MOST_SCHOOLS = 60
BIG_PROVINCE = 5000  # schools: a benchmark-size province gets ten schools' rosters (seeding stays quick)
ROSTER = (
    ("principal", "校长"),
    ("safety_lead", "安全副校长"),
    ("class_teacher", "班主任甲"),
    ("class_teacher", "班主任乙"),
    ("teacher", "教师"),
    ("special", "食堂厨师"),
)
COURSES = (
    ("校园消防安全与初期火灾扑救", 4),
    ("学生防溺水与交通安全教育", 3),
    ("校园反恐防暴与门卫管理", 4),
    ("心理危机识别与干预", 3),
    ("食品安全与食堂操作规范", 2),
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡"


@seeder("training", order=80)
def seed_demo_training(demo: Demo) -> str:
    rng = random.Random(demo.seed + 50)
    today = clock.today()
    city = OrgUnit.objects.filter(level=Level.CITY).order_by("path").first()
    if city is None:
        return "no city: no training"
    schools = list(OrgUnit.objects.within(city.path).filter(level=Level.SCHOOL).order_by("path"))
    big = OrgUnit.objects.filter(level=Level.SCHOOL).count() > BIG_PROVINCE
    trainings = people = 0
    for school in schools[: MOST_SCHOOLS // 6 if big else MOST_SCHOOLS]:
        keeper = User.objects.filter(username=f"safety.{school.code}").first()
        if keeper is None:
            continue
        start = date(today.year, 1, 10)
        with clock.travel_to(datetime.combine(start, time(9), TZ)):
            roster = [
                service.add_trainee(school, actor=keeper, name=rng.choice(SURNAMES) + label, post=post)
                for post, label in ROSTER
            ]
        people += len(roster)
        diligent = rng.random() < 0.75
        for course, hours in COURSES:
            day = start + timedelta(days=rng.randint(20, max(21, (today - start).days - 5)))
            if day > today:
                continue
            attending = [p for p in roster if p.post != "teacher" or diligent or rng.random() < 0.4]
            with clock.travel_to(datetime.combine(day, time(17), TZ)):
                service.record_training(
                    school,
                    actor=keeper,
                    course=course,
                    held_on=day,
                    hours=hours,
                    attendees=attending,
                    provider="区教育局安全科",
                )
            trainings += 1
    return f"{trainings} trainings, {people} people on the training rosters"
