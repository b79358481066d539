"""Import accounts and their roles from Excel. One row = one membership."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import ROLE_ZH, Perm, Role, has_perm, role_from_text
from safecampus.core.imports import Column, Importer, RowChange, RowChecks, RowInvalid, register
from safecampus.orgs.models import PHONE, Membership, OrgUnit

from .models import User
from .services import can_manage_user, create_user, grant_membership, update_user

USERNAME = re.compile(r"^[\w.@+-]{1,150}$")


def role_labels_zh() -> list[str]:
    return [ROLE_ZH[role][0] for role in Role]


class UserCells:
    """Cell checks of the users sheet."""

    def username(self, record: dict[str, Any]) -> str:
        username = self.text(record, "username", required=True, max_length=150)  # type: ignore[attr-defined]
        if not USERNAME.match(username):
            raise RowInvalid(self.label("username"), _("may hold only letters, digits and . @ + - _"))  # type: ignore[attr-defined]
        return username

    def role(self, record: dict[str, Any]) -> Role:
        role_text = self.text(record, "role", required=True, max_length=30)  # type: ignore[attr-defined]
        role = role_from_text(role_text)
        if role is None:
            raise RowInvalid(
                self.label("role"),  # type: ignore[attr-defined]
                _("“%(value)s” is not a role; use one of: %(roles)s")
                % {"value": role_text, "roles": "、".join(role_labels_zh())},
            )
        return role

    def phone(self, record: dict[str, Any]) -> str:
        phone = self.text(record, "phone", max_length=20)  # type: ignore[attr-defined]
        if phone and not PHONE.match(phone):
            raise RowInvalid(self.label("phone"), _("is not a phone number (digits, spaces, + and - only)"))  # type: ignore[attr-defined]
        return phone

    def email(self, record: dict[str, Any]) -> str:
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        email = self.text(record, "email", max_length=254)  # type: ignore[attr-defined]
        if email:
            try:
                validate_email(email)
            except ValidationError as error:
                raise RowInvalid(self.label("email"), _("is not an e-mail address")) from error  # type: ignore[attr-defined]
        return email


@register
class UserImporter(UserCells, Importer):
    kind = "users"
    title_zh = "用户"
    upload_label = gettext_lazy("Users and roles")

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]
        return [
            Column(
                "username",
                "用户名",
                "Username",
                True,
                "字母、数字和 . @ + - _；已存在则补充角色。",
                example="zhang.san",
            ),
            Column("full_name", "姓名", "Full name", True, "", example="张三"),
            Column(
                "org_code",
                "单位代码",
                "Unit code",
                True,
                "行政区划代码或学校代码，须在您的管辖范围内。",
                example="3701021001",
            ),
            Column(
                "role",
                "角色",
                "Role",
                True,
                "、".join(role_labels_zh()),
                choices=role_labels_zh(),
                example="学校安全员",
            ),
            Column("phone", "手机", "Phone", False, "", example=""),
            Column("email", "电子邮箱", "E-mail", False, "", example=""),
            Column(
                "password",
                "初始密码",
                "Initial password",
                False,
                "新用户必填：至少8位，含大写、小写、数字、符号中的三类；首次登录须修改。",
                example="Safe#2026ab",
            ),
        ]

    def apply_row(self, number: int, record: dict[str, Any], seen: dict[str, int]) -> RowChange:
        check = RowChecks()
        username = check(self.username, record)
        full_name = check(self.text, record, "full_name", required=True, max_length=60)
        org_code = check(self.text, record, "org_code", required=True, max_length=20)
        role = check(self.role, record)
        phone = check(self.phone, record)
        email = check(self.email, record)
        check.done()
        key = f"{username.lower()}|{org_code}|{role.value}"
        if key in seen:
            raise RowInvalid(self.label("username"), _("duplicates row %(row)d of this file") % {"row": seen[key]})
        seen[key] = number
        name_key = f"name|{username.lower()}"
        if name_key in seen and seen[name_key] != full_name:
            raise RowInvalid(self.label("full_name"), _("differs from an earlier row for the same username"))
        seen[name_key] = full_name
        org = OrgUnit.objects.filter(code=org_code).first()
        if org is None:
            raise RowInvalid(self.label("org_code"), _("no unit has the code %(code)s") % {"code": org_code})
        if not has_perm(self.actor, Perm.MANAGE_USERS, org):
            raise RowInvalid(self.label("org_code"), _("unit %(code)s is outside your area") % {"code": org_code})
        fields = {
            "full_name": full_name,
            "phone": phone,
            "email": email,
        }
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            password = self.text(record, "password", max_length=128)
            if not password:
                raise RowInvalid(self.label("password"), _("is required for a new user"))
            create_user(
                actor=self.actor,
                username=username,
                password=password,
                org=org,
                role=role.value,
                fields=fields,
                must_change_password=True,
            )
            return RowChange(number, "create", username, f"{org.name} · {role.label}")
        if not can_manage_user(self.actor, user) and not self.actor.is_superuser:
            raise RowInvalid(self.label("username"), _("this account exists and holds roles outside your area"))
        changed = [name for name, value in fields.items() if value and getattr(user, name) != value]
        if changed:
            update_user(user, actor=self.actor, fields={name: fields[name] for name in changed})
        has_role = Membership.objects.filter(user=user, org=org, role=role.value).exists()
        if not has_role:
            grant_membership(actor=self.actor, user=user, org=org, role=role.value)
            changed.append(f"+{role.label}@{org.name}")
        if not changed:
            return RowChange(number, "unchanged", username)
        return RowChange(number, "update", username, ", ".join(str(c) for c in changed))
