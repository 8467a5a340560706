"""One act told by several articles, shown as one event with all its reports.

``group_reports(frame)`` is a pure function over the events frame (``eventframe.FRAME_COLUMNS``):
reports of one act are events of different articles with

- the same type,
- dates at day precision no more than a day apart (from the first report), and
- shared actors by code: for talks and agreements (told from either side) at least two
  codes in common (one, if a report names only one); for every other type the same
  source and, where both name one, the same target.

Each group keeps one row, its fullest report (most actor codes, then highest
confidence), whose ``reports`` column lists the others (id, article, outlet, date and
sentence: what the detail view shows to explain the merge); ``n_reports`` counts them
all. A report that would fit two groups joins neither. Analyst merges (``reports``
already filled by the store) are kept and counted.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from timeline import eventtypes

#: Types told the same from either side: actors compared as one set.
SYMMETRIC = frozenset(eventtypes.SYMMETRIC)
#: What a listed report keeps of its row.
REPORT_FIELDS = ("id", "article_id", "type", "date", "precision", "evidence", "start", "end",
                 "lang", "outlet", "title", "url", "published", "source_names", "target_names")


@dataclass
class Group:
    """Reports taken for one act so far: the day, the codes on each side, their rows."""
    day: int  # days since 1970
    source: frozenset[str]
    target: frozenset[str]
    rows: list[int] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)


def codes_of(value: str) -> frozenset[str]:
    """The actor codes of a ``|RUS|TUR|`` column value."""
    return frozenset(c for c in value.split("|") if c)


def fits(kind: str, source: frozenset[str], target: frozenset[str], g: Group) -> int:
    """How well a report fits group ``g`` (shared codes; 0: not at all)."""
    if kind in SYMMETRIC:
        mine, theirs = source | target, g.source | g.target
        shared = len(mine & theirs)
        return shared if shared >= min(2, len(mine), len(theirs)) and shared else 0
    if not (source & g.source):
        return 0
    if target and g.target and not (target & g.target):
        return 0
    return len(source & g.source) + len(target & g.target)


@dataclass
class _Dated:
    """The day-precise reports of a frame: their positions in it, codes on each side,
    width (codes in all), day, type and article, and the order they are read in."""
    pos: np.ndarray
    source: list[frozenset[str]]
    target: list[frozenset[str]]
    width: list[int]
    day: list[int]
    kinds: list[str]
    arts: list[str]
    order: list[int]


def _dated(frame: pd.DataFrame) -> _Dated | None:
    """The reports ``groups`` reads (None: fewer than two), in order of type, day, width
    (most codes first), confidence and id."""
    if frame.empty:
        return None
    dates = frame["date"].to_numpy(dtype="datetime64[ns]")
    ok = (frame["precision"] == "day").to_numpy() & ~np.isnat(dates)
    pos = ok.nonzero()[0]
    if len(pos) < 2:
        return None
    sub = frame[["id", "article_id", "type", "confidence", "source_codes", "target_codes"]] \
        .iloc[pos]
    parsed: dict[str, frozenset[str]] = {}  # many rows share a code string
    source = [parsed.get(s) or parsed.setdefault(s, codes_of(s))
              for s in sub["source_codes"].tolist()]
    target = [parsed.get(t) or parsed.setdefault(t, codes_of(t))
              for t in sub["target_codes"].tolist()]
    width = np.fromiter((len(a | b) for a, b in zip(source, target)), dtype=np.int64,
                        count=len(pos))
    day_arr = dates[pos].astype("datetime64[D]").astype(np.int64)
    conf = sub["confidence"].to_numpy(dtype=float)
    # the order of sorted(key=(kind, day, -width, -conf, id)): ids are unique, so no ties
    kind_rank = pd.factorize(sub["type"], sort=True)[0]
    id_rank = pd.factorize(sub["id"], sort=True)[0]
    order = np.lexsort((id_rank, -conf, -width, day_arr, kind_rank)).tolist()
    return _Dated(pos, source, target, width.tolist(), day_arr.tolist(), sub["type"].tolist(),
                  sub["article_id"].tolist(), order)


def _candidates(by_day: dict[int, dict[str, list[Group]]], d: int,
                mine: frozenset[str]) -> list[Group]:
    """The open groups opened on day ``d`` or the day before that share one of these
    codes, each once."""
    candidates: list[Group] = []
    for k in (d - 1, d):
        codes = by_day.get(k)
        if codes:
            for code in mine:
                candidates += codes.get(code, ())
    if len(mine) > 1 and len(candidates) > 1:
        candidates = list({id(g): g for g in candidates}.values())
    return candidates


def _best(kind: str, src: frozenset[str], tgt: frozenset[str], art: str,
          candidates: list[Group]) -> tuple[Group | None, int]:
    """The group a report fits best (of another article) and how many fit as well."""
    best, top, tied = 0, None, 0
    for g in candidates:
        if art in g.articles:
            continue
        score = fits(kind, src, tgt, g)
        if score > best:
            best, top, tied = score, g, 1
        elif score and score == best:
            tied += 1
    return top, tied


def groups(frame: pd.DataFrame) -> list[list[int]]:
    """Positions (in ``frame``) of the reports of each act told more than once; the first
    position of each list is the row that stands for the act.

    Reports are read in order of type, day, width (most codes first), confidence and id;
    each is compared only with the groups of its type opened on its day or the day
    before that share one of its codes (the only groups it can fit), found through an
    index by day and code."""
    r = _dated(frame)
    if r is None:
        return []
    # the open groups of the type being read, by the day they were opened and by code
    by_day: dict[int, dict[str, list[Group]]] = {}
    kind_now, day_now = None, None
    found: list[Group] = []
    for i in r.order:
        if not r.width[i]:
            continue
        kind, d = r.kinds[i], r.day[i]
        if kind != kind_now:  # reports come by type: the last type's groups are closed
            kind_now, day_now, by_day = kind, None, {}
        if d != day_now:  # and by day: groups opened before yesterday are closed
            day_now = d
            for old in [k for k in by_day if d - k > 1]:
                del by_day[old]
        src, tgt = r.source[i], r.target[i]
        mine = src | tgt if kind in SYMMETRIC else src
        top, tied = _best(kind, src, tgt, r.arts[i], _candidates(by_day, d, mine))
        if tied == 1 and top is not None:
            top.rows.append(int(r.pos[i]))
            top.articles.add(r.arts[i])
        elif not tied:
            g = Group(d, src, tgt, [int(r.pos[i])], {r.arts[i]})
            codes = by_day.setdefault(d, {})
            for code in mine:
                codes.setdefault(code, []).append(g)
            found.append(g)
        # two groups fit equally well: ambiguous, the report stays on its own
    return [g.rows for g in found if len(g.rows) > 1]


def _report(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: row.get(k) for k in REPORT_FIELDS}
    d = row.get("date")
    out["date"] = None if d is None or pd.isna(d) else pd.Timestamp(d).strftime("%Y-%m-%d")
    for k in ("start", "end"):
        value = out[k]
        out[k] = int(value) if value is not None else None
    return {k: (None if isinstance(v, float) and pd.isna(v) else v) for k, v in out.items()}


def _listed(value: Any) -> list[dict[str, Any]]:
    return json.loads(value) if isinstance(value, str) and value else []


def group_reports(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the reports of one act folded into one row each (``reports`` lists
    the others, ``n_reports`` counts all); the rows keep the frame's order."""
    reports = frame["reports"].tolist() if "reports" in frame.columns else [""] * len(frame)
    found = groups(frame)
    keep = np.ones(len(frame), dtype=bool)
    if found:
        # only the rows listed as reports are read out (a million rows' strings would not
        # fit the memory budget of a first start)
        listed_rows = sorted({r for rows in found for r in rows[1:]})
        picked = frame.iloc[listed_rows]
        columns = {k: dict(zip(listed_rows, picked[k].tolist())) for k in REPORT_FIELDS}
        reports = list(reports)
        for rows in found:
            head, rest = rows[0], rows[1:]
            listed = _listed(reports[head])
            for r in rest:
                listed.append(_report({k: columns[k][r] for k in REPORT_FIELDS}))
                listed.extend(_listed(reports[r]))
            reports[head] = json.dumps(listed, ensure_ascii=False)
            keep[rest] = False
    counts = [1 + (len(_listed(r)) if r else 0) for r in reports]
    out = frame.assign(reports=reports, n_reports=counts)
    return out[keep].reset_index(drop=True) if found else out
