"""Counted figures: events per period (stacked bars) and per source and target (a matrix).

Pure functions like those of ``figures.py`` (whose helpers they share): an events frame
in, a plotly figure out; the dashboard and the exports draw with them.
"""
from __future__ import annotations

import html
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from timeline.figures import (
    _PERIOD_FORMAT,
    _XPERIOD,
    DAY_MS,
    ENGLISH_WORDS,
    MAX_CODES,
    TYPE_COLORS,
    Words,
    _codes,
    _empty,
    _figure,
    _layout,
    _period_dates,
    _period_number,
    _range,
    _tally,
    _type_order,
)
from timeline.timechart import day_axis

__all__ = ["DAY_MS", "auto_period", "counts", "matrix", "pair_counts"]


# -- counts over time -----------------------------------------------------------
def auto_period(first: Any, last: Any) -> str:
    """The counting period that suits a span of dates: day up to a month, week up to
    half a year, month up to five years, else year."""
    if pd.isna(first) or pd.isna(last):
        return "month"
    days = (pd.Timestamp(last) - pd.Timestamp(first)).days
    return "day" if days <= 31 else "week" if days <= 183 else "month" if days <= 5 * 366 \
        else "year"


def counts(df: pd.DataFrame, period: str = "month", title: str | None = None,
           caption: str | None = None, *, words: Words = ENGLISH_WORDS) -> go.Figure:
    """Dated events per type per day, week, month or year, as stacked bars as wide as their
    period (``auto``: the period that suits the dates covered).

    An event counts once, in the period of its (start) date.
    """
    d = df.loc[df["date"].notna().to_numpy(), ["date", "type"]]
    if period == "auto":
        period = auto_period(d["date"].min(), d["date"].max()) if len(d) else "month"
    period = period if period in _PERIOD_FORMAT else "month"
    default = words.t("counts", period=words.t(period))
    if d.empty:
        return _empty(title, caption, default, words.t("no_dated"))
    t, t_names = _codes(d["type"], sort=True)
    period_no = _period_number(d["date"], period)
    first = int(period_no.min())
    (bi, ti), n = _tally([(period_no - first, int(period_no.max()) - first + 1),
                          (t, len(t_names))])
    table = pd.Series(n, index=pd.MultiIndex.from_arrays([bi, ti])).unstack(fill_value=0)
    starts = pd.DatetimeIndex(_period_dates(table.index.to_numpy() + first, period))
    x = starts.strftime("%Y-%m-%d").to_numpy(dtype=str)
    labels = starts.strftime(_PERIOD_FORMAT[period]).to_numpy(dtype=str)
    column = {str(t_names[c]): table[c].to_numpy() for c in table.columns}
    data = [{"type": "bar", "x": x, "y": column[typ], "name": html.escape(words.type(typ)),
             "marker": {"color": TYPE_COLORS.get(typ, "#444")}, "customdata": labels,
             "xperiod": _XPERIOD[period], "xperiodalignment": "middle",
             **({"xperiod0": "2000-01-03"} if period == "week" else {}),  # a Monday
             "hovertemplate": f"%{{customdata}}: %{{y}} {html.escape(words.type(typ))}"
                              "<extra></extra>"}
            for typ in _type_order(pd.Index(list(column)))]
    last = _period_dates(table.index.to_numpy()[-1:] + first + 1, period)[0]
    axis = day_axis(starts[0], pd.Timestamp(last) - pd.Timedelta(days=1))
    if "range" not in axis:  # a period either side of the bars
        axis["range"] = [_period_dates(table.index.to_numpy()[:1] + first - 1, period)[0],
                         _period_dates(table.index.to_numpy()[-1:] + first + 2, period)[0]]
        axis["range"] = [str(v)[:10] for v in axis["range"]]
    return _figure(data, _layout(title, caption, default, barmode="stack", height=380,
                                 bargap=0.15, xaxis={"type": "date", **axis},
                                 legend={"font": {"size": 13}},
                                 yaxis={"title": {"text": words.t("events")},
                                        "rangemode": "tozero"}))


