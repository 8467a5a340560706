"""The dashboard at 50,000 events, as the browser draws it (#17).

Past the detail limit the timeline is an overview of counts that shows every event type
the store holds (its legend and its drawn heat strips); filtered down to a few events, or
zoomed in on a short range, it draws the events one by one, each with its hover label.
Expected values come straight from SQLite.
"""
from __future__ import annotations

import random
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sql_count
from timeline import figures
from timeline.model import EVENT_TYPES, Actor, Article, Event, EventDate, Span
from timeline.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

N_EVENTS = 50_000
STATES = ("RUS", "USA", "TUR", "IRN", "EGY", "FRA", "CHN", "QAT")
#: The timeline as plotly drew it: its trace types, its legend, and events per type in the
#: overview (a cell's value is its type's place in the legend, its customdata its count).
TRACES = """() => {
    const full = document.querySelector('#timeline .js-plotly-plot')._fullData;
    const legend = full.filter(t => t.type !== 'heatmap' && t.showlegend).map(t => t.name);
    const per = {};
    full.filter(t => t.type === 'heatmap').forEach(h => h.z.forEach((row, i) =>
        Array.from(row).forEach((v, j) => {
            if (v === null || isNaN(v)) { return; }
            const name = legend[Math.floor(v)];
            per[name] = (per[name] || 0) + h.customdata[i][j];
        })));
    return {types: full.map(t => t.type), legend: legend, per: per};
}"""


def _events(rng: random.Random, article: str, text: str) -> list[Event]:
    people = [Actor(f"Minister {c} {k}", c, "person") for c in STATES for k in range(3)]
    events = []
    for k in range(10):
        src = rng.choice(people) if rng.random() < 0.3 else Actor(c := rng.choice(STATES), c,
                                                                   "state")
        tgt = Actor(c := rng.choice(STATES), c, "state")
        day = date(2016, 1, 1) + timedelta(days=rng.randrange(6 * 365))
        when = EventDate(day, "day", None, "") if rng.random() < 0.95 else \
            EventDate.unknown("no date")
        start = k * 60
        events.append(Event(
            article_id=article, type=rng.choice(EVENT_TYPES), source=(src,), target=(tgt,),
            when=when, status="occurred", evidence=text[start:start + 59], start=start,
            end=start + 59, confidence=0.9, spans=(Span(start, start + 59),), trigger="x"))
    return events


