"""Uploaded files: what is accepted, how it is checked, how it is named, and when it is removed.

Every upload of the platform goes through this module:

    kind = uploads.check(upload, uploads.IMAGES, field="photos", max_bytes=...)
        Verify the content (magic bytes; images are also opened with Pillow, with
        bounded decoding) against the allowed kinds; raise a ValidationError
        naming `field` (or a plain one for a form field, field=None) otherwise.
        Returns the FileKind: its extension and content type come from the
        content, never from the sender's name or Content-Type.
    uploads.accept(upload, uploads.DOCUMENTS, field="evidence")
        check(), then rename the upload to `<random>.<ext>` and set its content
        type, so a FileField saves it under that name. Returns the upload.
    uploads.save(field_file, upload, kind)
        Save the upload into a FileField under a generated name with the kind's
        extension, and remove it again if the transaction rolls back.
    uploads.remove_on_rollback(storage, name)
        Delete a file already written if the surrounding transaction (the
        outermost atomic block, or the savepoint it was written in) rolls back;
        keep it if it commits. Outside a transaction it is kept at once.
    uploads.UploadTo("incidents/evidence")
        A FileField `upload_to`: `<prefix>/%Y/%m/<random>.<ext>`, the extension
        kept only when it is one of the known kinds' (else `.bin`), the file
        removed if the transaction that saved it rolls back.
    uploads.UploadField(kinds=uploads.DOCUMENTS)
        A form field that runs accept().

Accepted kinds: IMAGES (JPEG, PNG, WebP, GIF) and DOCUMENTS (the images, PDF,
Word docx/doc, Excel xlsx/xls, PowerPoint pptx/ppt, OpenDocument odt/ods/odp).
HTML, scripts, executables and plain archives are never accepted; an SVG drawing
(a site plan) is kept only as `core.svg.clean` rewrote it, saved with kind SVG.
Stored files are served only through the scoped views, never from MEDIA_URL.
"""

from __future__ import annotations

import uuid
import warnings
import weakref
import zipfile
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

MAX_PIXELS = 60_000_000  # a 60-megapixel photo; settings.SAFECAMPUS_UPLOAD_MAX_PIXELS overrides


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str


JPEG = FileKind("jpg", "image/jpeg", "JPEG")
PNG = FileKind("png", "image/png", "PNG")
WEBP = FileKind("webp", "image/webp", "WebP")
GIF = FileKind("gif", "image/gif", "GIF")
PDF = FileKind("pdf", "application/pdf", "PDF")
DOCX = FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word")
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel")
PPTX = FileKind("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint")
DOC = FileKind("doc", "application/msword", "Word")
XLS = FileKind("xls", "application/vnd.ms-excel", "Excel")
PPT = FileKind("ppt", "application/vnd.ms-powerpoint", "PowerPoint")
ODT = FileKind("odt", "application/vnd.oasis.opendocument.text", "OpenDocument")
ODS = FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument")
ODP = FileKind("odp", "application/vnd.oasis.opendocument.presentation", "OpenDocument")
SVG = FileKind("svg", "image/svg+xml", "SVG")  # only for drawings rewritten by core.svg.clean

IMAGES = (JPEG, PNG, WEBP, GIF)
DOCUMENTS = (*IMAGES, PDF, DOCX, XLSX, PPTX, DOC, XLS, PPT, ODT, ODS, ODP)
KNOWN_EXTENSIONS = frozenset(kind.extension for kind in DOCUMENTS)
PILLOW_FORMATS = {"JPEG": JPEG, "PNG": PNG, "WEBP": WEBP, "GIF": GIF}
OOXML_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
ODF_TYPES = {kind.content_type: kind for kind in (ODT, ODS, ODP)}
OLE_STREAMS = [("WordDocument", DOC), ("Workbook", XLS), ("Book", XLS), ("PowerPoint Document", PPT)]


def _read(upload: Any, size: int | None = None) -> bytes:
    upload.seek(0)
    try:
        return upload.read() if size is None else upload.read(size)
    finally:
        upload.seek(0)


def identify(upload: Any) -> FileKind | None:
    """The kind the content shows by its magic bytes and structure, or None."""
    head = _read(upload, 16)
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        data = _read(upload)
        for stream, kind in OLE_STREAMS:
            if stream.encode("utf-16-le") + b"\x00\x00" in data:
                return kind
    return None


