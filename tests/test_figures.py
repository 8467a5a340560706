"""Figure functions on frames read back from a real store (no browser)."""
from __future__ import annotations

import ast
import json
import math
from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tests.fixtures.demo import demo_corpus, fill_demo_store
from timeline import figures, tallies, timechart
from timeline.filters import Filters
from timeline.model import Actor, Article, Event, EventDate, Span
from timeline.store import Store


@pytest.fixture
def demo(tmp_path: Path) -> Store:
    store = fill_demo_store(tmp_path / "demo.db")
    yield store
    store.close()


@pytest.fixture
def frame(demo: Store) -> pd.DataFrame:
    return demo.events_frame()


def _ids(fig) -> list[str]:
    """Event ids carried by the traces (one per drawn event)."""
    out: list[str] = []
    for trace in fig.data:
        if trace.customdata is not None:
            out.extend(str(row[0]) for row in trace.customdata)
    return out


def _trace_of(fig, event_id: str, kind: str = "bar"):
    """The trace drawing ``event_id`` (its bar if it has one) and the event's index in it."""
    traces = sorted(fig.data, key=lambda t: t.type != kind)
    for trace in traces:
        rows = [str(r[0]) for r in trace.customdata]
        if event_id in rows:
            return trace, rows.index(event_id)
    raise AssertionError(f"{event_id} not drawn")


def _row(frame: pd.DataFrame, **match) -> pd.Series:
    sel = frame
    for col, value in match.items():
        sel = sel[sel[col] == value]
    assert len(sel) == 1, match
    return sel.iloc[0]


@pytest.mark.parametrize("filters", [
    Filters(), Filters(actors=("RUS",)), Filters(types=("talks", "accusation")),
    Filters(actors=("RUS|person|Sergey Lavrov",)), Filters(langs=("ar",)),
])
def test_figures_timeline_traces_hold_exactly_the_filtered_dated_events(frame, filters):
    df = filters.apply(frame)
    fig = timechart.timeline(df)
    markers = [str(r[0]) for t in fig.data if t.type == "scatter" for r in t.customdata]
    assert len(markers) == len(set(markers))  # each event has one marker (bars come extra)
    assert set(markers) == set(_ids(fig)) == set(df.loc[df["date"].notna(), "id"])


def test_figures_timeline_leaves_undated_events_out(frame):
    undated = set(frame.loc[frame["precision"] == "none", "id"])
    assert undated
    assert not undated & set(_ids(timechart.timeline(frame)))


def test_figures_timeline_day_event_is_a_dot(frame):
    ev = _row(frame, type="condemnation")
    trace, i = _trace_of(timechart.timeline(frame), ev["id"])
    assert trace.type == "scatter" and trace.mode == "markers"
    assert pd.Timestamp(trace.x[i]) == pd.Timestamp("2021-03-09")


def test_figures_timeline_month_precision_is_a_pale_bar_over_the_month(frame):
    ev = _row(frame, precision="month")
    trace, i = _trace_of(timechart.timeline(frame), ev["id"])
    assert trace.type == "bar" and trace.orientation == "h"
    assert trace.marker.opacity < 0.5 and trace.marker.pattern.shape == "/"
    assert trace.base[i] == "2021-02-01"
    assert trace.x[i] == pytest.approx(28 * 86_400_000)  # the whole of February 2021
    day = _trace_of(timechart.timeline(frame), _row(frame, type="condemnation")["id"])[0]
    assert day.type == "scatter"  # a day-precise event has no bar


def test_figures_timeline_year_precision_spans_the_year(frame):
    ev = _row(frame, precision="year")
    trace, i = _trace_of(timechart.timeline(frame), ev["id"])
    assert trace.base[i] == "2021-01-01"
    assert trace.x[i] == pytest.approx(365 * 86_400_000)
    assert trace.marker.pattern.shape == "/"


def test_figures_timeline_multi_day_event_is_a_solid_bar_to_its_end(frame):
    ev = _row(frame, type="visit")
    trace, i = _trace_of(timechart.timeline(frame), ev["id"])
    assert trace.type == "bar" and trace.marker.opacity > 0.5 and not trace.marker.pattern.shape
    assert trace.base[i] == "2021-05-30"
    assert trace.x[i] == pytest.approx(3 * 86_400_000)  # 30, 31 May and 1 June
    marker, j = _trace_of(timechart.timeline(frame), ev["id"], kind="scatter")
    assert marker.marker.symbol == "square" and marker.x[j] == "2021-05-30"


