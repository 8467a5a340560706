"""Exported HTML charts opened in headless Chromium with the network cut off."""
from __future__ import annotations

import codecs
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.browser.conftest import sql_count
from tests.test_export import ALL_EVENTS, REPO, corpus
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


# -- the dashboard's download menus ------------------------------------------------------
EVENTS_WITH_CODE = ("SELECT COUNT(DISTINCT ea.event_id) FROM event_actors ea"
                    " JOIN actors a ON a.id = ea.actor_id JOIN events e ON e.id = ea.event_id"
                    " WHERE a.code = ?")


def download(b: Any, card_graph: str | None, item: str, folder: Path) -> Path:
    """Open the download menu of the card holding ``#card_graph`` (None: the event table),
    click ``item`` and save the file the browser receives."""
    card = b.page.locator(".tl-card", has=b.page.locator(f"#{card_graph or 'table'}"))
    card.locator(".tl-download-toggle").click()
    with b.page.expect_download(timeout=60_000) as info:
        card.locator(".dropdown-item", has_text=item).click()
    dl = info.value
    path = folder / dl.suggested_filename
    dl.save_as(path)
    return path


def test_export_dashboard_download_buttons_give_the_filtered_files(browsed, demo_store,
                                                                   tmp_path):
    expected = sql_count(demo_store, EVENTS_WITH_CODE, ("RUS",))
    dated = sql_count(demo_store, EVENTS_WITH_CODE + " AND e.date IS NOT NULL", ("RUS",))
    b = browsed(demo_store)
    b.open("?actors=RUS")
    b.expect_count(expected)

    csv = download(b, None, "CSV", tmp_path)
    assert csv.name == "events.csv"
    assert csv.read_bytes().startswith(codecs.BOM_UTF8)
    rows = pd.read_csv(csv, encoding="utf-8-sig")
    assert len(rows) == expected
    assert rows["evidence"].str.contains("لافرنتييف").any()  # Arabic survives

    svg = download(b, "timeline", "SVG", tmp_path)
    assert svg.name == "events-timeline.svg"
    root = ET.parse(svg).getroot()
    points = [el for el in root.iter("{http://www.w3.org/2000/svg}path")
              if "point" in (el.get("class") or "").split()]
    assert len(points) == dated
    assert "actors: RUS" in " ".join(el.text or "" for el in root.iter())
    b.assert_clean()


def _plotted_ids(view: Offline, path: Path) -> list[str]:
    view.open(path)
    return sorted(view.page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data"
        ".filter(t => t.type === 'scatter').flatMap(t => t.customdata.map(c => c[0]))"))


def test_export_cli_chart_equals_dashboard_download(browsed, demo_store, offline, tmp_path):
    query = "?actors=RUS&date_from=2021-01-01&date_to=2021-12-31&lanes=type"
    cli_file = tmp_path / "cli.html"
    res = subprocess.run(
        [sys.executable, "-m", "timeline", "export", "--db", str(demo_store.path), "--chart",
         "timeline", "--format", "html", "--out", str(cli_file), "--actor", "RUS",
         "--from", "2021-01-01", "--to", "2021-12-31", "--lanes", "type"],
        check=False, capture_output=True, text=True, cwd=REPO, timeout=300)
    assert res.returncode == 0, res.stderr

    b = browsed(demo_store)
    b.open(query)
    expected = sql_count(demo_store, EVENTS_WITH_CODE + " AND e.date IS NOT NULL"
                         " AND COALESCE(e.end_date, e.date) >= '2021-01-01'"
                         " AND e.date <= '2021-12-31'", ("RUS",))
    b.expect_count(expected)
    folder = tmp_path / "dashboard"
    folder.mkdir()
    dash_file = download(b, "timeline", "HTML", folder)
    b.assert_clean()

    view = offline()
    from_cli, from_dashboard = _plotted_ids(view, cli_file), _plotted_ids(view, dash_file)
    assert from_cli == from_dashboard and len(from_cli) == expected
    lanes = view.page.evaluate("() => document.querySelector('.js-plotly-plot')"
                               ".layout.yaxis.categoryarray")
    assert set(lanes) <= {"talks", "visit", "offer", "condemnation", "appeal", "support"}
    assert view.errors == [] and view.blocked == []
