"""The dashboard's frames kept beside the store: the same frame, never a stale one."""
from __future__ import annotations

import gc
from pathlib import Path

import pandas as pd
import pytest

from timeline import snapshot
from timeline.crossmerge import group_reports
from timeline.ingest import ingest
from timeline.store import Store

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


@pytest.fixture(autouse=True)
def keep_every_frame(monkeypatch):
    monkeypatch.setattr(snapshot, "MIN_ROWS", 1)


def files(db: Path) -> list[Path]:
    return sorted(snapshot.folder(db).glob("*.arrow"))


def test_snapshot_next_process_reads_the_same_frames(tmp_path):
    db = tmp_path / "t.db"
    store = Store(db)
    ingest([SAMPLES], store, quiet=True)
    frame, merged = store.events_frame(), store.derived(group_reports)
    assert len(files(db)) == 3  # the merged reports are kept with their reading
    again = Store(db)
    again._load_frame = None  # a rebuild would fail: the kept file must be read
    pd.testing.assert_frame_equal(again.events_frame(), frame)
    pd.testing.assert_frame_equal(again.derived(group_reports), merged)


def test_snapshot_store_change_replaces_the_kept_frame(tmp_path):
    db = tmp_path / "t.db"
    store = Store(db)
    first = sorted(SAMPLES.glob("en-*.json"))
    ingest(first[:5], store, quiet=True)
    store.events_frame()
    old = files(db)
    ingest(first[5:], store, quiet=True)
    frame = store.events_frame()
    assert len(frame) > 0 and files(db) != old and len(files(db)) == 1
    pd.testing.assert_frame_equal(Store(db).events_frame(), frame)


def test_snapshot_store_made_again_never_meets_an_old_frame(tmp_path):
    db = tmp_path / "t.db"
    en, ar = sorted(SAMPLES.glob("en-*.json"))[:6], sorted(SAMPLES.glob("ar-*.json"))[:6]
    store = Store(db)
    ingest(en, store, quiet=True)
    store.events_frame()
    store.close()
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    store = Store(db)  # same path, same number of writes, other articles
    ingest(ar, store, quiet=True)
    fresh = Store(db)
    pd.testing.assert_frame_equal(fresh.events_frame(), fresh._load_frame())


def test_snapshot_damaged_file_is_built_again(tmp_path):
    db = tmp_path / "t.db"
    store = Store(db)
    ingest([SAMPLES], store, quiet=True)
    store.events_frame()
    frame = store._load_frame()  # built in memory: the kept file is read as mapped, and
    store.close()  # a file changed in place under its mapping would fault, so the store
    del store  # holding it goes before the file is damaged
    gc.collect()
    for f in files(db):
        f.write_bytes(b"not arrow")
    pd.testing.assert_frame_equal(Store(db).events_frame(), frame)


def test_snapshot_small_stores_keep_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(snapshot, "MIN_ROWS", 20_000)
    db = tmp_path / "t.db"
    store = Store(db)
    ingest([SAMPLES], store, quiet=True)
    store.events_frame()
    assert not snapshot.folder(db).exists()
