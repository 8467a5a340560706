"""Saves grouped in batches: each article all or nothing, a batch visible when committed,
a failed commit reported article by article."""
from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from timeline.errors import StoreError
from timeline.ingest import ingest
from timeline.model import Actor, Article, Event, EventDate
from timeline.store import BatchLost, Store

RUS = Actor("Russia", "RUS", "state")
USA = Actor("United States", "USA", "state")


def _art(i: int, text: str | None = None) -> Article:
    return Article(id=f"a{i}", text=text or f"article {i}", lang="en",
                   published=date(2021, 2, 18), path=f"news/{i}.txt")


def _ev(i: int) -> list[Event]:
    return [Event(f"a{i}", "talks", (RUS, USA), (), EventDate.unknown(), "occurred", "x", 0, 5, 0.8)]


def _others_see(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    finally:
        con.close()


def test_a_batch_is_seen_by_others_when_it_is_committed(tmp_path):
    store = Store(tmp_path / "s.db")
    with store.batch(articles=3, seconds=3600):
        for i in range(2):
            assert store.save(_art(i), _ev(i)).status == "new"
        assert store.uncommitted() == 2 and _others_see(store.path) == 0
        store.save(_art(2), _ev(2))  # the third: the batch is due
        assert store.uncommitted() == 0 and _others_see(store.path) == 3
        store.save(_art(3), _ev(3))
        assert _others_see(store.path) == 3
    assert _others_see(store.path) == 4 and store.uncommitted() == 0
    assert store.counts()["events"] == 4


def test_an_article_that_fails_in_a_batch_leaves_the_others(tmp_path):
    store = Store(tmp_path / "s.db")
    with store.batch(articles=100, seconds=3600):
        store.save(_art(0), _ev(0))
        with pytest.raises(StoreError, match="cannot save article a1"):
            store.save(_art(1, "bad \ud800 text"), _ev(1))  # SQLite cannot take a lone surrogate
        store.save(_art(2), _ev(2))
    assert sorted(a["id"] for a in store.articles()) == ["a0", "a2"]
    assert store.integrity_ok()


def test_unchanged_articles_in_a_batch_change_nothing(tmp_path):
    store = Store(tmp_path / "s.db")
    with store.batch():
        store.save(_art(0), _ev(0))
    version = store.data_version()
    with store.batch():
        assert store.save(_art(0), _ev(0)).status == "unchanged"
        assert store.uncommitted() == 0
    assert store.data_version() == version


class _FailingCommit:
    """A connection whose COMMIT fails (as on a full disk), everything else passed on."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, *args):
        if sql == "COMMIT":
            raise sqlite3.OperationalError("database or disk is full")
        return self.conn.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self.conn, name)


def test_a_failed_commit_names_the_articles_it_did_not_store(tmp_path):
    store = Store(tmp_path / "s.db")
    store.save(_art(9), _ev(9))  # stored before: kept
    real = store._conn()
    store._conn = lambda: _FailingCommit(real)  # type: ignore[method-assign]
    with pytest.raises(BatchLost) as got, store.batch(articles=2, seconds=3600):
        store.save(_art(0), _ev(0))
        store.save(_art(1), _ev(1))
    assert got.value.lost == ["news/0.txt", "news/1.txt"]
    assert "disk is full" in str(got.value) and "\n" not in str(got.value)
    store._conn = lambda: real  # type: ignore[method-assign]
    assert sorted(a["id"] for a in store.articles()) == ["a9"] and store.integrity_ok()


def test_ingest_counts_the_articles_of_a_failed_commit_as_failed(tmp_path, monkeypatch):
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(f"Published: 2021-02-18\n\nRussia held talks with Iran {i}.\n",
                                         encoding="utf-8")
    store = Store(tmp_path / "s.db")
    real = store._conn()
    calls = {"n": 0}

    class FirstCommitFails(_FailingCommit):
        def execute(self, sql: str, *args):
            if sql == "COMMIT" and calls["n"] == 0:
                calls["n"] += 1
                raise sqlite3.OperationalError("database or disk is full")
            return self.conn.execute(sql, *args)

    store._conn = lambda: FirstCommitFails(real)  # type: ignore[method-assign]
    monkeypatch.setattr(Store, "BATCH_ARTICLES", 2)  # commit every 2 articles
    monkeypatch.setattr(Store, "BATCH_SECONDS", 3600.0)
    summary = ingest([folder], store, quiet=True)
    assert summary.failed == 2 and summary.new == 3
    assert all("not stored" in e and "disk is full" in e for e in summary.errors)
    assert len(store.articles()) == 3
    again = ingest([folder], store, quiet=True)  # the lost ones are stored by the next run
    assert again.new == 2 and again.unchanged == 3 and again.failed == 0
