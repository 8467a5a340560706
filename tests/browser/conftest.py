"""Browser fixtures: the dashboard served from a thread, driven by Debian's chromium.

Every test gets a ``Browsed`` session that records console errors, page errors and
dialogs; tests end with ``browsed.assert_clean()``.
"""
from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
TIMEOUT_MS = 15_000

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
# Assertions wait as long as actions: a loaded 2-core machine renders a large figure slowly.
playwright_api.expect.set_options(timeout=TIMEOUT_MS)

from tests.fixtures.demo import fill_demo_store
from timeline.dashboard import create_app
from timeline.store import Store


@pytest.fixture(scope="session")
def browser() -> Iterator[playwright_api.Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium "
                    "(apt-get install -y chromium)")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def serve() -> Iterator[Callable[[Store], str]]:
    """Start the dashboard of a store on a free port; returns its base URL."""
    from werkzeug.serving import make_server
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    servers = []

    def start(store: Store) -> str:
        srv = make_server("127.0.0.1", 0, create_app(store).server, threaded=True)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        return f"http://127.0.0.1:{srv.server_port}/"

    yield start
    for srv in servers:
        srv.shutdown()


@pytest.fixture
def demo_store(tmp_path: Path) -> Iterator[Store]:
    store = fill_demo_store(tmp_path / "demo.db")
    yield store
    store.close()


@dataclass
class Browsed:
    """A page plus what went wrong in it."""

    page: playwright_api.Page
    base: str
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, query: str = "") -> None:
        self.page.goto(self.base + query)
        self.expect_count_loaded()

    def expect_count_loaded(self) -> None:
        playwright_api.expect(self.page.locator("#event-count")).to_have_text(
            re.compile(r"\d"), timeout=TIMEOUT_MS)

    def expect_count(self, n: int) -> None:
        playwright_api.expect(self.page.locator("#event-count")).to_have_text(
            "1 event" if n == 1 else f"{n:,} events", timeout=TIMEOUT_MS)

    def choose(self, dropdown_id: str, search: str, option_text: str | None = None) -> None:
        """Open a dropdown, type ``search``, click the option showing ``option_text``."""
        self.page.locator(f"#{dropdown_id}").click()
        box = self.page.locator(".dash-dropdown-search")
        box.fill(search)
        self.page.locator(".dash-dropdown-option", has_text=option_text or search).first.click()
        self.page.keyboard.press("Escape")

    def graph_ready(self, graph_id: str) -> None:
        """Wait until no callback is in flight and the graph ``graph_id`` listens to the
        user: plotly draws before Dash binds its click and zoom handlers, and a zoom or
        click in between is lost (as it would be for a user that quick)."""
        self.page.wait_for_function(
            """(id) => {
                if (document.querySelector('[data-dash-is-loading="true"]')) { return false; }
                const gd = document.querySelector('#' + id + ' .js-plotly-plot');
                const on = gd && gd._ev && gd._ev._events;
                return !!(on && on.plotly_relayout && on.plotly_click);
            }""", arg=graph_id, timeout=TIMEOUT_MS)

    def click_in_graph(self, selector: str) -> None:
        """Click the centre of the first element matching ``selector`` with the mouse
        (plotly listens on its drag layer, not on the point itself)."""
        self.graph_ready(selector.split()[0].lstrip("#"))
        target = self.page.locator(selector).first
        target.scroll_into_view_if_needed()
        box = target.bounding_box()
        assert box, f"nothing to click at {selector}"
        self.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors


@pytest.fixture
def browsed(browser, serve) -> Iterator[Callable[[Store], Browsed]]:
    contexts = []

    def make(store: Store) -> Browsed:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        session = Browsed(page, serve(store))
        page.on("console", lambda m: session.errors.append(f"console: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: session.errors.append(f"pageerror: {e}"))

        def on_dialog(dialog) -> None:
            session.dialogs.append(dialog.message)
            dialog.dismiss()
        page.on("dialog", on_dialog)
        return session

    yield make
    for context in contexts:
        context.close()


def sql_value(store: Store, sql: str, params: tuple = ()):
    """One value straight from the SQLite file, independent of the dashboard's code."""
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def sql_count(store: Store, sql: str, params: tuple = ()) -> int:
    return int(sql_value(store, sql, params))
