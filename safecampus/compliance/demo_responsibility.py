"""Demo responsibility: the first city's counties (and the city) publish their April lists — one of them late —,
keep a 办实事 list with most problems solved, sign a letter with each of their schools and plan their supervision
visits; the schools with a training roster publish their own lists and sign a letter with each post (on paper,
scan uploaded). Made through the services, so every occurrence and figure is live."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from safecampus.accounts.models import User
from safecampus.core import clock
from safecampus.core.demo import Demo, seeder
from safecampus.hazards.models import Checklist
from safecampus.orgs.models import Level, OrgUnit

from .models import Letter, LetterState, Trainee
from .services import letters as signing
from .services import responsibility as service
from .services import supervision as planning

TZ = ZoneInfo(settings.TIME_ZONE)
PROBLEMS = (
    "老旧教学楼消防通道改造",
    "校门口交通护学岗设置",
    "食堂明厨亮灶全覆盖",
    "学生宿舍电气线路更换",
    "校园周边沿河防护栏加装",
    "一键报警与公安联网",
    "专职保安配备到位",
    "实验室危化品库房规范化",
    "校车定位与视频监控",
    "心理健康教师配齐",
    "校舍抗震加固",
    "校园视频监控盲区补点",
)
BIG_PROVINCE = 5000  # schools: a benchmark-size province gets the city and one county (seeding stays quick)
MOST_SCHOOLS = 12  # schools per county whose letters are signed in the demo (the rest stay to be signed)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), TZ)


def _pdf(title: str, cache: dict[str, bytes]) -> SimpleUploadedFile:
    """A real one-page PDF with the document's title (made once, reused)."""
    if "pdf" not in cache:
        from weasyprint import HTML

        cache["pdf"] = HTML(string="<h1 style='font-family:Noto Sans CJK SC'>安全责任文件</h1>").write_pdf()
    return SimpleUploadedFile(f"{title}.pdf", cache["pdf"], content_type="application/pdf")


@seeder("responsibility", order=82)
def seed_demo_responsibility(demo: Demo) -> str:
    rng = random.Random(demo.seed + 70)
    today = clock.today()
    city = OrgUnit.objects.filter(level=Level.CITY).order_by("path").first()
    if city is None or today < date(today.year, 5, 15):
        return "no city (or too early in the year): no responsibility records"
    cache: dict[str, bytes] = {}
    counts = {"documents": 0, "tasks": 0, "letters": 0, "plans": 0}
    counties = OrgUnit.objects.within(city.path).filter(level=Level.COUNTY).order_by("path")
    big = OrgUnit.objects.filter(level=Level.SCHOOL).count() > BIG_PROVINCE
    units = [city, *(counties[:1] if big else counties)]
    checklist = next((c for c in Checklist.objects.filter(owner_path__in=city.ancestor_paths()) if c.published()), None)
    for unit in units:
        officer = User.objects.filter(username=f"safety.{unit.code}").first()
        if officer is None:
            continue
        _lists(rng, unit, officer, ("duty_list", "key_tasks"), today, cache, counts)
        _tasks(rng, unit, officer, today, counts)
        if unit.level == Level.COUNTY:
            _letters(rng, unit, officer, today, counts)
            if checklist is not None:
                _plan(rng, unit, officer, checklist, today, counts)
    for school_id in Trainee.objects.order_by().values_list("school_id", flat=True).distinct():
        school = OrgUnit.objects.get(pk=school_id)
        keeper = User.objects.filter(username=f"principal.{school.code}").first()
        if keeper is None:
            continue
        _lists(rng, school, keeper, ("head_tasks", "staff_system"), today, cache, counts)
        _posts(rng, school, keeper, today, cache, counts)
    return ", ".join(f"{n} {what}" for what, n in counts.items())


