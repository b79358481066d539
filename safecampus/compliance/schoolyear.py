"""The school calendar the duties are counted in: months, quarters, terms, years, the days before each break, the
weeks of the summer break, and the national safety education day (Monday of the last week of March).

Term dates are a rule row per province (`calendar.terms`, month-day): the autumn term runs from its start to its end
in the next year, the spring term within one year; the days between are the winter and summer breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.rules.services import rule_value
from safecampus.rules.shapes import NONE, MonthDays, Part, Table
from safecampus.rules.specs import declare

EVERY = (
    ("month", gettext_lazy("every month")),
    ("quarter", gettext_lazy("every quarter")),
    ("term", gettext_lazy("every term")),
    ("year", gettext_lazy("every calendar year")),
    ("before_break", gettext_lazy("before each holiday")),
    ("summer_week", gettext_lazy("every week of the summer break")),
    ("safety_week", gettext_lazy("in the week of the national safety education day")),
)
BEFORE_BREAK_DAYS = 14


def _day(label: Any) -> Part:
    return Part(label[0], label[1], MonthDays(min_items=1, max_items=1, stricter=NONE))


declare(
    "calendar.terms",
    {"autumn_start": ["09-01"], "autumn_end": ["01-20"], "spring_start": ["02-20"], "spring_end": ["07-10"]},
    Table(
        tuple(
            _day(label)
            for label in (
                ("autumn_start", gettext_lazy("autumn term starts")),
                ("autumn_end", gettext_lazy("autumn term ends (next year)")),
                ("spring_start", gettext_lazy("spring term starts")),
                ("spring_end", gettext_lazy("spring term ends")),
            )
        ),
        required=True,
    ),
    title="学期日期（月-日）：秋季学期开学、秋季学期结束（次年）、春季学期开学、春季学期结束；其间为寒假、暑假",
    title_en="Term dates (month-day): autumn term start and end (next year), spring term start and end; "
    "the breaks lie between",
    source="各省教育厅每学年发布的校历（中小学一般 9 月 1 日开学，1 月中下旬放寒假，2 月中下旬开学，7 月上中旬放暑假）",
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Terms:
    autumn_start: tuple[int, int]
    autumn_end: tuple[int, int]
    spring_start: tuple[int, int]
    spring_end: tuple[int, int]

    @classmethod
    def of(cls, org: Any = None) -> Terms:
        return cls.from_rule(rule_value("calendar.terms", org))

    @classmethod
    def from_rule(cls, value: dict[str, Any]) -> Terms:
        return cls(*(tuple(int(x) for x in value[key][0].split("-")) for key in cls.__dataclass_fields__))

    def terms(self, year: int) -> list[Period]:
        """The spring term of `year` and the autumn term that starts in it."""
        spring = Period(
            _on(year, self.spring_start), _on(year, self.spring_end), _("Spring term %(year)s") % {"year": year}
        )
        autumn = Period(
            _on(year, self.autumn_start),
            _on(year + 1, self.autumn_end),
            _("Autumn term %(year)s–%(next)s") % {"year": year, "next": year + 1},
        )
        return [spring, autumn]

    def summer(self, year: int) -> Period:
        start, end = _on(year, self.spring_end) + timedelta(days=1), _on(year, self.autumn_start) - timedelta(days=1)
        return Period(start, end, _("Summer break %(year)s") % {"year": year})


def _on(year: int, month_day: tuple[int, int]) -> date:
    month, day = month_day
    return date(year, month, min(day, 28) if month == 2 and day == 29 else day)


def safety_day(year: int) -> date:
    """全国中小学生安全教育日: the Monday of the last week of March (the last Monday of March)."""
    last = date(year, 3, 31)
    return last - timedelta(days=last.weekday())


def periods(every: str, first: date, last: date, terms: Terms) -> list[Period]:
    """Every period of the kind that overlaps [first, last], in order."""
    found = []
    for year in range(first.year - 1, last.year + 1):
        found.extend(_periods_of_year(every, year, terms))
    return sorted({p for p in found if p.start <= last and p.end >= first}, key=lambda p: p.start)


def period_of(every: str, day: date, terms: Terms) -> Period | None:
    """The period of the kind that holds `day` (None on days no period covers, such as a break for a term)."""
    return next((p for p in periods(every, day, day, terms) if day in p), None)


def _periods_of_year(every: str, year: int, terms: Terms) -> list[Period]:
    if every == "month":
        return [_month(year, month) for month in range(1, 13)]
    if every == "quarter":
        return [
            Period(date(year, q * 3 - 2, 1), _month(year, q * 3).end, _("Q%(q)s %(year)s") % {"q": q, "year": year})
            for q in range(1, 5)
        ]
    if every == "year":
        return [Period(date(year, 1, 1), date(year, 12, 31), str(year))]
    if every == "term":
        return terms.terms(year)
    if every == "before_break":
        days = timedelta(days=BEFORE_BREAK_DAYS - 1)
        return [
            Period(term.end - days, term.end, _("Before the break after %(term)s") % {"term": term.label})
            for term in terms.terms(year)
        ]
    if every == "summer_week":
        # Seven-day weeks from the first day of the break (the last one may be shorter).
        summer = terms.summer(year)
        weeks, start = [], summer.start
        while start <= summer.end:
            end = min(start + timedelta(days=6), summer.end)
            weeks.append(Period(start, end, _("Summer week of %(day)s") % {"day": start.isoformat()}))
            start += timedelta(days=7)
        return weeks
    if every == "safety_week":
        day = safety_day(year)
        return [Period(day, day + timedelta(days=6), _("Safety education week %(year)s") % {"year": year})]
    raise ValueError(every)


def _month(year: int, month: int) -> Period:
    start = date(year, month, 1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return Period(start, end, f"{year}-{month:02d}")
