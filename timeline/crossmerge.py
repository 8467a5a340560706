"""One act told by several articles, shown as one event with all its reports.

``group_reports(frame)`` is a pure function over the events frame (``store.FRAME_COLUMNS``):
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

#: Types told the same from either side: actors compared as one set.
SYMMETRIC = frozenset({"talks", "agreement"})
#: What a listed report keeps of its row.
REPORT_FIELDS = ("id", "article_id", "type", "date", "precision", "evidence", "start", "end",
                 "lang", "outlet", "title", "url", "published", "source_names", "target_names")


@dataclass
class _Group:
    day: int  # days since 1970
    source: frozenset[str]
    target: frozenset[str]
    rows: list[int] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)


def _codes(value: str) -> frozenset[str]:
    return frozenset(c for c in value.split("|") if c)


def _fits(kind: str, source: frozenset[str], target: frozenset[str], g: _Group) -> int:
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


def groups(frame: pd.DataFrame) -> list[list[int]]:
    """Positions (in ``frame``) of the reports of each act told more than once; the first
    position of each list is the row that stands for the act."""
    if frame.empty:
        return []
    dates = frame["date"].to_numpy(dtype="datetime64[ns]")
    ok = (frame["precision"] == "day").to_numpy() & ~np.isnat(dates)
    pos = ok.nonzero()[0]
    if len(pos) < 2:
        return []
    sub = frame.iloc[pos]
    parsed: dict[str, frozenset[str]] = {}  # many rows share a code string
    source = [parsed.get(s) or parsed.setdefault(s, _codes(s)) for s in sub["source_codes"].tolist()]
    target = [parsed.get(t) or parsed.setdefault(t, _codes(t)) for t in sub["target_codes"].tolist()]
    width = [len(a | b) for a, b in zip(source, target)]
    day = dates[pos].astype("datetime64[D]").astype(np.int64).tolist()
    conf = sub["confidence"].to_numpy(dtype=float).tolist()
    kinds = sub["type"].tolist()
    arts = sub["article_id"].tolist()
    ids = sub["id"].tolist()
    order = sorted(range(len(pos)), key=lambda i: (kinds[i], day[i], -width[i], -conf[i], ids[i]))
    open_groups: dict[str, list[_Group]] = {}
    found: list[_Group] = []
    for i in order:
        if not width[i]:
            continue
        live = [g for g in open_groups.get(kinds[i], []) if day[i] - g.day <= 1]
        open_groups[kinds[i]] = live
        scores = [(_fits(kinds[i], source[i], target[i], g), g) for g in live
                  if arts[i] not in g.articles]
        scores = [(s, g) for s, g in scores if s]
        best = max((s for s, _ in scores), default=0)
        top = [g for s, g in scores if s == best]
        if len(top) == 1:
            top[0].rows.append(int(pos[i]))
            top[0].articles.add(arts[i])
        elif not top:
            g = _Group(day[i], source[i], target[i], [int(pos[i])], {arts[i]})
            live.append(g)
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
        columns = {k: frame[k].tolist() for k in REPORT_FIELDS}
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
