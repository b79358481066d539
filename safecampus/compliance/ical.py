"""A user's duties as an iCalendar feed (RFC 5545), for the calendar on their phone or desk.

Calendar apps fetch a feed without logging in, so the feed's address carries a signed key naming the user; the key
also binds a digest of the user's password, so changing the password (or an account being locked and reset) ends
every address given out before. The feed lists what the user's own units owe: each open duty's on-time deadline, and
each submission still to send.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.access import Perm, access

from .models import Occurrence, OccurrenceState, Submission, SubmissionState
from .rulebook import obligations

SALT = "safecampus.compliance.ical"
AHEAD = 120  # days of deadlines shown


def _digest(user: Any) -> str:
    return hashlib.sha256(f"{user.pk}:{user.password}".encode()).hexdigest()[:16]


def feed_key(user: Any) -> str:
    return signing.dumps({"u": user.pk, "d": _digest(user)}, salt=SALT)


def feed_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("compliance:ical") + f"?key={feed_key(request.user)}")


def _user(key: str) -> Any:
    try:
        data = signing.loads(key, salt=SALT)
    except signing.BadSignature:
        raise Http404 from None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or data.get("d") != _digest(user):
        raise Http404
    return user


def events(user: Any, today: date) -> list[dict[str, Any]]:
    """What the user's own units owe from a week ago to AHEAD days on (each unit where they hold a recording role)."""
    grants = access(user)
    owed = Occurrence.objects.filter(
        state=OccurrenceState.OPEN,
        obligation__in=[spec.code for spec in obligations if not spec.per_person],
        due_by__gte=today - timedelta(days=7),
        due_by__lte=today + timedelta(days=AHEAD),
    ).select_related("org")
    mine = [path for path, _role in grants.grants]
    found = []
    for occurrence in owed.filter(org_path__in=mine):
        if not grants.holds_at(Perm.RECORD_DUTY, occurrence.org_path):
            continue
        found.append(
            {
                "uid": f"duty-{occurrence.pk}",
                "day": occurrence.due_by,
                "summary": f"{obligations[occurrence.obligation].title} · {occurrence.org.name}",
                "url": reverse("compliance:occurrence", args=[occurrence.pk]),
            }
        )
    unsent = Submission.objects.filter(
        state__in=[SubmissionState.DUE, SubmissionState.RETURNED],
        org_path__in=mine,
        request__deadline__gte=today - timedelta(days=7),
        request__deadline__lte=today + timedelta(days=AHEAD),
    ).select_related("request", "org")
    for submission in unsent:
        if grants.holds_at(Perm.SUBMIT_REPORT, submission.org_path):
            found.append(
                {
                    "uid": f"submission-{submission.pk}",
                    "day": submission.request.deadline,
                    "summary": _("Submit: %(title)s · %(org)s")
                    % {"title": submission.request.title, "org": submission.org.name},
                    "url": reverse("compliance:submission", args=[submission.pk]),
                }
            )
    return sorted(found, key=lambda event: (event["day"], event["uid"]))


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545 §3.1), never splitting a character."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def calendar_text(user: Any, today: date, base: str) -> str:
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    name = _("SafeCampus duties")
    host = base.split("//", 1)[-1].split("/", 1)[0] or "safecampus"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//SafeCampus//Duties//ZH",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(name)}",
        "X-WR-TIMEZONE:" + settings.TIME_ZONE,
    ]
    for event in events(user, today):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event['uid']}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event['day']:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event['day'] + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_text(event['summary'])}",
            f"URL:{base.rstrip('/')}{event['url']}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def feed(request: HttpRequest) -> HttpResponse:
    """GET /duties.ics?key=…: no session needed (the key is the credential); 404 for a key that is not valid."""
    user = _user(request.GET.get("key", ""))
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        body = calendar_text(user, clock.today(), request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
