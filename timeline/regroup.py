"""The reports of one act merged again after a change, reading again only what changed.

``crossmerge`` reads the day-precise reports type by type and day by day; what a day
finds depends only on its reports and on the groups opened the day before. So when
articles change, ``rescan`` reads again only the days of a type where a report came or
went, with the groups of the day before taken from the last reading (``crossmerge.
scanned``), and the days after them until the groups left open at the end of a day are
those of the last reading. ``regrouped`` then builds the rows of the merged frame that
may differ (the changed articles', those read again, the groups they joined or left);
the others are the events frame's rows with the reports listed in the merged frame kept
before. The result equals ``crossmerge.group_reports`` of the whole frame
(``tests/test_snapshot_update.py``, ``tests/test_crossmerge_index.py``).
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline import crossmerge as cm
from timeline import snapshot

Key = tuple[str, int]


def _keys(types: pd.Series, days: np.ndarray) -> list[Key]:
    return list(zip(types.tolist(), days.tolist()))


class _Coder:
    """A type and day as one integer, for looking up many rows at once."""

    def __init__(self, *types: pd.Series) -> None:
        names = sorted(set().union(*(set(t.unique().tolist()) for t in types)))
        self.names = {n: k for k, n in enumerate(names)}

    def codes(self, types: pd.Series, days: np.ndarray) -> np.ndarray:
        kinds = types.map(self.names).to_numpy(dtype=np.int64)
        return (kinds << 32) | (days.astype(np.int64) + (1 << 31))

    def of(self, keys: set[Key]) -> np.ndarray:
        return np.array(sorted((self.names[k] << 32) | (d + (1 << 31)) for k, d in keys
                               if k in self.names), dtype=np.int64)


def _before(r: cm._Dated, where: dict[str, int],
            old: tuple[list[str], list[str]] | None) -> list[cm.Group]:
    """The groups opened on a day as the last reading left them at its end (``old``:
    the ids of that day's reports in reading order, and their openers)."""
    if old is None:
        return []
    out: dict[str, cm.Group] = {}
    for rid, opener in zip(*old):
        i = where[rid]
        if opener == rid:
            out[rid] = cm.Group(r.day[i], r.source[i], r.target[i], [i], {r.arts[i]})
        elif opener in out:
            out[opener].rows.append(i)
            out[opener].articles.add(r.arts[i])
    return list(out.values())


def _state(ids: list[str], openers: list[str]) -> dict[str, str]:
    """The reports of a day in the groups opened that day: what the next day reads."""
    opened = {o for i, o in zip(ids, openers) if i == o}
    return {i: o for i, o in zip(ids, openers) if o in opened}


#: Days read around each change at first (more are read when a change reaches further).
NEAR = 1


@dataclass
class _Work:
    """What reading again needs: the reports near the changes (``r``, found by id through
    ``where``, by type and day through ``rows``), the last reading of those days
    (``old``: ids in reading order, their openers), where to start, and what finds
    more days (the day-precise reports' positions ``pos`` and type-day ``codes``)."""
    frame: pd.DataFrame
    scan: pd.DataFrame
    coder: _Coder
    pos: np.ndarray
    codes: _Sorted
    scan_codes: _Sorted
    start: set[Key]
    r: cm._Dated = field(default_factory=lambda: cm._Dated(
        np.zeros(0, dtype=np.intp), [], [], [], [], [], [], [], []))
    where: dict[str, int] = field(default_factory=dict)
    rows: dict[Key, list[int]] = field(default_factory=dict)
    old: dict[Key, tuple[list[str], list[str]]] = field(default_factory=dict)
    near: set[Key] = field(default_factory=set)

    def read(self, keys: set[Key]) -> None:
        """Make the reports of these types and days (and the last reading of them) known."""
        keys = keys - self.near
        self.near |= keys
        codes = self.coder.of(keys)
        more = cm._dated(self.frame, self.pos[_among(self.codes, codes)])
        if more is not None:
            base, r = len(self.r.ids), self.r
            for block in cm.blocks(more):
                self.rows[(more.kinds[block[0]], more.day[block[0]])] = [base + i for i in block]
            self.where.update((rid, base + i) for i, rid in enumerate(more.ids))
            r.ids.extend(more.ids)
            r.source.extend(more.source)
            r.target.extend(more.target)
            r.width.extend(more.width)
            r.day.extend(more.day)
            r.kinds.extend(more.kinds)
            r.arts.extend(more.arts)
        sub = self.scan.iloc[_among(self.scan_codes, codes)].sort_values(["type", "day", "seq"])
        for k, d, rid, opener in zip(sub["type"].tolist(), sub["day"].tolist(),
                                     sub["id"].tolist(), sub["opener"].tolist()):
            ids, openers = self.old.setdefault((k, d), ([], []))
            ids.append(rid)
            openers.append(opener)


class _Sorted:
    """Integer codes sorted once, for finding the rows of a few codes many times."""

    def __init__(self, codes: np.ndarray) -> None:
        self.order = np.argsort(codes, kind="stable")
        self.codes = codes[self.order]


def _among(codes: _Sorted, these: np.ndarray) -> np.ndarray:
    """Positions (ascending) of the rows whose code is one of ``these``."""
    if not len(these):
        return np.zeros(0, dtype=np.intp)
    lo = np.searchsorted(codes.codes, these, "left")
    hi = np.searchsorted(codes.codes, these, "right")
    return np.sort(np.concatenate([codes.order[a:b] for a, b in zip(lo, hi)]))


def _work(frame: pd.DataFrame, scan: pd.DataFrame, changed: set[str],
          coder: _Coder) -> _Work:
    pos = cm.day_precise(frame)
    days = frame["date"].to_numpy(dtype="datetime64[ns]")[pos].astype("datetime64[D]") \
        .astype(np.int64)
    types = frame["type"].iloc[pos]
    mine = frame["article_id"].iloc[pos].isin(changed).to_numpy()
    theirs = scan["article_id"].isin(changed).to_numpy()
    start = set(_keys(types[mine], days[mine])) | set(
        _keys(scan["type"][theirs], scan["day"].to_numpy()[theirs]))
    w = _Work(frame, scan, coder, pos, _Sorted(coder.codes(types, days)),
              _Sorted(coder.codes(scan["type"], scan["day"].to_numpy())), start)
    w.read({(k, d + j) for k, d in start for j in range(-1, NEAR + 1)})
    return w


def _read_again(w: _Work) -> tuple[dict[Key, tuple[list[str], list[str]]], set[str]] | None:
    """Each day to read again (type by type, day by day), what it finds (ids in reading
    order and their openers), and the openers of the groups that may differ."""
    todo = sorted(w.start)
    heapq.heapify(todo)
    done: dict[Key, tuple[list[str], list[str]]] = {}
    opened: dict[Key, list[cm.Group]] = {}
    touched: set[str] = set()
    while todo:
        key = heapq.heappop(todo)
        if key in done:
            continue
        kind, d = key
        if key not in w.near:  # a change reaches further: the next days are read too
            w.read({(kind, d + j) for j in range(-1, 2 * NEAR + 2)})
        r = w.r
        before = opened[(kind, d - 1)] if (kind, d - 1) in opened else \
            _before(r, w.where, w.old.get((kind, d - 1)))
        block = w.rows.get(key, [])
        opened[key], joined = cm.scan_day(r, block, before) if block else ([], {})
        ids = [r.ids[i] for i in block]
        openers = [r.ids[joined[i]] if joined[i] >= 0 else "" for i in block]
        done[key] = (ids, openers)
        was_ids, was_openers = w.old.get(key, ([], []))
        touched |= (set(openers) | set(was_openers)) - {""}
        if (kind, d + 1) not in done and _state(ids, openers) != _state(was_ids, was_openers):
            heapq.heappush(todo, (kind, d + 1))
    return done, touched


def rescan(frame: pd.DataFrame, scan: pd.DataFrame, changed: set[str]
           ) -> tuple[pd.DataFrame, set[str], set[str]] | None:
    """The reading of ``frame`` (``crossmerge.scanned``) from ``scan``, the reading of the
    frame before the articles ``changed`` changed; with the openers of the groups that
    may differ and the ids of the reports read again. None: a change reaches further
    than was prepared for (the caller reads everything again)."""
    coder = _Coder(frame["type"], scan["type"])
    w = _work(frame, scan, changed, coder)
    again = _read_again(w)
    if again is None:
        return None
    done, touched = again
    redone = np.zeros(len(scan), dtype=bool)
    redone[_among(w.scan_codes, coder.of(set(done)))] = True
    rows = [(k, d, s, rid, o) for (k, d), (ids, openers) in done.items()
            for s, (rid, o) in enumerate(zip(ids, openers))]
    fresh = pd.DataFrame(rows, columns=["type", "day", "seq", "id", "opener"])
    fresh["article_id"] = [w.r.arts[w.where[x]] for x in fresh["id"]]
    fresh = fresh.astype({"type": "str", "id": "str", "opener": "str", "day": "int64",
                          "seq": "int64", "article_id": "str"})[cm.SCAN_COLUMNS]
    read = set(scan["id"][redone]) | set(fresh["id"])
    return pd.concat([scan[~redone], fresh], ignore_index=True), touched, read


def _isin(values: pa.Array | pa.ChunkedArray, these: pa.Array) -> np.ndarray:
    return np.asarray(pc.is_in(values, these.cast(values.type)).to_numpy(zero_copy_only=False),
                      dtype=bool)


def regrouped(old: pa.Table, frame: pd.DataFrame, scan: pd.DataFrame, touched: set[str],
              read: set[str], changed: set[str]) -> pa.Table | None:
    """The merged frame of ``frame`` from the one kept before (``old``) and the reading
    ``scan`` (``rescan``): the rows that may differ built again, the others taken from
    ``frame`` with the reports listed in ``old`` (only those columns of ``old`` are
    read). None: the two do not line up (the caller builds it whole)."""
    ids = pa.array(sorted(touched | read), pa.large_string())
    arts = pa.array(sorted(changed), pa.large_string())
    theirs = scan[scan["opener"].isin(touched)]
    fid, fart = pa.array(frame["id"]), pa.array(frame["article_id"])
    joined = scan[(scan["opener"] != "") & (scan["opener"] != scan["id"])]
    absorbed = _isin(fid, pa.array(joined["id"].tolist(), pa.large_string()))
    redo = _isin(fid, ids) | _isin(fid, pa.array(theirs["id"].tolist(), pa.large_string())) \
        | _isin(fart, arts)
    at = np.flatnonzero(redo)
    part = cm.assembled(frame.iloc[at].reset_index(drop=True), cm.found_in(
        frame.iloc[at].reset_index(drop=True), theirs))
    mine = at[~absorbed[at]]
    same = np.flatnonzero(~redo & ~absorbed)
    before = np.flatnonzero(~(_isin(old["id"], ids) | _isin(old["article_id"], arts)))
    if len(mine) != len(part) or len(same) != len(before):
        return None
    rows = np.sort(np.concatenate([same, mine]))
    from_part = np.isin(rows, mine)
    pick = np.empty(len(rows), dtype=np.int64)
    pick[~from_part] = before
    pick[from_part] = old.num_rows + np.arange(len(mine))
    table = pa.Table.from_pandas(frame, preserve_index=False)
    columns = []
    for field_ in old.schema:
        if field_.name in ("reports", "n_reports"):
            listed = pa.chunked_array(old[field_.name].chunks + [
                pa.array(part[field_.name]).cast(field_.type)], field_.type)
            columns.append(listed.take(pa.array(pick)))
        else:
            columns.append(table[field_.name].cast(field_.type).take(pa.array(rows)))
        snapshot.release()
    out = pa.table(columns, schema=old.schema.remove_metadata())
    return out.replace_schema_metadata(snapshot.pandas_meta(old.schema.metadata, len(rows)))
