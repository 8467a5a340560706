"""What the analyst sees of a store: its events with the corrections applied, and the
events frame (and frames derived from it) built from them, cached until the store
changes. Nothing here talks to SQLite: the rows come from the store's reading methods
(the abstract methods below; ``Store`` takes these views as its base class).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline import corrections as corr
from timeline import crossmerge, regroup
from timeline.correcting import Shown, apply
from timeline.crossmerge import group_reports
from timeline.eventframe import build_frame, corrected
from timeline.framecache import FrameCache
from timeline.model import Article, Event

#: The modules whose code builds the events frame (a frame kept on disk by another
#: version of them is built again).
FRAME_MODULES = ("timeline.corrections", "timeline.correcting", "timeline.eventframe",
                 "timeline.eventviews")


class EventViews(ABC):
    """The events and frames a ``Store`` shows (corrections applied), from the rows the
    store reads (the abstract methods, each one query)."""

    path: Path
    _frames: FrameCache

    @abstractmethod
    def _records(self, article_ids: Iterable[str] | None = None) -> Iterator[Event]: ...

    @abstractmethod
    def corrections(self) -> list[corr.Correction]: ...

    @abstractmethod
    def texts(self, article_ids: list[str]) -> dict[str, str]: ...

    @abstractmethod
    def article(self, article_id: str) -> Article | None: ...

    @abstractmethod
    def data_version(self) -> int: ...

    @abstractmethod
    def state(self) -> tuple[int, str]: ...

    @abstractmethod
    def frame_rows(self, article_ids: Iterable[str] | None = None
                   ) -> tuple[pd.DataFrame, pd.DataFrame]: ...

    @abstractmethod
    def changed_since(self, version: int) -> set[str] | None: ...

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

    def shown(self, article_ids: Iterable[str],
              corrections: list[corr.Correction] | None = None) -> list[Shown]:
        """The events of these articles as the analyst sees them (corrections applied)."""
        ids = list(dict.fromkeys(article_ids))
        base: dict[str, list[Event]] = {}
        for ev in self._records(ids):
            base.setdefault(ev.article_id, []).append(ev)
        texts = self.texts(ids)
        for a in texts:
            base.setdefault(a, [])
        if corrections is None:
            corrections = self.corrections()
        return apply(base, [c for c in corrections if c.articles & set(ids)], texts)

    def find_shown(self, event_id: str) -> Shown | None:
        """The shown event with this id (as in ``events_frame()``), or None."""
        frame = self.events_frame()
        rows = frame.loc[frame["id"] == event_id, "article_id"]
        if rows.empty:
            return None
        return next((s for s in self.shown([str(rows.iloc[0])]) if s.event.id == event_id), None)

    def events_frame(self) -> pd.DataFrame:
        """All events, one row per event with actor columns; cached until the store changes."""
        return self._frames.get("events", self.data_version(), lambda: self._kept(
            "events", self._load_frame, FRAME_MODULES, self._update_frame))

    def derived(self, fn: Callable[[pd.DataFrame], pd.DataFrame]) -> pd.DataFrame:
        """``fn(events_frame())`` for a pure frame function ``fn``, cached like the frame
        (the dashboard's reports merged into one event per act)."""
        key = f"{fn.__module__}.{fn.__qualname__}"
        if fn is group_reports:
            return self._frames.get(key, self.data_version(), lambda: self._merged(key))
        return self._frames.get(key, self.data_version(), lambda: self._kept(
            key, lambda: fn(self.events_frame()), (fn.__module__,)))

    def _merged(self, key: str) -> pd.DataFrame:
        """``group_reports(events_frame())``, kept on disk with its reading of the reports
        (``crossmerge.scanned``), so that after a change only what changed is read again
        (``regroup``)."""
        from timeline import snapshot
        frame = self.events_frame()
        n, fingerprint = self.state()
        if n < snapshot.MIN_ROWS:
            return group_reports(frame)
        version = int(fingerprint.split("|", 1)[0])
        modules = ("timeline.crossmerge", "timeline.regroup")
        scan_name = key + ".scan"

        def build() -> pd.DataFrame:
            scan = crossmerge.scanned(frame)
            snapshot.keep_side(self.path, scan_name, version, scan, modules)
            return crossmerge.assembled(frame, crossmerge.found_in(frame, scan))

        def update(old: pa.Table, since: int) -> pa.Table | None:
            scan = snapshot.side(self.path, scan_name, since, modules)
            found = self._changed_articles(since)
            if scan is None or found is None:
                return None
            try:
                again = regroup.rescan(frame, scan, found[0])
            except KeyError:  # a reading that does not fit the kept frames: read all
                return None
            if again is None:
                return None
            new, touched, read = again
            table = regroup.regrouped(old, frame, new, touched, read, found[0])
            if table is not None:
                snapshot.keep_side(self.path, scan_name, version, new, modules)
            return table

        return snapshot.kept(self.path, key, fingerprint, build, modules, version=version,
                             update=update)

    def _kept(self, name: str, build: Callable[[], pd.DataFrame], modules: tuple[str, ...],
              update: Callable[[pa.Table, int], pa.Table | None] | None = None
              ) -> pd.DataFrame:
        """``build()``, or the copy of it kept on disk for this state of the store
        (``timeline.snapshot``: a server starts in seconds at a million events), or
        the copy kept for an earlier state made up to date by ``update``."""
        from timeline import snapshot
        n, fingerprint = self.state()
        if n < snapshot.MIN_ROWS:
            return build()
        version = int(fingerprint.split("|", 1)[0])  # the fingerprint starts with it
        return snapshot.kept(self.path, name, fingerprint, build, modules, version=version,
                             update=update)

    #: Past this share of the events changed, a frame is built whole again; past this
    #: many articles, without reading them first.
    UPDATE_SHARE = 0.25
    UPDATE_ARTICLES = 200_000

    def _changed_articles(self, since: int) -> tuple[set[str], list[corr.Correction]] | None:
        """The articles changed since data version ``since``, with those a correction
        ties to them (a merge joins articles: one changed, all are built again), and the
        corrections; None when the log does not reach back that far or too much changed."""
        changed = self.changed_since(since)
        if changed is None or len(changed) > self.UPDATE_ARTICLES:
            return None
        corrections = self.corrections()
        grew = True
        while grew:
            grew = False
            for c in corrections:
                if c.articles & changed and not c.articles <= changed:
                    changed |= c.articles
                    grew = True
        return changed, corrections

    def _update_frame(self, old: pa.Table, since: int) -> pa.Table | None:
        """The events frame kept at data version ``since`` (``old``) made up to date: the
        rows of the articles changed since then (and of those a correction ties to them)
        read and built again, the others kept; None when the store's log of changes
        does not reach back to ``since`` or too much changed."""
        from timeline import snapshot
        found = self._changed_articles(since)
        if found is None:
            return None
        changed, corrections = found
        ev, links = self.frame_rows(changed)
        ev["reports"] = ""
        touched = set().union(*(c.articles for c in corrections)) & changed
        if touched:
            ev, links = corrected(ev, links, self.shown(touched, corrections), touched,
                                  lambda a: _article_columns(self, a))
        part = build_frame(ev, links)
        if len(part) > old.num_rows * self.UPDATE_SHARE:
            return None
        gone = pc.is_in(old["article_id"], pa.array(sorted(changed), pa.large_string()))
        return snapshot.spliced(old, part, gone.to_numpy(zero_copy_only=False))

    def _load_frame(self) -> pd.DataFrame:
        """The events frame built from the store's rows, corrections applied."""
        ev, links = self.frame_rows()
        ev["reports"] = ""
        corrections = self.corrections()
        if corrections:
            touched = set().union(*(c.articles for c in corrections))
            ev, links = corrected(ev, links, self.shown(touched, corrections), touched,
                                  lambda a: _article_columns(self, a))
        return build_frame(ev, links)


def _article_columns(store: EventViews, article_id: str) -> Mapping[str, object] | None:
    """The frame's article columns of a stored article, as ``Store.frame_rows`` reads them."""
    a = store.article(article_id)
    if a is None:
        return None
    return {"lang": a.lang, "outlet": a.outlet, "title": a.title, "url": a.url,
            "published": a.published.isoformat() if a.published else None}
