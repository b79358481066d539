"""Demo submissions: the first city (or, in a big province, its first county) asks its schools for last year's
summary (closed: most accepted, some returned and sent again, a few late or missing) and for this quarter's
progress (open: some sent, most still due); the province asks its cities for their three-year evaluation. Made
through the services, so every figure is live."""

from __future__ import annotations

import io
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from safecampus.accounts.models import User
from safecampus.core import clock
from safecampus.core.demo import Demo, seeder
from safecampus.orgs.models import Level, OrgUnit

from .models import Submission
from .services import submissions as service

TZ = ZoneInfo(settings.TIME_ZONE)


def _workbook(title: str) -> SimpleUploadedFile:
    book, buffer = Workbook(), io.BytesIO()
    book.active["A1"] = title
    book.active["A2"] = "由 SafeCampus 演示数据生成"
    book.save(buffer)
    return SimpleUploadedFile(f"{title}.xlsx", buffer.getvalue())


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), TZ)


MOST_SCHOOLS = 200  # a bigger city asks through its first county, so the demo's answers stay quick to make


def _asker() -> OrgUnit | None:
    city = OrgUnit.objects.filter(level=Level.CITY).order_by("path").first()
    if city is None:
        return None
    if OrgUnit.objects.within(city.path).filter(level=Level.SCHOOL).count() <= MOST_SCHOOLS:
        return city
    return OrgUnit.objects.within(city.path).filter(level=Level.COUNTY).order_by("path").first()


@seeder("submissions", order=79)
def seed_demo_submissions(demo: Demo) -> str:
    rng = random.Random(demo.seed + 40)
    today = clock.today()
    county = _asker()
    province = OrgUnit.objects.filter(depth=1).first()
    officer = User.objects.filter(username=f"safety.{county.code}").first() if county else None
    if county is None or officer is None:
        return "no county with a safety officer: no submissions"
    made = []
    opened = today - timedelta(days=40)
    with clock.travel_to(_at(opened)):
        closed = service.ask(
            county,
            actor=officer,
            title=f"{today.year} 年度学校安全工作总结",
            target="schools",
            accepts="xlsx",
            deadline=today - timedelta(days=7),
            template=_workbook("年度总结模板"),
            description="按模板填写本校本年度安全工作总结，附隐患整改统计。",
        )
    made.append(closed)
    for row in Submission.objects.filter(request=closed).select_related("org"):
        keeper = User.objects.filter(username=f"safety.{row.org.code}").first()
        luck = rng.random()
        if keeper is None or luck > 0.93:
            continue  # missing
        sent = opened + timedelta(days=rng.randint(3, 30) if luck < 0.85 else rng.randint(34, 38))
        with clock.travel_to(_at(sent, rng.randint(9, 17))):
            service.submit(row, actor=keeper, file=_workbook("年度总结"), note="")
        if luck < 0.15:
            with clock.travel_to(_at(sent + timedelta(days=1))):
                service.return_submission(row, actor=officer, reason="缺少隐患整改统计表，请补充后重新报送")
            if luck < 0.1:
                with clock.travel_to(_at(sent + timedelta(days=3))):
                    service.submit(row, actor=keeper, file=_workbook("年度总结（修改）"), note="已补充")
        row.refresh_from_db()
        if row.state == "submitted" and luck < 0.7:
            with clock.travel_to(_at(min(today, sent + timedelta(days=2)))):
                service.accept(row, actor=officer)
    with clock.travel_to(_at(today - timedelta(days=5))):
        current = service.ask(
            county,
            actor=officer,
            title="第四季度安全工作进展报告",
            target="schools",
            accepts="any",
            deadline=today + timedelta(days=20),
        )
    made.append(current)
    for row in Submission.objects.filter(request=current).select_related("org")[:5]:
        keeper = User.objects.filter(username=f"safety.{row.org.code}").first()
        if keeper is not None:
            with clock.travel_to(_at(today - timedelta(days=rng.randint(1, 4)))):
                service.submit(row, actor=keeper, file=_workbook("季度进展"), note="")
    chief = User.objects.filter(username=f"safety.{province.code}").first() if province else None
    if chief is not None:
        with clock.travel_to(_at(today - timedelta(days=3))):
            made.append(
                service.ask(
                    province,
                    actor=chief,
                    title="平安校园建设三年行动评估报告",
                    target="children",
                    accepts="docx",
                    deadline=today + timedelta(days=30),
                )
            )
    return f"{len(made)} submission requests, {Submission.objects.count()} submissions"
