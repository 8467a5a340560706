"""Zooming the timeline asks the server for the time range shown.

Past the detail limit the timeline is an overview (heat strips); a zoom on its time axis
sends plotly's ``relayoutData`` here, and the timeline is drawn again from the events of
that range alone, under the same filters: heat strips with shorter periods, or, once the
range holds few enough events, every event with its hover label. Double-click (autorange)
gives back the whole range.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Dash, Input, Output, State, no_update

from timeline import figures, timechart
from timeline.dashboard import ids, views
from timeline.dashboard.state import merged, on_screen, read_query
from timeline.filters import Filters, index_of
from timeline.labels import Labels, labels
from timeline.store import Store

Window = tuple[pd.Timestamp, pd.Timestamp]


def window_of(relayout: dict[str, Any] | None) -> Window | str | None:
    """The time range a ``relayoutData`` asks for; ``"all"`` after an autorange (a
    double-click); None when it says nothing about the time axis (a pan of the lanes,
    a resize)."""
    if not relayout:
        return None
    if relayout.get("xaxis.autorange"):
        return "all"
    pair = relayout.get("xaxis.range") or [relayout.get("xaxis.range[0]"),
                                           relayout.get("xaxis.range[1]")]
    try:
        lo, hi = (pd.Timestamp(v) for v in pair)
    except (TypeError, ValueError):
        return None
    if pd.isna(lo) or pd.isna(hi):
        return None
    return (lo, hi) if lo <= hi else (hi, lo)


def in_window(frame: pd.DataFrame, window: Window) -> Any:
    """Whether each event of ``frame`` lies (at least partly) in ``window``."""
    start = frame["date"].to_numpy(dtype="datetime64[us]")
    end = frame["end_date"].to_numpy(dtype="datetime64[us]")
    end = np.where(np.isnat(end), start, end)
    lo, hi = (np.datetime64(w.to_datetime64(), "us") for w in window)
    return (start <= hi) & (end >= lo)


def timeline_in(frame: pd.DataFrame, filters: Filters, window: Window | None, *,
                lanes: str, labels: Labels | None = None) -> go.Figure:
    """The timeline of the events of ``frame`` that ``filters`` keep and that lie in
    ``window`` (None: all of them), its time axis set to the window."""
    index = index_of(frame)
    mask = filters.mask(frame, index=index)
    if window is not None:
        mask &= in_window(frame, window)
    pos = mask.nonzero()[0]
    dated = index.dated()[pos]
    if int(dated.sum()) > figures.DETAIL_LIMIT:
        drawn = views.narrow_frame(frame, index).iloc[pos]
    else:
        drawn = frame.take(pos[dated])
    words = labels.words() if labels else figures.ENGLISH_WORDS
    ui = labels.ui if labels else {}
    fig = timechart.timeline(
        drawn, lanes=lanes if lanes in views.LANES else "actor", title="",
        caption=labels.describe(filters) if labels else filters.describe(),
        note=ui.get("timeline_note", figures.PRECISION_NOTE),
        detail_limit=figures.DETAIL_LIMIT, words=words)
    if window is not None and fig.data:
        fig.layout.xaxis.range = [w.isoformat() for w in window]
    return fig


def register(app: Dash, store: Store) -> None:
    """A zoom on the timeline's time axis redraws the timeline for that range.

    The browser keeps only the relayouts that say something of the time axis (``ZOOM``):
    a resize's relayout, which follows every new figure, would otherwise make Dash drop
    the answer to the zoom before it as out of date."""
    app.clientside_callback(
        """function(r) {
            var no = window.dash_clientside.no_update;
            if (!r) { return no; }
            if (r['xaxis.autorange']) { return {'xaxis.autorange': true}; }
            var range = r['xaxis.range'] || [r['xaxis.range[0]'], r['xaxis.range[1]']];
            if (range[0] === undefined || range[1] === undefined) { return no; }
            return {'xaxis.range': range};
        }""",
        Output(ids.ZOOM, "data"), Input(ids.TIMELINE, "relayoutData"),
        prevent_initial_call=True)

    @app.callback(Output(ids.TIMELINE, "figure", allow_duplicate=True),
                  Input(ids.ZOOM, "data"), State(ids.URL, "search"),
                  State(ids.UI_LANG, "value"), prevent_initial_call=True)
    def zoom(relayout: dict[str, Any] | None, search: str | None,
             ui_lang: str | None) -> Any:
        window = window_of(relayout)
        if window is None:
            return no_update
        filters, extras = read_query(search)
        lb = labels(ui_lang or extras["ui"], store.path)
        frame = on_screen(store, merged(extras))
        return timeline_in(frame, filters, None if isinstance(window, str) else window,
                           lanes=extras["lanes"], labels=lb)
