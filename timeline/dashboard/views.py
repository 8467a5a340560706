"""What the dashboard shows, computed from the events frame: no Dash components here.

``compute(frame, filters, ...)`` is the whole work of a filter change (the main
callback is a thin wrapper around it, and the benchmark times it directly).
``actor_options`` and ``date_bounds`` feed the filter controls.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline import directory, figures, tallies, timechart
from timeline.errors import BIDI_CONTROLS, marked
from timeline.filters import Filters, FrameIndex, index_of
from timeline.labels import Labels, isolate
from timeline.model import EVENT_TYPES

#: Rows sent to the event table, the newest (the count above it is always the full count;
#: some 400 bytes a row, so a response stays small at any size of store).
TABLE_LIMIT = 100
#: Undated events listed under the timeline.
UNDATED_LIMIT = 50
LANES = ("actor", "type")
PERIODS = ("auto", "day", "week", "month", "year")
_GROUPS = (("state", "group_states"), ("igo", "group_orgs"), ("ngo", "group_orgs"),
           ("group", "group_groups"), ("person", "group_people"))


@dataclass
class Views:
    """Everything a filter change updates."""

    count: int
    timeline: go.Figure
    counts: go.Figure
    matrix: go.Figure
    rows: list[dict[str, Any]]
    undated: list[dict[str, str]]
    n_undated: int
    map: go.Figure | None = None


def count_label(n: int, ui: Mapping[str, str]) -> str:
    return ui["events_count_one"] if n == 1 else ui["events_count"].format(n=f"{n:,}")


def compute(frame: pd.DataFrame, filters: Filters, *, lanes: str = "actor",
            period: str = "month", ui: Mapping[str, str],
            labels: Labels | None = None) -> Views:
    """Filter the frame once and build every view from the result.

    The filtered rows are never copied whole: the charts read a narrow copy of the
    frame made once per frame (``_narrow``: codes and dates), and only the rows shown
    one by one (table, undated list, a detailed timeline) are taken from the frame.
    """
    index = index_of(frame)
    lang = labels.lang if labels else "en"
    if filters == Filters():  # the first view of every page: the same until the store changes
        return index.memo(("views.unfiltered", lanes, period, ui["timeline_note"], lang),
                          lambda: _compute(frame, index, filters, lanes, period, ui, labels))
    return _compute(frame, index, filters, lanes, period, ui, labels)


def _compute(frame: pd.DataFrame, index: FrameIndex, filters: Filters, lanes: str,
             period: str, ui: Mapping[str, str], labels: Labels | None) -> Views:
    from timeline.dashboard import worldmap
    mask = filters.mask(frame, index=index)
    pos = mask.nonzero()[0]
    narrow = narrow_frame(frame, index)
    sub = narrow if len(pos) == len(frame) else narrow.iloc[pos]
    caption = labels.describe(filters) if labels else filters.describe()
    words = labels.words() if labels else figures.ENGLISH_WORDS
    lang = labels.lang if labels else "en"
    dated = index.dated()[pos]
    undated = pos[~dated]
    limit = figures.DETAIL_LIMIT
    if int(dated.sum()) > limit:
        drawn = sub  # grouped: codes and dates are all it reads
    else:
        drawn = frame.take(pos[dated])
    lanes = lanes if lanes in LANES else "actor"
    period = period if period in PERIODS else "month"
    unfiltered = filters == Filters()

    def part(key: tuple, build: Callable[[], Any]) -> Any:
        """An unfiltered view's parts are kept apart too: switching lanes or period
        redraws only the chart that changes."""
        return index.memo(("views.part", lang, *key), build) if unfiltered else build()
    # titles are left to the card around each chart (they name it in the interface language)
    return Views(
        count=len(pos),
        timeline=part(("timeline", lanes, ui["timeline_note"], limit), lambda: timechart.timeline(
            drawn, lanes=lanes, title="", caption=caption, note=ui["timeline_note"],
            detail_limit=limit, words=words)),
        counts=part(("counts", period), lambda: tallies.counts(
            sub, period=period, title="", caption=caption, words=words)),
        matrix=part(("matrix",), lambda: tallies.matrix(sub, title="", caption=caption,
                                                        words=words)),
        rows=part(("rows",), lambda: _rows(frame.take(pos[_table_picks(sub["date"], TABLE_LIMIT)]),
                                           labels) if len(pos) else []),
        undated=part(("undated",), lambda: undated_items(frame.take(undated[:UNDATED_LIMIT]),
                                                         labels=labels)),
        n_undated=len(undated),
        map=part(("map", filters.role), lambda: worldmap.figure(
            sub, filters.role, labels, selected=filters.actors)) if labels else None,
    )


def narrow_frame(frame: pd.DataFrame, index: FrameIndex) -> pd.DataFrame:
    """What the charts read of every row, as categories and dates (cheap to take rows
    of), made once per frame: type (categories sorted, as a group-by sorts strings),
    date, source and target codes, and the first actor of each event."""
    def build() -> pd.DataFrame:
        cats = {c: pd.Categorical.from_codes(*index.codes(c))
                for c in ("source_codes", "target_codes")}
        keys = index.codes("actor_keys")
        return pd.DataFrame({
            "type": pd.Categorical(frame["type"]), "date": frame["date"].to_numpy(),
            **cats, figures.FIRST_ACTOR: figures.first_actors_of(*keys, frame.index).array,
        }, index=frame.index)
    return index.memo("views.narrow", build)


def _date_text(df: pd.DataFrame) -> pd.Series:
    day = df["date"].dt.strftime("%Y-%m-%d")
    text = day.where(df["precision"] == "day", "")
    text = text.mask(df["precision"] == "month", df["date"].dt.strftime("%Y-%m"))
    text = text.mask(df["precision"] == "year", df["date"].dt.strftime("%Y"))
    multi = df["end_date"].notna() & (df["precision"] == "day")
    text = text.mask(multi, day + " – " + df["end_date"].dt.strftime("%Y-%m-%d"))
    return text.fillna("")


_TABLE_SOURCE = ["id", "date", "end_date", "precision", "type", "source_names", "target_names",
                 "evidence", "lang", "outlet", "confidence"]


def table_rows(df: pd.DataFrame, limit: int = TABLE_LIMIT) -> list[dict[str, Any]]:
    """Rows of the event table, newest first, at most ``limit``."""
    if df.empty:
        return []
    return _rows(df.iloc[_table_picks(df["date"], limit)])


def _table_picks(dates: pd.Series, limit: int) -> list[int]:
    """Positions of the table's rows: the newest dated ones, then undated ones."""
    dated = dates.notna().to_numpy()
    order = dates[dated].to_numpy()
    positions = dated.nonzero()[0]
    if not dates[dated].is_monotonic_increasing:  # the store's frame comes sorted by date
        positions = positions[order.argsort(kind="stable")]
    picked = list(positions[::-1][:limit]) + list((~dated).nonzero()[0][:limit])
    return picked[:limit]


