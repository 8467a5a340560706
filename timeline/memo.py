"""A bounded memo: what a hot path works out once per key (a word's forms, its cue
kinds, the triggers it opens) kept in a plain dict, which starts again past a limit so
that a long run over many articles never grows it without end."""
from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

#: Entries a memo keeps; past this it starts again.
LIMIT = 200_000


def remember(memo: dict[K, V], key: K, value: V, limit: int = LIMIT) -> V:
    """Keep ``value`` for ``key`` in ``memo`` (emptied first when it holds more than
    ``limit``) and return it. Look up with ``memo.get(key)`` first: the hit stays a
    plain dict look-up."""
    if len(memo) > limit:
        memo.clear()
    memo[key] = value
    return value
