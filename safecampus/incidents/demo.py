"""Three years of demo incidents, made through the real services with a moved clock.

Incidents are rare and mostly 一般; each year has fewer than the one before (the
double-decline goal), a few reports are late, one in a while a bureau forwards late.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any, TextIO

from django.db import transaction
from django.test.utils import override_settings

from safecampus.accounts.models import User
from safecampus.core import clock
from safecampus.core.progress import Progress
from safecampus.orgs.models import Level, OrgUnit

from .services import reporting, routing

KINDS = [
    ("accident", "drowning", "学生课外溺水", "校外河道", 0.14),
    ("accident", "traffic", "学生上学途中交通事故", "校门外道路", 0.16),
    ("accident", "fire", "宿舍违规电器起火", "学生宿舍", 0.05),
    ("accident", "other_accident", "学生课间摔伤", "教学楼楼梯", 0.22),
    ("accident", "lab", "化学实验试剂灼伤", "化学实验室", 0.03),
    ("accident", "school_bus", "校车轻微剐蹭", "接送路线", 0.03),
    ("public_health", "food_poisoning", "疑似食物中毒", "学生食堂", 0.05),
    ("public_health", "infectious_cluster", "流感聚集性疫情", "教学班", 0.1),
    ("social", "bullying", "学生欺凌事件", "宿舍", 0.08),
    ("social", "violence", "校外人员滋扰", "校门口", 0.04),
    ("natural", "flood", "暴雨致校舍进水", "校园", 0.04),
    ("opinion", "opinion", "网络舆情", "网络", 0.02),
    ("social", "abnormal_death", "学生非正常死亡", "校外", 0.04),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "子涵浩然欣怡宇轩梓萱雨桐俊杰诗琪一诺佳怡"


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _person(rng: random.Random, school: OrgUnit, harm: str) -> dict[str, Any]:
    year = clock.today().year - rng.randint(7, 17)
    return {
        "role": "student",
        "name": rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2))),
        "id_number": (
            school.code[:6] + f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 9999):04d}"
        )[:18],
        "gender": rng.choice(["男", "女"]),
        "age": clock.today().year - year,
        "grade_class": f"{rng.randint(1, 9)}年级{rng.randint(1, 8)}班",
        "harm": harm,
    }


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def seed_incidents(count: int, seed: int, stream: TextIO) -> int:
    """`count` incidents over the last three years, fewer each year, through every stage."""
    rng = random.Random(seed)
    schools = list(OrgUnit.objects.filter(level=Level.SCHOOL, is_active=True).order_by("path"))
    if not schools or count <= 0:
        return 0
    progress = Progress("incidents", count, stream)
    now = clock.now()
    made = 0
    # Year weights 1.0 / 0.8 / 0.65 (oldest to newest), spread over each year's days.
    for number in range(count):
        years_back = rng.choices([2, 1, 0], weights=[1.0, 0.8, 0.65])[0]
        start = now - timedelta(days=365 * (years_back + 1))
        occurred = start + timedelta(seconds=rng.uniform(0, 365 * 86400))
        if number < min(3, count // 20):
            occurred = now - timedelta(hours=rng.uniform(0.4, 30))  # a few still open, with clocks running
        school = rng.choice(schools)
        if _make(rng, school, occurred, now):
            made += 1
        progress.advance(1)
    return made


def _make(rng: random.Random, school: OrgUnit, occurred: Any, now: Any) -> bool:
    principal = _user(f"principal.{school.code}")
    county = OrgUnit.objects.filter(path=school.path[: -OrgUnit.steplen]).first()
    if principal is None or county is None:
        return False
    category, subtype, title, place, _weight = rng.choices(KINDS, weights=[k[4] for k in KINDS])[0]
    deaths = 1 if subtype in ("drowning", "abnormal_death") and rng.random() < 0.5 else 0
    injuries = 0 if subtype in ("opinion", "flood") else rng.randint(1, 4)
    if subtype == "infectious_cluster":
        injuries = rng.randint(5, 14)
    serious = 1 if rng.random() < 0.1 else 0
    if rng.random() < 0.015:
        deaths = 3  # a rare 较大 incident goes to the province
    delay = timedelta(minutes=rng.uniform(70, 150) if rng.random() < 0.04 else rng.uniform(10, 50))
    if occurred + delay > now:
        delay = (now - occurred) / 2
    persons = [_person(rng, school, "death" if deaths else "injured") for _ in range(min(2, deaths + injuries))]
    with transaction.atomic(), clock.travel_to(occurred + delay):
        incident = reporting.report_initial(
            actor=principal,
            org=school,
            category=category,
            subtype=subtype,
            occurred_at=occurred,
            title=f"{school.short_name or school.name[:6]}{title}",
            place=place,
            description=f"{title}。学校第一时间组织处置并报告。",
            measures="启动应急预案，送医救治，通知家长，配合有关部门调查。",
            students_involved=max(1, injuries + deaths),
            deaths=deaths,
            student_deaths=deaths,
            serious_injuries=serious,
            injuries=injuries,
            persons=persons,
        )
    moment = occurred + delay
    for receipt_org in routing.chain(incident):
        officer = _user(f"safety.{receipt_org.code}") or _user(f"admin.{receipt_org.code}")
        receipt = incident.receipts.filter(org=receipt_org).first()
        if officer is None or receipt is None:
            break
        moment += timedelta(minutes=rng.uniform(5, 40))
        if moment > now:
            return True
        with transaction.atomic(), clock.travel_to(moment):
            routing.acknowledge(incident, actor=officer, org=receipt_org)
        if receipt.forward_due_at:
            moment += timedelta(minutes=rng.uniform(130, 200) if rng.random() < 0.02 else rng.uniform(10, 90))
            if moment > now:
                return True
            with transaction.atomic(), clock.travel_to(moment):
                routing.forward(incident, actor=officer, org=receipt_org)
    handled = occurred + timedelta(days=rng.uniform(1, 6))
    if handled > now:
        return True
    with transaction.atomic(), clock.travel_to(handled):
        reporting.mark_handled(incident, actor=principal)
    final = handled + timedelta(days=rng.uniform(8, 12) if rng.random() < 0.03 else rng.uniform(0.5, 6))
    if final > now:
        return True
    with transaction.atomic(), clock.travel_to(final):
        reporting.final_report(
            incident,
            actor=principal,
            cause="经调查，系安全教育和日常管理不到位所致。",
            handling="伤者得到及时救治，家校沟通到位，相关责任人已作处理。",
            lessons="加强专题安全教育和隐患排查，完善应急处置流程。",
        )
    return True


def default_count(schools: int) -> int:
    return min(200, max(0, schools // 3))


__all__ = ["default_count", "seed_incidents"]
