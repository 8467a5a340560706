"""The timeline's overview (heat strips) and a zoom's redraw, without a browser (#17)."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from tests.test_figures import overview_counts
from tests.test_filters_index import random_frame
from timeline import figures, heatstrip, timechart
from timeline.dashboard import zoom
from timeline.filters import Filters, indexed


@pytest.fixture
def frame() -> pd.DataFrame:
    df = random_frame(3, 1500).assign(status="occurred", confidence=0.5)
    indexed(df)
    return df


def _dated(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["date"].notna()]


def test_dashboard_zoom_reads_the_time_range_of_a_relayout():
    assert zoom.window_of({"xaxis.range[0]": "2020-01-02 10:00", "xaxis.range[1]": "2020-03-01"}) \
        == (pd.Timestamp("2020-01-02 10:00"), pd.Timestamp("2020-03-01"))
    assert zoom.window_of({"xaxis.range": ["2020-03-01", "2020-01-01"]}) == \
        (pd.Timestamp("2020-01-01"), pd.Timestamp("2020-03-01"))
    assert zoom.window_of({"xaxis.autorange": True}) == "all"
    for said_nothing in (None, {}, {"autosize": True}, {"yaxis.range[0]": 1, "yaxis.range[1]": 3},
                         {"xaxis.range[0]": "not a date", "xaxis.range[1]": "2020-01-01"}):
        assert zoom.window_of(said_nothing) is None


def test_dashboard_zoom_overview_counts_every_event_once_per_type(frame):
    fig = timechart.timeline(frame, detail_limit=100)
    dated = _dated(frame)
    assert overview_counts(fig) == dated["type"].value_counts().to_dict()  # every type shows


def test_dashboard_zoom_rows_of_types_never_overlap(frame):
    fig = timechart.timeline(frame, detail_limit=100)
    heat = next(t for t in fig.data if t.type == "heatmap")
    legend = [t.name for t in fig.data if t.type == "scatter"]
    for name, zs in zip(heat.y, heat.z):  # each row holds one type, the one it names
        kinds = {legend[int(z)] for z in zs if not math.isnan(z)}
        assert len(kinds) <= 1 and all(name.endswith(f" · {k}") for k in kinds)
    lanes = fig.layout.yaxis.ticktext
    assert len(lanes) == len(set(lanes)) and len(heat.y) >= len(lanes)


def test_dashboard_zoom_narrow_range_draws_single_events_with_their_hover(frame):
    window = (pd.Timestamp("2020-02-01"), pd.Timestamp("2020-02-20"))
    fig = zoom.timeline_in(frame, Filters(), window, lanes="actor")
    start = frame["date"]
    end = frame["end_date"].fillna(start)
    inside = frame[(start <= window[1]) & (end >= window[0])]
    assert 0 < len(inside) <= figures.DETAIL_LIMIT
    markers = [str(r[0]) for t in fig.data if t.type == "scatter" for r in t.customdata]
    assert sorted(markers) == sorted(inside["id"])
    assert all(t.hovertext is not None for t in fig.data if t.type == "scatter")
    assert list(fig.layout.xaxis.range) == [w.isoformat() for w in window]


def test_dashboard_zoom_keeps_the_filters(frame):
    window = (pd.Timestamp("2019-01-01"), pd.Timestamp("2021-12-31"))
    f = Filters(types=("threat",))
    fig = zoom.timeline_in(frame, f, window, lanes="actor")
    assert {t.name for t in fig.data if t.name} == {"threat"}
    everything = zoom.timeline_in(frame, Filters(), None, lanes="type")
    assert everything.layout.xaxis.range is None or not everything.data


def test_dashboard_zoom_period_suits_the_range():
    day = pd.Timestamp("2020-01-01")
    assert heatstrip.strip_period(day, day + pd.Timedelta(days=60)) == "day"
    assert heatstrip.strip_period(day, day + pd.Timedelta(days=400)) == "week"
    assert heatstrip.strip_period(day, day + pd.Timedelta(days=5 * 365)) == "month"
    assert heatstrip.strip_period(day, day + pd.Timedelta(days=10 * 365)) == "quarter"
    assert heatstrip.strip_period(day, day + pd.Timedelta(days=40 * 365)) == "year"
