"""Frames kept in memory until the store changes.

A ``FrameCache`` holds one frame per name with the data version of the store it was
built at; a frame asked for at another version is built again. Safe to share between
threads: a frame asked for while another thread builds it waits for that build instead
of building it a second time (at a million events two builds at once, a page and its
first callback, would hold two copies and more than the memory budget).
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
        self._building: dict[str, threading.Lock] = {}

    def get(self, name: str, version: int, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """The frame ``name`` built at ``version``: kept, or ``build()`` and kept."""
        with self._lock:
            hit = self._frames.get(name)
            if hit is not None and hit[0] == version:
                return hit[1]
            building = self._building.setdefault(name, threading.Lock())
        with building:  # one build of a name at a time; the others wait and take it
            with self._lock:
                hit = self._frames.get(name)
                if hit is not None and hit[0] == version:
                    return hit[1]
                self._frames.pop(name, None)  # the old version goes before the new is built
            df = build()
            with self._lock:
                self._frames[name] = (version, df)
        return df
