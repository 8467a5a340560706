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
            events = extract(item, resources(item.lang, Path(user_db)))
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


def resources(lang: str, db: Path):  # -> pipeline.Resources
    """The extractor's resources for ``lang`` with the user's actors and aliases beside
    ``db`` (loaded again whenever those files change): see ``pipeline.resources``."""
    from timeline import config, pipeline
    lang = lang if lang in ("ar", "en") else "en"
    actors = config.user_data_file(db)
    files = [actors, config.user_aliases_file(actors, lang)]
    if not any(p.exists() for p in files):
        return pipeline.resources(lang)
    stamp = tuple((p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else None for p in files)
    return pipeline.resources(lang, str(files[0]), str(files[1]), stamp)
