"""Pure figure functions: an events frame (``store.FRAME_COLUMNS``) in, a plotly figure out.

The dashboard and the exports draw with the same functions, so a chart exported
from the command line is the chart seen on screen. Nothing here knows about Dash,
the store or the filters: callers pass the already filtered frame, a title and a
caption (``Filters.describe()``).
"""
from __future__ import annotations

import html
import re
import pandas as pd
import plotly.graph_objects as go

from timeline.model import EVENT_TYPES

#: One colour per event type (colour-blind-safe qualitative palette, 12 entries).
TYPE_COLORS: dict[str, str] = dict(zip(EVENT_TYPES, (
    "#1f77b4", "#2ca02c", "#17becf", "#7f7f7f", "#d62728", "#8c0000",
    "#bcbd22", "#9467bd", "#006d2c", "#ff7f0e", "#e377c2", "#5c3b1e",
)))

#: Above this many dated events the timeline groups events by lane, type and period.
DETAIL_LIMIT = 5000
#: Above this many markers in one trace, draw it with WebGL.
GL_LIMIT = 3000
#: At most this many lanes; the rest are merged into one "other actors" lane.
MAX_LANES = 25
#: Rows and columns of the matrix (the sources and targets with most events).
MAX_CODES = 30

PRECISION_NOTE = ("Dots: day-precise dates · solid bars: multi-day events · "
                  "pale hatched bars: date known only to the month or year")
OTHER_LANE = "other actors"
NO_SOURCE = "(no source)"

_FIRST_ACTOR = re.compile(
    r'^\[\{"name": "(?P<name>(?:[^"\\]|\\.)*)", "code": "(?P<code>(?:[^"\\]|\\.)*)",'
    r' "kind": "(?P<kind>(?:[^"\\]|\\.)*)"')
