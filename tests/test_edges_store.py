"""A store is recognised by its own mark: another program's SQLite database is never changed."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from timeline import cli
from timeline.errors import StoreError
from timeline.store import Store

APPLICATION_ID = 0x544D4C4E  # "TMLN"
from tests.test_reliability import EN, _no_server, error_lines, folder_state, run_cli


def _scraper(path: Path) -> None:
    """A news scraper's database: a table named ``articles`` of its own."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, url TEXT, title TEXT, body TEXT)")
    con.execute("INSERT INTO articles (url, title, body) VALUES ('https://x.org/1', 't', 'b')")
    con.commit()
    con.close()


def _marked_by_another(path: Path) -> None:
    """Another program's database with the very tables of a store, and its own mark."""
    Store(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA application_id = 12345")
    con.commit()
    con.close()


def _tables_only(path: Path) -> None:
    """A store's tables but none of its version: not made by this tool."""
    con = sqlite3.connect(path)
    for table in ("articles", "actors", "events", "event_actors", "meta"):
        con.execute(f"CREATE TABLE {table} (id TEXT)")
    con.commit()
    con.close()


@pytest.mark.parametrize("make", [_scraper, _marked_by_another, _tables_only])
def test_edges_store_another_programs_database_is_never_changed(
        tmp_path: Path, make, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text(EN, encoding="utf-8")
    db = tmp_path / "scraper.db"
    make(db)
    before = folder_state(tmp_path)
    res = run_cli("ingest", article, "--db", db)
    assert res.returncode == 1
    lines = error_lines(res.stderr)
    assert len(lines) == 1 and lines[0].startswith(f"timeline: {db}: not a timeline store"), lines
    assert cli.main(["ingest", str(article), "--db", str(db), "--quiet"]) == 1
    assert len(error_lines(capsys.readouterr().err)) == 1
    seen = _no_server(monkeypatch)
    assert cli.main(["serve", "--db", str(db)]) == 1 and not seen
    assert len(error_lines(capsys.readouterr().err)) == 1
    assert folder_state(tmp_path) == before  # same bytes, no -wal or -shm beside it
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched to WAL


def test_edges_store_new_store_is_marked_and_old_unmarked_store_is_adopted(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store = Store(db)
    store.close()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("PRAGMA user_version").fetchone()[0] == 2
    con.execute("PRAGMA application_id = 0")  # as stores were made before the mark
    con.commit()
    con.close()
    Store(db).close()  # this tool's schema: still a store, and marked now
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    con.close()
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    Store(empty).close()  # an empty file becomes a store
    with pytest.raises(StoreError, match="not a timeline store"):
        con = sqlite3.connect(tmp_path / "x.db")
        con.execute("CREATE TABLE articles (id TEXT)")
        con.commit()
        con.close()
        Store(tmp_path / "x.db")
