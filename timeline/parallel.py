"""Extraction in several processes: a local worker pool or a Dask cluster.

The main process reads the inputs and alone writes the store; only ``extract`` runs
elsewhere. Results come back in input order, so a parallel ingest stores exactly
what a one-process ingest stores (the same articles kept, the same errors reported,
in the same order).

- ``workers > 1``: a ``multiprocessing`` pool (fork where the platform has it, so the
  workers share the language data the main process loaded) fed in chunks through
  ``imap``, with at most a few chunks per worker in flight (memory stays flat on an
  archive of any size).
- ``dask="local"``: a ``LocalCluster`` of ``workers`` processes (2 by default) bound to
  127.0.0.1, with no web dashboard; ``dask="tcp://host:port"``: an existing scheduler.
  Articles go out in batches; at most two batches per worker are pending.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from timeline.errors import TimelineError
from timeline.extraction import Item, Result, extract_one
from timeline.model import Article, Event

CHUNK = 16          # articles per task sent to a pool worker
DASK_BATCH = 64     # articles per Dask task
IN_FLIGHT = 4       # chunks (or batches) per worker read ahead of the results
DASK_TIMEOUT = "20s"  # to reach a scheduler


def extract_batch(items: list[Item], user_db: str | None = None) -> list[Result]:
    """``extract_one`` over a batch (the task a Dask worker runs)."""
    return [extract_one(item, user_db) for item in items]


def _warm() -> None:
    """Load both languages' data once per worker, before the first article arrives."""
    from timeline.pipeline import resources
    for lang in ("ar", "en"):
        resources(lang)


# --------------------------------------------------------------------------- runners

def _serial(items: Iterable[Item], user_db: str | None = None) -> Iterator[tuple[Item, Result]]:
    for item in items:
        yield item, extract_one(item, user_db)


def _bounded(items: Iterable[Item], sent: deque, slots: threading.Semaphore,
             stop: threading.Event) -> Iterator[Item]:
    """Items for the pool, remembered in order, never more than the slots ahead of the
    results; stops when the consumer has gone (so the pool can shut down)."""
    for item in items:
        while not slots.acquire(timeout=0.2):
            if stop.is_set():
                return
        if stop.is_set():
            return
        sent.append(item)
        yield item


def _pool(items: Iterable[Item], workers: int,
          user_db: str | None = None) -> Iterator[tuple[Item, Result]]:
    """A process pool with ordered ``imap`` over chunks; reads ahead a few chunks only."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    if ctx.get_start_method() == "fork":
        _warm()  # loaded once here, shared by the forked workers
    sent: deque[Item] = deque()
    slots = threading.Semaphore(workers * CHUNK * IN_FLIGHT)  # a whole number of chunks
    stop = threading.Event()
    pool = ctx.Pool(workers, initializer=_warm)
    done = False
    try:
        for result in pool.imap(partial(extract_one, user_db=user_db),
                                _bounded(items, sent, slots, stop),
                                chunksize=CHUNK):
            item = sent.popleft()
            slots.release()
            yield item, result
        done = True
    finally:
        stop.set()
        if done:
            pool.close()
        else:  # interrupted, or the caller stopped early
            pool.terminate()
        pool.join()


def dask_client(address: str, workers: int = 2) -> Any:
    """A Dask client: ``"local"`` starts a LocalCluster of ``workers`` processes on
    127.0.0.1 (no dashboard, nothing bound to another address); otherwise ``address``
    is a scheduler's (``tcp://host:8786``). Needs ``pip install "dask[distributed]"``."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:
        raise TimelineError("--dask needs Dask: pip install 'dask[distributed]'") from err
    if address == "local":
        # the scheduler's HTTP endpoint (health, metrics) on a free port of 127.0.0.1 too
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               host="127.0.0.1", scheduler_port=0, dashboard_address=None,
                               scheduler_kwargs={"dashboard": False,
                                                 "dashboard_address": "127.0.0.1:0"},
                               silence_logs=logging.ERROR)
        return Client(cluster)
    try:
        return Client(address, timeout=DASK_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        raise TimelineError(f"cannot reach the Dask scheduler at {address}: {err}") from err


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _dask(items: Iterable[Item], client: Any,
          user_db: str | None = None) -> Iterator[tuple[Item, Result]]:
    """Batches submitted to the cluster, results taken in submission order."""
    n = max(1, len(client.scheduler_info().get("workers", {})))
    pending: deque[tuple[list[Item], Any]] = deque()

    def drain(keep: int) -> Iterator[tuple[Item, Result]]:
        while len(pending) > keep:
            batch, future = pending.popleft()
            yield from zip(batch, future.result())

    for batch in _batches(items, DASK_BATCH):
        pending.append((batch, client.submit(extract_batch, batch, user_db, pure=False)))
        yield from drain(n * 2)
    yield from drain(0)


# --------------------------------------------------------------------------- API

def extract_all(paths: Iterable[str | Path], *, published: date | None = None,
                lang: str | None = None, on_error: Callable[[TimelineError], None] | None = None,
                workers: int = 1, dask: str | None = None,
                user_db: str | Path | None = None) -> Iterator[tuple[Article, list[Event]]]:
    """(article, events) for every readable article, in input order; errors (reading or
    extracting) go to ``on_error`` in the same order. ``workers`` processes extract (the
    caller's process when 1), or the Dask cluster ``dask`` does ("local" or an address)."""
    from timeline.readers import read_paths
    items = read_paths(paths, published=published, lang=lang)
    db = str(user_db) if user_db else None
    client = None
    if dask:
        client = dask_client(dask, workers if workers > 1 else 2)
        stream = _dask(items, client, db)
    elif workers > 1:
        stream = _pool(items, workers, db)
    else:
        stream = _serial(items, db)
    try:
        for item, result in stream:
            if isinstance(result, TimelineError):
                if on_error:
                    on_error(result)
                continue
            assert isinstance(item, Article)
            yield item, result
    finally:
        if client is not None:
            cluster = client.cluster if dask == "local" else None
            client.close()
            if cluster is not None:
                cluster.close()


def default_workers() -> int:
    """Worker processes to use for ``--workers 0``: one per core."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
        (os.cpu_count() or 1)
