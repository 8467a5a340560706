"""What the figures share: type colours, the words they say (``Words``), layout, hover
labels, lanes and period arithmetic. The figures themselves are pure functions, an events
frame (``eventframe.FRAME_COLUMNS``) in, a plotly figure out: ``timechart.timeline``,
``tallies.counts`` and ``tallies.matrix`` (and the dashboard's ``worldmap``).

The dashboard and the exports draw with the same functions, so a chart exported
from the command line is the chart seen on screen. Nothing here knows about Dash,
the store or the filters: callers pass the already filtered frame, a title and a
caption (``Filters.describe()``).

Figures are assembled as plain dicts of arrays and wrapped once in
``go.Figure`` without per-property validation (validation costs ~10x the rest at
thousands of points; the tests check every figure kind validates).
"""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from timeline.model import EVENT_TYPES

#: One colour per event type: twelve that stay apart (CIELAB distance over 16) for normal
#: vision and under simulated deuteranopia, protanopia and tritanopia
#: (``tests/test_figures.py::test_figures_type_colours_stay_apart_for_colour_blind_readers``).
TYPE_COLORS: dict[str, str] = dict(zip(EVENT_TYPES, (
    "#006CD1", "#009988", "#66CCEE", "#BBBBBB", "#D41159", "#994F00",
    "#FFC20A", "#DDCC77", "#5D3A9B", "#AA4499", "#EE7733", "#000000",
)))


@dataclass(frozen=True)
class Words:
    """What a figure says, in the interface language: event types, statuses, precisions,
    actor names (``name``: one English name to its shown form; ``code``: an actor code to
    its shown form) and the fixed phrases (``text``, keys as in ``ENGLISH``)."""

    types: Mapping[str, str] = field(default_factory=dict)
    statuses: Mapping[str, str] = field(default_factory=dict)
    text: Mapping[str, str] = field(default_factory=dict)
    name: Callable[[str], str] | None = None
    code: Callable[[str], str] | None = None

    def t(self, key: str, **kw: Any) -> str:
        return self.text.get(key, ENGLISH[key]).format(**kw)

    def type(self, typ: str) -> str:
        return self.types.get(typ, typ)

    def names(self, joined: str) -> str:
        """``"United States; Russia"`` in the interface language, each name isolated
        (Unicode FSI ... PDI) so mixed scripts keep their order."""
        if not joined:
            return "?"
        parts = [self.name(n) if self.name else n for n in joined.split("; ")]
        return "; ".join(f"\u2068{p}\u2069" for p in parts) if self.name else "; ".join(parts)


ENGLISH = {
    "no_dated": "No dated events", "no_pairs": "No events with both a source and a target",
    "timeline": "Timeline", "counts": "Events per {period}", "matrix": "Who does what to whom",
    "events": "events", "source": "source", "target": "target",
    "other_actors": "other actors", "no_source": "(no source)", "undated": "undated",
    "month_precise": "month-precise", "year_precise": "year-precise",
    "grouped": "{n} events counted per {period}; narrow the filters or zoom in to see "
               "single events",
    "period_of": "{period} of", "same_day": "{n} events on this day",
    "day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year",
}
ENGLISH_WORDS = Words()

#: Above this many dated events the timeline counts events per lane, type and period
#: (heat strips); at or under it, each event is drawn with its hover label (some 430 bytes
#: each, hover, lane, id and position: the limit keeps a response under about 300 KB).
DETAIL_LIMIT = 600
#: Characters of evidence in an event's hover label (the detail panel shows all of it).
HOVER_EVIDENCE = 160
#: Above this many markers in one trace, draw it with WebGL.
GL_LIMIT = 3000
#: At most this many lanes; the rest are merged into one "other actors" lane.
MAX_LANES = 25
#: Rows and columns of the matrix (the sources and targets with most events).
MAX_CODES = 30

DAY_MS = 86_400_000
PRECISION_NOTE = ("● day-precise date · ■ and solid bar: multi-day event · "
                  "◇ and pale hatched bar: date known only to the month or year")
OTHER_LANE = "other actors"
NO_SOURCE = "(no source)"

_GROUPED_COLUMNS = ["type", "date", "source_codes", "actor_keys"]
#: Optional column: the first line of ``actor_keys`` (``first_actors``), for callers that
#: keep it ready; the grouped timeline reads it instead of ``actor_keys``.
FIRST_ACTOR = "first_actor"
_DETAIL_COLUMNS = ["id", "type", "status", "date", "end_date", "precision", "evidence",
                   "source_names", "target_names", "source_codes", "actor_keys"]