def _lists(
    rng: random.Random, org: Any, actor: Any, kinds: tuple[str, ...], today: date, cache: dict, counts: dict
) -> None:
    titles = {
        "duty_list": "领导干部安全生产职责清单",
        "key_tasks": "安全生产重点工作任务清单",
        "head_tasks": "校长年度安全生产任务清单",
        "staff_system": "全员安全生产责任制",
    }
    for kind in kinds:
        late = rng.random() < 0.15
        day = date(today.year, 5, rng.randint(5, 14)) if late else date(today.year, 4, rng.randint(1, 28))
        with clock.travel_to(_at(day, 16)):
            service.publish_document(
                org,
                actor=actor,
                kind=kind,
                title=f"{today.year}年度{titles[kind]}",
                held_on=day,
                file=_pdf(titles[kind], cache),
            )
        counts["documents"] += 1


def _tasks(rng: random.Random, org: Any, actor: Any, today: date, counts: dict) -> None:
    with clock.travel_to(_at(date(today.year, 2, 25))):
        tasks = [
            service.pledge(
                org,
                actor=actor,
                problem=problem,
                lead="分管副局长",
                due_on=date(today.year, 11, 30),
                measure="列入年度预算，分季度推进",
            )
            for problem in rng.sample(PROBLEMS, rng.randint(10, 12))
        ]
    counts["tasks"] += len(tasks)
    solved = rng.randint(7, len(tasks))
    for task in tasks[:solved]:
        day = min(today, date(today.year, 3, 1) + timedelta(days=rng.randint(10, 250)))
        with clock.travel_to(_at(day, 17)):
            service.solve(task, actor=actor, done_on=day, result="已完成并验收")
    for task in tasks[solved:]:
        with clock.travel_to(_at(today - timedelta(days=rng.randint(1, 20)))):
            service.note_progress(task, actor=actor, progress=rng.choice((30, 50, 80)), note="按计划推进中")


def _letters(rng: random.Random, county: Any, officer: Any, today: date, counts: dict) -> None:
    if not OrgUnit.objects.within(county.path).filter(depth=county.depth + 1, level=Level.SCHOOL).exists():
        return
    with clock.travel_to(_at(date(today.year, 3, 5))):
        counts["letters"] += signing.issue_school_letters(county, actor=officer, year=today.year)
    for letter in Letter.objects.filter(issuer=county, year=today.year).select_related("org")[:MOST_SCHOOLS]:
        head = User.objects.filter(username=f"principal.{letter.org.code}").first()
        if head is None or rng.random() < 0.15:
            continue
        day = date(today.year, 3, 5) + timedelta(days=rng.randint(1, 70))
        with clock.travel_to(_at(day, 11)):
            signing.sign(letter, actor=head, confirm=True)


def _posts(rng: random.Random, school: Any, head: Any, today: date, cache: dict, counts: dict) -> None:
    with clock.travel_to(_at(date(today.year, 3, 10))):
        counts["letters"] += signing.issue_post_letters(school, actor=head, year=today.year)
    posts = Letter.objects.filter(org=school, year=today.year, trainee__isnull=False, state=LetterState.ISSUED)
    for letter in posts.select_related("trainee"):
        if rng.random() < 0.2:
            continue
        day = date(today.year, 3, 10) + timedelta(days=rng.randint(1, 60))
        with clock.travel_to(_at(day, 15)):
            signing.upload_scan(
                letter, actor=head, scan=_pdf("岗位安全责任书", cache), signer_name=letter.trainee.name, held_on=day
            )


def _plan(rng: random.Random, county: Any, officer: Any, checklist: Any, today: date, counts: dict) -> None:
    with clock.travel_to(_at(date(today.year, 4, 10))):
        plan = planning.create_plan(
            county, actor=officer, name=f"{today.year}年度学校安全监督检查计划", year=today.year, checklist=checklist
        )
        schools = OrgUnit.objects.within(county.path).filter(level=Level.SCHOOL, is_active=True).order_by("path")
        for school in schools[:MOST_SCHOOLS]:
            planning.assign(
                plan,
                actor=officer,
                school=school,
                supervisor=officer,
                visits=rng.choice((2, 2, 3, 4)),
                focus="消防安全、食堂食品安全、校舍安全",
            )
        if plan.assignments.exists():
            planning.publish(plan, actor=officer)
    counts["plans"] += 1
