"""/favicon.ico leads to the platform's icon on this host (never a protocol-relative //static/... URL)."""

import pytest

pytestmark = pytest.mark.django_db


def test_favicon_redirects_to_the_static_icon_on_this_host(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/static/") and not location.startswith("//") and location.endswith(".svg")
    icon = client.get(location)
    assert icon.status_code == 200 and b"<svg" in b"".join(icon.streaming_content)
    icon.close()
