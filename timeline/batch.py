"""The open transaction of ``Store.batch``: the articles saved in it, when it is due, and
what a failed write costs it."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from timeline.errors import BatchLost, StoreError


@dataclass
class Batch:
    """Saves of one thread sharing a transaction: committed every ``articles`` saved
    articles or every ``seconds`` (``due``)."""

    articles: int
    seconds: float
    opened: float = 0.0
    pending: list[str] = field(default_factory=list)  # saved, not yet committed

    def due(self) -> bool:
        return len(self.pending) >= self.articles or \
            time.monotonic() - self.opened >= self.seconds

    def saved(self, key: str, status: str) -> bool:
        """Note an article saved (its path or id, unless it was unchanged); whether the
        batch is due for a commit."""
        if status != "unchanged":
            self.pending.append(key)
        return self.due()

    def take(self) -> list[str]:
        """The articles saved since the last commit (the batch holds none after)."""
        taken, self.pending = self.pending, []
        return taken


def failed(message: str, path: str, ended: Batch | None) -> StoreError:
    """The error a failed write leaves as: ``BatchLost`` when it ended the transaction of
    batch ``ended`` that held articles saved before it (they are not stored), else a
    ``StoreError``."""
    lost = ended.take() if ended is not None else []
    if lost:
        return BatchLost(f"{message} (and the {len(lost)} articles saved before it in this "
                         f"batch were not stored)", path, lost=lost)
    return StoreError(message, path)
