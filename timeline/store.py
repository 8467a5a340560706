"""The event store: the only module that talks to SQLite.

One file holds articles, events, actors and the event-actor links. WAL mode lets
the dashboard read while an ingest writes; every article is saved in one
transaction; ids are content hashes so re-ingesting never duplicates. Every write
goes through ``Store._write``, the one owner of a write transaction. The events frame
is built by ``eventframe`` from the rows read here and kept by ``framecache``.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from timeline import corrections as corr
from timeline.errors import StoreError
from timeline.eventframe import READ_CHUNK, build_frame, corrected, gathered
from timeline.framecache import FrameCache
from timeline.model import Actor, Article, Event, EventDate, Span, content_hash

SCHEMA_VERSION = 2  # 2: corrections
#: ``PRAGMA application_id`` of a store ("TMLN"): what tells a store from any other database.
APPLICATION_ID = 0x544D4C4E

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    url TEXT,
    title TEXT NOT NULL DEFAULT '',
    outlet TEXT,
    lang TEXT NOT NULL,
    published TEXT,
    published_from TEXT,
    path TEXT,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
CREATE TABLE IF NOT EXISTS actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    code TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS actors_code ON actors(code);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    date TEXT,
    end_date TEXT,
    precision TEXT NOT NULL,
    date_note TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    spans TEXT NOT NULL DEFAULT '[]',
    confidence REAL NOT NULL,
    trigger TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE TABLE IF NOT EXISTS event_actors (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES actors(id),
    role TEXT NOT NULL CHECK (role IN ('source', 'target')),
    position INTEGER NOT NULL,
    PRIMARY KEY (event_id, role, actor_id)
);
CREATE INDEX IF NOT EXISTS event_actors_actor ON event_actors(actor_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('version', 0);
CREATE TABLE IF NOT EXISTS corrections (
    id TEXT PRIMARY KEY,
    event_id TEXT,
    action TEXT NOT NULL CHECK (action IN ('edit', 'reject', 'add', 'merge')),
    article_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    author TEXT
);
CREATE INDEX IF NOT EXISTS corrections_article ON corrections(article_id);
"""

#: The tables of a store (``_SCHEMA``).
_TABLES = frozenset({"articles", "actors", "events", "event_actors", "meta", "corrections"})
_OWN_COLUMNS = frozenset({"id", "url", "title", "lang", "text", "text_hash", "ingested_at"})

def actor_key(actor: Actor) -> str:
    """Stable id of an actor as stored (its code, kind and name)."""
    return content_hash(actor.code, actor.kind, actor.name, length=12)


@dataclass
class _Batch:
    """The open transaction of ``Store.batch``: what it holds and when it is due."""

    articles: int
    seconds: float
    opened: float = 0.0
    pending: list[str] = field(default_factory=list)  # saved, not yet committed

    def due(self) -> bool:
        return len(self.pending) >= self.articles or \
            time.monotonic() - self.opened >= self.seconds


class BatchLost(StoreError):
    """A batch's commit failed: its articles (``lost``, by path or id) were not stored."""

    def __init__(self, message: str, path: str | None = None, *, lost: list[str]) -> None:
        super().__init__(message, path)
        self.lost = lost


@dataclass(frozen=True)
class SaveResult:
    status: str  # "new" | "unchanged" | "updated"
    events: int  # events written (0 when unchanged)


