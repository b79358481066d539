from __future__ import annotations

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from safecampus.core.access import Role, scope_paths
from safecampus.core.history import history
from safecampus.core.paths import ancestor_paths
from safecampus.core.scope import ScopedQuerySet


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other unit")


# Depth each level sits at; "other" units (e.g. a scenic-area education
# centre) sit at county level under a city.
LEVEL_DEPTH = {Level.PROVINCE: 1, Level.CITY: 2, Level.COUNTY: 3, Level.OTHER: 3}
# Which levels may have children of which levels.
ALLOWED_CHILDREN = {
    Level.PROVINCE: {Level.CITY, Level.SCHOOL},
    Level.CITY: {Level.COUNTY, Level.OTHER, Level.SCHOOL},
    Level.COUNTY: {Level.SCHOOL},
    Level.OTHER: {Level.SCHOOL},
    Level.SCHOOL: set(),
}


# Sanity limits and formats shared by the forms, the API and the Excel import.
MAX_STUDENTS = 100_000
MAX_STAFF = 20_000
SCHOOL_CODE = re.compile(r"^\d{6,20}$")
UNIT_CODE = re.compile(r"^[0-9A-Za-z]{2,20}$")
PHONE = re.compile(r"^[0-9+\- ]{5,30}$")
phone_validator = RegexValidator(PHONE, _("Enter a phone number: digits, spaces, + and - only."))


class SchoolKind(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary school")
    SENIOR = "senior", _("Senior secondary school")
    NINE_YEAR = "nine_year", _("Nine-year school")
    TWELVE_YEAR = "twelve_year", _("Twelve-year school")
    VOCATIONAL = "vocational", _("Secondary vocational school")
    UNIVERSITY = "university", _("University or college")
    SPECIAL = "special", _("Special education school")
    TRAINING_INSTITUTION = "training_institution", _("Off-campus training institution")


# Chinese names used in Excel files, with common aliases. Kept here, not in the
# translation catalogue, so imports read the same whatever the UI language.
SCHOOL_KIND_ZH = {
    SchoolKind.KINDERGARTEN: ("幼儿园",),
    SchoolKind.PRIMARY: ("小学",),
    SchoolKind.JUNIOR: ("初中", "初级中学"),
    SchoolKind.SENIOR: ("高中", "高级中学", "普通高中"),
    SchoolKind.NINE_YEAR: ("九年一贯制学校", "九年一贯制"),
    SchoolKind.TWELVE_YEAR: ("十二年一贯制学校", "十二年一贯制"),
    SchoolKind.VOCATIONAL: ("中等职业学校", "中职"),
    SchoolKind.UNIVERSITY: ("高等学校", "高校"),
    SchoolKind.SPECIAL: ("特殊教育学校", "特教学校"),
    SchoolKind.TRAINING_INSTITUTION: ("校外培训机构",),
}


class OrgUnitQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    def with_parent(self) -> OrgUnitQuerySet:
        """Annotate each node with its parent's id and name (one subquery each, no per-row lookups)."""
        from django.db.models import OuterRef, Subquery
        from django.db.models.functions import Length, Substr

        parent = OrgUnit.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - OrgUnit.steplen))
        return self.annotate(
            parent_id=Subquery(parent.values("pk")[:1]), parent_name=Subquery(parent.values("name")[:1])
        )


class OrgUnitManager(MP_NodeManager):
    def get_queryset(self) -> OrgUnitQuerySet:
        return OrgUnitQuerySet(self.model, using=self._db).order_by("path")

    def visible_to(self, user: object) -> OrgUnitQuerySet:
        return self.get_queryset().visible_to(user)

    def within(self, path: str) -> OrgUnitQuerySet:
        return self.get_queryset().within(path)

    def home_nodes(self, user: object) -> list[OrgUnit]:
        """The topmost nodes a user commands: where their pages start."""
        paths = scope_paths(user)
        if paths is None:
            return list(self.get_queryset().filter(depth=1))
        return list(self.get_queryset().filter(path__in=paths))


class OrgUnit(MP_Node):
    """A node of the tree: province, city, county, school or another unit."""

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(UNIT_CODE, _("Use 2 to 20 letters or digits."))],
        help_text=_("Division code for regions, school code for schools, unit code for other units."),
    )
    division_code = models.CharField(
        _("division code"), max_length=12, blank=True, db_index=True, help_text=_("GB/T 2260 code of the region.")
    )
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrgUnitManager()
    history = history()
    scope_path_field = "path"

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        # (depth, path): the children of a node are one range of one depth.
        indexes = [models.Index(fields=["level", "path"]), models.Index(fields=["depth", "path"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_school(self) -> bool:
        return self.level == Level.SCHOOL

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def ancestor_paths(self) -> list[str]:
        """Paths of this node and its ancestors, root first."""
        return ancestor_paths(self.path)


class School(models.Model):
    """The profile of a school node: its kind, flags and sizes."""

    org = models.OneToOneField(OrgUnit, primary_key=True, on_delete=models.PROTECT, related_name="school")
    kind = models.CharField(_("school kind"), max_length=24, choices=SchoolKind.choices, db_index=True)
    is_boarding = models.BooleanField(_("boarding"), default=False)
    uses_school_bus = models.BooleanField(_("uses school buses"), default=False)
    is_private = models.BooleanField(_("private"), default=False)
    is_rural = models.BooleanField(_("rural"), default=False)
    is_small = models.BooleanField(_("small school"), default=False)
    student_count = models.PositiveIntegerField(_("students"), default=0, validators=[MaxValueValidator(MAX_STUDENTS)])
    staff_count = models.PositiveIntegerField(_("staff"), default=0, validators=[MaxValueValidator(MAX_STAFF)])
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])

    objects = ScopedQuerySet.as_manager()
    history = history()
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self) -> str:
        return self.org.name

    FLAG_FIELDS = ("is_boarding", "uses_school_bus", "is_private", "is_rural", "is_small")


class MembershipQuerySet(ScopedQuerySet):
    pass


class Membership(models.Model):
    """User × node × role. The role covers the node's whole subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    org = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="memberships")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "org", "role"], name="unique_membership")]
        ordering = ["org_path", "role"]

    def __str__(self) -> str:
        return f"{self.user} · {self.org} · {self.get_role_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.org_path = self.org.path
        super().save(*args, **kwargs)
