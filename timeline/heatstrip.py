"""The timeline's overview past the detail limit: heat strips, one per lane and type.

Each lane (a source actor or a type) holds one thin row per event type it has, and each
row is a strip of cells, one per period, shaded by the number of events of that type,
lane and period. No type is ever drawn over another, so every type the data holds shows
(a uniform grid of one colour was what overlapping markers gave). All strips are one
heatmap (each cell coloured by its type, ``_heatmap``) plus a legend entry per type: a
few thousand numbers that plotly draws as one image, so a million events cost the
browser what a thousand do.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from timeline.figures import (
    _PERIOD_FORMAT,
    DAY_MS,
    ENGLISH_WORDS,
    TYPE_COLORS,
    Words,
    _group_sizes,
    _period_dates,
    _period_number,
    _type_order,
)

#: At most about this many periods across the time axis; a longer span takes a longer period.
MAX_PERIODS = 80
#: Pixels of one type's row (a lane is as tall as the rows of its types, at least LANE_PX).
ROW_PX = 3
LANE_PX = 30
_PERIODS = (("day", 1), ("week", 7), ("month", 30.44), ("quarter", 91.3), ("year", 365.25))
_XPERIOD = {"day": DAY_MS, "week": 7 * DAY_MS, "month": "M1", "quarter": "M3", "year": "M12"}


@dataclass(frozen=True)
class Strips:
    """What the timeline draws past the detail limit: its traces, its lane axis, its
    height and the period of one cell."""

    data: list[dict[str, Any]]
    yaxis: dict[str, Any]
    height: int
    period: str
    shapes: list[dict[str, Any]]


def strip_period(first: Any, last: Any) -> str:
    """The shortest period that splits ``first`` .. ``last`` into at most MAX_PERIODS."""
    days = max(1, (pd.Timestamp(last) - pd.Timestamp(first)).days + 1)
    for name, length in _PERIODS:
        if days / length <= MAX_PERIODS:
            return name
    return "year"


def _rows(g: pd.DataFrame, order: list[str], types: list[str], shown: dict[str, str]
          ) -> tuple[list[str], list[str], list[str], list[dict[str, Any]]]:
    """The rows of the chart (one per lane and type it holds), the row at the middle of
    each lane and its name, and the shading of every other lane."""
    present = g.groupby("_lane", observed=True)["type"].agg(lambda s: set(map(str, s)))
    rows: list[str] = []
    ticks: list[str] = []
    labels: list[str] = []
    shapes: list[dict[str, Any]] = []
    for lane in order:
        names = [_row_name(lane, shown[t]) for t in types if t in present.get(lane, set())]
        if not names:
            continue
        if len(labels) % 2:  # every other lane shaded, so the rows of one lane read together
            shapes.append({"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y",
                           "y0": len(rows) - 0.5, "y1": len(rows) + len(names) - 0.5,
                           "fillcolor": "#eef1f5", "line": {"width": 0}, "layer": "below"})
        ticks.append(names[(len(names) - 1) // 2])
        labels.append(lane)
        rows.extend(names)
    return rows, ticks, labels, shapes


def strips(d: pd.DataFrame, order: list[str], words: Words = ENGLISH_WORDS) -> Strips:
    """Heat strips of the dated events of ``d`` (columns ``type``, ``date``, ``_lane``),
    lanes in ``order``: one row per lane and type it holds, one column per period."""
    period = strip_period(d["date"].min(), d["date"].max())
    g = _group_sizes(d["type"], d["_lane"], d["date"], "month" if period == "quarter"
                     else period)
    numbers = _numbers(g["_bucket"], period)
    first, last = int(numbers.min()), int(numbers.max())
    x = _starts(np.arange(first, last + 1), period).astype("datetime64[D]").astype(str)
    types = _type_order(g["type"])
    shown = {t: html.escape(words.type(t)) for t in types}
    rows, ticks, labels, shapes = _rows(g, order, types, shown)
    fmt = _PERIOD_FORMAT.get(period, "%Y-%m")
    row_of = {name: k for k, name in enumerate(rows)}
    rank = {t: m for m, t in enumerate(types)}
    counts = np.zeros((len(rows), last - first + 1), dtype="int64")
    kinds = np.full(len(rows), -1, dtype="int64")
    for typ in types:
        mine = g[g["type"] == typ]
        at = _numbers(mine["_bucket"], period) - first  # a quarter sums its months
        lane_rows = np.array([row_of[_row_name(str(v), shown[typ])]
                              for v in mine["_lane"].astype(str)])
        np.add.at(counts, (lane_rows, at), mine["n"].to_numpy())
        kinds[lane_rows] = rank[typ]
    data = [_heatmap(counts, kinds, rows, x, types, words, period, fmt)]
    # the legend: one entry per type, in its colour (the heat strip itself has none)
    data += [{"type": "scatter", "mode": "markers", "x": [None], "y": [None],
              "name": shown[t], "legendgroup": t, "showlegend": True, "hoverinfo": "skip",
              "marker": {"color": TYPE_COLORS.get(t, "#444444"), "symbol": "square",
                         "size": 12}} for t in types]
    yaxis = {"type": "category", "categoryorder": "array", "categoryarray": rows,
             "autorange": "reversed", "tickmode": "array", "tickvals": ticks, "ticktext": labels,
             "showgrid": False}
    height = max(420, 230 + max(LANE_PX * len(labels), ROW_PX * len(rows)))
    return Strips(data, yaxis, height, period, shapes)


def _heatmap(counts: Any, kinds: Any, rows: list[str], x: Any, types: list[str],
             words: Words, period: str, fmt: str) -> dict[str, Any]:
    """All strips in one heatmap (one image for the browser to draw): a cell's value is its
    type's number plus its shade (0.3 for one event, 1 for the busiest cell), so one
    colour scale gives each type its colour; empty cells are left out (NaN)."""
    top = max(int(counts.max()), 2)
    shade = 0.3 + 0.69 * np.log2(np.maximum(counts, 1)) / np.log2(top)
    z = np.where(counts > 0, kinds[:, None] + shade, np.nan).astype("float32")
    scale: list[list[Any]] = []
    n = len(types)
    for m, t in enumerate(types):
        r, g, b = (int(TYPE_COLORS.get(t, "#444444")[i:i + 2], 16) for i in (1, 3, 5))
        scale += [[m / n, f"rgba({r},{g},{b},0.3)"], [(m + 0.999) / n, f"rgba({r},{g},{b},1)"]]
    scale[-1][0] = 1.0
    return {"type": "heatmap", "name": "", "showlegend": False, "showscale": False,
            "x": x, "y": rows, "z": z, "zmin": 0, "zmax": n, "colorscale": scale,
            "customdata": counts.tolist(), "xperiod": _XPERIOD[period],
            "xperiodalignment": "start", "hoverongaps": False,
            "hovertemplate": f"<b>%{{y}}</b><br>{words.t('period_of', period=words.t(period))}"
                             f" %{{x|{fmt}}}: %{{customdata}} {words.t('events')}"
                             "<extra></extra>"}


def _row_name(lane: str, typ: str) -> str:
    return f"{lane} · {typ}" if typ != lane else lane


def _numbers(dates: pd.Series, period: str) -> Any:
    """The period of each date as a whole number (``figures._period_number``; a quarter is
    three months)."""
    if period == "quarter":
        return _period_number(dates, "month") // 3
    return _period_number(dates, period)


def _starts(numbers: Any, period: str) -> Any:
    if period == "quarter":
        return (numbers * 3).astype("datetime64[M]").astype("datetime64[us]")
    return _period_dates(numbers, period)