def _zip_kind(upload: Any) -> FileKind | None:
    """An Office Open XML or OpenDocument file, read from its directory (nothing is decompressed but `mimetype`)."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                return ODF_TYPES.get(archive.read("mimetype").decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                return next((kind for part, kind in OOXML_PARTS.items() if part in names), None)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None


def _refuse(message: str, field: str | None) -> ValidationError:
    return ValidationError({field: message}) if field else ValidationError(message)


def _kinds_text(kinds: tuple[FileKind, ...]) -> str:
    labels: dict[str, list[str]] = {}
    for kind in kinds:
        labels.setdefault(kind.label, []).append(kind.extension)
    return "、".join(f"{label} ({', '.join(extensions)})" for label, extensions in labels.items())


def check(
    upload: Any,
    kinds: tuple[FileKind, ...],
    *,
    field: str | None,
    max_bytes: int | None = None,
    max_pixels: int | None = None,
) -> FileKind:
    """The verified kind of `upload`, one of `kinds`; a ValidationError naming `field` otherwise."""
    limit = max_bytes or settings.SAFECAMPUS_UPLOAD_MAX_BYTES
    name = getattr(upload, "name", "") or _("the file")
    if upload.size > limit:
        mb = f"{limit / 1024 / 1024:g}"
        raise _refuse(_("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": mb}, field)
    kind = identify(upload)
    if kind in IMAGES and kind in kinds:
        kind = _check_image(upload, kind, name, field, max_pixels)
    if kind not in kinds:
        if kinds == IMAGES:
            message = _("%(name)s is not a photo (JPEG, PNG, WebP or GIF).") % {"name": name}
        else:
            message = _("%(name)s is not an accepted file; accepted are %(kinds)s.") % {
                "name": name,
                "kinds": _kinds_text(kinds),
            }
        raise _refuse(message, field)
    return kind


def _check_image(upload: Any, kind: FileKind, name: str, field: str | None, max_pixels: int | None) -> FileKind | None:
    """Open the image with Pillow, refusing one that declares more pixels than allowed before decoding it."""
    from PIL import Image, UnidentifiedImageError

    most = max_pixels or getattr(settings, "SAFECAMPUS_UPLOAD_MAX_PIXELS", MAX_PIXELS)
    too_large = _("%(name)s has too many pixels to open; at most %(mp)d megapixels.") % {
        "name": name,
        "mp": most // 1_000_000,
    }
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > most:
                    raise _refuse(too_large, field)
                image.verify()
                found = PILLOW_FORMATS.get(image.format or "")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _refuse(too_large, field) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)
    return found if found == kind else None


def generated_name(kind: FileKind) -> str:
    """A name that says nothing the sender chose: 32 random hex digits and the verified extension."""
    return f"{uuid.uuid4().hex}.{kind.extension}"


def accept(upload: Any, kinds: tuple[FileKind, ...], *, field: str | None, max_bytes: int | None = None) -> Any:
    """check(), then give the upload a generated name and the verified content type; returns the upload."""
    kind = check(upload, kinds, field=field, max_bytes=max_bytes)
    upload.name = generated_name(kind)
    upload.content_type = kind.content_type
    return upload


def save(field_file: Any, upload: Any, kind: FileKind) -> str:
    """Save `upload` into a FileField under a generated name; it is removed if the transaction rolls back."""
    field_file.save(generated_name(kind), upload, save=False)
    remove_on_rollback(field_file.storage, field_file.name)
    return field_file.name


class _Kept:
    """The on-commit callback of one written file. Django drops it unrun when the block it was made in rolls back."""

    def __init__(self, state: dict[str, bool]) -> None:
        self.state = state

    def __call__(self) -> None:
        self.state["committed"] = True


def _remove_unless_committed(storage: Any, name: str, state: dict[str, bool]) -> None:
    if state["committed"]:
        return
    try:
        storage.delete(name)
    except (FileNotFoundError, OSError):
        pass


def remove_on_rollback(storage: Any, name: str, using: str | None = None) -> None:
    """Delete `storage`'s file `name` if the transaction it was written in rolls back.

    The record is an on-commit callback: committing runs it (the file is kept);
    a rollback of the outermost block, or of the savepoint the file was written
    in, makes Django drop it unrun, and dropping it deletes the file at once
    (CPython frees it when its last reference goes).
    """
    state = {"committed": False}
    callback = _Kept(state)
    weakref.finalize(callback, _remove_unless_committed, storage, name, state)
    transaction.on_commit(callback, using=using)


@deconstructible
class UploadTo:
    """`upload_to` for a FileField: `<prefix>/%Y/%m/<random>.<ext>`, removed again if the transaction rolls back.

    The extension is the incoming name's only if it is a known kind's (accept()
    has set it from the content), or one of `also` for a field whose service
    rewrites its files itself (the site plan's SVG); anything else is stored as `.bin`.
    """

    def __init__(self, prefix: str, also: tuple[str, ...] = ()) -> None:
        self.prefix = prefix.strip("/")
        self.also = tuple(also)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadTo) and (self.prefix, self.also) == (other.prefix, other.also)

    def __hash__(self) -> int:
        return hash((self.prefix, self.also))

    def __call__(self, instance: Any, filename: str) -> str:
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        if extension not in KNOWN_EXTENSIONS and extension not in self.also:
            extension = "bin"
        name = f"{self.prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"
        storage = next(
            (f.storage for f in instance._meta.fields if getattr(f, "upload_to", None) is self),
            None,
        )
        if storage is not None:
            remove_on_rollback(storage, name)
        return name


class UploadField(forms.FileField):
    """A form file field that accepts only `kinds`, verified by content, and renames the file (see accept())."""

    def __init__(self, *, kinds: tuple[FileKind, ...] = DOCUMENTS, max_bytes: int | None = None, **kwargs: Any) -> None:
        self.kinds = kinds
        self.max_bytes = max_bytes
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ",".join(k.content_type for k in kinds)}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload and upload is not initial:
            accept(upload, self.kinds, field=None, max_bytes=self.max_bytes)
        return upload
