"""My desk shows each user what waits for them; notifications are listed and marked read."""

import pytest

from safecampus.core.models import Notification
from safecampus.hazards.models import HazardState
from safecampus.hazards.services import oversight
from safecampus.testing.hazards import days, walk

pytestmark = pytest.mark.django_db
S = HazardState


def test_each_desk_shows_what_waits(client, tree, who):
    submitted = walk(tree, who, S.SUBMITTED)
    rectifying = walk(tree, who, S.RECTIFYING)
    oversight.request_extension(rectifying, actor=who.school_safety, new_deadline=days(10), reason="待采购")
    client.force_login(who.principal)
    page = client.get("/desk/").content.decode()
    assert f"/hazards/{submitted.pk}/" in page.split('id="desk-verify"')[1].split("</div>")[0]
    client.force_login(who.county_officer)
    page = client.get("/desk/").content.decode()
    assert f"/hazards/{rectifying.pk}/" in page.split('id="desk-extensions"')[1].split("</div>")[0]
    client.force_login(who.foreign_county_officer)
    page = client.get("/desk/").content.decode()
    assert f"/hazards/{rectifying.pk}/" not in page and f"/hazards/{submitted.pk}/" not in page


def test_notifications_are_listed_and_marked_read(client, tree, who):
    walk(tree, who, S.SUBMITTED)
    assert Notification.objects.filter(user=who.principal, read_at__isnull=True).exists()
    client.force_login(who.principal)
    home = client.get(f"/org/{tree.school.pk}/").content.decode()
    assert 'id="nav-notifications"' in home and "badge text-bg-danger" in home.split('id="nav-notifications"')[1][:200]
    page = client.get("/notifications/").content.decode()
    assert "list-group-item-warning" in page
    assert not Notification.objects.filter(user=who.principal, read_at__isnull=True).exists()


def test_a_busy_desk_shows_the_true_count_and_links_to_every_row(client, tree, who):
    from safecampus.core.desk import SHOWN

    waiting = [walk(tree, who, S.SUBMITTED) for _ in range(SHOWN + 3)]
    client.force_login(who.principal)
    page = client.get("/desk/").content.decode()
    section = page.split('id="desk-verify"')[1].split("</div></div></div>")[0]
    assert f'data-count="{len(waiting)}"' in section and section.count('href="/hazards/') == SHOWN
    link = section.split('href="')[-1].split('"')[0].replace("&amp;", "&")
    assert link == f"/org/{tree.school.pk}/hazards/?todo=verify"
    listed = client.get(link).context["page"].paginator.count
    assert listed == len(waiting), "the section's number is the number of rows its link lists"
    client.force_login(who.staff)
    assert 'id="desk-verify"' not in client.get("/desk/").content.decode(), "staff never verify: no section"