_PERIOD_FORMAT = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
#: Plotly's ``xperiod`` of each period: a bar is as wide as its period.
_XPERIOD = {"day": DAY_MS, "week": 7 * DAY_MS, "month": "M1", "year": "M12"}
_AXIS = {"gridcolor": "#e5ecf3", "linecolor": "#c8d0d8", "zeroline": False,
         "ticks": "outside", "tickcolor": "#c8d0d8", "automargin": True}


# -- shared helpers -----------------------------------------------------------
def _figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    # columns are numpy arrays of fixed-width strings or numbers: go.Figure deep-copies its
    # input, which is a memory copy for those and a per-item copy for object arrays
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def _layout(title: str | None, caption: str | None, default: str, **extra: Any) -> dict:
    """Common layout: title (``""`` for none), caption annotation, plain white look."""
    text = default if title is None else title
    annotations = list(extra.pop("annotations", []))
    if caption:
        annotations.append({"text": html.escape(caption), "xref": "paper", "yref": "paper",
                            "x": 0, "y": 1, "xanchor": "left", "yanchor": "bottom", "yshift": 8,
                            "showarrow": False, "align": "left",
                            "font": {"size": 11, "color": "#555"}})
    top = (40 if text else 12) + (22 if caption else 0)
    layout: dict[str, Any] = {
        "template": {}, "paper_bgcolor": "white", "plot_bgcolor": "white",
        "font": {"family": "system-ui, 'Noto Naskh Arabic', sans-serif", "size": 12,
                 "color": "#1d2733"},
        "margin": {"l": 10, "r": 10, "t": top, "b": 40}, "hoverlabel": {"align": "auto"},
        "legend": {"title": {"text": ""}}, "annotations": annotations,
        "xaxis": dict(_AXIS), "yaxis": dict(_AXIS),
    }
    if text:
        layout["title"] = {"text": html.escape(text), "x": 0, "xanchor": "left",
                           "y": 1, "yanchor": "top", "pad": {"t": 10}}
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def _message(text: str) -> dict[str, Any]:
    return {"text": html.escape(text), "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
            "showarrow": False, "font": {"size": 14, "color": "#777"}}


def _empty(title: str | None, caption: str | None, default: str, message: str) -> go.Figure:
    return _figure([], _layout(title, caption, default, annotations=[_message(message)],
                               height=300, xaxis={"visible": False}, yaxis={"visible": False}))


def _period_start(dates: pd.Series, period: str) -> pd.Series:
    """First day of the week (Monday), month or year of each date."""
    values = dates.to_numpy(dtype="datetime64[us]")
    if period == "year":
        out = values.astype("datetime64[Y]")
    elif period == "week":
        days = values.astype("datetime64[D]")
        out = days - ((days.astype("int64") + 3) % 7)  # 1970-01-01 was a Thursday
    else:
        out = values.astype("datetime64[M]")
    return pd.Series(out.astype("datetime64[us]"), index=dates.index)