def _shown(s: pd.Series, show: Callable[[str], str]) -> pd.Series:
    """``show`` of each value, worked out once per distinct value."""
    codes, uniques = pd.factorize(s.fillna("").astype(str))
    return pd.Series(pd.Index([show(u) for u in uniques.tolist()] + [""], dtype=object)
                     .take(codes), index=s.index)


def _rows(top: pd.DataFrame, labels: Labels | None = None) -> list[dict[str, Any]]:
    top = top[_TABLE_SOURCE + (["n_reports"] if "n_reports" in top else [])]
    if any(top[k].astype(str).str.contains(BIDI_CONTROLS.pattern, regex=True).any()
           for k in ("source_names", "target_names", "evidence", "outlet")):
        top = top.copy()  # no text reversed by U+202E: the data's own controls are shown, before
        for key in ("source_names", "target_names", "evidence", "outlet"):  # names are isolated
            top[key] = top[key].map(lambda v: marked(v) if isinstance(v, str) else v)
    precision, typ = top["precision"], top["type"]
    source, target, lang = top["source_names"], top["target_names"], top["lang"]
    if labels is not None and labels.lang != "en":
        precision, typ = _shown(precision, labels.precision), _shown(typ, labels.type)
        source, target = _shown(source, labels.names), _shown(target, labels.names)
        lang = _shown(lang, lambda v: labels.ui.get(f"lang_{v}", v))
    columns = {
        "id": top["id"], "date": _date_text(top), "precision": precision,
        "type": typ, "source": source, "target": target,
        "evidence": top["evidence"], "lang": lang, "article_lang": top["lang"],
        "outlet": top["outlet"].fillna(""),
        "confidence": top["confidence"].round(2),
        "reports": top["n_reports"] if "n_reports" in top else pd.Series(1, index=top.index),
    }
    names = list(columns)
    values = [series.tolist() for series in columns.values()]  # much faster than to_dict
    return [dict(zip(names, row)) for row in zip(*values)]


