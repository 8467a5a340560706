"""What filtering reads of one events frame, worked out once: ``FrameIndex``.

``indexed(df)`` keeps one index per frame for frames that are never changed in place
(the store's cached frames, read by the dashboard); ``index_of(df)`` finds it or makes a
throwaway one. ``filters.Filters.mask`` runs its tests through it.
"""
from __future__ import annotations

import operator
import re
import threading
import weakref
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


class FrameIndex:
    """What filtering reads of one frame, computed once: each string column as integer
    codes and its distinct values (a test runs once per distinct value, and the codes
    carry its answer to the rows), the dates, and the recent evidence searches.

    An index is only valid for the frame it was made from, unchanged: ``indexed(df)``
    keeps one per frame for frames that are never changed in place (the store's cached
    frames, read by the dashboard); ``index_of(df)`` finds it or makes a throwaway one.
    """

    TEXT_MEMO = 4  # evidence searches remembered (the text box stays set while other filters change)

    def __init__(self, df: pd.DataFrame) -> None:
        self._frame = weakref.ref(df)
        self._n = len(df)
        self._memo: dict[Any, Any] = {}
        self._texts: dict[str, np.ndarray] = {}
        self._lock = threading.RLock()

    @property
    def frame(self) -> pd.DataFrame:
        df = self._frame()
        if df is None:
            raise ReferenceError("the indexed frame is gone")
        return df

    def memo(self, key: Any, build: Callable[[], Any]) -> Any:
        """``build()``, computed once per index (also for callers outside this module)."""
        hit = self._memo.get(key, _MISSING)
        if hit is _MISSING:
            with self._lock:
                hit = self._memo.get(key, _MISSING)
                if hit is _MISSING:
                    hit = self._memo[key] = build()
        return hit

    def codes(self, column: str) -> tuple[np.ndarray, pd.Index]:
        """``pd.factorize`` of a column: codes (-1 for a missing value) and distinct values."""
        return self.memo(("codes", column), lambda: pd.factorize(self.frame[column]))

    def where(self, column: str, test: Callable[[pd.Series], Any]) -> np.ndarray:
        """``test(frame[column])`` as a boolean array, with ``test`` run on the distinct
        values only (a missing value is tested too, as the last one)."""
        codes, uniques = self.codes(column)
        values = pd.Series(uniques).reindex(range(len(uniques) + 1))  # last: missing
        hit = bools(test(values))
        return hit[codes]  # code -1 (missing) reads the last answer

    def has_key(self, key: str) -> np.ndarray:
        """Rows whose ``actor_keys`` (one ``CODE|kind|Name`` per line) has this line."""
        if "\n" in key:  # a key never holds a line break: test it as before, once per value
            pattern = r"(?:^|\n)" + re.escape(key) + r"(?:$|\n)"
            return self.where("actor_keys", lambda v: v.str.contains(pattern, regex=True))
        codes, uniques = self.codes("actor_keys")
        lines, owner = self.key_lines()
        hit = np.zeros(len(uniques) + 1, dtype=bool)
        same = pc.equal(lines, pa.scalar(key, lines.type)).to_numpy(zero_copy_only=False)
        hit[owner[same]] = True
        return hit[codes]

    def key_lines(self) -> tuple[pa.Array, np.ndarray]:
        """Every line of every distinct ``actor_keys`` value (in order), and the number of
        the distinct value (``codes("actor_keys")``) it belongs to."""
        return self.memo("key_lines", lambda: _lines(self.codes("actor_keys")[1]))

    def dates(self) -> np.ndarray:
        return self.memo("dates", lambda: self.frame["date"].to_numpy())

    def dated(self) -> np.ndarray:
        return self.memo("dated", lambda: self.frame["date"].notna().to_numpy(dtype=bool))

    def covered_until(self) -> np.ndarray:
        """The last day each event covers: its end date, or the end of its month or year
        for a month- or year-precise date (NaT: undated)."""
        def build() -> np.ndarray:
            df = self.frame
            date = df["date"].to_numpy(dtype="datetime64[us]")
            last = date.copy()
            for unit, name in (("M", "month"), ("Y", "year")):
                # the last day of its month or year, time of day kept (as MonthEnd(0))
                rows = self.where("precision", partial(operator.eq, name)).nonzero()[0]
                day = date[rows]
                start = day.astype(f"datetime64[{unit}]")
                last[rows] = ((start + 1).astype("datetime64[D]") - 1).astype(
                    "datetime64[us]") + (day - day.astype("datetime64[D]"))
            end = df["end_date"].to_numpy(dtype="datetime64[us]")
            return np.where(np.isnat(end), last, end)
        return self.memo("covered_until", build)

    def text(self, text: str, rows: np.ndarray) -> np.ndarray:
        """Rows whose evidence holds ``text`` (any case), tested where ``rows`` is set:
        the whole column once a search is common enough, then remembered."""
        known = self._texts.get(text)
        if known is not None:
            return known
        pattern = re.escape(text)
        evidence = self.frame["evidence"]
        if rows.sum() * 4 < self._n:  # few candidates: test those only
            pos = rows.nonzero()[0]
            out = np.zeros(self._n, dtype=bool)
            out[pos] = bools(evidence.take(pos).str.contains(pattern, case=False, regex=True))
            return out
        out = bools(evidence.str.contains(pattern, case=False, regex=True))
        with self._lock:
            self._texts[text] = out
            while len(self._texts) > self.TEXT_MEMO:
                self._texts.pop(next(iter(self._texts)))
        return out


_MISSING = object()


def bools(values: Any) -> np.ndarray:
    """A boolean array of a test's answers; a missing answer is False (as in ``mask &= s``)."""
    if isinstance(values, pd.Series):
        if values.dtype == object:
            values = values.fillna(False)
        return values.to_numpy(dtype=bool, na_value=False)
    return np.asarray(values, dtype=bool)


def _lines(uniques: pd.Index) -> tuple[pa.Array, np.ndarray]:
    """Every line of every distinct ``actor_keys`` value (Arrow strings), and the value it
    belongs to."""
    values = pa.array(uniques.array)  # Arrow-backed strings: no copy
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if not pa.types.is_large_string(values.type):
        values = values.cast(pa.large_string())
    split = pc.split_pattern(values, "\n")
    lines = pc.list_flatten(split)
    owner = pc.list_parent_indices(split).to_numpy(zero_copy_only=False).astype(np.intp)
    return lines, owner


_INDEXES: dict[int, FrameIndex] = {}
_INDEXES_LOCK = threading.Lock()


def indexed(df: pd.DataFrame) -> FrameIndex:
    """The index kept for ``df`` (made on first call, dropped with the frame). Only for a
    frame nobody changes in place, such as the store's cached frames."""
    key = id(df)
    with _INDEXES_LOCK:
        ix = _INDEXES.get(key)
        if ix is None or ix._frame() is not df:
            ix = _INDEXES[key] = FrameIndex(df)
            weakref.finalize(df, _INDEXES.pop, key, None)
    return ix


def index_of(df: pd.DataFrame) -> FrameIndex:
    """The index kept for ``df`` by ``indexed``, or a new one used once."""
    ix = _INDEXES.get(id(df))
    return ix if ix is not None and ix._frame() is df else FrameIndex(df)
