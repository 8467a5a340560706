"""The reports of one act merged again after a change, reading again only what changed.

``crossmerge`` reads the day-precise reports type by type and day by day; what a day
finds depends only on its reports and on the groups opened the day before. So when
articles change, ``rescan`` reads again only the days of a type where a report came or
went, with the groups of the day before taken from the last reading (``crossmerge.
scanned``), and the days after them until the groups left open at the end of a day are
those of the last reading. ``regrouped`` then builds the rows of the merged frame that
may differ (the changed articles', those read again, the groups they joined or left)
and puts them in place in the merged frame kept before (``snapshot.spliced``). The
result equals ``crossmerge.group_reports`` of the whole frame
(``tests/test_snapshot_update.py``).
"""
from __future__ import annotations

import heapq

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline import crossmerge as cm
from timeline import snapshot

Key = tuple[str, int]


def _keys(types: pd.Series, days: np.ndarray) -> list[Key]:
    return list(zip(types.tolist(), days.tolist()))


def _reading(frame: pd.DataFrame, near: set[Key]) -> cm._Dated | None:
    """The day-precise reports of ``frame`` whose type and day are in ``near``."""
    pos = cm.day_precise(frame)
    days = frame["date"].to_numpy(dtype="datetime64[ns]")[pos].astype("datetime64[D]") \
        .astype(np.int64)
    keys = _keys(frame["type"].iloc[pos], days)
    return cm._dated(frame, pos[[k in near for k in keys]])


def _before(r: cm._Dated, where: dict[str, int], old: pd.DataFrame | None) -> list[cm.Group]:
    """The groups opened on a day as the last reading left them at its end (``old``:
    that day's rows of the reading, in order)."""
    if old is None:
        return []
    out: dict[str, cm.Group] = {}
    for rid, opener in zip(old["id"].tolist(), old["opener"].tolist()):
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


def rescan(frame: pd.DataFrame, scan: pd.DataFrame, changed: set[str]
           ) -> tuple[pd.DataFrame, set[str], set[str]] | None:
    """The reading of ``frame`` (``crossmerge.scanned``) from ``scan``, the reading of the
    frame before the articles ``changed`` changed; with the openers of the groups that
    may differ and the ids of the reports read again. None: a change reaches further
    than was prepared for (the caller reads everything again)."""
    pos = cm.day_precise(frame)
    mine = frame["article_id"].iloc[pos].isin(changed).to_numpy()
    days = frame["date"].to_numpy(dtype="datetime64[ns]")[pos[mine]] \
        .astype("datetime64[D]").astype(np.int64)
    theirs = scan["article_id"].isin(changed).to_numpy()
    start = set(_keys(frame["type"].iloc[pos[mine]], days)) | set(
        _keys(scan["type"][theirs], scan["day"].to_numpy()[theirs]))
    near = {(k, d + j) for k, d in start for j in (-1, 0, 1)}
    r = _reading(frame, near)
    where = {rid: i for i, rid in enumerate(r.ids)} if r is not None else {}
    rows: dict[Key, list[int]] = {}
    if r is not None:
        for block in cm.blocks(r):
            rows[(r.kinds[block[0]], r.day[block[0]])] = block
    scan_keys = _keys(scan["type"], scan["day"].to_numpy())
    in_near = np.fromiter((k in near for k in scan_keys), dtype=bool, count=len(scan))
    old = {key: part.sort_values("seq") for key, part in
           scan[in_near].groupby(["type", "day"], sort=False)}
    todo = sorted(start)
    heapq.heapify(todo)
    done: dict[Key, tuple[list[cm.Group], list[str], list[str]]] = {}
    touched: set[str] = set()
    while todo:
        key = heapq.heappop(todo)
        if key in done:
            continue
        kind, d = key
        if key not in near or r is None:
            return None
        prior = done.get((kind, d - 1))
        before = prior[0] if prior else _before(r, where, old.get((kind, d - 1)))
        block = rows.get(key, [])
        opened, joined = cm.scan_day(r, block, before) if block else ([], {})
        ids = [r.ids[i] for i in block]
        openers = [r.ids[joined[i]] if joined[i] >= 0 else "" for i in block]
        done[key] = (opened, ids, openers)
        was = old.get(key)
        was_ids = was["id"].tolist() if was is not None else []
        was_openers = was["opener"].tolist() if was is not None else []
        touched |= (set(openers) | set(was_openers)) - {""}
        nxt = (kind, d + 1)
        if nxt not in done and _state(ids, openers) != _state(was_ids, was_openers):
            heapq.heappush(todo, nxt)
    redone = np.fromiter((k in done for k in scan_keys), dtype=bool, count=len(scan))
    again = [(k, d, s, rid, o) for (k, d), (_, ids, openers) in done.items()
             for s, (rid, o) in enumerate(zip(ids, openers))]
    fresh = pd.DataFrame(again, columns=["type", "day", "seq", "id", "opener"])
    fresh["article_id"] = pd.Series([r.arts[where[x]] for x in fresh["id"]], dtype="str") \
        if r is not None else pd.Series([], dtype="str")
    fresh = fresh.astype({"type": "str", "id": "str", "opener": "str", "day": "int64",
                          "seq": "int64"})[cm.SCAN_COLUMNS]
    read = set(scan["id"][redone]) | set(fresh["id"])
    new = pd.concat([scan[~redone], fresh], ignore_index=True)
    return new, touched, read


def _isin(values: pa.Array | pa.ChunkedArray, these: pa.Array) -> np.ndarray:
    return np.asarray(pc.is_in(values, these.cast(values.type)).to_numpy(zero_copy_only=False),
                      dtype=bool)


def regrouped(old: pa.Table, frame: pd.DataFrame, scan: pd.DataFrame, touched: set[str],
              read: set[str], changed: set[str]) -> pa.Table:
    """The merged frame kept before (``old``) with the rows that may differ built again
    from ``frame`` and its reading ``scan`` (``rescan``)."""
    ids = pa.array(sorted(touched | read), pa.large_string())
    arts = pa.array(sorted(changed), pa.large_string())
    gone = _isin(old["id"], ids) | _isin(old["article_id"], arts)
    theirs = scan[scan["opener"].isin(touched)]
    members = pa.array(sorted(set(theirs["id"])), pa.large_string())
    fid, fart = pa.array(frame["id"]), pa.array(frame["article_id"])
    want = _isin(fid, ids) | _isin(fid, members) | _isin(fart, arts)
    sub = frame.iloc[np.flatnonzero(want)].reset_index(drop=True)
    part = cm.assembled(sub, cm.found_in(sub, theirs))
    return snapshot.spliced(old, part, gone)
