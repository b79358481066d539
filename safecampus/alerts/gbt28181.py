"""GB/T 28181 device and channel ids: 20 digits, read as where the device sits and what it is.

    centre (8) | industry (2) | type (3) | network (1) | serial (6)
    37010200   | 00           | 132      | 0          | 000017

The centre code is the GB/T 2260 code of the administrative area (six digits)
and two digits for the unit below it; a school's camera must sit within the
school's county, so its first six digits are a code of that county (or of its
city or province when the county's own code is not known).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LENGTH = 20
# The types a school's registry holds (GB/T 28181-2022 Annex E): what is recorded and what films.
TYPES = {
    "111": gettext_lazy("DVR"),
    "118": gettext_lazy("NVR"),
    "131": gettext_lazy("Camera"),
    "132": gettext_lazy("IP camera"),
}
CAMERA_TYPES = ("131", "132")


@dataclass(frozen=True)
class DeviceId:
    text: str

    @property
    def centre(self) -> str:
        return self.text[:8]

    @property
    def division(self) -> str:
        """The GB/T 2260 code of the administrative area (the centre code's first six digits)."""
        return self.text[:6]

    @property
    def industry(self) -> str:
        return self.text[8:10]

    @property
    def type_code(self) -> str:
        return self.text[10:13]

    @property
    def type_label(self) -> str:
        return str(TYPES.get(self.type_code, self.type_code))

    @property
    def network(self) -> str:
        return self.text[13]

    @property
    def serial(self) -> str:
        return self.text[14:]

    @property
    def is_camera(self) -> bool:
        return self.type_code in CAMERA_TYPES


def parse(text: str) -> DeviceId:
    """The id's parts, or a ValidationError saying what is wrong with it."""
    value = (text or "").strip()
    if not value.isdigit() or not value.isascii():
        raise ValidationError(_("A GB/T 28181 id is made of digits only."), code="digits")
    if len(value) != LENGTH:
        raise ValidationError(
            _("A GB/T 28181 id has 20 digits; this one has %(count)d.") % {"count": len(value)}, code="length"
        )
    device = DeviceId(value)
    if device.type_code not in TYPES:
        raise ValidationError(
            _("Digits 11–13 give the device type: %(code)s is not one a school registers (%(known)s).")
            % {"code": device.type_code, "known": "、".join(f"{code} {label}" for code, label in TYPES.items())},
            code="type",
        )
    return device


def division_code(school: object) -> str:
    """The GB/T 2260 code a school's devices carry: its county's, else the nearest known one above (a region's
    own code is its division code when none is set apart)."""
    from safecampus.orgs.models import Level, OrgUnit

    regions = (Level.PROVINCE, Level.CITY, Level.COUNTY)
    above = OrgUnit.objects.filter(path__in=school.ancestor_paths()[:-1]).order_by("-depth")  # type: ignore[attr-defined]
    for level, code, division in above.values_list("level", "code", "division_code"):
        known = division or (code if level in regions else "")
        if len(known) >= 6 and known[:6].isdigit():
            return known[:6]
    return ""


def check_within(device: DeviceId, school: object) -> None:
    """The centre code must be of the school's county: a neighbour's code means a wrongly entered id."""
    code = division_code(school)
    if not code:
        return
    # A county's code is six digits; a city's ends in 00, a province's in 0000: compare the digits that are set.
    significant = code.rstrip("0") if code.endswith("00") else code
    if len(significant) % 2:
        significant += "0"
    if not device.division.startswith(significant):
        raise ValidationError(
            _(
                "The id's centre code %(centre)s is not of the school's area (administrative code %(code)s): "
                "check the id the media platform gives."
            )
            % {"centre": device.centre, "code": code},
            code="area",
        )
