"""The timeline figure: dated events on a time axis, one lane per source actor or per type.

A pure figure function like the others (``figures.py`` holds the helpers they share):
an events frame in, a plotly figure out, drawn by the dashboard and the exports alike.
Short spans get an axis of whole days, and events of one lane on one day are spread
across their day so they stay apart.
"""
from __future__ import annotations

import html
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from timeline import heatstrip
from timeline.figures import (
    _DETAIL_COLUMNS,
    _GROUPED_COLUMNS,
    DAY_MS,
    DETAIL_LIMIT,
    ENGLISH_WORDS,
    FIRST_ACTOR,
    GL_LIMIT,
    PRECISION_NOTE,
    TYPE_COLORS,
    Words,
    _empty,
    _escape,
    _figure,
    _layout,
    _limit_lanes,
    _period_start,
    _shown,
    _type_order,
    hover_text,
    lane_labels,
)


def timeline(df: pd.DataFrame, lanes: str = "actor", title: str | None = None,
             caption: str | None = None, *, note: str | None = PRECISION_NOTE,
             detail_limit: int = DETAIL_LIMIT, words: Words = ENGLISH_WORDS) -> go.Figure:
    """Dated events on a time axis, one lane per source actor or per type, coloured by type.

    Day-precise events are dots; multi-day events are solid bars to ``end_date``;
    month- or year-precise events are pale hatched bars over their whole month or
    year, so they never look day-precise. Undated events are left out (the caller
    lists them). Past ``detail_limit`` dated events, the events are counted per lane,
    type and period and drawn as heat strips (``heatstrip``: one row per type in each
    lane, so no type hides another). Each drawn event carries its id in ``customdata``.
    """
    dated = df["date"].notna().to_numpy()
    grouped = int(dated.sum()) > detail_limit
    columns = _DETAIL_COLUMNS
    if grouped:
        columns = [FIRST_ACTOR if c == "actor_keys" and FIRST_ACTOR in df.columns else c
                   for c in _GROUPED_COLUMNS]
    d = df.loc[dated, columns]  # copy only what is drawn
    if d.empty:
        return _empty(title, caption, words.t("timeline"), words.t("no_dated"))
    lane, order = _limit_lanes(lane_labels(d, lanes, words), words.t("other_actors"))
    # plotly reads tick and hover labels as a little HTML: names are escaped, as text
    lane = lane.cat.rename_categories([html.escape(str(c)) for c in lane.cat.categories])
    order = [html.escape(name) for name in order]
    d = d.assign(_lane=lane)
    annotations: list[dict[str, Any]] = []
    yaxis: dict[str, Any] = {"type": "category", "categoryorder": "array",
                             "categoryarray": order, "autorange": "reversed"}
    height, shapes = max(420, 230 + 30 * len(order)), list[dict[str, Any]]()
    if grouped:
        strip = heatstrip.strips(d, order, words)
        data, yaxis, height, shapes = strip.data, strip.yaxis, strip.height, strip.shapes
        annotations.append({
            "text": words.t("grouped", n=f"{len(d):,}", period=words.t(strip.period)),
            "xref": "paper", "yref": "paper", "x": 1, "y": 1,
            "xanchor": "right", "yanchor": "bottom", "yshift": 8, "showarrow": False,
            "font": {"size": 11, "color": "#8a5a00"}})
    else:
        data = _timeline_detail(d, words)
    # the legend (types, with the precision note as its title) sits under the time axis,
    # leaving the width to the lanes
    legend = {"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "bottom",
              "yref": "container", "traceorder": "normal", "font": {"size": 13}}
    if note and not grouped:
        legend["title"] = {"text": "<br>".join(html.escape(p) for p in note.split(" · ")),
                           "side": "top", "font": {"size": 12, "color": "#444"}}
    layout = _layout(
        title, caption, words.t("timeline"), annotations=annotations, shapes=shapes,
        height=height, barmode="overlay", hovermode="closest",
        margin={"b": 170 if note and not grouped else 100}, legend=legend,
        xaxis={"type": "date", "showgrid": True, **day_axis(*_covered(d))}, yaxis=yaxis)
    return _figure(data, layout)


