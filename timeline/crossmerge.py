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
    """Day-precise reports of a frame: their positions in it, ids, codes on each side,
    width (codes in all), day, type and article, and the order they are read in."""
    pos: np.ndarray
    ids: list[str]
    source: list[frozenset[str]]
    target: list[frozenset[str]]
    width: list[int]
    day: list[int]
    kinds: list[str]
    arts: list[str]
    order: list[int]


def day_precise(frame: pd.DataFrame) -> np.ndarray:
    """Positions of the reports dated to the day (the only ones merged)."""
    dates = frame["date"].to_numpy(dtype="datetime64[ns]")
    return ((frame["precision"] == "day").to_numpy() & ~np.isnat(dates)).nonzero()[0]


def _dated(frame: pd.DataFrame, pos: np.ndarray | None = None) -> _Dated | None:
    """The reports at ``pos`` (default: every day-precise one; None: none), in order of
    type, day, width (most codes first), confidence and id."""
    if frame.empty:
        return None
    if pos is None:
        pos = day_precise(frame)
    if not len(pos):
        return None
    sub = frame[["id", "article_id", "type", "confidence", "source_codes", "target_codes",
                 "date"]].iloc[pos]
    parsed: dict[str, frozenset[str]] = {}  # many rows share a code string
    source = [parsed.get(s) or parsed.setdefault(s, codes_of(s))
              for s in sub["source_codes"].tolist()]
    target = [parsed.get(t) or parsed.setdefault(t, codes_of(t))
              for t in sub["target_codes"].tolist()]
    width = np.fromiter((len(a | b) for a, b in zip(source, target)), dtype=np.int64,
                        count=len(pos))
    day_arr = sub["date"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]") \
        .astype(np.int64)
    conf = sub["confidence"].to_numpy(dtype=float)
    # the order of sorted(key=(kind, day, -width, -conf, id)): ids are unique, so no ties
    kind_rank = pd.factorize(sub["type"], sort=True)[0]
    id_rank = pd.factorize(sub["id"], sort=True)[0]
    order = np.lexsort((id_rank, -conf, -width, day_arr, kind_rank)).tolist()
    return _Dated(pos, sub["id"].tolist(), source, target, width.tolist(), day_arr.tolist(),
                  sub["type"].tolist(), sub["article_id"].tolist(), order)


def blocks(r: _Dated) -> list[list[int]]:
    """The reports ``r`` reads (with a code), in reading order, one list per type and day."""
    out: list[list[int]] = []
    last: tuple[str, int] | None = None
    for i in r.order:
        if r.width[i]:
            key = (r.kinds[i], r.day[i])
            if key != last:
                out.append([])
                last = key
            out[-1].append(i)
    return out


def mine(r: _Dated, i: int) -> frozenset[str]:
    """The codes a report (or the group it opens) is found by."""
    return r.source[i] | r.target[i] if r.kinds[i] in SYMMETRIC else r.source[i]


def scan_day(r: _Dated, rows: list[int], before: list[Group]
             ) -> tuple[list[Group], dict[int, int]]:
    """Read the reports ``rows`` of one type and day (in reading order) with the groups
    opened the day before (``before``): the groups opened this day, and for each report
    the report that opened the group it joined (itself for a group it opened; -1 when
    two groups fit as well and it stays alone)."""
    d = r.day[rows[0]]
    by_day: dict[int, dict[str, list[Group]]] = {d - 1: {}, d: {}}
    for g in before:
        for code in mine(r, g.rows[0]):
            by_day[d - 1].setdefault(code, []).append(g)
    opened: list[Group] = []
    joined: dict[int, int] = {}
    for i in rows:
        kind, art = r.kinds[i], r.arts[i]
        src, tgt, codes = r.source[i], r.target[i], mine(r, i)
        top, tied = _best(kind, src, tgt, art, _candidates(by_day, d, codes))
        if tied == 1 and top is not None:
            top.rows.append(i)
            top.articles.add(art)
            joined[i] = top.rows[0]
        elif not tied:
            g = Group(d, src, tgt, [i], {art})
            for code in codes:
                by_day[d].setdefault(code, []).append(g)
            opened.append(g)
            joined[i] = i
        else:  # two groups fit equally well: ambiguous, the report stays on its own
            joined[i] = -1
    return opened, joined


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


def _scan(r: _Dated) -> tuple[list[Group], dict[int, int]]:
    """Every group (in the order they were opened) and what each report joined."""
    found: list[Group] = []
    joined: dict[int, int] = {}
    before: list[Group] = []
    last: tuple[str, int] | None = None
    for rows in blocks(r):
        kind, d = r.kinds[rows[0]], r.day[rows[0]]
        if last != (kind, d - 1):  # reports come by type and day: older groups are closed
            before = []
        before, seen = scan_day(r, rows, before)
        found += before
        joined.update(seen)
        last = (kind, d)
    return found, joined


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
    return [[int(r.pos[i]) for i in g.rows] for g in _scan(r)[0] if len(g.rows) > 1]


#: The columns of ``scanned``: one row per report read, in reading order.
SCAN_COLUMNS = ["id", "opener", "type", "day", "seq", "article_id"]


def scanned(frame: pd.DataFrame) -> pd.DataFrame:
    """What the reading of ``frame`` found, per report read: the id of the report that
    opened its group (its own; "" when it stayed alone, two groups fitting as well), its
    type, day, place in the day's reading order and article. From it the groups are
    known again (``found_in``) and a changed frame is read again in part (``regroup``)."""
    r = _dated(frame)
    if r is None:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("day", "seq") else "str")
                             for c in SCAN_COLUMNS})
    _, joined = _scan(r)
    read = blocks(r)
    rows = [i for block in read for i in block]
    seq = [k for block in read for k in range(len(block))]
    return pd.DataFrame({
        "id": pd.Series([r.ids[i] for i in rows], dtype="str"),
        "opener": pd.Series([r.ids[joined[i]] if joined[i] >= 0 else "" for i in rows],
                            dtype="str"),
        "type": pd.Series([r.kinds[i] for i in rows], dtype="str"),
        "day": np.array([r.day[i] for i in rows], dtype=np.int64),
        "seq": np.array(seq, dtype=np.int64),
        "article_id": pd.Series([r.arts[i] for i in rows], dtype="str")})


def found_in(frame: pd.DataFrame, scan: pd.DataFrame) -> list[list[int]]:
    """``groups(frame)`` from the reading of it (``scanned``): positions in ``frame``."""
    joined = scan[scan["opener"] != ""]
    if joined.empty:
        return []
    size = joined["opener"].map(joined["opener"].value_counts())
    joined = joined[(size > 1).to_numpy()].sort_values(["type", "day", "seq"], kind="stable")
    if joined.empty:
        return []
    where = pd.Index(frame["id"]).get_indexer(joined["id"])
    out: dict[str, list[int]] = {}
    for opener, at in zip(joined["opener"].tolist(), where.tolist()):
        out.setdefault(opener, []).append(int(at))
    return list(out.values())


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
    return assembled(frame, groups(frame))


def assembled(frame: pd.DataFrame, found: list[list[int]]) -> pd.DataFrame:
    """``frame`` with the groups ``found`` (positions, the first standing for the act)
    folded into one row each, as ``group_reports`` gives it."""
    reports = frame["reports"].tolist() if "reports" in frame.columns else [""] * len(frame)
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
