"""Frames kept in memory until the store changes.

A ``FrameCache`` holds one frame per name with the data version of the store it was
built at; a frame asked for at another version is built again. Safe to share between
threads (a frame built twice at once is simply built twice, the last one kept).
"""
from __future__ import annotations

import threading
from collections.abc import Callable

import pandas as pd


class FrameCache:
    """Frames by name, each valid for one data version of the store."""

    def __init__(self) -> None:
        self._frames: dict[str, tuple[int, pd.DataFrame]] = {}
        self._lock = threading.Lock()

    def get(self, name: str, version: int, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """The frame ``name`` built at ``version``: kept, or ``build()`` and kept."""
        with self._lock:
            hit = self._frames.get(name)
            if hit is not None and hit[0] == version:
                return hit[1]
        df = build()
        with self._lock:
            self._frames[name] = (version, df)
        return df