def test_figures_timeline_imprecise_event_marker_differs_from_a_day_marker(frame):
    fig = timechart.timeline(frame)
    vague, i = _trace_of(fig, _row(frame, precision="month")["id"], kind="scatter")
    day, _ = _trace_of(fig, _row(frame, type="condemnation")["id"], kind="scatter")
    assert vague.marker.symbol == "diamond-open" and day.marker.symbol == "circle"
    assert vague.x[i] == "2021-02-15"  # the middle of the month it stands for


def test_figures_timeline_hover_says_type_pair_date_precision_and_evidence(frame):
    ev = _row(frame, precision="month")
    # the marker carries the hover label; the bar under it is skipped by hover
    bar, _ = _trace_of(timechart.timeline(frame), ev["id"])
    assert bar.hovertext is None and bar.hoverinfo == "skip"
    trace, i = _trace_of(timechart.timeline(frame), ev["id"], kind="scatter")
    hover = trace.hovertext[i]
    assert "talks" in hover and "Russia; Turkey; Iran → ?" in hover
    assert "2021-02 (month-precise)" in hover
    assert "محادثات في سوتشي" in hover


def test_figures_timeline_hover_escapes_markup(frame):
    ev = _row(frame, type="rejection")
    trace, i = _trace_of(timechart.timeline(frame), ev["id"], kind="scatter")
    assert "<img" not in trace.hovertext[i] and "&lt;img" in trace.hovertext[i]


def test_figures_timeline_lanes_per_actor_and_per_type(frame):
    by_actor = timechart.timeline(frame, lanes="actor")
    lanes = {str(y) for trace in by_actor.data for y in trace.y}
    assert {"RUS", "Sergey Lavrov (RUS)", "Antony Blinken (USA)", "UNO"} <= lanes
    by_type = timechart.timeline(frame, lanes="type")
    for trace in by_type.data:
        assert set(trace.y) == {trace.name}  # each type on its own lane


def overview_counts(fig) -> dict[str, int]:
    """Events per type in a heat strip overview: a cell's value is its type's place in the
    legend plus its shade, its ``customdata`` its count."""
    legend = [t.name for t in fig.data if t.type == "scatter"]
    out: dict[str, int] = {}
    for heat in (t for t in fig.data if t.type == "heatmap"):
        for zs, ns in zip(heat.z, heat.customdata):
            for z, n in zip(zs, ns):
                if not math.isnan(z):
                    out[legend[int(z)]] = out.get(legend[int(z)], 0) + n
    return out


def test_figures_timeline_groups_events_past_the_limit(frame):
    dated = frame[frame["date"].notna()]
    fig = timechart.timeline(frame, detail_limit=3)
    # heat strips: one heatmap (each cell coloured by its type), one legend entry per type
    assert [t.type for t in fig.data].count("heatmap") == 1
    assert overview_counts(fig) == dated["type"].value_counts().to_dict()
    assert {t.name for t in fig.data if t.type == "scatter"} == set(dated["type"])
    assert any("counted per" in a.text for a in fig.layout.annotations)


def test_figures_title_and_caption(frame):
    caption = Filters(actors=("RUS",)).describe()
    for fig in (timechart.timeline(frame, title="T", caption=caption),
                tallies.counts(frame, title="T", caption=caption),
                tallies.matrix(frame, title="T", caption=caption)):
        assert fig.layout.title.text == "T"
        assert any(a.text == caption for a in fig.layout.annotations)
    assert timechart.timeline(frame).layout.title.text  # a default title


@pytest.mark.parametrize("period", ["week", "month", "year"])
def test_figures_counts_add_up_per_type(frame, period):
    fig = tallies.counts(frame, period=period)
    dated = frame[frame["date"].notna()]
    assert fig.layout.barmode == "stack"
    per_type = {trace.name: int(sum(trace.y)) for trace in fig.data}
    assert per_type == dict(Counter(dated["type"]))


