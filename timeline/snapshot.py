"""Frames kept on disk beside the store, so that a dashboard starts in seconds.

Building the events frame from SQLite costs about 60 µs of Python per event (a
minute at 1,000,000 events); an uncompressed Arrow IPC file, memory-mapped, gives it
back in a fraction of a second (the strings stay Arrow buffers that pandas uses as
they are; the file takes about as much disk as the frame takes memory, some 650 MB
at 1,000,000 events).
``kept(db, name, fingerprint, build)`` returns ``build()`` and keeps it in
``<db>.frames/<name>-<key>.arrow``; the key covers the store's fingerprint (its data
version and the count and range of its event ids, so a store deleted and made again
never meets an old file) and the source of the modules that build the frame (a new
version of the tool never reads an old layout). A missing, stale or damaged file is
simply rebuilt; a folder that cannot be written only costs the speed-up. Frames under
``MIN_ROWS`` rows are not kept: they build in well under a second.

The file name also carries the store's data version: after a change, ``kept(...,
update=...)`` brings the frame kept at an earlier version up to date (``spliced``: the
rows of the changed articles taken out, their new rows put in their places), so a first
start after an ingest does not build a million rows again. Files are mapped with
``mmap``; ``release`` lets their pages go between the columns of a frame being made.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import mmap
import os
import re
import weakref
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import feather

MIN_ROWS = 20_000
FORMAT = 3  # bump when the file layout changes (2: one record batch; 3: version in name)


def folder(db: Path) -> Path:
    """Where the frames of the store ``db`` are kept."""
    return db.with_name(db.name + ".frames")


@lru_cache(maxsize=32)
def _code_key(modules: tuple[str, ...]) -> str:
    h = hashlib.sha256(f"{FORMAT}|{pd.__version__}|{pa.__version__}".encode())
    for name in sorted(modules):
        try:
            source = importlib.import_module(name).__file__
            h.update(Path(source).read_bytes() if source else name.encode())
        except (ImportError, OSError):
            h.update(name.encode())
    return h.hexdigest()[:12]


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:80]


def kept(db: Path, name: str, fingerprint: str, build: Callable[[], pd.DataFrame],
         modules: Iterable[str] = (), *, version: int = -1,
         update: Callable[[pa.Table, int], pa.Table | None] | None = None) -> pd.DataFrame:
    """``build()``, read from the file kept for this store state if there is one, else
    built and (from ``MIN_ROWS`` rows on) kept for the next process.

    With ``update``, the frame kept at an older data version (below ``version``) is
    brought up to date by ``update(table, its_version)`` (None: it cannot be, and the
    frame is built whole)."""
    code = _code_key(tuple(sorted({"timeline.store", "timeline.snapshot", *modules})))
    key = hashlib.sha256(f"{fingerprint}|{code}".encode()).hexdigest()[:16]
    stem = _slug(name)
    path = folder(db) / f"{stem}-{code}-{max(version, 0)}-{key}.arrow"
    if path.is_file():
        try:
            return _mapped(path).to_pandas()
        except (OSError, ValueError, pa.ArrowException):
            pass  # damaged: built again below
    made = _updated(path, stem, code, version, update) if update is not None else None
    df = build() if made is None else made
    if len(df) >= MIN_ROWS and _save(df, path, stem):
        del df, made  # the copy on disk, mapped, in place of the one just made: its
        pa.default_memory_pool().release_unused()  # memory is given back
        try:
            return _mapped(path).to_pandas()
        except (OSError, ValueError, pa.ArrowException):
            return build()
    return df if isinstance(df, pd.DataFrame) else df.to_pandas()


_MAPS: weakref.WeakSet[mmap.mmap] = weakref.WeakSet()


def _mapped(path: Path) -> pa.Table:
    """The frame kept at ``path``, memory-mapped: read in place, not copied."""
    with open(path, "rb") as f:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    _MAPS.add(mm)
    return feather.read_table(pa.BufferReader(pa.py_buffer(mm)))


def release() -> None:
    """The pages of the kept frames read so far leave this process's memory (they stay in
    the system's file cache and come back as they are read again): between the columns
    of a frame being made, so that two frames of a million rows are never resident at
    once."""
    for mm in list(_MAPS):
        try:
            mm.madvise(mmap.MADV_DONTNEED)
        except (OSError, ValueError, AttributeError):
            pass


def _side_path(db: Path, name: str, version: int, modules: Iterable[str]) -> Path:
    code = _code_key(tuple(sorted({"timeline.store", "timeline.snapshot", *modules})))
    return folder(db) / f"{_slug(name)}-{code}-{max(version, 0)}.arrow"


def keep_side(db: Path, name: str, version: int, df: pd.DataFrame,
              modules: Iterable[str] = ()) -> None:
    """Keep ``df``, what a frame's ``update`` reads besides the frame, for this version
    of the store (older versions of it are dropped)."""
    _save(df, _side_path(db, name, version, modules), _slug(name))


def side(db: Path, name: str, version: int, modules: Iterable[str] = ()) -> pd.DataFrame | None:
    """What ``keep_side`` kept for this version of the store, or None."""
    try:
        return feather.read_table(_side_path(db, name, version, modules)).to_pandas()
    except (OSError, ValueError, pa.ArrowException):
        return None


def _updated(path: Path, stem: str, code: str, version: int,
             update: Callable[[pa.Table, int], pa.Table | None]) -> pa.Table | None:
    """The newest frame kept for an older version of the store, made up to date by
    ``update``; None when there is none or it cannot be."""
    found = []
    for old in path.parent.glob(f"{stem}-{code}-*-*.arrow"):
        m = re.fullmatch(rf"{re.escape(stem)}-{code}-(\d+)-[0-9a-f]{{16}}\.arrow", old.name)
        if m and int(m.group(1)) < version:
            found.append((int(m.group(1)), old))
    if not found:
        return None
    since, old = max(found)
    try:
        return update(_mapped(old), since)
    except (OSError, ValueError, pa.ArrowException):
        return None


def spliced(old: pa.Table, part: pd.DataFrame, gone: np.ndarray) -> pa.Table:
    """``old`` (sorted by date, then id, undated last) without the rows ``gone`` and with
    the rows of ``part`` (sorted the same way) put in their places: the table a sort of
    both would give, without sorting a million rows again."""
    new = pa.Table.from_pandas(part[old.column_names], preserve_index=False) \
        .cast(old.schema.remove_metadata())
    keep = np.flatnonzero(~gone)
    dates = _sort_dates(old["date"]).take(keep) if len(keep) else np.zeros(0, np.int64)
    ids = old["id"].take(pa.array(keep))
    mine, my_ids = _sort_dates(new["date"]), new["id"]
    lo = np.searchsorted(dates, mine, "left")
    hi = np.searchsorted(dates, mine, "right")
    while (open_ := lo < hi).any():  # among the rows of the same date, by id
        at = np.flatnonzero(open_)
        mid = (lo[at] + hi[at]) // 2
        less = pc.less(ids.take(pa.array(mid)), my_ids.take(pa.array(at))) \
            .to_numpy(zero_copy_only=False)
        lo[at[less]] = mid[less] + 1
        hi[at[~less]] = mid[~less]
    n = len(keep) + len(part)
    mine_at = lo + np.arange(len(part))
    take = np.empty(n, dtype=np.int64)
    theirs = np.ones(n, dtype=bool)
    theirs[mine_at] = False
    take[theirs] = keep
    take[mine_at] = np.arange(len(part)) + old.num_rows
    rows = pa.array(take)
    columns = []
    for field_ in old.schema:  # a column at a time, the pages read let go after each
        columns.append(pa.chunked_array(old[field_.name].chunks + new[field_.name].chunks,
                                        field_.type).take(rows))
        release()
    table = pa.table(columns, schema=old.schema.remove_metadata())
    return table.replace_schema_metadata(pandas_meta(old.schema.metadata, n))


def _sort_dates(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Dates as integers that sort as the frame does (undated last)."""
    values = pc.fill_null(pc.cast(column, pa.int64()), np.iinfo(np.int64).max)
    return values.to_numpy() if isinstance(values, pa.Array) else \
        values.combine_chunks().to_numpy()


def pandas_meta(meta: dict | None, rows: int) -> dict | None:
    """The pandas metadata of a table, its range index made ``rows`` long."""
    if not meta or b"pandas" not in meta:
        return meta
    info = json.loads(meta[b"pandas"])
    for index in info.get("index_columns", []):
        if isinstance(index, dict) and index.get("kind") == "range":
            index.update(start=0, stop=rows, step=1)
    return {**meta, b"pandas": json.dumps(info).encode()}


def _save(df: pd.DataFrame | pa.Table, path: Path, stem: str) -> bool:
    """Write ``df`` to ``path`` atomically and drop older files of the same frame; whether
    it was written."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(exist_ok=True)
        # one record batch: each column reads back as one array, so taking rows (the
        # dashboard's table, a filter's result) reads only those rows, not every chunk
        feather.write_feather(df, tmp, compression="uncompressed", chunksize=max(len(df), 1))
        os.replace(tmp, path)
        for old in path.parent.glob(f"{stem}-*.arrow"):
            if old != path:
                old.unlink(missing_ok=True)
        return True
    except (OSError, ValueError, TypeError, pa.ArrowException):
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        return False
