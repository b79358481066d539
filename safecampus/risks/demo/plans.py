"""Simple site plans for some demo schools: a campus outline with one labelled block per risk point, drawn with
Pillow, and each point placed at its block's centre — enough to show the four-colour map."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile

from safecampus.core.bulkload import update_rows

from ..models import Register, RiskPoint

WIDTH, HEIGHT = 1200, 800
# Where each kind of point sits on the made-up campus: (left, top, right, bottom) as fractions.
BLOCKS = {
    "building": (0.22, 0.18, 0.46, 0.42),
    "lab": (0.06, 0.18, 0.2, 0.42),
    "canteen": (0.58, 0.14, 0.78, 0.32),
    "gas_room": (0.8, 0.14, 0.9, 0.26),
    "dorm": (0.6, 0.44, 0.9, 0.66),
    "power": (0.86, 0.72, 0.96, 0.84),
    "sports": (0.12, 0.5, 0.5, 0.86),
    "event": (0.2, 0.56, 0.4, 0.66),
    "gate": (0.46, 0.9, 0.56, 0.99),
    "bus_route": (0.58, 0.9, 0.74, 0.99),
    "water": (0.0, 0.0, 1.0, 0.06),
    "construction": (0.5, 0.7, 0.66, 0.84),
    "other": (0.7, 0.72, 0.82, 0.84),
}
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def _font(size: int) -> Any:
    from PIL import ImageFont

    try:
        return ImageFont.truetype(str(FONT), size)
    except OSError:
        return ImageFont.load_default()


def draw_plan(school_name: str, points: list[tuple[str, str]]) -> bytes:
    """A PNG of a campus with a block per (name, category)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), "#f4f1e8")
    pen = ImageDraw.Draw(image)
    pen.rectangle((10, 10, WIDTH - 10, HEIGHT - 10), outline="#555", width=4)
    label, title = _font(22), _font(26)
    for name, category in points:
        left, top, right, bottom = BLOCKS.get(category, BLOCKS["other"])
        box = (left * WIDTH, top * HEIGHT, right * WIDTH, bottom * HEIGHT)
        fill = "#cfe3f3" if category == "water" else "#d9e8c9" if category == "sports" else "#ffffff"
        pen.rectangle(box, fill=fill, outline="#333", width=2)
        pen.text((box[0] + 8, box[1] + 6), name, fill="#222", font=label)
    # The title last, in the free band under the water and above the buildings.
    pen.text((24, 58), f"{school_name} 校园平面示意图", fill="#333", font=title)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def centre(category: str) -> tuple[float, float]:
    left, top, right, bottom = BLOCKS.get(category, BLOCKS["other"])
    return round((left + right) / 2, 4), round((top + bottom) / 2, 4)


def seed_plans(school_ids: list[int]) -> int:
    """Draw and store a plan for each of these schools and put its points on it."""
    registers = {
        row.school_id: row for row in Register.objects.filter(school_id__in=school_ids).select_related("school")
    }
    points: dict[int, list[RiskPoint]] = {}
    for point in RiskPoint.objects.filter(school_id__in=school_ids).order_by("pk"):
        points.setdefault(point.school_id, []).append(point)
    placed = []
    made = 0
    for school_id, register in registers.items():
        own = points.get(school_id, [])
        if not own:
            continue
        data = draw_plan(register.school.name, [(p.name, p.category) for p in own])
        register.plan.save(f"plan-{school_id}.png", ContentFile(data), save=False)
        register.plan_width, register.plan_height = WIDTH, HEIGHT
        register.save(update_fields=["plan", "plan_width", "plan_height"])
        placed.extend((p.pk, *centre(p.category)) for p in own)
        made += 1
    update_rows(RiskPoint, ("plan_x", "plan_y"), placed)
    return made
