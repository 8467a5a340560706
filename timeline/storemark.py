"""What tells a store of this tool from any other file: its mark (``PRAGMA
application_id``), its schema version (``PRAGMA user_version``) and its tables.

``Store`` reads them, read-only, before it writes anything; ``judge`` decides. The
folder of a new store is made by ``make_folder``.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from timeline.errors import StoreError

#: The tables of a store (made by ``Store`` on opening an empty file).
SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, url TEXT, title TEXT NOT NULL DEFAULT '', outlet TEXT,
    lang TEXT NOT NULL, published TEXT, published_from TEXT, path TEXT,
    text TEXT NOT NULL, text_hash TEXT NOT NULL, ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
CREATE TABLE IF NOT EXISTS actors (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, code TEXT NOT NULL, kind TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS actors_code ON actors(code);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type TEXT NOT NULL, status TEXT NOT NULL,
    date TEXT, end_date TEXT, precision TEXT NOT NULL, date_note TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    spans TEXT NOT NULL DEFAULT '[]', confidence REAL NOT NULL, trigger TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE TABLE IF NOT EXISTS event_actors (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES actors(id),
    role TEXT NOT NULL CHECK (role IN ('source', 'target')), position INTEGER NOT NULL,
    PRIMARY KEY (event_id, role, actor_id)
);
CREATE INDEX IF NOT EXISTS event_actors_actor ON event_actors(actor_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('version', 0);
CREATE TABLE IF NOT EXISTS corrections (
    id TEXT PRIMARY KEY, event_id TEXT,
    action TEXT NOT NULL CHECK (action IN ('edit', 'reject', 'add', 'merge')),
    article_id TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL, author TEXT
);
CREATE INDEX IF NOT EXISTS corrections_article ON corrections(article_id);
"""

#: The articles changed at each data version (``meta`` ``version``): a row per article
#: (inserted, deleted or edited; its events, their actors or its corrections), kept up
#: to date by triggers, so every writer, an older tool or the sqlite3 shell included,
#: logs what it changes. ``meta`` ``changes_since`` is the version the log starts from;
#: an actor edited in place changes the events of many articles: the log then starts
#: again. Kept frames built at a version the log covers are brought up to date with
#: the rows of the changed articles only (``eventviews``). Each trigger updates the
#: article's row, then inserts it if it was not logged yet (not ``INSERT OR REPLACE``: the
#: ``OR IGNORE`` of the statement that fires a trigger would override it). Written out,
#: not generated: every statement the store runs is SQL as written in the code.
CHANGES = """
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS changes (article_id TEXT PRIMARY KEY, version INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS changes_version ON changes(version);
CREATE TRIGGER IF NOT EXISTS changes_articles_insert AFTER INSERT ON articles BEGIN
    UPDATE changes SET version = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE article_id = NEW.id;
    INSERT OR IGNORE INTO changes SELECT NEW.id, (SELECT value FROM meta WHERE key = 'version') + 1 WHERE NEW.id NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS changes_articles_delete AFTER DELETE ON articles BEGIN
    UPDATE changes SET version = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE article_id = OLD.id;
    INSERT OR IGNORE INTO changes SELECT OLD.id, (SELECT value FROM meta WHERE key = 'version') + 1 WHERE OLD.id NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS changes_articles_update AFTER UPDATE ON articles BEGIN
    UPDATE changes SET version = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE article_id = OLD.id;
    INSERT OR IGNORE INTO changes SELECT OLD.id, (SELECT value FROM meta WHERE key = 'version') + 1 WHERE OLD.id NOT NULL;
    UPDATE changes SET version = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE article_id = NEW.id;
    INSERT OR IGNORE INTO changes SELECT NEW.id, (SELECT value FROM meta WHERE key = 'version') + 1 WHERE NEW.id NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS changes_events_insert AFTER INSERT ON events BEGIN
    UPDATE changes SET version = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE article_id = NEW.article_id;
    INSERT OR IGNORE INTO changes SELECT NEW.article_id, (SELECT value FROM meta WHERE key = 'version') + 1 WHERE NEW.article_id NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS changes_events_delete AFTER DELETE ON events BEGIN
    UPDATE changes SET version = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE article_id = OLD.article_id;
    INSERT OR IGNORE INTO changes SELECT OLD.article_id, (SELECT value FROM meta WHERE key = 'version') + 1 WHERE OLD.article_id NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS changes_events_update AFTER UPDATE ON events BEGIN
    UPDATE changes SET version = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE article_id = OLD.article_id;
    INSERT OR IGNORE INTO changes SELECT OLD.article_id, (SELECT value FROM meta WHERE key = 'version') + 1 WHERE OLD.article_id NOT NULL;
    UPDATE changes SET version = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE article_id = NEW.article_id;
    INSERT OR IGNORE INTO changes SELECT NEW.article_id, (SELECT value FROM meta WHERE key = 'version') + 1 WHERE NEW.article_id NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS changes_corrections_insert AFTER INSERT ON corrections BEGIN
    UPDATE changes SET version = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE article_id = NEW.article_id;
    INSERT OR IGNORE INTO changes SELECT NEW.article_id, (SELECT value FROM meta WHERE key = 'version') + 1 WHERE NEW.article_id NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS changes_corrections_delete AFTER DELETE ON corrections BEGIN
    UPDATE changes SET version = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE article_id = OLD.article_id;
    INSERT OR IGNORE INTO changes SELECT OLD.article_id, (SELECT value FROM meta WHERE key = 'version') + 1 WHERE OLD.article_id NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS changes_corrections_update AFTER UPDATE ON corrections BEGIN
    UPDATE changes SET version = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE article_id = OLD.article_id;
    INSERT OR IGNORE INTO changes SELECT OLD.article_id, (SELECT value FROM meta WHERE key = 'version') + 1 WHERE OLD.article_id NOT NULL;
    UPDATE changes SET version = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE article_id = NEW.article_id;
    INSERT OR IGNORE INTO changes SELECT NEW.article_id, (SELECT value FROM meta WHERE key = 'version') + 1 WHERE NEW.article_id NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS changes_event_actors_insert AFTER INSERT ON event_actors BEGIN
    UPDATE changes SET version = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE article_id = (SELECT article_id FROM events WHERE id = NEW.event_id);
    INSERT OR IGNORE INTO changes SELECT (SELECT article_id FROM events WHERE id = NEW.event_id), (SELECT value FROM meta WHERE key = 'version') + 1 WHERE (SELECT article_id FROM events WHERE id = NEW.event_id) NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS changes_event_actors_delete AFTER DELETE ON event_actors BEGIN
    UPDATE changes SET version = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE article_id = (SELECT article_id FROM events WHERE id = OLD.event_id);
    INSERT OR IGNORE INTO changes SELECT (SELECT article_id FROM events WHERE id = OLD.event_id), (SELECT value FROM meta WHERE key = 'version') + 1 WHERE (SELECT article_id FROM events WHERE id = OLD.event_id) NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS changes_event_actors_update AFTER UPDATE ON event_actors BEGIN
    UPDATE changes SET version = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE article_id = (SELECT article_id FROM events WHERE id = OLD.event_id);
    INSERT OR IGNORE INTO changes SELECT (SELECT article_id FROM events WHERE id = OLD.event_id), (SELECT value FROM meta WHERE key = 'version') + 1 WHERE (SELECT article_id FROM events WHERE id = OLD.event_id) NOT NULL;
    UPDATE changes SET version = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE article_id = (SELECT article_id FROM events WHERE id = NEW.event_id);
    INSERT OR IGNORE INTO changes SELECT (SELECT article_id FROM events WHERE id = NEW.event_id), (SELECT value FROM meta WHERE key = 'version') + 1 WHERE (SELECT article_id FROM events WHERE id = NEW.event_id) NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS changes_actors_delete AFTER DELETE ON actors BEGIN
    UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE key = 'changes_since';
END;
CREATE TRIGGER IF NOT EXISTS changes_actors_update AFTER UPDATE ON actors BEGIN
    UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'version') + 1 WHERE key = 'changes_since';
END;

INSERT OR IGNORE INTO meta (key, value)
    SELECT 'changes_since', value FROM meta WHERE key = 'version';
COMMIT;
"""

