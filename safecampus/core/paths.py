"""Materialised paths of the tree, as plain strings (treebeard's `path`).

A subtree is the half-open range [path, next(path)), which uses a plain B-tree
index on both SQLite and PostgreSQL (SQLite never uses an index for LIKE 'p%').
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

# treebeard's default alphabet and step length; paths are made only of these characters.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


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


def ancestor_paths(path: str) -> list[str]:
    """The path itself and every path above it, root first."""
    return [path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN)]


def parent_path(path: str) -> str:
    return path[:-STEPLEN]


def depth_of(path: str) -> int:
    return len(path) // STEPLEN
