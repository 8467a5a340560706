"""Exported HTML charts opened in headless Chromium with the network cut off."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.test_export import ALL_EVENTS, corpus
from timeline import export
from timeline.filters import Filters
from timeline.store import Store

pytestmark = pytest.mark.browser

TIMEOUT_MS = 15_000


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "t.db")
    for article, events in corpus():
        s.save(article, events)
    yield s
    s.close()


class Offline:
    """A page that may load file:// URLs only, recording what else it tried and what broke."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> None:
        self.page.goto(path.resolve().as_uri())
        self.page.locator(".main-svg").first.wait_for()

    def hover_every_point(self) -> list[str]:
        """Move the mouse over every marker so its hover label renders; the labels' text."""
        points = self.page.locator(".scatterlayer path.point")
        labels = []
        for i in range(points.count()):
            box = points.nth(i).bounding_box()
            if box:
                self.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                self.page.wait_for_timeout(80)
                labels.append(self.page.locator(".hoverlayer").text_content() or "")
        return labels

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def offline(browser) -> Iterator[Any]:
    pages: list[Offline] = []

    def make() -> Offline:
        pages.append(Offline(browser))
        return pages[-1]

    yield make
    for p in pages:
        p.close()


def test_export_html_chart_opens_offline_and_shows_every_point(tmp_path, store, offline):
    path = export.write_chart(export.chart("timeline", store.events_frame(), Filters()), "html",
                              tmp_path / "timeline.html")
    view = offline()
    view.open(path)
    dated = [ev for ev in ALL_EVENTS if ev.when.date is not None]
    assert view.page.locator(".scatterlayer path.point").count() == len(dated)
    assert view.page.locator(".gtitle").text_content() == "Diplomatic events: timeline"
    assert "all events" in view.page.locator(".annotation-text").first.text_content()
    ids = view.page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data"
        ".filter(t => t.type === 'scatter').flatMap(t => t.customdata.map(c => c[0]))")
    assert sorted(ids) == sorted(ev.id for ev in dated)
    assert view.blocked == [] and view.errors == []


def test_export_html_chart_of_hostile_article_runs_nothing(tmp_path, store, offline):
    frame = store.events_frame()
    assert frame["evidence"].str.contains("<script>alert(1)</script>", regex=False).any()
    for kind in ("timeline", "matrix"):
        path = export.write_chart(export.chart(kind, frame, Filters()), "html",
                                  tmp_path / f"{kind}.html")
        view = offline()
        view.open(path)
        if kind == "timeline":
            labels = view.hover_every_point()
            # the markup shows as text in the hover label of its event
            assert any("<script>alert(1)</script>" in label for label in labels), labels
        view.page.wait_for_timeout(300)
        assert view.page.locator("img").count() == 0
        # plotly's config, plotly.js and the plot: the article adds none
        assert path.read_text(encoding="utf-8").count("<script") == 3
        assert view.page.evaluate("() => document.scripts.length") == 3
        assert view.dialogs == [] and view.errors == [] and view.blocked == []