class Store:
    """An SQLite store of articles and events. Thread-safe for readers (one connection per thread)."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError("no store here (run 'timeline ingest' first)", str(self.path))
        if self.path.parent and not self.path.parent.exists():
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(f"cannot create folder: {err.strerror}", str(self.path)) from err
        self._local = threading.local()
        self._frames = FrameCache()
        self._unmarked = False
        self._refuse_foreign()
        conn = self._conn()
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"store schema {version} is newer than this tool ({SCHEMA_VERSION})",
                                 str(self.path))
            if version < SCHEMA_VERSION or self._unmarked:
                with self._write("not a usable store"):
                    conn.executescript(_SCHEMA)
                    conn.execute("PRAGMA application_id = 1414351950")
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as err:
            raise StoreError(f"not a usable store: {err}", str(self.path)) from err

    def _refuse_foreign(self) -> None:
        """Refuse, before anything is written, a file that is not a store of this tool.

        A store carries this tool's mark (``PRAGMA application_id``). An empty file, or an
        SQLite database with no table at all, becomes a store; a store of this tool from
        before the mark (exactly this tool's tables, with its version table) is marked
        on opening; anything else (not SQLite, another program's database, another mark)
        is refused, with nothing written and the journal mode left alone."""
        if not self.path.is_file() or self.path.stat().st_size == 0:
            return
        try:
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                   timeout=60)
        except sqlite3.DatabaseError as err:
            raise StoreError(f"cannot open store: {err}", str(self.path)) from err
        try:
            mark = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")}
            columns = {r[1] for r in conn.execute("PRAGMA table_info(articles)")} \
                if "articles" in tables else set()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"not a timeline store: {err}", str(self.path)) from err
        finally:
            conn.close()
        if mark == APPLICATION_ID or (mark == 0 and version == 0 and not tables):
            return
        if mark != 0:
            raise StoreError(f"not a timeline store: an SQLite database of another program "
                             f"(application id {mark:#x})", str(self.path))
        if version in (1, SCHEMA_VERSION) and _TABLES - {"corrections"} <= tables <= _TABLES \
                and _OWN_COLUMNS <= columns:
            self._unmarked = True  # this tool's store from before the mark: marked on opening
            return
        raise StoreError("not a timeline store: an SQLite database without this tool's mark ("
                         + (", ".join(sorted(tables)[:5]) or "no tables") + ")", str(self.path))

    # -- connections -------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, timeout=60, isolation_level=None,
                                       check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("PRAGMA busy_timeout=60000")
            except sqlite3.DatabaseError as err:
                raise StoreError(f"cannot open store: {err}", str(self.path)) from err
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- writing -----------------------------------------------------------
    def save(self, article: Article, events: Iterable[Event]) -> SaveResult:
        """Store ``article`` and its events, all or nothing.

        Same id (or same URL) and same text: nothing changes ("unchanged").
        Same id or URL with new text: the old article and its events are replaced.
        On its own, the article is one transaction; inside :meth:`batch`, a savepoint in
        the batch's transaction (committed with the batch).
        """
        events = list(events)
        # ValueError: text SQLite cannot take (a lone surrogate)
        with self._write(f"cannot save article {article.id}",
                         (sqlite3.DatabaseError, ValueError)) as conn:
            result = self._save(conn, article, events)
        batch: _Batch | None = getattr(self._local, "batch", None)
        if batch is not None:
            if result.status != "unchanged":
                batch.pending.append(article.path or article.id)
            if batch.due():
                self._commit_batch(conn, batch)
        return result

    @contextmanager
    def _write(self, failure: str,
               catch: tuple[type[Exception], ...] = (sqlite3.DatabaseError,)
               ) -> Iterator[sqlite3.Connection]:
        """The one owner of every write transaction: the block's writes are committed
        together or not at all (rolled back on any error). Inside :meth:`batch` the block
        is a savepoint in the batch's transaction, committed with the batch. An error of
        SQLite (or of ``catch``) leaves as ``StoreError("<failure>: <error>")``, or as
        :class:`BatchLost` when it cost the articles saved before it in the batch."""
        conn = self._conn()
        batch: _Batch | None = getattr(self._local, "batch", None)
        try:
            if batch is None:
                conn.execute("BEGIN IMMEDIATE")
            else:
                if not conn.in_transaction:
                    conn.execute("BEGIN IMMEDIATE")
                    batch.opened = time.monotonic()
                conn.execute("SAVEPOINT write")
            try:
                yield conn
                if batch is not None:
                    conn.execute("RELEASE write")
                elif conn.in_transaction:  # a script (the schema) commits by itself
                    conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction and batch is None:
                    conn.execute("ROLLBACK")
                elif conn.in_transaction:
                    conn.execute("ROLLBACK TO write")
                    conn.execute("RELEASE write")
                raise
        except catch as err:
            lost: list[str] = []
            if batch is not None and not conn.in_transaction:  # SQLite ended the transaction
                lost, batch.pending = batch.pending, []
            if lost:
                raise BatchLost(f"{failure}: {err} (and the {len(lost)} articles saved before "
                                f"it in this batch were not stored)", str(self.path),
                                lost=lost) from err
            raise StoreError(f"{failure}: {err}", str(self.path)) from err

    def _save(self, conn: sqlite3.Connection, article: Article, events: list[Event]) -> SaveResult:
        row = conn.execute("SELECT id, text_hash FROM articles WHERE id = ?",
                           (article.id,)).fetchone()
        if row is None and article.url:
            row = conn.execute("SELECT id, text_hash FROM articles WHERE url = ?",
                               (article.url,)).fetchone()
        if row is not None and row[1] == article.text_hash:
            return SaveResult("unchanged", 0)
        status = "new"
        if row is not None:
            status = "updated"
            if row[0] != article.id:  # same URL, new id: corrections follow the article
                conn.execute("UPDATE corrections SET article_id = ? WHERE article_id = ?",
                             (article.id, row[0]))
            conn.execute("DELETE FROM events WHERE article_id = ?", (row[0],))
            conn.execute("DELETE FROM articles WHERE id = ?", (row[0],))
        self._insert_article(conn, article)
        written = self._insert_events(conn, events)
        self._bump(conn)
        return SaveResult(status, written)

    BATCH_ARTICLES = 20  # Store.batch's defaults: a commit every 20 articles
    BATCH_SECONDS = 0.25  # or every quarter second

    @contextmanager
    def batch(self, articles: int | None = None, seconds: float | None = None
              ) -> Iterator[None]:
        """Saves in this block (this thread) share transactions: one is committed every
        ``articles`` saved articles, every ``seconds``, and at the end. Each article stays
        all or nothing (a savepoint); other readers see a batch when it is committed, and
        the write lock is held no longer than ``seconds`` at a time. If a commit fails, its
        articles are not stored and :class:`BatchLost` names them; if the process dies,
        the uncommitted articles are simply saved by the next run."""
        if getattr(self._local, "batch", None) is not None:
            yield  # already in a batch
            return
        batch = self._local.batch = _Batch(articles or self.BATCH_ARTICLES,
                                           seconds or self.BATCH_SECONDS)
        try:
            yield
        finally:
            self._local.batch = None
            conn = self._conn()
            if conn.in_transaction:
                self._commit_batch(conn, batch)

    def _commit_batch(self, conn: sqlite3.Connection, batch: _Batch) -> None:
        try:
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            lost = self._batch_lost(conn, batch)
            raise BatchLost(f"cannot store the {len(lost)} articles saved since the last "
                            f"commit: {err}", str(self.path), lost=lost) from err
        batch.pending = []

    def uncommitted(self) -> int:
        """Articles saved in this thread's batch and not committed yet (0 outside one)."""
        batch: _Batch | None = getattr(self._local, "batch", None)
        return len(batch.pending) if batch is not None else 0

    @staticmethod
    def _batch_lost(conn: sqlite3.Connection, batch: _Batch) -> list[str]:
        """After a failed commit: end the transaction if it is still open; the batch's
        articles are not stored."""
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass
        lost, batch.pending = batch.pending, []
        return lost

    def _insert_article(self, conn: sqlite3.Connection, a: Article) -> None:
        conn.execute(
            "INSERT INTO articles (id, url, title, outlet, lang, published, published_from, path,"
            " text, text_hash, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, a.url, a.title, a.outlet, a.lang,
             a.published.isoformat() if a.published else None, a.published_from, a.path,
             a.text, a.text_hash, datetime.now(UTC).isoformat(timespec="seconds")),
        )

    def _insert_events(self, conn: sqlite3.Connection, events: list[Event]) -> int:
        written = 0
        actors: dict[str, tuple[str, str, str, str]] = {}
        links: list[tuple[str, str, str, int]] = []
        for ev in events:
            cur = conn.execute(
                "INSERT OR IGNORE INTO events (id, article_id, type, status, date, end_date,"
                " precision, date_note, evidence, start, \"end\", spans, confidence, trigger)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (ev.id, ev.article_id, ev.type, ev.status,
                 ev.when.date.isoformat() if ev.when.date else None,
                 ev.when.end_date.isoformat() if ev.when.end_date else None,
                 ev.when.precision, ev.when.note, ev.evidence, ev.start, ev.end,
                 json.dumps([[s.start, s.end] for s in ev.spans]), ev.confidence, ev.trigger),
            )
            if cur.rowcount == 0:
                continue
            written += 1
            for role, group in (("source", ev.source), ("target", ev.target)):
                for pos, actor in enumerate(group):
                    key = actor_key(actor)
                    actors.setdefault(key, (key, actor.name, actor.code, actor.kind))
                    links.append((ev.id, key, role, pos))
        # the article's actors and links in two statements, in the order they were met
        conn.executemany("INSERT OR IGNORE INTO actors (id, name, code, kind) VALUES (?,?,?,?)",
                         list(actors.values()))
        conn.executemany("INSERT OR IGNORE INTO event_actors (event_id, actor_id, role, position)"
                         " VALUES (?,?,?,?)", links)
        return written

    @staticmethod
    def _bump(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")

    # -- reading -----------------------------------------------------------
    def data_version(self) -> int:
        """A counter bumped by every committed write (cheap; used to refresh caches)."""
        row = self._conn().execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        return int(row[0]) if row else 0

    def counts(self) -> dict[str, int]:
        conn = self._conn()
        return {
            "articles": conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
            "events": conn.execute("SELECT COUNT(*) FROM events").fetchone()[0],
            "actors": conn.execute("SELECT COUNT(*) FROM actors").fetchone()[0],
            "links": conn.execute("SELECT COUNT(*) FROM event_actors").fetchone()[0],
        }

    def integrity_ok(self) -> bool:
        return self._conn().execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def article(self, article_id: str) -> dict | None:
        """One article as a dict (text included), or None."""
        conn = self._conn()
        cur = conn.execute("SELECT id, url, title, outlet, lang, published, published_from, path, text"
                           " FROM articles WHERE id = ?", (article_id,))
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row))

    def articles(self) -> list[dict]:
        conn = self._conn()
        cur = conn.execute("SELECT id, url, title, outlet, lang, published, published_from, path"
                           " FROM articles ORDER BY id")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def _records(self, article_ids: Iterable[str] | None = None) -> Iterator[Event]:
        """Events as extracted (no corrections), ordered by article, start and id."""
        conn = self._conn()
        sql = ("SELECT id, article_id, type, status, date, end_date, precision, date_note, evidence,"
               " start, \"end\", spans, confidence, trigger FROM events")
        link_sql = ("SELECT ea.event_id, ea.role, ea.position, a.name, a.code, a.kind"
                    " FROM event_actors ea JOIN actors a ON a.id = ea.actor_id")
        params: tuple = ()
        if article_ids is not None:
            params = tuple(dict.fromkeys(article_ids))
            marks = ",".join("?" * len(params))
            sql += f" WHERE article_id IN ({marks})"
            link_sql += f" JOIN events e ON e.id = ea.event_id WHERE e.article_id IN ({marks})"
        sql += " ORDER BY article_id, start, id"
        links: dict[str, dict[str, list[tuple[int, Actor]]]] = {}
        for eid, role, pos, name, code, kind in conn.execute(link_sql, params):
            links.setdefault(eid, {"source": [], "target": []})[role].append(
                (pos, Actor(name=name, code=code, kind=kind)))
        for r in conn.execute(sql, params).fetchall():
            roles = links.get(r[0], {"source": [], "target": []})
            yield Event(
                article_id=r[1], type=r[2], status=r[3],
                when=EventDate(_d(r[4]), r[6], _d(r[5]), r[7]),
                evidence=r[8], start=r[9], end=r[10],
                spans=tuple(Span(s, e) for s, e in json.loads(r[11])),
                confidence=r[12], trigger=r[13],
                source=tuple(a for _, a in sorted(roles["source"], key=lambda x: x[0])),
                target=tuple(a for _, a in sorted(roles["target"], key=lambda x: x[0])),
            )

    def iter_events(self, article_id: str | None = None) -> Iterator[Event]:
        """Events as records, corrections applied (for jsonl export and round-trip tests)."""
        corrections = self.corrections()
        touched = set().union(*(c.articles for c in corrections)) if corrections else set()
        if article_id is not None and article_id not in touched:
            touched = set()
        for ev in self._records(None if article_id is None else [article_id]):
            if ev.article_id not in touched:
                yield ev
        if touched:
            shown = self.shown(touched if article_id is None else [article_id], corrections)
            yield from sorted((s.event for s in shown), key=lambda e: (e.article_id, e.start, e.id))

    # -- corrections ---------------------------------------------------------
    def add_corrections(self, corrections: Iterable[corr.Correction]) -> int:
        """Keep ``corrections`` (one transaction); returns how many were new (an id already
        kept is skipped, so importing the same file twice adds nothing)."""
        added = 0
        with self._write("cannot save corrections") as conn:
            for c in corrections:
                cur = conn.execute(
                    "INSERT OR IGNORE INTO corrections (id, event_id, action, article_id,"
                    " payload, created_at, author) VALUES (?,?,?,?,?,?,?)",
                    (c.id, c.event_id, c.action, c.article_id,
                     json.dumps(c.payload, ensure_ascii=False, sort_keys=True), c.created_at,
                     c.author or None))
                added += cur.rowcount
            if added:
                self._bump(conn)
        return added

    def corrections(self) -> list[corr.Correction]:
        """Every correction, in the order they were made."""
        rows = self._conn().execute(
            "SELECT action, article_id, payload, created_at, author FROM corrections"
            " ORDER BY created_at, id").fetchall()
        return [corr.Correction(a, corr.moved(json.loads(p), art), c, u or "")
                for a, art, p, c, u in rows]

    def shown(self, article_ids: Iterable[str],
              corrections: list[corr.Correction] | None = None) -> list[corr.Shown]:
        """The events of these articles as the analyst sees them (corrections applied)."""
        ids = list(dict.fromkeys(article_ids))
        base: dict[str, list[Event]] = {}
        for ev in self._records(ids):
            base.setdefault(ev.article_id, []).append(ev)
        texts = {a: t for a, t in self._conn().execute(
            f"SELECT id, text FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids)}
        for a in texts:
            base.setdefault(a, [])
        if corrections is None:
            corrections = self.corrections()
        return corr.apply(base, [c for c in corrections if c.articles & set(ids)], texts)

    def find_shown(self, event_id: str) -> corr.Shown | None:
        """The shown event with this id (as in ``events_frame()``), or None."""
        frame = self.events_frame()
        rows = frame.loc[frame["id"] == event_id, "article_id"]
        if rows.empty:
            return None
        return next((s for s in self.shown([str(rows.iloc[0])]) if s.event.id == event_id), None)

    def replace_events(self, article_id: str, events: Iterable[Event]) -> bool:
        """Replace the extracted events of one stored article (one transaction), e.g. after
        the rules changed; corrections are kept apart and apply again. False: no change."""
        events = list(events)
        with self._write(f"cannot replace events of article {article_id}") as conn:
            old = {r[0] for r in conn.execute("SELECT id FROM events WHERE article_id = ?",
                                              (article_id,))}
            if old == {ev.id for ev in events}:
                return False
            conn.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
            self._insert_events(conn, events)
            self._bump(conn)
        return True

    def events_frame(self) -> pd.DataFrame:
        """All events, one row per event with actor columns; cached until the store changes."""
        return self._frames.get("events", self.data_version(), lambda: self._kept(
            "events", self._load_frame, ("timeline.corrections", "timeline.eventframe")))

    def derived(self, fn: Callable[[pd.DataFrame], pd.DataFrame]) -> pd.DataFrame:
        """``fn(events_frame())`` for a pure frame function ``fn``, cached like the frame
        (the dashboard's reports merged into one event per act)."""
        key = f"{fn.__module__}.{fn.__qualname__}"
        return self._frames.get(key, self.data_version(), lambda: self._kept(
            key, lambda: fn(self.events_frame()), (fn.__module__,)))

    def _kept(self, name: str, build: Callable[[], pd.DataFrame],
              modules: tuple[str, ...]) -> pd.DataFrame:
        """``build()``, or the copy of it kept on disk for this state of the store
        (``timeline.snapshot``: a server starts in seconds at a million events)."""
        from timeline import snapshot
        conn = self._conn()
        n, lo, hi = conn.execute("SELECT count(*), min(id), max(id) FROM events").fetchone()
        if n < snapshot.MIN_ROWS:
            return build()
        fingerprint = (f"{self.data_version()}|{n}|{lo}|{hi}|"
                       f"{conn.execute('SELECT count(*) FROM articles').fetchone()[0]}")
        return snapshot.kept(self.path, name, fingerprint, build, modules)

    def _load_frame(self) -> pd.DataFrame:
        conn = self._conn()
        ev = gathered(pd.read_sql_query(
            "SELECT e.id, e.article_id, e.type, e.status, e.date, e.end_date, e.precision,"
            " e.date_note, e.evidence, e.start, e.\"end\", e.confidence, e.trigger,"
            " a.lang, a.outlet, a.title, a.url, a.published"
            " FROM events e JOIN articles a ON a.id = e.article_id", conn, chunksize=READ_CHUNK))
        links = gathered(pd.read_sql_query(
            "SELECT ea.event_id, ea.role, ea.position, ac.name, ac.code, ac.kind"
            " FROM event_actors ea JOIN actors ac ON ac.id = ea.actor_id"
            " ORDER BY ea.event_id, ea.role, ea.position", conn, chunksize=READ_CHUNK))
        ev["reports"] = ""
        corrections = self.corrections()
        if corrections:
            touched = set().union(*(c.articles for c in corrections))
            ev, links = corrected(ev, links, self.shown(touched, corrections), touched,
                                  self.article)
        return build_frame(ev, links)


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