def test_figures_counts_buckets_by_month(frame):
    fig = tallies.counts(frame, period="month")
    talks = next(t for t in fig.data if t.name == "talks")
    by_month = {pd.Timestamp(x).strftime("%Y-%m"): int(y) for x, y in zip(talks.x, talks.y) if y}
    assert by_month == {"2021-02": 1, "2021-05": 1, "2022-01": 1}


def test_figures_matrix_counts_are_right(demo, frame):
    expected: Counter = Counter()
    for ev in demo.iter_events():
        pairs = {(s.code, t.code) for s in ev.source for t in ev.target}
        expected.update(pairs)
    fig = tallies.matrix(frame)
    heat = fig.data[0]
    got = {(y, x): int(v) for y, row in zip(heat.y, heat.z) for x, v in zip(heat.x, row)
           if not math.isnan(v)}  # NaN (no events) left blank
    assert got == dict(expected)
    assert got[("RUS", "TUR")] == 2 and got[("USA", "RUS")] == 2


def test_figures_matrix_follows_the_filter(frame):
    df = Filters(pair=("RUS", "TUR")).apply(frame)
    heat = tallies.matrix(df).data[0]
    assert list(heat.y) == ["RUS"] and list(heat.x) == ["TUR"] and heat.z[0][0] == 2


@pytest.mark.parametrize("make", [
    lambda df: timechart.timeline(df, caption="c"), lambda df: timechart.timeline(df, lanes="type"),
    lambda df: timechart.timeline(df, detail_limit=3), lambda df: tallies.counts(df, "week"),
    lambda df: tallies.matrix(df, title="M"), lambda df: tallies.matrix(df.iloc[:0]),
])
def test_figures_are_valid_plotly(frame, make):
    import plotly.graph_objects as go
    go.Figure(make(frame).to_dict())  # full validation: raises on any bad property


def test_figures_empty_frame_gives_a_message_not_an_error(tmp_path):
    empty = Store(tmp_path / "e.db").events_frame()
    for fig in (timechart.timeline(empty), tallies.counts(empty), tallies.matrix(empty)):
        assert len(fig.data) == 0
        assert fig.layout.annotations


def test_figures_actor_names_and_codes_are_escaped(tmp_path):
    store = Store(tmp_path / "x.db")
    text = "A hostile name accused someone."
    bad = Actor('<a href="javascript:alert(1)">x</a>', "<B>", "person")
    store.save(Article(id="x1", text=text, lang="en", published=date(2021, 1, 1)),
               [Event(article_id="x1", type="accusation", source=(bad,),
                      target=(Actor("<i>T</i>", "<i>", "state"),),
                      when=EventDate(date(2021, 1, 2), "day"), status="occurred",
                      evidence=text, start=0, end=len(text), confidence=0.9)])
    frame = store.events_frame()
    for fig in (timechart.timeline(frame), timechart.timeline(frame, detail_limit=0),
                tallies.matrix(frame)):
        shown = json.dumps(fig.to_plotly_json(), default=str)
        assert "<a " not in shown and "<B>" not in shown and "<i>T" not in shown
        assert "&lt;a href" in shown or "&lt;B&gt;" in shown


def test_figures_only_undated_events(tmp_path):
    store = Store(tmp_path / "u.db")
    text = "Iran accused Turkey."
    store.save(Article(id="u1", text=text, lang="en", published=date(2021, 1, 1)),
               [Event(article_id="u1", type="accusation", source=(Actor("Iran", "IRN", "state"),),
                      target=(Actor("Turkey", "TUR", "state"),), when=EventDate.unknown(),
                      status="occurred", evidence=text, start=0, end=len(text),
                      confidence=0.9, spans=(Span(0, len(text)),))])
    frame = store.events_frame()
    assert len(timechart.timeline(frame).data) == 0
    assert tallies.matrix(frame).data[0].z[0][0] == 1


def test_figures_imports_only_plotly_pandas_and_model():
    tree = ast.parse(Path(figures.__file__).read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            roots.add(node.module or "")
    allowed = {"__future__", "html", "re", "typing", "collections.abc", "dataclasses",
               "pandas", "plotly.graph_objects", "timeline.model"}
    assert roots <= allowed, roots - allowed


def test_figures_demo_corpus_offsets_point_into_the_text():
    for article, events in demo_corpus():
        for ev in events:
            assert article.text[ev.start:ev.end] == ev.evidence
