"""The event store: the only module that talks to SQLite, and all it does.

One file holds articles, events, actors and the event-actor links. WAL mode lets the
dashboard read while an ingest writes; ids are content hashes so re-ingesting never
duplicates. Every write goes through ``Store._write``, the one owner of a write
transaction. Records become rows and back in ``rows``; ``storemark`` tells a store from
another file and holds its tables (with the log of changed articles: ``changed_since``);
what the analyst sees (corrections applied, frames) is ``eventviews``.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from timeline import corrections as corr
from timeline import rows, storemark
from timeline.batch import Batch, failed
from timeline.errors import BatchLost, StoreError
from timeline.eventframe import READ_CHUNK, gathered
from timeline.eventviews import EventViews
from timeline.framecache import FrameCache
from timeline.model import Article, Event
from timeline.storemark import CHANGES, SCHEMA, SCHEMA_VERSION


@dataclass(frozen=True)
class SaveResult:
    status: str  # "new" | "unchanged" | "updated"
    events: int  # events written (0 when unchanged)


class Store(EventViews):
    """An SQLite store of articles and events. Thread-safe for readers (one connection per thread)."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError("no store here (run 'timeline ingest' first)", str(self.path))
        storemark.make_folder(self.path)
        self._local = threading.local()
        self._frames = FrameCache()
        unmarked = self._refuse_foreign()
        conn = self._conn()
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"store schema {version} is newer than this tool ({SCHEMA_VERSION})",
                                 str(self.path))
            if version < SCHEMA_VERSION or unmarked:
                with self._write("not a usable store"):
                    conn.executescript(SCHEMA)
                    conn.execute("PRAGMA application_id = 1414351950")
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as err:
            raise StoreError(f"not a usable store: {err}", str(self.path)) from err
        self._log_changes(conn)

    @staticmethod
    def _log_changes(conn: sqlite3.Connection) -> None:
        """The log of changed articles (``storemark.CHANGES``), made if missing; a store
        that cannot be written goes without it (its frames are then rebuilt whole)."""
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger'"
                        " AND name = 'changes_actors_update'").fetchone():
            return
        try:
            conn.executescript(CHANGES)
        except sqlite3.DatabaseError:
            if conn.in_transaction:
                conn.execute("ROLLBACK")

    def _refuse_foreign(self) -> bool:
        """Refuse, before anything is written (read-only, the journal mode left alone), a
        file that is not a store of this tool (``storemark.judge``); True for one of this
        tool from before the mark. An empty file becomes a store."""
        if not self.path.is_file() or self.path.stat().st_size == 0:
            return False
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
        return storemark.judge(self.path, mark, version, tables, columns)

    # -- connections -------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, timeout=60, isolation_level=None,
                                       check_same_thread=False)
                storemark.retried(conn.execute, "PRAGMA journal_mode=WAL", sqlite3.OperationalError)
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
        batch: Batch | None = getattr(self._local, "batch", None)
        if batch is not None and batch.saved(article.path or article.id, result.status):
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
        batch: Batch | None = getattr(self._local, "batch", None)
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
        except catch as err:  # SQLite may have ended the batch's transaction
            ended = batch is not None and not conn.in_transaction
            raise failed(f"{failure}: {err}", str(self.path), batch if ended else None) from err

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
        batch = self._local.batch = Batch(articles or self.BATCH_ARTICLES,
                                           seconds or self.BATCH_SECONDS)
        try:
            yield
        finally:
            self._local.batch = None
            conn = self._conn()
            if conn.in_transaction:
                self._commit_batch(conn, batch)

    def _commit_batch(self, conn: sqlite3.Connection, batch: Batch) -> None:
        try:
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            if conn.in_transaction:  # a failed commit: the batch's articles are not stored
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.DatabaseError:
                    pass
            lost = batch.take()
            raise BatchLost(f"cannot store the {len(lost)} articles saved since the last "
                            f"commit: {err}", str(self.path), lost=lost) from err
        batch.take()

    def uncommitted(self) -> int:
        """Articles saved in this thread's batch and not committed yet (0 outside one)."""
        batch: Batch | None = getattr(self._local, "batch", None)
        return len(batch.pending) if batch is not None else 0

    def _insert_article(self, conn: sqlite3.Connection, a: Article) -> None:
        conn.execute(
            "INSERT INTO articles (id, url, title, outlet, lang, published, published_from, path,"
            " text, text_hash, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows.article_row(a))

    def _insert_events(self, conn: sqlite3.Connection, events: list[Event]) -> int:
        written = [ev for ev in events if conn.execute(
            "INSERT OR IGNORE INTO events (id, article_id, type, status, date, end_date,"
            " precision, date_note, evidence, start, \"end\", spans, confidence, trigger)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows.event_row(ev)).rowcount]
        # the actors and links of the events written, in two statements
        actors, links = rows.actors_and_links(written)
        conn.executemany("INSERT OR IGNORE INTO actors (id, name, code, kind) VALUES (?,?,?,?)",
                         actors)
        conn.executemany("INSERT OR IGNORE INTO event_actors (event_id, actor_id, role, position)"
                         " VALUES (?,?,?,?)", links)
        return len(written)

    @staticmethod
    def _bump(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")

    # -- reading -----------------------------------------------------------
    def data_version(self) -> int:
        """A counter bumped by every committed write (cheap; used to refresh caches)."""
        row = self._conn().execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        return int(row[0]) if row else 0

    def counts(self) -> dict[str, int]:
        row = self._conn().execute(
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM events),"
            " (SELECT COUNT(*) FROM actors), (SELECT COUNT(*) FROM event_actors)").fetchone()
        return dict(zip(("articles", "events", "actors", "links"), row))

    def integrity_ok(self) -> bool:
        return self._conn().execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def article(self, article_id: str) -> Article | None:
        """One stored article (text included), or None."""
        row = self._conn().execute(
            "SELECT id, url, title, outlet, lang, published, published_from, path, text"
            " FROM articles WHERE id = ?", (article_id,)).fetchone()
        return rows.article_of(row) if row is not None else None

    def texts(self, article_ids: list[str]) -> dict[str, str]:
        """The text of each of these articles that is stored."""
        marks = ",".join("?" * len(article_ids))
        return dict(self._conn().execute(
            f"SELECT id, text FROM articles WHERE id IN ({marks})", article_ids).fetchall())

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
        links = rows.actors_by_event(conn.execute(link_sql, params))
        for r in conn.execute(sql, params).fetchall():
            yield rows.event_of(r, links.get(r[0]))

    # -- corrections ---------------------------------------------------------
    def add_corrections(self, corrections: Iterable[corr.Correction]) -> int:
        """Keep ``corrections`` (one transaction); returns how many were new (an id already
        kept is skipped, so importing the same file twice adds nothing)."""
        added = 0
        with self._write("cannot save corrections") as conn:
            for c in corrections:
                added += conn.execute(
                    "INSERT OR IGNORE INTO corrections (id, event_id, action, article_id,"
                    " payload, created_at, author) VALUES (?,?,?,?,?,?,?)",
                    rows.correction_row(c)).rowcount
            if added:
                self._bump(conn)
        return added

    def corrections(self) -> list[corr.Correction]:
        """Every correction, in the order they were made."""
        return [rows.correction_of(r) for r in self._conn().execute(
            "SELECT action, article_id, payload, created_at, author FROM corrections"
            " ORDER BY created_at, id").fetchall()]

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

    # -- the rows of the views (``eventviews``) ------------------------------------
    def frame_rows(self, article_ids: Iterable[str] | None = None
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The rows the events frame is built from (``eventframe.build_frame``): every
        event (or those of ``article_ids``) with its article's language, outlet, title,
        URL and date; their actor links."""
        conn = self._conn()
        where = join = ""
        params: tuple[str, ...] = ()
        if article_ids is not None:
            where = " WHERE e.article_id IN (SELECT value FROM json_each(?))"
            join = " JOIN events e ON e.id = ea.event_id" + where
            params = (json.dumps(sorted(article_ids)),)
        ev = gathered(pd.read_sql_query(
            "SELECT e.id, e.article_id, e.type, e.status, e.date, e.end_date, e.precision,"
            " e.date_note, e.evidence, e.start, e.\"end\", e.confidence, e.trigger,"
            " a.lang, a.outlet, a.title, a.url, a.published"
            " FROM events e JOIN articles a ON a.id = e.article_id" + where, conn,
            params=params, chunksize=READ_CHUNK))
        links = gathered(pd.read_sql_query(
            "SELECT ea.event_id, ea.role, ea.position, ac.name, ac.code, ac.kind"
            " FROM event_actors ea JOIN actors ac ON ac.id = ea.actor_id" + join
            + " ORDER BY ea.event_id, ea.role, ea.position", conn, params=params,
            chunksize=READ_CHUNK))
        return ev, links

    def changed_since(self, version: int) -> set[str] | None:
        """The articles changed (added, deleted, edited, corrected) after data version
        ``version``; None when the log of changes does not reach back that far."""
        conn = self._conn()
        try:
            since = conn.execute("SELECT value FROM meta WHERE key = 'changes_since'").fetchone()
            if since is None or since[0] > version:
                return None
            return {r[0] for r in conn.execute(
                "SELECT article_id FROM changes WHERE version > ?", (version,))}
        except sqlite3.DatabaseError:
            return None

    def state(self) -> tuple[int, str]:
        """The events stored, and a fingerprint of this state of the store (the data
        version, the events' count and id range, the articles' count)."""
        conn = self._conn()
        n, lo, hi = conn.execute("SELECT count(*), min(id), max(id) FROM events").fetchone()
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        return n, f"{self.data_version()}|{n}|{lo}|{hi}|{articles}"