@pytest.fixture(scope="module")
def big_store(tmp_path_factory) -> Store:
    """50,000 events of every type, 5,000 articles: random actors, types and days."""
    path: Path = tmp_path_factory.mktemp("scale") / "scale.db"
    store = Store(path)
    rng = random.Random(17)
    with store.batch(articles=1000, seconds=60):
        for i in range(N_EVENTS // 10):
            text = "".join(f"Sentence {k} of article {i:05d} tells of one act here.{' ' * 6}\n"
                           [:60] for k in range(10))
            article = Article(id=f"scale-{i:05d}", text=text, lang="en",
                              published=date(2022, 6, 1), title=f"Article {i}",
                              url=f"https://scale.example.org/{i}", outlet="Wire",
                              published_from="json")
            store.save(article, _events(rng, article.id, text))
    yield store
    store.close()


def _open(b, query: str = "") -> None:
    b.page.set_default_timeout(60_000)
    b.page.goto(b.base + query)
    expect(b.page.locator("#event-count")).to_have_text(re.compile(r"\d"), timeout=120_000)


def test_scale_overview_shows_every_type_and_a_filter_draws_single_events(browsed, big_store):
    assert sql_count(big_store, "SELECT COUNT(*) FROM events") == N_EVENTS
    types = {r for r in EVENT_TYPES if sql_count(
        big_store, "SELECT COUNT(*) FROM events WHERE type = ?", (r,))}
    assert types == set(EVENT_TYPES)
    b = browsed(big_store)
    _open(b, "?reports=apart")  # every report drawn: the counts are SQLite's own
    timeline = b.page.locator("#timeline")
    expect(timeline.locator(".hm image")).to_have_count(1, timeout=60_000)
    drawn = b.page.evaluate(TRACES)
    # aggregated: one heat strip image, each type in the legend and drawn with its count
    assert drawn["types"].count("heatmap") == 1 and "bar" not in drawn["types"]
    assert set(drawn["legend"]) == types
    assert set(timeline.locator(".legendtext").all_text_contents()) == types
    for typ in types:
        assert drawn["per"][typ] == sql_count(
            big_store, "SELECT COUNT(*) FROM events WHERE type = ? AND date IS NOT NULL", (typ,))

    # a person and a type: a few events, drawn one by one with their hover
    b.choose("f-actors", "Minister EGY 1")
    b.choose("f-types", "talks")
    expected = sql_count(
        big_store, "SELECT COUNT(DISTINCT e.id) FROM events e JOIN event_actors ea ON"
        " ea.event_id = e.id JOIN actors a ON a.id = ea.actor_id WHERE a.name = ? AND"
        " e.type = 'talks' AND e.date IS NOT NULL", ("Minister EGY 1",))
    assert 0 < expected <= figures.DETAIL_LIMIT
    points = timeline.locator(".scatterlayer .point")
    expect(points).to_have_count(expected)
    assert set(b.page.evaluate(TRACES)["types"]) == {"scatter"}
    box = points.first.bounding_box()
    b.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = b.page.locator("#timeline .hoverlayer .hovertext")
    expect(hover).to_contain_text("talks")
    expect(hover).to_contain_text("Minister EGY 1")
    b.assert_clean()


def test_scale_zoom_asks_the_server_and_option_counts_match_the_view(browsed, big_store):
    b = browsed(big_store)
    _open(b)
    timeline = b.page.locator("#timeline")
    expect(timeline.locator(".hm image").first).to_be_attached(timeout=60_000)
    lo, hi = "2019-03-01", "2019-03-15"
    in_range = sql_count(big_store, "SELECT COUNT(*) FROM events WHERE date BETWEEN ? AND ?",
                         (lo, hi))
    assert 0 < in_range <= figures.DETAIL_LIMIT
    b.graph_ready("timeline")
    b.page.evaluate("([lo, hi]) => Plotly.relayout(document.querySelector("
                    "'#timeline .js-plotly-plot'), {'xaxis.range': [lo, hi]})", [lo, hi])
    points = timeline.locator(".scatterlayer .point")
    # one marker per event of the range (reports of one act merged: at most as many)
    expect(points.first).to_be_attached(timeout=60_000)
    assert 0.8 * in_range <= points.count() <= in_range
    assert timeline.locator(".hm image").count() == 0
    b.graph_ready("timeline")
    b.page.evaluate("() => Plotly.relayout(document.querySelector('#timeline .js-plotly-plot'),"
                    " {'xaxis.autorange': true})")
    expect(timeline.locator(".hm image")).to_have_count(1, timeout=60_000)

    # the option's count (reports of one act merged, as the view shows them) is the
    # count the view gives when the option is chosen
    b.page.locator("#f-actors").click()
    b.page.locator(".dash-dropdown-search").fill("RUS")
    option = b.page.locator(".dash-dropdown-option", has_text="RUS ·").first
    shown_n = int(option.inner_text().rsplit("·", 1)[1].strip().replace(",", ""))
    option.click()
    b.page.keyboard.press("Escape")
    expect(b.page.locator("#event-count")).to_have_text(f"{shown_n:,} events")
    reports = sql_count(big_store, "SELECT COUNT(DISTINCT ea.event_id) FROM event_actors ea"
                        " JOIN actors a ON a.id = ea.actor_id WHERE a.code = 'RUS'")
    assert shown_n < reports  # some reports of one act are merged at this size
    b.assert_clean()
