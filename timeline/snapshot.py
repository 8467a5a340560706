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
"""
from __future__ import annotations

import hashlib
import importlib
import os
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
from pyarrow import feather

MIN_ROWS = 20_000
FORMAT = 2  # bump when the file layout changes (2: one record batch)


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
         modules: Iterable[str] = ()) -> pd.DataFrame:
    """``build()``, read from the file kept for this store state if there is one, else
    built and (from ``MIN_ROWS`` rows on) kept for the next process."""
    code = _code_key(tuple(sorted({"timeline.store", "timeline.snapshot", *modules})))
    key = hashlib.sha256(f"{fingerprint}|{code}".encode()).hexdigest()[:16]
    path = folder(db) / f"{_slug(name)}-{key}.arrow"
    if path.is_file():
        try:
            return feather.read_table(path, memory_map=True).to_pandas()
        except (OSError, ValueError, pa.ArrowException):
            pass  # damaged: built again below
    df = build()
    if len(df) >= MIN_ROWS and _save(df, path, _slug(name)):
        try:  # the copy on disk, mapped, in place of the one just built: its memory is
            return feather.read_table(path, memory_map=True).to_pandas()  # given back
        except (OSError, ValueError, pa.ArrowException):
            pass
    return df


def _save(df: pd.DataFrame, path: Path, stem: str) -> bool:
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
