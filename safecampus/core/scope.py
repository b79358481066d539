"""The one scope rule: a user sees the subtrees of the nodes they hold a role on.

Records keep their node's materialised path (treebeard's `path`). A subtree is
the half-open range [path, next(path)), which uses a plain B-tree index on
both SQLite and PostgreSQL (SQLite never uses an index for LIKE 'p%').
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# treebeard's default alphabet; paths are made only of these characters.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def path_upper_bound(path: str) -> str:
    """The smallest string above every path that starts with `path`."""
    chars = list(path)
    while chars:
        position = ALPHABET.index(chars[-1])
        if position + 1 < len(ALPHABET):
            chars[-1] = ALPHABET[position + 1]
            return "".join(chars)
        chars.pop()
    return "\U0010ffff"


def subtree_q(field: str, path: str) -> Q:
    return Q(**{f"{field}__gte": path, f"{field}__lt": path_upper_bound(path)})


def subtrees_q(field: str, paths: Iterable[str]) -> Q:
    """Records in any of these subtrees (matches nothing for an empty list)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= subtree_q(field, path)
    return condition


def outermost(paths: Iterable[str]) -> list[str]:
    """Drop paths that lie inside another path of the list."""
    result: list[str] = []
    for path in sorted(set(paths)):
        if not result or not path.startswith(result[-1]):
            result.append(path)
    return result


def scope_paths(user: AbstractBaseUser | AnonymousUser) -> list[str] | None:
    """Paths of the subtrees `user` may read; None means everything (superuser)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return None
    cached = getattr(user, "_scope_paths", None)
    if cached is None:
        from safecampus.accounts.roles import scoped_roles

        grants = user.memberships.filter(role__in=scoped_roles()).values_list("org__path", flat=True)
        cached = outermost(grants)
        user._scope_paths = cached
    return cached


class ScopedQuerySet(models.QuerySet):
    """Queryset of records that live on the tree; the model names its path field."""

    def _path_field(self) -> str:
        return getattr(self.model, "scope_path_field", "org_path")

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> ScopedQuerySet:
        paths = scope_paths(user)
        if paths is None:
            return self.all()
        if not paths:
            return self.none()
        return self.filter(subtrees_q(self._path_field(), paths))

    def within(self, path: str) -> ScopedQuerySet:
        """Records of the subtree rooted at the node with this path."""
        return self.filter(subtree_q(self._path_field(), path))

    def visible_within(self, user: AbstractBaseUser | AnonymousUser, path: str) -> ScopedQuerySet:
        """What `user` may read of the subtree at `path`: one path range when they read all of it
        (a second, wider range from `visible_to` makes SQLite scan the wider one)."""
        if sees_whole(user, path):
            return self.within(path)
        return self.visible_to(user).within(path)


def sees_whole(user: AbstractBaseUser | AnonymousUser, path: str) -> bool:
    """The user reads the whole subtree at `path` (so scoped counts equal the node's own counters)."""
    paths = scope_paths(user)
    return paths is None or any(path.startswith(granted) for granted in paths)