SCHEMA_VERSION = 2  # 2: corrections
#: ``PRAGMA application_id`` of a store ("TMLN"): what tells a store from any other database.
APPLICATION_ID = 0x544D4C4E
#: The tables of a store (``store.SCHEMA``), and the columns only its articles table has.
TABLES = frozenset({"articles", "actors", "events", "event_actors", "meta", "corrections",
                    "changes"})
OWN_COLUMNS = frozenset({"id", "url", "title", "lang", "text", "text_hash", "ingested_at"})


def judge(path: Path, mark: int, version: int, tables: set[str], columns: set[str]) -> bool:
    """Whether a file read as SQLite (its ``mark``, schema ``version``, ``tables`` and the
    ``columns`` of its articles table) is a store of this tool from before the mark (True:
    marked on opening) or a store (False); anything else is refused (``StoreError``).

    An SQLite database with no table at all becomes a store; a store of this tool from
    before the mark has exactly this tool's tables, with its version table; anything
    else (another program's database, another mark) is refused."""
    if mark == APPLICATION_ID or (mark == 0 and version == 0 and not tables):
        return False
    if mark != 0:
        raise StoreError(f"not a timeline store: an SQLite database of another program "
                         f"(application id {mark:#x})", str(path))
    if version in (1, SCHEMA_VERSION) and TABLES - {"corrections", "changes"} <= tables <= TABLES \
            and OWN_COLUMNS <= columns:
        return True
    raise StoreError("not a timeline store: an SQLite database without this tool's mark ("
                     + (", ".join(sorted(tables)[:5]) or "no tables") + ")", str(path))


def make_folder(path: Path) -> None:
    """The folder of the store file ``path``, made if missing."""
    if path.parent and not path.parent.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"cannot create folder: {err.strerror}", str(path)) from err


def retried(run: Callable[[str], object], sql: str, busy: type[Exception],
            seconds: float = 60.0) -> None:
    """``run(sql)``, again while it fails with ``busy`` for up to ``seconds``: switching a
    store to WAL needs it to itself, and SQLite answers "locked" at once, without waiting,
    while another process is making the same new store."""
    end = time.monotonic() + seconds
    while True:
        try:
            run(sql)
            return
        except busy:
            if time.monotonic() > end:
                raise
            time.sleep(0.05)
