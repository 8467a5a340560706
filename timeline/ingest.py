"""ingest(paths, store) -> Summary: readers -> pipeline -> store, one bad file never stops a batch."""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from timeline import safefile
from timeline.errors import BatchLost, StoreError, TimelineError, shown
from timeline.model import Article, Event
from timeline.readers import read_paths
from timeline.store import Store


@dataclass
class Summary:
    new: int = 0
    unchanged: int = 0
    updated: int = 0
    failed: int = 0
    events: int = 0
    undated: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [(f"articles: {self.new} new, {self.unchanged} unchanged, {self.updated} updated, "
                f"{self.failed} failed; events added: {self.events}")]
        if self.undated:
            out.append(f"{len(self.undated)} article(s) had no publication date; their relative "
                       "dates stay unresolved: " + ", ".join(map(shown, self.undated[:10]))
                       + (" ..." if len(self.undated) > 10 else ""))
        return out


def extract_all(paths: Iterable[str | Path], *, published: date | None = None,
                lang: str | None = None, on_error: Callable[[TimelineError], None] | None = None,
                workers: int = 1, dask: str | None = None, user_db: Path | None = None,
                ) -> Iterator[tuple[Article, list[Event]]]:
    """(article, events) for every readable article; errors go to ``on_error``.
    With ``workers > 1`` or a ``dask`` address, extraction runs in other processes
    (``timeline.parallel``); the order of articles and errors stays the same.
    ``user_db``: the store whose user actors and aliases (beside it) extend ``data/``."""
    if workers > 1 or dask:
        from timeline import parallel
        yield from parallel.extract_all(paths, published=published, lang=lang,
                                        on_error=on_error, workers=workers, dask=dask,
                                        user_db=user_db)
        return
    from timeline.extraction import extract_one
    for item in read_paths(paths, published=published, lang=lang):
        result = extract_one(item, user_db)
        if isinstance(result, TimelineError):
            if on_error:
                on_error(result)
            continue
        assert isinstance(item, Article)  # a reader's error comes back as the result
        yield item, result


def write_events(paths: Iterable[str | Path], out: Path, *, published: date | None = None,
                 lang: str | None = None, report: Callable[[str], None] | None = None
                 ) -> tuple[int, int]:
    """The events of every readable article as JSON lines in ``out`` (an existing file is
    replaced, whole); each input that fails goes to ``report`` as it comes. Returns the
    events written and the inputs that failed."""
    count, failed = 0, 0

    def fail(err: TimelineError) -> None:
        nonlocal failed
        failed += 1
        if report:
            report(str(err))

    with safefile.replacing(out) as fh:
        for _article, events in extract_all(paths, published=published, lang=lang,
                                            on_error=fail):
            for ev in events:
                fh.write(ev.to_json_line() + "\n")
                count += 1
    return count, failed


def _progress(total: int | None, quiet: bool):
    from tqdm import tqdm
    return tqdm(total=total, unit="article", disable=quiet or None, file=sys.stderr,
                dynamic_ncols=True, leave=False)


def _clash(seen: dict[tuple[str, str], tuple[str, str]], article: Article) -> str | None:
    """Why ``article`` cannot be stored in this batch: its id (or URL) was read earlier with
    different text. Otherwise None, and its id and URL are remembered in ``seen``."""
    keys = [("id", article.id)] + ([("URL", article.url)] if article.url else [])
    for kind, value in keys:
        prior = seen.get((kind, value))
        if prior is not None and prior[0] != article.text_hash:
            return (f"{kind} {value!r} was already read from {prior[1]} with different text; "
                    "kept the first")
    for key in keys:
        seen.setdefault(key, (article.text_hash, article.path or ""))
    return None


def ingest(paths: Iterable[str | Path], store: Store, *, published: date | None = None,
           lang: str | None = None, quiet: bool = False,
           report: Callable[[str], None] | None = None, workers: int = 1,
           dask: str | None = None) -> Summary:
    """Read, extract and store every article under ``paths``; returns the counts.

    Each article is saved all or nothing, in transactions committed every 20 articles
    or quarter second (``Store.batch``), so an interruption keeps what was committed;
    running again completes the rest without duplicates. Two inputs with the
    same id (or URL) and different text in one batch: the first is kept, the second reported.
    ``workers`` / ``dask``: where extraction runs (see ``extract_all``); only this
    process writes the store, in input order, so the stored result is the same.
    """
    run = _Run(store, report)
    bar = _progress(None, quiet)
    try:
        with store.batch():
            for article, events in extract_all(paths, published=published, lang=lang,
                                               on_error=run.fail, workers=workers, dask=dask,
                                               user_db=store.path):
                bar.update(1)
                run.save(article, events)
    except BatchLost as err:  # the last commit, at the end of the batch
        run.lost(err)
    finally:
        bar.close()
    return run.summary


class _Run:
    """One ingest's counts as its articles are saved, the failures reported as they come."""

    def __init__(self, store: Store, report: Callable[[str], None] | None) -> None:
        self.store, self.report = store, report
        self.summary = Summary()
        self.seen: dict[tuple[str, str], tuple[str, str]] = {}  # ("id"|"URL", value) -> (hash, path)
        self.recent: dict[str, tuple[str, int]] = {}  # saved, not yet committed: status, events

    def fail(self, err: TimelineError) -> None:
        self.summary.failed += 1
        self.summary.errors.append(str(err))
        if self.report:
            self.report(str(err))

    def lost(self, err: BatchLost) -> None:
        """A batch's commit failed: its articles count as failed, not stored."""
        summary = self.summary
        for key in err.lost:
            if key in self.recent:  # counted as stored: not any more
                status, n = self.recent.pop(key)
                setattr(summary, status, getattr(summary, status) - 1)
                summary.events -= n
                if key in summary.undated:
                    summary.undated.remove(key)
            self.fail(StoreError(f"not stored: {err.message}", key))

    def save(self, article: Article, events: list[Event]) -> None:
        """Store one article (unless an earlier input clashes with it) and count it."""
        clash = _clash(self.seen, article)
        if clash:
            self.fail(TimelineError(clash, article.path))
            return
        try:
            result = self.store.save(article, events)
        except BatchLost as err:
            self.lost(err)
            if (article.path or article.id) not in err.lost:
                self.fail(StoreError(err.message, article.path))
            return
        except TimelineError as err:
            self.fail(err)
            return
        summary, key = self.summary, article.path or article.id
        setattr(summary, result.status, getattr(summary, result.status) + 1)
        summary.events += result.events
        if article.published is None and result.status != "unchanged":
            summary.undated.append(key)
        if result.status != "unchanged":
            self.recent[key] = (result.status, result.events)
        if not self.store.uncommitted():
            self.recent.clear()