def undated_items(df: pd.DataFrame, limit: int = UNDATED_LIMIT,
                  labels: Labels | None = None) -> list[dict[str, str]]:
    top = df.head(limit)
    items = [{"id": i, "type": t, "source": s or "?", "target": g or "?", "evidence": e,
              "lang": la} for i, t, s, g, e, la in zip(*(top[c].tolist() for c in (
                  "id", "type", "source_names", "target_names", "evidence", "lang")))]
    if labels is not None and labels.lang != "en":
        for it in items:
            it.update(type=labels.type(it["type"]), source=labels.names(
                it["source"] if it["source"] != "?" else ""), target=labels.names(
                it["target"] if it["target"] != "?" else ""))
    return items


# -- control options ------------------------------------------------------------
def actor_options(frame: pd.DataFrame, ui: Mapping[str, str]) -> list[dict[str, Any]]:
    """Options of the actor multi-select, grouped (disabled header rows) and by frequency.

    States, organisations and groups are offered by code (the code takes in the
    people and bodies acting for it); people, and bodies sharing a code with a
    state, by actor key ``CODE|kind|Name``. Labels end with the event count.
    Counted once per distinct value of the actor columns (``FrameIndex`` codes) and
    kept with the frame's index.
    """
    if frame.empty:
        return []
    index = index_of(frame)
    per_key, per_code = index.memo("views.actor_counts", lambda: _actor_counts(index))
    return index.memo(("views.actor_options", tuple(ui[g] for _, g in _GROUPS)),
                      lambda: _actor_options(per_key, per_code, ui))


