"""One article in, its events or the error that stops it out: the one place a failing
article is caught, so that it never stops the others (a batch, a worker pool, a Dask
cluster, a re-extraction of the store)."""
from __future__ import annotations

from pathlib import Path

from timeline.errors import TimelineError
from timeline.model import Article, Event

Item = Article | TimelineError
Result = list[Event] | TimelineError


def extract_one(item: Item, user_db: str | Path | None = None, where: str | None = None) -> Result:
    """Events of one article, or the error that stops it (never raises for an article).
    A reader's error passes through unchanged, so errors keep their place in the stream.
    ``user_db``: the store whose user actors and aliases extend ``data/``; ``where``: how
    an internal error names the article (its path, else its id, by default)."""
    if isinstance(item, TimelineError):
        return item
    from timeline.pipeline import extract
    try:
        if user_db:
            from timeline import userdata
            events = extract(item, userdata.resources(item.lang, Path(user_db)))
        else:
            events = extract(item)
        for ev in events:
            _ = ev.id  # worked out here (in a worker, it is sent with the event, cached)
        return events
    except TimelineError as err:
        return err
    except Exception as exc:  # noqa: BLE001 - one bad article must never stop the rest
        return TimelineError(f"internal error while extracting events: "
                             f"{type(exc).__name__}: {exc}", where or item.path or item.id)
