"""Hazard photos: named by their content, bounded decoding, never served from MEDIA_URL, removed on rollback."""

import importlib
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import clear_url_caches
from PIL import Image

from safecampus.core.tests.test_uploads import png_declaring
from safecampus.hazards.models import Hazard, HazardState, Photo
from safecampus.hazards.services.photos import save_photos
from safecampus.testing.hazards import photo, walk

pytestmark = pytest.mark.django_db


def polyglot():
    """A real GIF with an HTML page appended, named and typed as HTML."""
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 0, 0)).save(buffer, "GIF")
    page = b"<html><body><script>alert(document.cookie)</script></body></html>"
    return SimpleUploadedFile("poly.html", buffer.getvalue() + page, content_type="text/html")


def report(api, tree, who, *photos):
    return api(who.staff).post(
        "/api/v1/hazards/",
        {
            "school": tree.school.pk,
            "place": "食堂",
            "area": "gas",
            "level": "general",
            "description": "燃气报警器失灵",
            "photos": list(photos),
        },
        format="multipart",
    )


def test_a_gif_named_html_is_stored_as_a_random_gif(tree, who, api):
    response = report(api, tree, who, polyglot())
    assert response.status_code == 201, response.content
    stored = Photo.objects.get(hazard_id=response.json()["id"])
    assert re.fullmatch(r"photos/\d{4}/\d{2}/[0-9a-f]{32}\.gif", stored.file.name)
    assert stored.content_type == "image/gif" and "poly" not in stored.file.name


def test_a_decompression_bomb_answers_400_naming_the_photos_field(tree, who, api):
    bomb = SimpleUploadedFile("bomb.png", png_declaring(20000, 20000), content_type="image/png")
    response = report(api, tree, who, bomb)
    assert response.status_code == 400
    assert "bomb.png" in response.json()["photos"][0] and "像素" in response.json()["photos"][0]
    assert not Hazard.objects.exists() and not Photo.objects.exists()


def test_a_bomb_as_rectification_evidence_changes_nothing(tree, who, api):
    hazard = walk(tree, who, HazardState.RECTIFYING)
    bomb = SimpleUploadedFile("bomb.gif", png_declaring(20000, 20000), content_type="image/gif")
    response = api(who.school_safety).post(
        f"/api/v1/hazards/{hazard.pk}/submit/", {"rectification": "已整改", "photos": [bomb]}, format="multipart"
    )
    assert response.status_code == 400 and "photos" in response.json()
    assert Hazard.objects.get(pk=hazard.pk).state == HazardState.RECTIFYING


@pytest.fixture
def disk_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


@pytest.fixture
def debug_urls(settings):
    """The project's URLs as a DEBUG start builds them."""
    import safecampus.urls

    settings.DEBUG = True
    importlib.reload(safecampus.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(safecampus.urls)
    clear_url_caches()


def test_media_is_never_served_from_media_url_even_with_debug_on(tree, who, client, disk_media, debug_urls):
    hazard = walk(tree, who, HazardState.REPORTED)
    stored = save_photos([photo()], actor=who.staff, org=tree.school, kind=Photo.Kind.FINDING, hazard=hazard)[0]
    assert (disk_media / stored.file.name).exists()
    client.force_login(who.principal)
    assert client.get(f"/media/{stored.file.name}").status_code == 404
    # The scoped view still hands it to someone who sees the school.
    response = client.get(f"/hazards/photos/{stored.pk}/")
    assert b"".join(response.streaming_content) == stored.file.open("rb").read()
    stored.file.close()
    response.close()
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_a_photo_saved_in_a_rolled_back_step_is_removed(tree, who, disk_media):
    hazard = walk(tree, who, HazardState.REPORTED)
    with pytest.raises(RuntimeError), transaction.atomic():
        stored = save_photos([photo()], actor=who.staff, org=tree.school, kind=Photo.Kind.FINDING, hazard=hazard)
        path = disk_media / stored[0].file.name
        assert path.exists()
        raise RuntimeError("a later part of the step failed")
    assert not path.exists() and not Photo.objects.filter(pk=stored[0].pk).exists()
