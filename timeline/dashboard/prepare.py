"""Getting the events ready when the server starts, and saying so on the page.

A store of a million events takes a while to read the first time after a change (the
events joined with their actors, the reports of one act merged, the options counted,
the overview drawn). ``start(store)`` does that in a thread as soon as the server starts,
one step after another, and ``Progress`` says which step runs and how long it has taken;
until the page is built, the page shows it (``register``: polled twice a second). The
page itself is built from the same kept frames, so it never builds them twice.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import flask
from dash import Dash, Input, Output, State

from timeline.dashboard import callbacks, ids, layout, views
from timeline.dashboard.state import on_screen, read_query
from timeline.filters import Filters
from timeline.labels import labels
from timeline.store import Store

log = logging.getLogger("timeline.dashboard")

#: The steps, each with the key of its name in the interface words.
STEPS = ("prepare_read", "prepare_merge", "prepare_count", "prepare_draw")


@dataclass
class Progress:
    """Which step of the preparation runs (0-based; ``len(STEPS)`` when done)."""

    step: int = 0
    began: float = field(default_factory=time.monotonic)
    failed: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def advance(self) -> None:
        with self.lock:
            self.step += 1

    @property
    def done(self) -> bool:
        return self.step >= len(STEPS) or bool(self.failed)

    def says(self, ui: dict[str, str]) -> str:
        """What the page says: the step, its number, the seconds since the start."""
        if self.done:
            return ui["prepare_done"]
        return ui["prepare_step"].format(
            what=ui[STEPS[self.step]], k=self.step + 1, n=len(STEPS),
            s=f"{time.monotonic() - self.began:.0f}")


def _prepare(store: Store, progress: Progress) -> None:
    lb = labels("en", store.path)
    try:
        store.events_frame()
        progress.advance()
        frame = on_screen(store, True)
        progress.advance()
        views.actor_options(frame, dict(lb.ui))
        progress.advance()
        views.compute(frame, Filters(), lanes="actor", period="auto", ui=lb.ui, labels=lb)
        progress.advance()
    except Exception as err:  # noqa: BLE001 - the page is then built (and fails) as usual
        progress.failed = str(err) or type(err).__name__


def start(store: Store) -> Progress:
    """Prepare the events of ``store`` in a thread; its progress."""
    progress = Progress()
    threading.Thread(target=_prepare, args=(store, progress), daemon=True,
                     name="prepare-events").start()
    return progress


def first_layout(store: Store, progress: Progress | None) -> Callable[[], Any]:
    """``app.layout``: the page built for the URL the browser opened, so the charts' own
    callback follows at once (one round trip less than building it in a callback, and
    the charts' scripts asked for sooner). Dash asks for the layout from the page, so its
    address is the request's referrer. While the events are being prepared, or when the
    referrer is not there or the page cannot be built, the shell says it prepares, and
    the page is built by its callback as before."""
    def serve() -> Any:
        if not flask.has_request_context() or (progress is not None and not progress.done):
            return layout.shell()
        referrer = urlsplit(flask.request.referrer or "")
        if referrer.netloc != flask.request.host:
            return layout.shell()
        search = f"?{referrer.query}" if referrer.query else ""
        filters, extras = read_query(search)
        try:
            lb = labels(extras["ui"], store.path)
            built = layout.page(lb.ui, filters, callbacks.page_state(store, lb, extras))
        except Exception:  # the page's callback builds it then (and says why not)
            log.exception("the first page could not be built with the layout")
            return layout.shell()
        return layout.shell(built, extras["ui"], search)
    return serve


def register(app: Dash, store: Store, progress: Progress | None) -> None:
    """The placeholder says what is being prepared, until the page replaces it."""
    @app.callback(Output(ids.PREPARE_PROGRESS, "children"), Input(ids.PREPARE_POLL, "n_intervals"),
                  State(ids.URL, "search"), prevent_initial_call=True)
    def say(_n: int | None, search: str | None) -> Any:
        ui = labels(read_query(search)[1]["ui"], store.path).ui
        if progress is None:
            return ui["prepare_page"]
        return progress.says(dict(ui))