_PERIODS = {"week": "W-SUN", "month": "M", "year": "Y"}
_PERIOD_FORMAT = {"week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


# -- shared helpers -----------------------------------------------------------
def _base_layout(fig: go.Figure, title: str | None, caption: str | None, default: str) -> None:
    fig.update_layout(
        title={"text": html.escape(title or default), "x": 0, "xanchor": "left"},
        template="plotly_white", margin={"l": 10, "r": 10, "t": 70, "b": 40},
        font={"family": "system-ui, 'Noto Naskh Arabic', sans-serif", "size": 12},
        hoverlabel={"align": "auto"}, legend={"title": {"text": ""}},
    )
    if caption:
        fig.add_annotation(text=html.escape(caption), xref="paper", yref="paper", x=0, y=1,
                           xanchor="left", yanchor="bottom", yshift=8, showarrow=False,
                           font={"size": 11, "color": "#555"}, align="left")


def _empty(fig: go.Figure, message: str) -> go.Figure:
    fig.add_annotation(text=html.escape(message), xref="paper", yref="paper", x=0.5, y=0.5,
                       showarrow=False, font={"size": 14, "color": "#777"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _dated(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["date"].notna()]


def _period_start(dates: pd.Series, period: str) -> pd.Series:
    return dates.dt.to_period(_PERIODS.get(period, "M")).dt.start_time


def _wrap(text: str, width: int = 70, limit: int = 400) -> str:
    """Escape a sentence for a hover label and break it into lines."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
    lines = re.findall(r".{1,%d}(?:\s+|$)|\S+" % width, text)
    return "<br>".join(html.escape(line.strip()) for line in lines if line.strip())


def lane_labels(df: pd.DataFrame, lanes: str = "actor") -> pd.Series:
    """The lane of each event: its type, or its first source actor.

    A state, organisation or group is shown by its code, a person by name and code
    (``Sergey Lavrov (RUS)``); events without a source go to ``(no source)``.
    """
    if lanes == "type":
        return df["type"].astype(str)
    first = df["source"].astype(str).str.extract(_FIRST_ACTOR)
    unescape = lambda s: s.str.replace(r"\\(.)", r"\1", regex=True)  # noqa: E731
    name, code, kind = unescape(first["name"]), unescape(first["code"]), first["kind"]
    label = code.where(kind != "person", name + " (" + code + ")")
    return label.fillna(NO_SOURCE).astype(str)


def _limit_lanes(lane: pd.Series) -> tuple[pd.Series, list[str]]:
    counts = lane.value_counts()
    keep = list(counts.index[:MAX_LANES])
    if len(counts) > MAX_LANES:
        lane = lane.where(lane.isin(keep), OTHER_LANE)
        keep.append(OTHER_LANE)
    return lane, keep


def _date_label(row_date: pd.Timestamp, end: pd.Timestamp | None, precision: str) -> str:
    if precision == "month":
        return f"{row_date:%Y-%m} (month-precise)"
    if precision == "year":
        return f"{row_date:%Y} (year-precise)"
    if end is not None and not pd.isna(end) and end != row_date:
        return f"{row_date:%Y-%m-%d} – {end:%Y-%m-%d}"
    return f"{row_date:%Y-%m-%d}"


def hover_text(df: pd.DataFrame) -> list[str]:
    """Hover label of each event: type, source → target, date and precision, evidence."""
    out = []
    for typ, status, src, tgt, d, end, prec, ev in zip(
            df["type"], df["status"], df["source_names"], df["target_names"], df["date"],
            df["end_date"], df["precision"], df["evidence"]):
        when = _date_label(d, end, prec) if not pd.isna(d) else "undated"
        out.append(f"<b>{html.escape(str(typ))}</b> · {html.escape(str(status))}<br>"
                   f"{html.escape(str(src) or '?')} → {html.escape(str(tgt) or '?')}<br>"
                   f"{when}<br><i>{_wrap(ev)}</i>")
    return out


# -- timeline -----------------------------------------------------------------
def timeline(df: pd.DataFrame, lanes: str = "actor", title: str | None = None,
             caption: str | None = None, *, note: str | None = PRECISION_NOTE,
             detail_limit: int = DETAIL_LIMIT) -> go.Figure:
    """Dated events on a time axis, one lane per source actor or per type, coloured by type.

    Day-precise events are dots; multi-day events are solid bars to ``end_date``;
    month- or year-precise events are pale hatched bars over their whole month or
    year, so they never look day-precise. Undated events are left out (the caller
    lists them). Past ``detail_limit`` dated events, events are grouped by lane,
    type and week/month/year and drawn as sized markers. Each point carries the
    event id in ``customdata`` (grouped points carry none).
    """
    fig = go.Figure()
    _base_layout(fig, title, caption, "Timeline")
    d = _dated(df)
    if d.empty:
        return _empty(fig, "No dated events")
    lane, order = _limit_lanes(lane_labels(d, lanes))
    d = d.assign(_lane=lane.values)
    if len(d) > detail_limit:
        _timeline_grouped(fig, d)
    else:
        _timeline_detail(fig, d)
    height = max(360, 150 + 30 * len(order))
    fig.update_layout(height=height, barmode="overlay", hovermode="closest",
                      legend={"orientation": "v", "traceorder": "normal"})
    fig.update_xaxes(type="date", showgrid=True)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=order,
                     autorange="reversed", automargin=True)
    if note:
        lines = [html.escape(part) for part in note.split(" · ")]
        fig.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=0,
                           xanchor="left", yanchor="top", yshift=-26, showarrow=False,
                           font={"size": 11, "color": "#555"}, align="left")
        fig.update_layout(margin={"b": 40 + 16 * len(lines)})
    return fig


def _spans(d: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Start and (exclusive) end of each event's bar; end is NaT for a one-day event."""
    start, prec = d["date"], d["precision"]
    last = d["end_date"].fillna(start)
    month, year = prec == "month", prec == "year"
    end = (last + pd.Timedelta(days=1)).where(d["end_date"].notna() & (d["end_date"] > start))
    if month.any():
        start = start.where(~month, _period_start(start, "month"))
        end = end.where(~month, (last.dt.to_period("M") + 1).dt.start_time)
    if year.any():
        start = start.where(~year, _period_start(start, "year"))
        end = end.where(~year, (last.dt.to_period("Y") + 1).dt.start_time)
    return start, end


def _timeline_detail(fig: go.Figure, d: pd.DataFrame) -> None:
    start, end = _spans(d)
    vague = d["precision"].isin(("month", "year")).to_numpy()
    bar = end.notna().to_numpy()
    hover = pd.Series(hover_text(d), index=d.index)
    for typ in [t for t in EVENT_TYPES if t in set(d["type"])] + \
            sorted(set(d["type"]) - set(EVENT_TYPES)):
        color = TYPE_COLORS.get(typ, "#444")
        is_type = (d["type"] == typ).to_numpy()
        first = True
        for kind, mask in (("point", is_type & ~bar), ("span", is_type & bar & ~vague),
                           ("vague", is_type & vague)):
            if not mask.any():
                continue
            sub = d[mask]
            common = dict(name=typ, legendgroup=typ, showlegend=first, y=sub["_lane"],
                          customdata=sub[["id"]].to_numpy(), hovertext=hover[mask],
                          hovertemplate="%{hovertext}<extra></extra>")
            first = False
            if kind == "point":
                fig.add_trace(go.Scatter(
                    x=sub["date"], mode="markers",
                    marker={"color": color, "size": 11, "symbol": "circle",
                            "line": {"color": "white", "width": 1}}, **common))
                continue
            s, e = start[mask], end[mask]
            fig.add_trace(go.Bar(
                orientation="h", base=s.dt.strftime("%Y-%m-%d"),
                x=(e - s).dt.total_seconds() * 1000, width=0.5 if kind == "span" else 0.7,
                marker={"color": color, "opacity": 0.9 if kind == "span" else 0.35,
                        "line": {"color": color, "width": 1},
                        "pattern": {"shape": "" if kind == "span" else "/",
                                    "fgcolor": color, "size": 6, "solidity": 0.3}},
                **common))


def _grouped_period(d: pd.DataFrame) -> str:
    span_days = (d["date"].max() - d["date"].min()).days
    return "week" if span_days <= 2 * 366 else "month" if span_days <= 15 * 366 else "year"


def _timeline_grouped(fig: go.Figure, d: pd.DataFrame) -> None:
    period = _grouped_period(d)
    bucket = _period_start(d["date"], period)
    g = (d.assign(_bucket=bucket).groupby(["type", "_lane", "_bucket"], observed=True)
         .size().rename("n").reset_index())
    biggest = max(int(g["n"].max()), 1)
    fmt = _PERIOD_FORMAT[period]
    for typ in [t for t in EVENT_TYPES if t in set(g["type"])] + \
            sorted(set(g["type"]) - set(EVENT_TYPES)):
        sub = g[g["type"] == typ]
        cls = go.Scattergl if len(sub) > GL_LIMIT else go.Scatter
        labels = [f"<b>{html.escape(typ)}</b> · {html.escape(lane)}<br>{period} of "
                  f"{b.strftime(fmt)}: {n} events"
                  for lane, b, n in zip(sub["_lane"], sub["_bucket"], sub["n"])]
        fig.add_trace(cls(
            x=sub["_bucket"], y=sub["_lane"], mode="markers", name=typ, legendgroup=typ,
            marker={"color": TYPE_COLORS.get(typ, "#444"), "opacity": 0.75,
                    "size": (5 + 17 * (sub["n"] / biggest) ** 0.5).round(1)},
            customdata=sub[["n"]].to_numpy(), hovertext=labels,
            hovertemplate="%{hovertext}<extra></extra>"))
    fig.add_annotation(text=f"{len(d):,} events grouped by {period}; narrow the filters to see "
                       "single events", xref="paper", yref="paper", x=1, y=1, xanchor="right",
                       yanchor="bottom", yshift=8, showarrow=False,
                       font={"size": 11, "color": "#8a5a00"})


# -- counts over time -----------------------------------------------------------
def counts(df: pd.DataFrame, period: str = "month", title: str | None = None,
           caption: str | None = None) -> go.Figure:
    """Dated events per type per week, month or year, as stacked bars (an event counts at its start)."""
    period = period if period in _PERIODS else "month"
    fig = go.Figure()
    _base_layout(fig, title, caption, f"Events per {period}")
    d = _dated(df)
    if d.empty:
        return _empty(fig, "No dated events")
    table = (d.assign(_bucket=_period_start(d["date"], period))
             .groupby(["_bucket", "type"]).size().unstack(fill_value=0).sort_index())
    fmt = _PERIOD_FORMAT[period]
    x_labels = [b.strftime(fmt) for b in table.index]
    for typ in [t for t in EVENT_TYPES if t in table.columns] + \
            sorted(set(table.columns) - set(EVENT_TYPES)):
        fig.add_trace(go.Bar(
            x=table.index, y=table[typ], name=typ, marker_color=TYPE_COLORS.get(typ, "#444"),
            customdata=x_labels,
            hovertemplate=f"%{{customdata}}: %{{y}} {html.escape(typ)}<extra></extra>"))
    fig.update_layout(barmode="stack", height=380, bargap=0.15)
    fig.update_xaxes(type="date")
    fig.update_yaxes(title={"text": "events"}, rangemode="tozero")
    return fig


# -- matrix -------------------------------------------------------------------
def pair_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Events per (source code, target code); an event counts once per distinct pair."""
    if df.empty:
        return pd.DataFrame({"source": pd.Series(dtype=str), "target": pd.Series(dtype=str),
                             "n": pd.Series(dtype="int64")})
    src = df["source_codes"].str.strip("|").str.split("|").explode().rename("source")
    tgt = df["target_codes"].str.strip("|").str.split("|").explode().rename("target")
    pairs = src.to_frame().join(tgt, how="inner")
    pairs = pairs[(pairs["source"] != "") & (pairs["target"] != "")
                  & pairs["source"].notna() & pairs["target"].notna()]
    pairs = pairs.reset_index().drop_duplicates()
    return pairs.groupby(["source", "target"]).size().rename("n").reset_index()


def matrix(df: pd.DataFrame, title: str | None = None, caption: str | None = None,
           *, max_codes: int = MAX_CODES) -> go.Figure:
    """A source × target heatmap of event counts by actor code (empty cells left blank)."""
    fig = go.Figure()
    _base_layout(fig, title, caption, "Who does what to whom")
    pc = pair_counts(df)
    if pc.empty:
        return _empty(fig, "No events with both a source and a target")
    rows = list(pc.groupby("source")["n"].sum().sort_values(ascending=False).index[:max_codes])
    cols = list(pc.groupby("target")["n"].sum().sort_values(ascending=False).index[:max_codes])
    grid = pc.pivot(index="source", columns="target", values="n").reindex(index=rows, columns=cols)
    z = grid.astype("float64").to_numpy()
    fig.add_trace(go.Heatmap(
        z=z, x=cols, y=rows, colorscale="Blues", hoverongaps=False, xgap=1, ygap=1,
        texttemplate="%{z}" if len(rows) * len(cols) <= 400 else None,
        hovertemplate="%{y} → %{x}: %{z} events<extra></extra>",
        colorbar={"title": {"text": "events"}}))
    fig.update_layout(height=max(360, 140 + 24 * len(rows)))
    fig.update_xaxes(type="category", title={"text": "target"}, side="bottom", automargin=True)
    fig.update_yaxes(type="category", title={"text": "source"}, autorange="reversed",
                     automargin=True)
    return fig

