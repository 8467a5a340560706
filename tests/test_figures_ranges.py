"""Figures at any range and in either language: day axes, same-day events, the counting
period, the type colours, the Arabic words, the map (no browser)."""
from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.fixtures.demo import fill_demo_store
from timeline import figures, tallies, timechart
from timeline.dashboard import worldmap
from timeline.filters import Filters
from timeline.labels import labels
from timeline.model import EVENT_TYPES

DAY_MS = 86_400_000


@pytest.fixture(scope="module")
def frame(tmp_path_factory) -> pd.DataFrame:
    store = fill_demo_store(tmp_path_factory.mktemp("f") / "demo.db")
    df = store.events_frame()
    store.close()
    return df


def _one_day(frame: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """``n`` day-precise events of one source on 2021-02-16."""
    day = frame[frame["precision"] == "day"].head(1)
    rows = pd.concat([day] * n, ignore_index=True)
    rows["id"] = [f"e{i}" for i in range(n)]
    rows["type"] = list(EVENT_TYPES[:n])
    rows["date"] = pd.Timestamp("2021-02-16")
    rows["end_date"] = pd.NaT
    return rows


def _markers(fig) -> list[tuple[str, str]]:
    return [(str(x), str(row[0])) for t in fig.data if t.type == "scatter"
            for x, row in zip(t.x, t.customdata)]


def test_figures_one_day_timeline_axis_is_whole_days_around_it(frame):
    fig = timechart.timeline(_one_day(frame))
    axis = fig.layout.xaxis
    lo, hi = (pd.Timestamp(v) for v in axis.range)
    assert lo <= pd.Timestamp("2021-02-14") and hi >= pd.Timestamp("2021-02-18")
    assert lo == lo.normalize() and hi == hi.normalize()  # whole days
    assert axis.dtick == DAY_MS and axis.tickformat == "%Y-%m-%d"


def test_figures_same_day_events_of_one_lane_are_apart_within_their_day(frame):
    fig = timechart.timeline(_one_day(frame))
    xs = sorted(pd.Timestamp(x) for x, _ in _markers(fig))
    assert len(set(xs)) == 3
    assert all(x.normalize() == pd.Timestamp("2021-02-16") for x in xs)  # all on that day
    hovers = [h for t in fig.data if t.type == "scatter" for h in t.hovertext]
    for h in hovers:  # each lists all three
        assert "3 events on this day" in h
        assert all(f"<b>{typ}</b>" in h for typ in EVENT_TYPES[:3])


def test_figures_a_lone_event_stays_on_its_day(frame):
    fig = timechart.timeline(_one_day(frame, 1))
    assert [pd.Timestamp(x) for x, _ in _markers(fig)] == [pd.Timestamp("2021-02-16")]


def test_figures_long_range_never_labels_hours(frame):
    axis = timechart.timeline(frame).layout.xaxis
    assert axis.range is None
    stops = {s.value for s in axis.tickformatstops}
    assert stops == {"%Y-%m-%d", "%Y-%m", "%Y"}  # no format with hours or milliseconds


@pytest.mark.parametrize("days, period", [(0, "day"), (20, "day"), (90, "week"),
                                          (400, "month"), (3000, "year")])
def test_figures_auto_period_suits_the_range(days, period):
    first = pd.Timestamp("2021-01-01")
    assert tallies.auto_period(first, first + pd.Timedelta(days=days)) == period


def test_figures_counts_of_one_day_are_one_bar_a_day_wide(frame):
    fig = tallies.counts(_one_day(frame), period="auto")
    assert {t.xperiod for t in fig.data} == {DAY_MS}
    assert sum(int(sum(t.y)) for t in fig.data) == 3
    lo, hi = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    assert (hi - lo).days < 14 and fig.layout.xaxis.tickformat == "%Y-%m-%d"


@pytest.mark.parametrize("period, xperiod", [("week", 7 * DAY_MS), ("month", "M1"),
                                             ("year", "M12")])
def test_figures_counts_bars_are_as_wide_as_their_period(frame, period, xperiod):
    fig = tallies.counts(frame, period=period)
    assert {t.xperiod for t in fig.data} == {xperiod}
    assert {t.xperiodalignment for t in fig.data} == {"middle"}


# -- colours ------------------------------------------------------------------------------------
# Machado et al. (2009) simulation matrices, severity 1, on linear RGB
_CVD = {"normal": np.eye(3),
        "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                                  [-0.011820, 0.042940, 0.968881]]),
        "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                                [-0.003882, -0.048116, 1.051998]]),
        "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                                [0.004733, 0.691367, 0.303900]])}


def _lab(hex_colour: str, matrix: np.ndarray) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    rgb = np.clip(matrix @ linear, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ rgb / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_figures_type_colours_stay_apart_for_colour_blind_readers():
    colours = [figures.TYPE_COLORS[t] for t in EVENT_TYPES]
    assert len(set(colours)) == 12
    for vision, matrix in _CVD.items():
        for a, b in itertools.combinations(colours, 2):
            distance = float(np.linalg.norm(_lab(a, matrix) - _lab(b, matrix)))
            assert distance > 15, (vision, a, b, distance)


def test_figures_legend_text_is_readable(frame):
    assert timechart.timeline(frame).layout.legend.font.size >= 12
    assert tallies.counts(frame).layout.legend.font.size >= 12


# -- Arabic ---------------------------------------------------------------------------------------
def test_figures_in_arabic_name_types_actors_and_axes_in_arabic(frame):
    words = labels("ar").words()
    fig = timechart.timeline(frame, words=words)
    names = {t.name for t in fig.data}
    assert "محادثات" in names and "talks" not in names
    lanes = {str(y) for t in fig.data for y in t.y}
    assert "روسيا" in lanes and "Russia" not in lanes and "RUS" not in lanes
    hover = " ".join(h for t in fig.data for h in (t.hovertext if t.hovertext is not None else ()))
    assert "\u2068روسيا\u2069 → " in hover or " → \u2068روسيا\u2069" in hover
    assert "Russia →" not in hover and "→ Russia" not in hover  # names in the hover: Arabic
    counts = tallies.counts(frame, words=words)
    assert counts.layout.yaxis.title.text == "حدثًا"
    assert tallies.matrix(frame, words=words).layout.xaxis.title.text == "المفعول به"
    assert timechart.timeline(frame.iloc[:0], words=words).layout.annotations[0].text == \
        "لا أحداث مؤرخة"


def test_figures_arabic_names_are_isolated_from_the_text_around_them():
    lb = labels("ar")
    shown = lb.names("United States; Russia")
    assert shown == "\u2068الولايات المتحدة\u2069؛ \u2068روسيا\u2069"
    assert lb.names("") == "?"


def test_figures_arabic_caption_of_filters():
    lb = labels("ar")
    f = Filters(actors=("RUS", "RUS|person|Sergey Lavrov"), types=("talks",), role="source")
    caption = lb.describe(f)
    assert caption.startswith("الأطراف: ") and "روسيا" in caption and "محادثات" in caption
    assert "(فاعلًا)" in caption and "Sergey" not in caption
    assert lb.describe(Filters()) == "كل الأحداث"


# -- the map ----------------------------------------------------------------------------------------
def test_figures_map_counts_states_by_role(frame):
    lb = labels("en")
    states = {e.code for e in lb.actors.entries.values() if e.kind == "state"}
    either = worldmap.country_counts(frame, "either", states)
    source = worldmap.country_counts(frame, "source", states)
    target = worldmap.country_counts(frame, "target", states)

    def expected(columns: list[str], code: str) -> int:
        return int(frame[columns].apply(lambda r: any(f"|{code}|" in v for v in r),
                                        axis=1).sum())
    for code in ("RUS", "USA", "TUR", "IRN"):
        assert either[code] == expected(["source_codes", "target_codes"], code)
        assert source.get(code, 0) == expected(["source_codes"], code)
        assert target.get(code, 0) == expected(["target_codes"], code)
    assert "UNO" not in either and "SYROPP" not in either  # not countries


def test_figures_map_figure_reads_plotlys_own_world_shapes(frame):
    fig = worldmap.figure(frame, "either", labels("en"), selected=("RUS",))
    trace = fig.data[0]
    assert trace.type == "choropleth" and trace.locationmode == "ISO-3"
    assert fig.layout.geo.resolution == 110
    shapes = Path(worldmap.__file__).resolve().parents[2] / "assets" / "topojson"
    assert (shapes / "world_110m.json").is_file()
    assert worldmap.TOPOJSON_URL == "/assets/topojson/"
    fig.to_dict()  # validates
