"""The world map: filtered events per country, as source, target or either.

A pure figure function like those of ``figures.py``: the narrow frame of the filtered
events in (``source_codes`` and ``target_codes`` as ``|RUS|TUR|``), a choropleth out.
People and bodies acting for a state carry its code, so they count for it. Only codes
of states are drawn (organisations and groups have no country). The shapes are plotly's
own (``assets/topojson/world_110m.json``), served by the dashboard itself.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline.labels import Labels

#: Where plotly.js finds ``world_110m.json``: the dashboard's own assets.
TOPOJSON_URL = "/assets/topojson/"
COLORSCALE = [[0, "#deebf7"], [0.5, "#6baed6"], [1, "#08306b"]]


def country_counts(df: pd.DataFrame, role: str, states: Iterable[str]) -> pd.Series:
    """Events per state code: an event counts once per state among its sources, its
    targets, or either (``role``)."""
    sides = {"source": ["source_codes"], "target": ["target_codes"]}.get(
        role, ["source_codes", "target_codes"])
    if df.empty:
        return pd.Series(dtype="int64")
    joined = df[sides[0]].astype(str)
    for col in sides[1:]:
        joined = joined + df[col].astype(str)
    combos = joined.value_counts()
    wanted = set(states)
    rows = [(code, n) for value, n in combos.items()
            for code in set(str(value).split("|")) if code in wanted]
    if not rows:
        return pd.Series(dtype="int64")
    out = pd.DataFrame(rows, columns=["code", "n"]).groupby("code")["n"].sum()
    return out.sort_values(ascending=False)


def figure(df: pd.DataFrame, role: str, labels: Labels,
           selected: Iterable[str] = ()) -> go.Figure:
    """A choropleth of ``country_counts``; the selected countries are outlined."""
    states = {e.code for e in labels.actors.entries.values() if e.kind == "state"}
    counts = country_counts(df, role, states)
    words = labels.words()
    layout: dict[str, Any] = {
        "template": {}, "paper_bgcolor": "white", "height": 420,
        "margin": {"l": 0, "r": 0, "t": 10, "b": 0},
        "font": {"family": "system-ui, 'Noto Naskh Arabic', sans-serif", "size": 12},
        "geo": {"projection": {"type": "natural earth"}, "showframe": False,
                "showcoastlines": False, "showcountries": True, "countrycolor": "#c8d0d8",
                "showland": True, "landcolor": "#f3f5f7", "resolution": 110,
                "lataxis": {"range": [-58, 85]}},
    }
    if counts.empty:
        layout["annotations"] = [{"text": html.escape(labels.ui["no_country"]),
                                  "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
                                  "showarrow": False, "font": {"size": 14, "color": "#777"}}]
        return go.Figure({"data": [{"type": "choropleth", "locations": [], "z": []}],
                          "layout": layout}, _validate=False)
    codes = counts.index.to_numpy(dtype=str)
    names = [html.escape(labels.code(c) if labels.lang == "ar" else _english(labels, c))
             for c in codes]
    chosen = {s.split("|", 1)[0] for s in selected}
    line = ["#d41159" if c in chosen else "white" for c in codes]
    trace = {
        "type": "choropleth", "locationmode": "ISO-3", "locations": codes,
        "z": counts.to_numpy(dtype=np.int64), "text": names, "customdata": codes,
        "colorscale": COLORSCALE, "zmin": 0,
        "marker": {"line": {"color": line, "width": [2 if c in chosen else 0.5
                                                     for c in codes]}},
        "colorbar": {"title": {"text": words.t("events")}, "thickness": 12, "len": 0.6},
        "hovertemplate": f"%{{text}} (%{{customdata}}): %{{z}} {words.t('events')}"
                         "<extra></extra>"}
    return go.Figure({"data": [trace], "layout": layout}, _validate=False)


def _english(labels: Labels, code: str) -> str:
    bodies = labels.actors.for_code(code)
    return bodies[0].name if bodies else code
