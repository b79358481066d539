"""Photo uploads: image types only (verified by content), a size limit from the rules, a clear error otherwise.

Files are checked and named by the kernel (safecampus/core/uploads.py): the
stored name is random and its extension comes from the content; a photo whose
transaction rolls back is removed again.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core import uploads as files
from safecampus.rules.services import rule_value

from ..models import Photo


def check_image(upload: UploadedFile, org: Any) -> files.FileKind:
    """The verified kind of a valid photo; raise ValidationError naming the photos field otherwise."""
    limit_mb = rule_value("hazard.evidence.max_mb", org)
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            {"photos": _("%(name)s is larger than %(mb)s MB.") % {"name": upload.name, "mb": limit_mb}}
        )
    return files.check(upload, files.IMAGES, field="photos", max_bytes=limit_mb * 1024 * 1024)


def check_images(uploads: list[UploadedFile], org: Any) -> list[files.FileKind]:
    if len(uploads) > 9:
        raise ValidationError({"photos": _("At most 9 photos at a time.")})
    return [check_image(upload, org) for upload in uploads]


def save_photos(
    uploads: list[UploadedFile], *, actor: Any, org: Any, kind: str, hazard: Any = None, result: Any = None
) -> list[Photo]:
    kinds = check_images(uploads, org)
    now = clock.now()
    photos = []
    for upload, file_kind in zip(uploads, kinds, strict=True):
        photo = Photo(
            hazard=hazard,
            result=result,
            kind=kind,
            content_type=file_kind.content_type,
            size=upload.size,
            org_path=org.path,
            uploaded_by=actor,
            uploaded_at=now,
        )
        files.save(photo.file, upload, file_kind)
        photo.save()
        photos.append(photo)
    return photos
