"""The upload kernel: kinds by content, generated names, bounded image decoding, removal on rollback."""

import io
import re
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from openpyxl import Workbook
from PIL import Image

from safecampus.core import uploads


def image_bytes(fmt="PNG", size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, fmt)
    return buffer.getvalue()


def png_declaring(width, height):
    """A PNG header that declares width × height pixels, with a token of image data: a decompression bomb's shape."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx_bytes():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def ole_bytes(stream):
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + stream.encode("utf-16-le") + b"\x00\x00" + b"\x00" * 64


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


GOOD = [
    ("a.jpg", image_bytes("JPEG"), uploads.JPEG),
    ("a.png", image_bytes("PNG"), uploads.PNG),
    ("a.gif", image_bytes("GIF"), uploads.GIF),
    ("a.webp", image_bytes("WEBP"), uploads.WEBP),
    ("a.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF", uploads.PDF),
    ("a.docx", zip_bytes([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>")]), uploads.DOCX),
    ("a.xlsx", xlsx_bytes(), uploads.XLSX),
    ("a.pptx", zip_bytes([("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p/>")]), uploads.PPTX),
    (
        "a.odt",
        zip_bytes([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")]),
        uploads.ODT,
    ),
    (
        "a.ods",
        zip_bytes([("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<x/>")]),
        uploads.ODS,
    ),
    ("a.doc", ole_bytes("WordDocument"), uploads.DOC),
    ("a.xls", ole_bytes("Workbook"), uploads.XLS),
    ("a.ppt", ole_bytes("PowerPoint Document"), uploads.PPT),
]

BAD = [
    ("page.html", b"<!doctype html><html><script>alert(1)</script></html>"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100),
    ("notes.zip", zip_bytes([("readme.txt", "hello")])),
    ("fake.pdf", b"just text named like a pdf"),
    ("fake.docx", zip_bytes([("[Content_Types].xml", "<Types/>"), ("index.html", "<html/>")])),
    ("fake.png", b"\x89PNG\r\n\x1a\n" + b"garbage"),
]


@pytest.mark.parametrize("name, data, kind", GOOD, ids=[g[0] for g in GOOD])
def test_documents_are_known_by_their_content(name, data, kind):
    # The sender's name and content type say nothing: the content decides.
    assert uploads.check(upload("x.html", data, "text/html"), uploads.DOCUMENTS, field="evidence") == kind


@pytest.mark.parametrize("name, data", BAD, ids=[b[0] for b in BAD])
def test_anything_else_is_refused_naming_the_field(name, data):
    with pytest.raises(ValidationError) as error:
        uploads.check(upload(name, data), uploads.DOCUMENTS, field="evidence")
    message = " ".join(error.value.message_dict["evidence"])
    assert name in message and "PDF" in message and "Word" in message


def test_images_only_refuses_documents_with_the_photo_message():
    with pytest.raises(ValidationError) as error:
        uploads.check(upload("a.pdf", GOOD[4][1]), uploads.IMAGES, field="photos")
    assert "a.pdf" in error.value.message_dict["photos"][0]


def test_accept_renames_by_content_and_sets_the_content_type():
    file = upload("poly.html", image_bytes("GIF") + b"<html><script>alert(1)</script></html>", "text/html")
    assert uploads.accept(file, uploads.DOCUMENTS, field="evidence") is file
    assert re.fullmatch(r"[0-9a-f]{32}\.gif", file.name) and file.content_type == "image/gif"


def test_size_limit_names_the_field(settings):
    settings.SAFECAMPUS_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        uploads.check(upload("big.pdf", b"%PDF-" + b"0" * 200), uploads.DOCUMENTS, field="evidence")
    assert "big.pdf" in error.value.message_dict["evidence"][0]


@pytest.mark.parametrize("width, height", [(20000, 20000), (10000, 7000)])
def test_an_image_declaring_too_many_pixels_is_refused_before_decoding(width, height):
    with pytest.raises(ValidationError) as error:
        uploads.check(upload("bomb.png", png_declaring(width, height)), uploads.IMAGES, field="photos")
    assert "bomb.png" in error.value.message_dict["photos"][0] and "60" in error.value.message_dict["photos"][0]


def test_a_form_field_error_is_plain():
    field = uploads.UploadField(kinds=uploads.DOCUMENTS, required=False)
    with pytest.raises(ValidationError) as error:
        field.clean(upload("x.svg", BAD[1][1]))
    assert not hasattr(error.value, "error_dict") and "x.svg" in error.value.messages[0]
    accepted = field.clean(upload("report.final.PDF", GOOD[4][1]))
    assert accepted.name.endswith(".pdf") and "report" not in accepted.name


def test_upload_to_keeps_only_known_extensions():
    class Model:
        class _meta:  # noqa: N801
            fields = []

    to = uploads.UploadTo("incidents/evidence")
    assert re.fullmatch(r"incidents/evidence/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", to(Model(), "0123.pdf"))
    assert to(Model(), "x.html").endswith(".bin") and to(Model(), "noext").endswith(".bin")
    assert to == uploads.UploadTo("incidents/evidence/")


@pytest.mark.django_db
def test_a_file_written_in_a_rolled_back_savepoint_is_removed():
    storage = InMemoryStorage()
    kept = storage.save("kept.txt", ContentFile(b"x"))
    uploads.remove_on_rollback(storage, kept)
    with pytest.raises(RuntimeError), transaction.atomic():
        name = storage.save("gone.txt", ContentFile(b"x"))
        uploads.remove_on_rollback(storage, name)
        raise RuntimeError("the step failed")
    assert not storage.exists(name)
    with transaction.atomic():
        inner = storage.save("inner.txt", ContentFile(b"x"))
        uploads.remove_on_rollback(storage, inner)
        transaction.set_rollback(True)
    assert not storage.exists(inner)
    assert storage.exists(kept)


@pytest.mark.django_db(transaction=True)
def test_files_of_a_committed_transaction_stay_and_of_a_failed_one_go():
    storage = InMemoryStorage()
    with transaction.atomic():
        committed = storage.save("committed.txt", ContentFile(b"x"))
        uploads.remove_on_rollback(storage, committed)
        with pytest.raises(RuntimeError), transaction.atomic():
            dropped = storage.save("dropped.txt", ContentFile(b"x"))
            uploads.remove_on_rollback(storage, dropped)
            raise RuntimeError
    assert storage.exists(committed) and not storage.exists(dropped)
    with pytest.raises(RuntimeError), transaction.atomic():
        outer = storage.save("outer.txt", ContentFile(b"x"))
        uploads.remove_on_rollback(storage, outer)
        raise RuntimeError
    assert not storage.exists(outer)
    # Outside any transaction the file is kept at once.
    plain = storage.save("plain.txt", ContentFile(b"x"))
    uploads.remove_on_rollback(storage, plain)
    assert storage.exists(plain)