def _period_number(dates: pd.Series, period: str) -> Any:
    """The week (Monday to Sunday), month or year of each date as a whole number that
    grows with time (``_period_dates`` turns it back into the period's first day).

    Calendar arithmetic runs once per day of the dates' range, then each date looks up
    its day (much faster than converting every date to a month or year)."""
    values = dates.to_numpy(dtype="datetime64[us]")
    days = values.astype("datetime64[D]") if len(values) < 1000 else \
        (values.view("int64") // 86_400_000_000).view("datetime64[D]")
    if period == "week":
        return (days.astype("int64") + 3) // 7  # 1970-01-01 was a Thursday
    if period == "day":
        return days.astype("int64")
    unit = "datetime64[Y]" if period == "year" else "datetime64[M]"
    numbers = days.view("int64")
    lo, hi = (int(numbers.min()), int(numbers.max())) if len(numbers) else (0, 0)
    if len(numbers) < 1000 or hi - lo > 4 * len(numbers):
        return days.astype(unit).astype("int64")
    table = (_range(hi - lo + 1) + lo).astype("datetime64[D]").astype(unit).astype("int64")
    return table[numbers - lo]


def _period_dates(numbers: Any, period: str) -> Any:
    unit = {"year": "datetime64[Y]", "week": "datetime64[D]",
            "day": "datetime64[D]"}.get(period, "datetime64[M]")
    if period == "week":
        numbers = numbers * 7 - 3
    return numbers.astype(unit).astype("datetime64[us]")


def _codes(s: pd.Series, *, sort: bool) -> tuple[Any, pd.Index]:
    """Codes and distinct values of a column in the order a group-by sorts them (a
    categorical column: its categories' order)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy(dtype="int64"), s.cat.categories
    codes, uniques = pd.factorize(s, sort=sort)
    return codes.astype("int64"), uniques


def _tally(keys: list[tuple[Any, int]]) -> tuple[Any, Any]:
    """Rows per combination of several integer keys (each ``(codes, how many codes)``):
    the combinations present, in sorted order (their codes, per key), and their counts."""
    flat = keys[0][0].astype("int64")
    missing = keys[0][0] < 0  # a missing value: no group (as group-by drops it)
    for codes, n in keys[1:]:
        flat = flat * n + codes
        missing = missing | (codes < 0)
    if missing.any():
        flat = flat[~missing]
    tally = pd.Series(flat).value_counts(sort=False).sort_index()
    found, counts = tally.index.to_numpy(), tally.to_numpy()
    parts = []
    for _, n in reversed(keys):
        parts.append(found % n)
        found = found // n
    return parts[::-1], counts.astype("int64")


def _group_sizes(types: pd.Series, lanes: pd.Series, dates: pd.Series, period: str) -> pd.DataFrame:
    """Events per type, lane and period (``type``, ``_lane``, ``_bucket``, ``n``), sorted as
    ``groupby([type, lane, bucket]).size()`` gives them, with integer codes only."""
    t, t_names = _codes(types, sort=True)
    lane, lane_names = _codes(lanes, sort=True)
    period_no = _period_number(dates, period)
    first = int(period_no.min())
    (ti, li, bi), n = _tally([(t, len(t_names)), (lane, len(lane_names)),
                              (period_no - first, int(period_no.max()) - first + 1)])
    return pd.DataFrame({"type": pd.Index(t_names).take(ti),
                         "_lane": pd.Index(lane_names).take(li),
                         "_bucket": _period_dates(bi + first, period), "n": n})


def _type_order(types: pd.Series | pd.Index) -> list[str]:
    """The event types present, in the order of EVENT_TYPES (unknown ones last)."""
    present = {str(t) for t in pd.unique(types)}
    return [t for t in EVENT_TYPES if t in present] + sorted(present - set(EVENT_TYPES))


def _escape(s: pd.Series) -> pd.Series:
    return (s.fillna("").astype(str).str.replace("&", "&amp;", regex=False)
            .str.replace("<", "&lt;", regex=False).str.replace(">", "&gt;", regex=False))


def _break_lines(text: str, width: int) -> str:
    """Break ``text`` at spaces into lines of at most about ``width`` (``\x00`` between)."""
    lines, start, n = [], 0, len(text)
    while n - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut <= start:
            cut = text.find(" ", start + width)
            if cut < 0:
                break
        lines.append(text[start:cut])
        start = cut + 1
    lines.append(text[start:])
    return "\x00".join(lines)


def _wrap(s: pd.Series, width: int = 70, limit: int = HOVER_EVIDENCE) -> pd.Series:
    """Escape sentences for a hover label and break them into lines of about ``width``."""
    texts = (" ".join(str(t).split()) if isinstance(t, str) else "" for t in s.tolist())
    broken = pd.Series([_break_lines(t if len(t) <= limit else t[:limit] + "…", width)
                        for t in texts], index=s.index, dtype=str)
    return _escape(broken).str.replace("\x00", "<br>", regex=False)


def date_labels(df: pd.DataFrame, words: Words = ENGLISH_WORDS) -> pd.Series:
    """How each event's date reads: day, day range, month or year (with the precision)."""
    date, prec = df["date"], df["precision"]
    day = date.dt.strftime("%Y-%m-%d")
    label = day.mask(prec == "month", date.dt.strftime("%Y-%m")
                     + f" ({words.t('month_precise')})")
    label = label.mask(prec == "year", date.dt.strftime("%Y") + f" ({words.t('year_precise')})")
    multi = df["end_date"].notna() & (df["end_date"] != date) & ~prec.isin(("month", "year"))
    label = label.mask(multi, day + " – " + df["end_date"].dt.strftime("%Y-%m-%d"))
    return label.fillna(words.t("undated"))


def _shown(s: pd.Series, show: Callable[[str], str]) -> pd.Series:
    """``show`` applied once per distinct value of a text column."""
    codes, uniques = pd.factorize(s.fillna("").astype(str))
    shown = pd.Index([show(u) for u in uniques.tolist()] + [""], dtype=object)
    return pd.Series(shown.take(codes), index=s.index, dtype=object)


def hover_text(df: pd.DataFrame, words: Words = ENGLISH_WORDS) -> pd.Series:
    """Hover label of each event: type, source → target, date and precision, evidence."""
    src = _escape(_shown(df["source_names"], words.names))
    tgt = _escape(_shown(df["target_names"], words.names))
    return ("<b>" + _escape(_shown(df["type"], words.type)) + "</b> · "
            + _escape(_shown(df["status"], lambda v: words.statuses.get(v, v))) + "<br>"
            + src + " → " + tgt + "<br>" + date_labels(df, words) + "<br><i>"
            + _wrap(df["evidence"]) + "</i>")


def first_actors(keys: pd.Series) -> pd.Series:
    """The first line of each ``actor_keys`` value (a categorical series, its categories in
    order of appearance), worked out once per distinct value."""
    codes, uniques = pd.factorize(keys.fillna(""))
    return first_actors_of(codes, uniques, keys.index)


def first_actors_of(codes: Any, uniques: pd.Index, index: pd.Index) -> pd.Series:
    """``first_actors`` from the codes and distinct values of ``actor_keys``."""
    firsts = [k.partition("\n")[0] if isinstance(k, str) else "" for k in uniques.tolist()]
    first_ids, first_uniques = pd.factorize(pd.Series(firsts + [""], dtype=object))
    return pd.Series(pd.Categorical.from_codes(first_ids[codes], categories=first_uniques),
                     index=index)  # code -1 (a missing value) reads the last: ""


def lane_labels(df: pd.DataFrame, lanes: str = "actor",
                words: Words = ENGLISH_WORDS) -> pd.Series:
    """The lane of each event (a categorical series): its type, or its first source actor.

    A state, organisation or group is shown by its code, a person by name and code
    (``Sergey Lavrov (RUS)``); events without a source go to ``(no source)``. A caller
    drawing many rows may pass the first actors ready (column ``FIRST_ACTOR``).
    """
    if lanes == "type":
        return _shown(df["type"], words.type).astype("category")
    # actor_keys lists an event's sources first ("CODE|kind|Name" lines, in role order)
    first = df[FIRST_ACTOR] if FIRST_ACTOR in df.columns else first_actors(df["actor_keys"])
    codes, uniques = pd.factorize(first)  # in order of appearance, each distinct once
    names = []
    shown_code = words.code or (lambda c: c)
    shown_name = words.name or (lambda n: n)
    no_source = words.t("no_source")
    for key in uniques.tolist():
        code, kind, name = (str(key).split("|", 2) + ["", ""])[:3]
        names.append(f"{shown_name(name)} ({shown_code(code)})" if kind == "person"
                     else shown_code(code) if code else no_source)
    label_ids, labels = pd.factorize(pd.Series(names + [no_source], dtype=object))
    codes = label_ids[codes]  # several first actors may share a label (a code)
    codes[(df["source_codes"] == "||").to_numpy(dtype=bool)] = label_ids[-1]
    return pd.Series(pd.Categorical.from_codes(codes, categories=labels), index=df.index)


def _limit_lanes(lane: pd.Series, other: str = OTHER_LANE) -> tuple[pd.Series, list[str]]:
    """At most MAX_LANES lanes (the busiest), the others merged; and their order."""
    counts = lane.value_counts()
    counts = counts[counts > 0]
    keep = [str(k) for k in counts.index[:MAX_LANES]]
    if len(counts) > MAX_LANES:
        lane = lane.cat.set_categories(keep).cat.add_categories([other]).fillna(other)
        keep.append(other)
    return lane, keep


def _range(n: int) -> Any:
    """0, 1, ..., n - 1 as an int64 array."""
    return pd.RangeIndex(n).to_numpy().astype("int64")
