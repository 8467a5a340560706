"""The first start after a change: the kept frames brought up to date with the rows of the
changed articles only, equal to the frames built whole again."""
from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from timeline import corrections as corr
from timeline import crossmerge, snapshot
from timeline.crossmerge import group_reports
from timeline.ingest import ingest
from timeline.model import Actor, Article, Event, EventDate, Span
from timeline.store import Store

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
RUS, USA, TUR = (Actor("Russia", "RUS", "state"), Actor("United States", "USA", "state"),
                 Actor("Turkey", "TUR", "state"))
TEXT = "Russia held talks with the United States. Turkey condemned the strike."


@pytest.fixture(autouse=True)
def keep_every_frame(monkeypatch):
    monkeypatch.setattr(snapshot, "MIN_ROWS", 1)


def _article(aid: str, text: str = TEXT, day: int = 15) -> tuple[Article, list[Event]]:
    """An article of two events (talks RUS-USA and a condemnation by TUR) on one day of
    February 2021: articles of the same day report the same acts."""
    def ev(sentence: str, kind: str, source: tuple, target: tuple) -> Event:
        start = text.index(sentence)
        return Event(aid, kind, source, target, EventDate(date(2021, 2, day), "day"),
                     "occurred", sentence, start, start + len(sentence), 0.8,
                     (Span(start, start + len(sentence)),))
    events = [ev(text.split(". ")[0], "talks", (RUS,), (USA,))]
    if "Turkey" in text:
        events.append(ev(text.split(". ")[1], "condemnation", (TUR,), ()))
    return Article(id=aid, text=text, lang="en", published=date(2021, 2, day),
                   url=f"http://x/{aid}", title=aid), events


def _frames(db: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    store = Store(db)
    return store.events_frame(), store.derived(group_reports)


def _built_whole(db: Path, tmp: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    copy = tmp / "whole.db"
    for suffix in ("", "-wal"):  # the store as it is, its last writes included
        if Path(f"{db}{suffix}").exists():
            shutil.copy(f"{db}{suffix}", f"{copy}{suffix}")
    return _frames(copy)


def test_snapshot_update_after_ingest_edit_delete_and_corrections(tmp_path, monkeypatch):
    db = tmp_path / "t.db"
    store = Store(db)
    samples = sorted(SAMPLES.glob("*.json"))
    ingest(samples[:20], store, quiet=True)
    for k in range(6):
        store.save(*_article(f"a{k}", day=15 + k % 2))
    ev = store.events_frame()
    a0 = ev[ev["article_id"] == "a0"]["id"].tolist()
    shown = store.find_shown(a0[0])
    assert shown is not None
    store.add_corrections([corr.edit(shown.key, shown.event, {"type": "visit"})])
    _frames(db)  # the kept frames of this state
    before = sorted(snapshot.folder(db).glob("*.arrow"))
    assert len(before) == 3  # the events, the merged reports and their reading

    ingest(samples[20:], store, quiet=True)  # new articles
    store.save(*_article("a0", TEXT.replace("strike", "attack")))  # re-ingested, changed
    store.save(*_article("a1", "Russia held talks with the United States."))  # one event less
    store.save(*_article("a9", day=16))  # a new report of an act already kept
    frame = store.events_frame()
    b2 = frame[frame["article_id"] == "a2"]["id"].tolist()
    shown = store.find_shown(b2[0])
    assert shown is not None
    store.add_corrections([corr.reject(shown.key, shown.event)])  # an unchanged article
    conn = sqlite3.connect(db)
    gone = conn.execute("SELECT id FROM articles WHERE id NOT LIKE 'a%' LIMIT 1").fetchone()[0]
    with conn:  # an article deleted (by hand: the log of changes is kept by the store)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM articles WHERE id = ?", (gone,))
        conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")
    conn.close()
    store.close()

    whole, whole_merged = _built_whole(db, tmp_path)
    again = Store(db)
    again._load_frame = None  # a whole build would fail: the kept frames are updated
    monkeypatch.setattr(crossmerge, "scanned", None)  # and every report read again too
    frame, merged = again.events_frame(), again.derived(group_reports)
    pd.testing.assert_frame_equal(frame, whole)
    pd.testing.assert_frame_equal(merged, whole_merged)
    assert gone not in set(frame["article_id"]) and "a9" in set(frame["article_id"])
    assert len(sorted(snapshot.folder(db).glob("*.arrow"))) == 3
    third = Store(db)  # and the next process reads the frames kept for this state
    third._load_frame = None
    pd.testing.assert_frame_equal(third.events_frame(), whole)


def test_snapshot_update_needs_the_log_to_reach_back(tmp_path):
    db = tmp_path / "t.db"
    store = Store(db)
    for k in range(4):
        store.save(*_article(f"a{k}"))
    store.events_frame()
    conn = sqlite3.connect(db)
    with conn:  # an actor renamed in place: every event of it changes, the log starts again
        conn.execute("UPDATE actors SET name = 'Russian Federation' WHERE code = 'RUS'")
        conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")
    conn.close()
    assert Store(db).changed_since(store.data_version() - 1) is None
    frame = Store(db).events_frame()
    assert frame["source_names"].str.contains("Russian Federation").any()
    pd.testing.assert_frame_equal(frame, _built_whole(db, tmp_path)[0])


def test_snapshot_update_of_a_store_without_a_log(tmp_path):
    db = tmp_path / "t.db"
    store = Store(db)
    article, events = _article("a0")
    store.save(article, events)
    conn = sqlite3.connect(db)
    with conn:  # a store from before the log
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")\
                .fetchall():
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DROP TABLE changes")
        conn.execute("DELETE FROM meta WHERE key = 'changes_since'")
    conn.close()
    store = Store(db)  # the log is made on opening, from this version on
    version = store.data_version()
    assert store.changed_since(version - 1) is None and store.changed_since(version) == set()
    store.save(replace(article, id="a1", url="http://x/a1"),
               [replace(e, article_id="a1") for e in events])
    assert store.changed_since(version) == {"a1"}
