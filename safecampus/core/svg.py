"""Drawings uploaded as SVG (a school's site plan exported from CAD): kept only after rewriting them to shapes.

An SVG file is a document that can carry scripts, event handlers, links and references to other files. The platform
never stores the file as sent: `clean` parses it (no document type, no entities), keeps the drawing elements and
their presentation attributes, keeps links only inside the drawing (`#id`) and embedded raster images only as
`data:image/png|jpeg`, and writes a new file. Whatever is dropped, the drawing still shows; a file that is not an
SVG drawing, or names no size, is refused with a message naming the field. Served files also carry a sandboxing
policy (`SERVE_POLICY`), so even a drawing opened on its own runs nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
SVG_TYPE = "image/svg+xml"
SERVE_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"

ELEMENTS = frozenset(
    "svg g defs symbol use title desc path rect circle ellipse line polyline polygon text tspan textPath "
    "linearGradient radialGradient stop pattern clipPath mask marker image".split()
)
# Presentation and geometry attributes (SVG 1.1 / 2); event handlers, `style` elements and anything else are dropped.
ATTRIBUTES = frozenset(
    "id class x y x1 y1 x2 y2 cx cy r rx ry width height d points transform viewBox preserveAspectRatio "
    "fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-dasharray stroke-dashoffset "
    "stroke-linecap stroke-linejoin stroke-miterlimit opacity font-family font-size font-weight font-style "
    "text-anchor dominant-baseline dx dy rotate letter-spacing offset stop-color stop-opacity gradientUnits "
    "gradientTransform spreadMethod fx fy patternUnits patternTransform clip-path clipPathUnits mask maskUnits "
    "marker-start marker-mid marker-end markerWidth markerHeight refX refY orient visibility display "
    "vector-effect style href".split()
)
LOCAL_REF = re.compile(r"^#[\w.:-]+$")
DATA_IMAGE = re.compile(r"^data:image/(png|jpeg);base64,[A-Za-z0-9+/=\s]+$")
EXTERNAL_URL = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)
LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")
MAX_SIDE = 100_000


@dataclass(frozen=True)
class Drawing:
    data: bytes
    width: int
    height: int


def looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048].lower()
    return text.startswith((b"<svg", b"<!doctype svg")) or (text.startswith(b"<?xml") and b"<svg" in text)


def clean(data: bytes, *, field: str | None = None) -> Drawing:
    """The drawing rewritten to its safe elements, with its size in user units; ValidationError otherwise."""

    def refuse(message: str) -> ValidationError:
        return ValidationError({field: message} if field else message)

    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise refuse(_("This SVG file declares a document type or entities; export it again as plain SVG."))
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise refuse(_("This SVG file cannot be read (%(error)s).") % {"error": error}) from None
    if _local(root.tag) != "svg" or _namespace(root.tag) not in ("", SVG_NS):
        raise refuse(_("This file is not an SVG drawing."))
    width, height = _size(root)
    if not width or not height:
        raise refuse(_("This SVG drawing names no size: give it a viewBox or a width and height."))
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", XLINK_NS)
    out = _copy(root)
    out.set("width", str(width))
    out.set("height", str(height))
    if out.get("viewBox") is None:
        out.set("viewBox", f"0 0 {width} {height}")
    return Drawing(ElementTree.tostring(out, encoding="utf-8", xml_declaration=True), width, height)


def _copy(element: Any) -> Any:
    copy = ElementTree.Element(f"{{{SVG_NS}}}{_local(element.tag)}")
    for name, value in element.attrib.items():
        local = _local(name)
        if local not in ATTRIBUTES or _namespace(name) not in ("", XLINK_NS):
            continue
        if local == "href":
            allowed = DATA_IMAGE if _local(element.tag) == "image" else LOCAL_REF
            if not allowed.match(value):
                continue
            copy.set(f"{{{XLINK_NS}}}href" if _namespace(name) == XLINK_NS else "href", value)
            continue
        if EXTERNAL_URL.search(value) or "expression(" in value.lower() or "javascript:" in value.lower():
            continue
        copy.set(local, value)
    if element.text and _local(element.tag) in ("text", "tspan", "textPath", "title", "desc"):
        copy.text = element.text
    for child in element:
        if isinstance(child.tag, str) and _namespace(child.tag) in ("", SVG_NS) and _local(child.tag) in ELEMENTS:
            kept = _copy(child)
            if _local(child.tag) == "image" and kept.get("href") is None and kept.get(f"{{{XLINK_NS}}}href") is None:
                continue
            if child.tail and _local(element.tag) in ("text", "tspan", "textPath"):
                kept.tail = child.tail
            copy.append(kept)
    return copy


def _size(root: Any) -> tuple[int, int]:
    sizes = []
    for name in ("width", "height"):
        match = LENGTH.match(root.get(name, ""))
        sizes.append(float(match.group(1)) if match else 0.0)
    if not all(sizes):
        box = re.split(r"[\s,]+", root.get("viewBox", "").strip())
        try:
            sizes = [float(box[2]), float(box[3])] if len(box) == 4 else [0.0, 0.0]
        except ValueError:
            sizes = [0.0, 0.0]
    width, height = (round(value) for value in sizes)
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        return 0, 0
    return width, height


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
