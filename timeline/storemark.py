"""What tells a store of this tool from any other file: its mark (``PRAGMA
application_id``), its schema version (``PRAGMA user_version``) and its tables.

``Store`` reads them, read-only, before it writes anything; ``judge`` decides. The
folder of a new store is made by ``make_folder``.
"""
from __future__ import annotations

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
#: the rows of the changed articles only (``eventviews``).
_NEXT = "(SELECT value FROM meta WHERE key = 'version') + 1"


def _logged(article: str) -> str:
    """The statements of a trigger that log ``article`` changed at the coming version: an
    update, then an insert if it was not logged yet (not ``INSERT OR REPLACE``: the
    ``OR IGNORE`` of the statement that fires a trigger would override it)."""
    return (f"UPDATE changes SET version = {_NEXT} WHERE article_id = {article}; "
            f"INSERT OR IGNORE INTO changes SELECT {article}, {_NEXT} WHERE {article} NOT NULL;")


_ROWS = {"INSERT": ("NEW",), "DELETE": ("OLD",), "UPDATE": ("OLD", "NEW")}
CHANGES = """
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS changes (article_id TEXT PRIMARY KEY, version INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS changes_version ON changes(version);
""" + "".join(
    f"CREATE TRIGGER IF NOT EXISTS changes_{table}_{when.lower()} AFTER {when} ON {table} "
    f"BEGIN {' '.join(_logged(column.format(row)) for row in rows)} END;\n"
    for table, column in (("articles", "{}.id"), ("events", "{}.article_id"),
                          ("corrections", "{}.article_id"),
                          ("event_actors", "(SELECT article_id FROM events WHERE id = {}.event_id)"))
    for when, rows in _ROWS.items()
) + "".join(
    f"CREATE TRIGGER IF NOT EXISTS changes_actors_{when.lower()} AFTER {when} ON actors "
    f"BEGIN UPDATE meta SET value = {_NEXT} WHERE key = 'changes_since'; END;\n"
    for when in ("DELETE", "UPDATE")
) + """
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
