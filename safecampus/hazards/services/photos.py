"""Photo uploads: image types only, a size limit from the rules, a clear error otherwise."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.rules.services import rule_value

from ..models import Photo

ALLOWED = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def check_image(upload: UploadedFile, org: Any) -> str:
    """Return the content type of a valid image; raise ValidationError naming the file otherwise."""
    from PIL import Image, UnidentifiedImageError

    limit_mb = rule_value("hazard.evidence.max_mb", org)
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            {"photos": _("%(name)s is larger than %(mb)s MB.") % {"name": upload.name, "mb": limit_mb}}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(
            {"photos": _("%(name)s is not a photo (JPEG, PNG, WebP or GIF).") % {"name": upload.name}}
        ) from error
    finally:
        upload.seek(0)
    if kind not in ALLOWED:
        raise ValidationError(
            {"photos": _("%(name)s is not a photo (JPEG, PNG, WebP or GIF).") % {"name": upload.name}}
        )
    return ALLOWED[kind]


def check_images(uploads: list[UploadedFile], org: Any) -> list[str]:
    if len(uploads) > 9:
        raise ValidationError({"photos": _("At most 9 photos at a time.")})
    return [check_image(upload, org) for upload in uploads]


def save_photos(
    uploads: list[UploadedFile], *, actor: Any, org: Any, kind: str, hazard: Any = None, result: Any = None
) -> list[Photo]:
    types = check_images(uploads, org)
    now = clock.now()
    photos = []
    for upload, content_type in zip(uploads, types, strict=True):
        photo = Photo(
            hazard=hazard,
            result=result,
            kind=kind,
            content_type=content_type,
            size=upload.size,
            org_path=org.path,
            uploaded_by=actor,
            uploaded_at=now,
        )
        photo.file.save(upload.name, upload, save=False)
        photo.save()
        photos.append(photo)
    return photos
