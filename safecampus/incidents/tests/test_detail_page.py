"""The incident pages as people read them: the type select of the report form."""

import re
from html import unescape

import pytest

from safecampus.incidents.models import SUBTYPE_CATEGORY, SUBTYPES

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


def block(page: str, element_id: str, tag: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</{tag}>', page, re.S)
    assert found, f"#{element_id} is on the page"
    return found.group(1)


# --- the type select ------------------------------------------------------------------------------------------


def test_each_type_option_carries_its_category(client, tree, who):
    client.force_login(who.principal)
    page = client.get(f"/org/{tree.school.pk}/incidents/new/").content.decode()
    select = block(page, "id_subtype", "select")
    options = dict(re.findall(r'<option value="([a-z_]+)" data-category="([a-z_]+)"', select))
    assert options == {code: str(category) for code, category in SUBTYPE_CATEGORY.items()}
    assert re.search(r'<option value=""[^>]*>—请选择—</option>', select), "the prompt has no category"
    assert 'data-category-field="category"' in page and "js/incident_form.js" in page
    assert sum(len(rows) for rows in SUBTYPES.values()) == len(options)


def test_a_type_of_another_category_is_still_refused_on_the_field(client, tree, who):
    client.force_login(who.principal)
    response = client.post(
        f"/org/{tree.school.pk}/incidents/new/",
        {"category": "social", "subtype": "fire", "title": "t", "place": "p", "description": "d", "measures": "m"},
    )
    assert response.context["form"].errors["subtype"] == ["请选择所选类别下的类型。"]
    select = block(response.content.decode(), "id_subtype", "select")
    assert re.search(
        r'<option value="fire" (selected data-category="accident"|data-category="accident" selected)>', select
    )
