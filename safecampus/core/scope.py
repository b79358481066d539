"""The one scope rule: a user reads the subtrees of the nodes they hold a role on.

Records keep their node's materialised path. `visible_to(user)` is what the user
may read; `restrict(user, perm)` is what they may act on with one permission
(NetBox's RestrictedQuerySet.restrict). Both come from `core.access`.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from .access import perm_paths, scope_paths
from .paths import subtree_q, subtrees_q


class ScopedQuerySet(models.QuerySet):
    """Queryset of records that live on the tree; the model names its path field."""

    def _path_field(self) -> str:
        return getattr(self.model, "scope_path_field", "org_path")

    def _in(self, paths: list[str] | None) -> ScopedQuerySet:
        if paths is None:
            return self.all()
        if not paths:
            return self.none()
        return self.filter(subtrees_q(self._path_field(), paths))

    def visible_to(self, user: Any) -> ScopedQuerySet:
        return self._in(scope_paths(user))

    def restrict(self, user: Any, perm: str) -> ScopedQuerySet:
        """Records in the subtrees where `user` holds `perm`."""
        return self._in(perm_paths(user, perm))

    def within(self, path: str) -> ScopedQuerySet:
        """Records of the subtree rooted at the node with this path."""
        return self.filter(subtree_q(self._path_field(), path))

    def visible_within(self, user: Any, path: str) -> ScopedQuerySet:
        """What `user` may read of the subtree at `path`: one path range when they read all of it
        (a second, wider range from `visible_to` makes SQLite scan the wider one)."""
        if sees_whole(user, path):
            return self.within(path)
        return self.visible_to(user).within(path)


def sees_whole(user: Any, path: str) -> bool:
    """The user reads the whole subtree at `path` (so scoped counts equal the node's own counters)."""
    paths = scope_paths(user)
    return paths is None or any(path.startswith(granted) for granted in paths)