# -- matrix -------------------------------------------------------------------
def _factorize(s: pd.Series) -> tuple[Any, pd.Index]:
    """Codes and distinct values (as plain strings) of a column: a categorical column's
    own codes and categories, unused ones included (they count nothing)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy(), pd.Index(s.cat.categories.astype("str"))
    return pd.factorize(s)


def pair_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Events per (source code, target code); an event counts once per distinct pair.

    Events are counted per distinct (source codes, target codes) combination first, and
    each combination's pairs are spread with array arithmetic (no string work per row)."""
    empty = pd.DataFrame({"source": pd.Series(dtype=str), "target": pd.Series(dtype=str),
                          "n": pd.Series(dtype="int64")})
    if df.empty:
        return empty
    src_ids, src_uniques = _factorize(df["source_codes"])
    tgt_ids, tgt_uniques = _factorize(df["target_codes"])
    src_lists, tgt_lists = _code_lists(src_uniques), _code_lists(tgt_uniques)
    vocab = sorted({c for codes in src_lists + tgt_lists for c in codes})
    if not vocab:
        return empty
    ids = {c: i for i, c in enumerate(vocab)}
    width = len(tgt_uniques) + 1  # slot 0 of each side: a missing value (no codes)
    (src, tgt), n = _tally([(src_ids.astype("int64") + 1, len(src_uniques) + 1),
                            (tgt_ids.astype("int64") + 1, width)])
    keys = src * width + tgt
    src_flat, src_start, src_len = _csr([[]] + src_lists, ids)
    tgt_flat, tgt_start, tgt_len = _csr([[]] + tgt_lists, ids)
    # every (combination, source code), then every (that, target code)
    k1, s = _spread(keys // width, src_start, src_len)
    k2, t = _spread(keys[k1] % width, tgt_start, tgt_len)
    pair = src_flat[s[k2]].astype("int64") * len(vocab) + tgt_flat[t]
    inverse, found = pd.factorize(pair, sort=True)
    if not len(found):
        return empty
    total = pd.Series(n[k1[k2]]).groupby(inverse).sum().to_numpy()
    names = pd.Index(vocab)
    return pd.DataFrame({"source": names.take(found // len(vocab)),
                         "target": names.take(found % len(vocab)), "n": total})


def _code_lists(uniques: pd.Index) -> list[list[str]]:
    """The distinct codes of each ``|A|B|`` value."""
    return [list(dict.fromkeys(c for c in v.strip("|").split("|") if c))
            if isinstance(v, str) else [] for v in uniques.tolist()]


def _csr(lists: list[list[str]], ids: dict[str, int]) -> tuple[Any, Any, Any]:
    """Lists of codes as one flat array of code ids with each list's start and length."""
    lengths = pd.Series([len(x) for x in lists], dtype="int64").to_numpy()
    flat = pd.Series([ids[c] for x in lists for c in x], dtype="int64").to_numpy()
    return flat, lengths.cumsum() - lengths, lengths


def _spread(owner: Any, start: Any, length: Any) -> tuple[Any, Any]:
    """For each item of ``owner`` (a list number), one row per element of its list: the
    item's position and the element's position in the flat array."""
    reps = length[owner]
    item = _range(len(owner)).repeat(reps)
    first = reps.cumsum() - reps
    return item, start[owner][item] + (_range(int(reps.sum())) - first[item])


def matrix(df: pd.DataFrame, title: str | None = None, caption: str | None = None,
           *, max_codes: int = MAX_CODES, words: Words = ENGLISH_WORDS) -> go.Figure:
    """A source × target heatmap of event counts by actor code (empty cells left blank)."""
    default = words.t("matrix")
    pc = pair_counts(df)
    if pc.empty:
        return _empty(title, caption, default, words.t("no_pairs"))
    rows = [str(c) for c in pc.groupby("source")["n"].sum().sort_values(ascending=False)
            .index[:max_codes]]
    cols = [str(c) for c in pc.groupby("target")["n"].sum().sort_values(ascending=False)
            .index[:max_codes]]
    grid = pc.pivot(index="source", columns="target", values="n").reindex(index=rows, columns=cols)
    z = grid.astype("float64").to_numpy()
    trace = {"type": "heatmap", "z": z, "x": [html.escape(c) for c in cols],
             "y": [html.escape(r) for r in rows],
             "colorscale": [[0, "#deebf7"], [0.5, "#6baed6"], [1, "#08306b"]],
             "hoverongaps": False, "xgap": 1, "ygap": 1,
             "hovertemplate": f"%{{y}} → %{{x}}: %{{z}} {words.t('events')}<extra></extra>",
             "colorbar": {"title": {"text": words.t("events")}}}
    if len(rows) * len(cols) <= 400:
        trace["texttemplate"] = "%{z}"
    return _figure([trace], _layout(
        title, caption, default, height=max(360, 140 + 24 * len(rows)),
        xaxis={"type": "category", "title": {"text": words.t("target")}, "side": "bottom"},
        yaxis={"type": "category", "title": {"text": words.t("source")},
               "autorange": "reversed"}))