def _actor_counts(index: FrameIndex) -> tuple[pd.Series, pd.Series]:
    """Events per actor key (in order of first appearance) and per code (an event counts
    once per code among its sources and targets)."""
    codes, uniques = index.codes("actor_keys")
    per_value = np.bincount(codes[codes >= 0], minlength=len(uniques))
    lines, owner = index.key_lines()
    lines = lines.to_numpy(zero_copy_only=False)
    keep = lines != ""
    per_key = pd.Series(per_value[owner[keep]]).groupby(
        pd.Series(lines[keep], dtype=object), sort=False).sum()
    src, src_uniques = index.codes("source_codes")
    tgt, tgt_uniques = index.codes("target_codes")
    width = len(tgt_uniques) + 1
    combos = pd.Series((src.astype("int64") + 1) * width + (tgt + 1)).value_counts(sort=False)
    combo = pd.DataFrame({"combo": range(len(combos)), "n": combos.to_numpy(),
                          "src": combos.index // width, "tgt": combos.index % width})
    sides = []
    for side, uniques in (("src", src_uniques), ("tgt", tgt_uniques)):
        table = pd.DataFrame([(i + 1, c) for i, v in enumerate(uniques.tolist())
                              if isinstance(v, str) for c in v.split("|") if c],
                             columns=[side, "code"])
        sides.append(combo.merge(table, on=side)[["combo", "code", "n"]])
    both = pd.concat(sides, ignore_index=True).drop_duplicates(["combo", "code"])
    per_code = both.groupby("code", sort=False)["n"].sum()
    return per_key, per_code


def _actor_options(per_key: pd.Series, per_code: pd.Series,
                   ui: Mapping[str, str]) -> list[dict[str, Any]]:
    k = pd.DataFrame([(key, *(key.split("|", 2) + ["", ""])[:3], n)
                      for key, n in zip(per_key.index.tolist(), per_key.tolist())],
                     columns=["key", "code", "kind", "name", "n"])
    bodies = k[k["kind"] != "person"].sort_values("n", ascending=False)
    primary = bodies.drop_duplicates("code").set_index("code")
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {g: [] for _, g in _GROUPS}
    group_of = dict(_GROUPS)
    for code, n in sorted(zip(per_code.index.tolist(), per_code.tolist()),
                          key=lambda x: -x[1]):
        if code in primary.index:
            kind, name = primary.at[code, "kind"], primary.at[code, "name"]
        else:
            kind, name = "state", code
        label = f"{name} ({code}) · {n}" if name != code else f"{code} · {n}"
        groups[group_of.get(kind, "group_groups")].append(
            (int(n), {"label": label, "value": code, "search": f"{name} {code}"}))
    for row in k.itertuples():
        if row.kind != "person" and row.code in primary.index \
                and primary.at[row.code, "kind"] == row.kind:
            continue  # offered by its code above
        groups[group_of.get(row.kind, "group_groups")].append(
            (int(row.n), {"label": f"{row.name} ({row.code}) · {row.n}", "value": row.key,
                          "search": f"{row.name} {row.code}"}))
    options: list[dict[str, Any]] = []
    for group in dict.fromkeys(g for _, g in _GROUPS):
        items = sorted(groups[group], key=lambda x: (-x[0], x[1]["label"]))
        if items:
            options.append({"label": f"— {ui[group]} —", "value": f"__{group}",
                            "disabled": True})
            options.extend(opt for _, opt in items)
    return options


def with_names(options: list[dict[str, Any]], labels: Labels) -> list[dict[str, Any]]:
    """Actor options named in the interface language and found by every alias of their
    actor, in both scripts (as written and folded: hamza forms, taa marbuta, diacritics)."""
    actors = labels.actors
    out = []
    for opt in options:
        value = str(opt["value"])
        if opt.get("disabled"):
            out.append(opt)
            continue
        if "|" in value:
            entry = actors.by_key(value)
            entries = [entry] if entry else []
        else:  # a code: its state or body (else the actor named in its label)
            named = actors.named(str(opt.get("search", "")).rsplit(" ", 1)[0])
            entries = actors.for_code(value) or ([named] if named else [])
        names = [n for e in entries for lang in directory.LANGS for n in e.names.get(lang, ())]
        words = dict.fromkeys(names + [directory.key(n) for n in names] + [opt.get("search", "")])
        label = str(opt["label"])
        if labels.lang == "ar":
            count = label.rsplit(" · ", 1)[-1]
            code = value.split("|", 1)[0]
            shown = labels.key(value)
            label = f"{isolate(shown)} ({code}) · {count}" if shown != code else \
                f"{code} · {count}"
        out.append({**opt, "label": label, "search": _distinct_words(w for w in words if w)})
    return out


def _distinct_words(phrases: Iterable[str]) -> str:
    """The words of ``phrases``, each once (letter case aside), in order of first use: the
    dropdown's search index takes every word apart into its substrings, so a word said
    again in many aliases cost the browser its indexing again (a second of it at load)."""
    seen: dict[str, str] = {}
    for word in " ".join(phrases).split():
        seen.setdefault(word.casefold(), word)
    return " ".join(seen.values())


def type_options(ui: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"label": ui.get(f"type_{t}", t), "value": t} for t in EVENT_TYPES]


def outlet_options(frame: pd.DataFrame) -> list[dict[str, str]]:
    if frame.empty:
        return []
    codes, uniques = index_of(frame).codes("outlet")  # uniques in order of appearance
    counts = pd.Series(np.bincount(codes[codes >= 0], minlength=len(uniques)), index=uniques)
    return [{"label": str(o), "value": str(o)}
            for o in counts.sort_values(ascending=False).index if str(o)]


def lang_options(frame: pd.DataFrame, ui: Mapping[str, str]) -> list[dict[str, str]]:
    seen = set(index_of(frame).codes("lang")[1].tolist()) if not frame.empty else set()
    langs = ["ar", "en"] + sorted(seen - {"ar", "en"})
    return [{"label": ui.get(f"lang_{la}", la), "value": la} for la in langs]


def month_index(d: date | pd.Timestamp) -> int:
    return d.year * 12 + d.month - 1


def month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def month_end(index: int) -> date:
    nxt = month_start(index + 1)
    return date.fromordinal(nxt.toordinal() - 1)


def date_bounds(frame: pd.DataFrame) -> tuple[date, date] | None:
    """First and last day covered by dated events (end dates included), or None."""
    dated = frame["date"].dropna() if not frame.empty else pd.Series(dtype="datetime64[us]")
    if dated.empty:
        return None
    last = max(dated.max(), frame["end_date"].max()) if frame["end_date"].notna().any() \
        else dated.max()
    return dated.min().date(), last.date()


def slider_marks(lo: int, hi: int) -> dict[int, str]:
    """Year marks (every n-th year, about five), or month marks for a short range."""
    if hi - lo < 18:
        step = max(1, -(-(hi - lo + 1) // 4))
        return {i: f"{month_start(i):%Y-%m}" for i in range(lo, hi + 1, step)}
    first_year, last_year = lo // 12, hi // 12
    step = max(1, -(-(last_year - first_year + 1) // 5))  # at most about five labels
    return {max(y * 12, lo): str(y) for y in range(first_year, last_year + 1, step)}