def _spans(d: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Start and (exclusive) end of each event's bar; end is NaT for a one-day event."""
    start, prec = d["date"], d["precision"]
    last = d["end_date"].fillna(start)
    month, year = prec == "month", prec == "year"
    end = (last + pd.Timedelta(days=1)).where(d["end_date"].notna() & (d["end_date"] > start))
    for mask, period, unit in ((month, "month", "M"), (year, "year", "Y")):
        if mask.any():
            start = start.where(~mask, _period_start(start, period))
            nxt = (last.to_numpy(dtype="datetime64[us]").astype(f"datetime64[{unit}]") + 1)
            end = end.where(~mask, pd.Series(nxt.astype("datetime64[us]"), index=d.index))
    return start, end


def _covered(d: pd.DataFrame) -> tuple[Any, Any]:
    """First and last day the dated events of ``d`` cover (end dates included)."""
    first = d["date"].min()
    last = d["end_date"].max() if "end_date" in d and d["end_date"].notna().any() else first
    return first, max(d["date"].max(), last)


#: Spans shorter than this many days get an axis of whole days with room either side.
SHORT_SPAN_DAYS = 21


def day_axis(first: Any, last: Any) -> dict[str, Any]:
    """A date axis that reads in days at any range: a short span gets a range of whole days
    (a few either side) and a tick per day or two; zoomed in, labels never show hours."""
    stops = [{"dtickrange": [None, DAY_MS * 28], "value": "%Y-%m-%d"},
             {"dtickrange": [DAY_MS * 28, DAY_MS * 365], "value": "%Y-%m"},
             {"dtickrange": [DAY_MS * 365, None], "value": "%Y"}]
    axis: dict[str, Any] = {"tickformatstops": stops, "hoverformat": "%Y-%m-%d"}
    if pd.isna(first) or pd.isna(last):
        return axis
    span = (pd.Timestamp(last) - pd.Timestamp(first)).days
    if span < SHORT_SPAN_DAYS:
        pad = max(2, (SHORT_SPAN_DAYS - span) // 4)
        lo = pd.Timestamp(first).normalize() - pd.Timedelta(days=pad)
        hi = pd.Timestamp(last).normalize() + pd.Timedelta(days=pad + 1)
        axis.update(range=[lo.strftime("%Y-%m-%d"), hi.strftime("%Y-%m-%d")],
                    dtick=DAY_MS * (1 if span < 10 else 2), tick0=lo.strftime("%Y-%m-%d"),
                    tickformat="%Y-%m-%d")
        axis.pop("tickformatstops")
    return axis


def _same_day(d: pd.DataFrame, hover: pd.Series, words: Words) -> tuple[Any, pd.Series]:
    """Where each event's day marker sits, and its hover label: events of one lane on one
    day are spread across that day (so they stay apart when the axis shows days), and each
    one's label lists them all."""
    day = d["date"].dt.normalize()
    group = d["_lane"].astype(str) + "\x00" + day.dt.strftime("%Y-%m-%d")
    size = group.map(group.value_counts())
    x = _days(d["date"].to_numpy(dtype="datetime64[us]")).astype(object)
    shared = (size > 1).to_numpy()
    if not shared.any():
        return x, hover
    rank = group.groupby(group).cumcount().to_numpy()
    n = size.to_numpy()
    offset = pd.to_timedelta(rank[shared] * (0.8 / (n[shared] - 1)) * DAY_MS, unit="ms")
    when = (day[shared] + offset).dt.strftime("%Y-%m-%d %H:%M")
    x[shared] = when.to_numpy(dtype=object)
    brief = ("<b>" + _escape(_shown(d["type"], words.type)) + "</b> "
             + _escape(_shown(d["source_names"], words.names)) + " → "
             + _escape(_shown(d["target_names"], words.names)))
    lists = brief[shared].groupby(group[shared]).agg(lambda v: "<br>".join(v.head(8)))
    hover = hover.copy()
    hover[shared] = (hover[shared] + "<br><br><b>"
                     + size[shared].map(lambda k: words.t("same_day", n=int(k)))
                   + "</b><br>" + group[shared].map(lists))
    return x, hover


def _days(values: Any) -> Any:
    """datetime64 values as ``YYYY-MM-DD`` strings (a numpy array)."""
    return values.astype("datetime64[D]").astype(str)


def _timeline_detail(d: pd.DataFrame, words: Words = ENGLISH_WORDS) -> list[dict[str, Any]]:
    start, end = _spans(d)
    s = start.to_numpy(dtype="datetime64[us]")
    e = end.to_numpy(dtype="datetime64[us]")
    hover = hover_text(d, words)
    day_x, hover = _same_day(d, hover, words)
    columns = {  # every column once, as numpy arrays; traces take masks of them
        "date": day_x,
        "base": _days(s), "width": (e - s).astype("timedelta64[ms]").astype("float64"),
        "mid": _days(s + (e - s) / 2), "hover": hover.to_numpy(dtype=str),
        "id": d["id"].to_numpy(dtype=str).reshape(-1, 1),
        "lane": d["_lane"].to_numpy(dtype=str)}
    vague = d["precision"].isin(("month", "year")).to_numpy()
    bar = end.notna().to_numpy()
    types = d["type"].to_numpy(dtype=str)
    data: list[dict[str, Any]] = []
    for typ in _type_order(d["type"]):
        color = TYPE_COLORS.get(typ, "#444")
        is_type = types == typ
        first = True
        for kind, mask in (("point", is_type & ~bar), ("span", is_type & bar & ~vague),
                           ("vague", is_type & vague)):
            if not mask.any():
                continue
            common: dict[str, Any] = {
                "name": html.escape(words.type(typ)), "legendgroup": typ, "y": columns["lane"][mask],
                "customdata": columns["id"][mask]}
            hover = {"hovertext": columns["hover"][mask],
                     "hovertemplate": "%{hovertext}<extra></extra>"}
            if kind != "point":  # the bar's marker carries the hover label (sent once)
                data.append({
                    **common, "type": "bar", "orientation": "h", "showlegend": first,
                    "hoverinfo": "skip",
                    "base": columns["base"][mask], "x": columns["width"][mask],
                    "width": 0.5 if kind == "span" else 0.7,
                    "marker": {"color": color, "opacity": 0.9 if kind == "span" else 0.35,
                               "line": {"color": color, "width": 1},
                               "pattern": {"shape": "" if kind == "span" else "/",
                                           "fgcolor": color, "size": 6, "solidity": 0.3}}})
                first = False
            # every event also gets a marker, so short bars stay visible at any zoom: a dot
            # on its day, a square at the start of a multi-day event, an open diamond in the
            # middle of the month or year a month/year-precise event stands for
            symbol = {"point": "circle", "span": "square", "vague": "diamond-open"}[kind]
            x = columns["date" if kind == "point" else "base" if kind == "span" else "mid"]
            data.append({
                **common, **hover, "type": "scattergl" if mask.sum() > GL_LIMIT else "scatter",
                "mode": "markers", "showlegend": first, "x": x[mask],
                "marker": {"color": color, "size": 11 if kind == "point" else 9,
                           "symbol": symbol,
                           "line": {"color": "white" if kind == "point" else color,
                                    "width": 1 if kind == "point" else 2}}})
            first = False
    return data
