"""The events frame: one row per event, its actors joined in columns (``FRAME_COLUMNS``).

Built by ``eventviews`` from the rows the store reads (``Store.frame_rows``); nothing
here talks to SQLite. The dashboard, the exports and the Parquet files read this frame.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline.correcting import Shown
from timeline.model import Event

#: Columns of the events DataFrame handed to the dashboard and the exports.
FRAME_COLUMNS = [
    "id", "article_id", "type", "status", "date", "end_date", "precision", "date_note",
    "evidence", "start", "end", "confidence", "trigger", "lang", "outlet", "title", "url",
    "published", "source_codes", "target_codes", "source_names", "target_names",
    "source", "target", "actor_keys", "reports",
]


#: Rows read from SQLite at a time (``gathered``).
READ_CHUNK = 100_000


def gathered(chunks: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """The pieces of one query's rows as one frame, as one read would give it.

    Read at once, a million rows are first a million tuples of Python strings (some
    1.5 GB: the peak of a first start); read in pieces, only one piece's are alive at a
    time. A text column stays text where a piece held only empty values."""
    parts = list(chunks)
    if len(parts) == 1:
        return parts[0]
    texts = {c for part in parts for c in part.columns if part[c].dtype == "str"}
    parts = [part.astype({c: "str" for c in texts if part[c].dtype != "str"})
             for part in parts]
    return pd.concat(parts, ignore_index=True)


def build_frame(ev: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Join events and their actor links into one row per event (FRAME_COLUMNS).

    Column by column: each distinct actor is written out once (its JSON and its key),
    and each event's list of them is joined by Arrow (``_joined``), not row by row.
    """
    if ev.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in FRAME_COLUMNS}).assign(
            date=pd.Series(dtype="datetime64[us]"), end_date=pd.Series(dtype="datetime64[us]"),
            confidence=pd.Series(dtype="float64"))
    if "reports" not in ev.columns:
        ev = ev.assign(reports="")
    rows, ids = pd.factorize(ev["id"])  # events sharing an id share their actors
    links = links.sort_values(["event_id", "role", "position"], kind="stable")
    owner = ids.get_indexer(links["event_id"])
    links, owner = links[owner >= 0], owner[owner >= 0]
    order = np.argsort(owner, kind="stable")  # by event, then role and position
    links, owner = links.iloc[order], owner[order]
    # each distinct actor once: its JSON object and its key
    who = links[["name", "code", "kind"]]
    actor = who.groupby(["name", "code", "kind"], sort=False, dropna=False).ngroup().to_numpy()
    distinct = who.drop_duplicates()
    objects = pa.array([json.dumps({"name": n, "code": c, "kind": k}, ensure_ascii=False)
                        for n, c, k in distinct.itertuples(index=False)], pa.large_string())
    keys = pa.array([f"{c}|{k}|{n}" for n, c, k in distinct.itertuples(index=False)],
                    pa.large_string())
    n_ids = len(ids)
    cols: dict[str, pa.Array] = {}
    role = links["role"].to_numpy(dtype=object)
    codes = links["code"].astype("str")
    for name in ("source", "target"):
        mine = role == name
        who_r, actor_r, owner_r = who[mine], actor[mine], owner[mine]
        cols[f"{name}_names"] = _joined(pa.array(who_r["name"].astype("str")), owner_r, n_ids,
                                        "; ")
        cols[name] = _around("[", _joined(objects.take(pa.array(actor_r)), owner_r, n_ids, ", "),
                             "]")
        first = ~pd.DataFrame({"o": owner_r, "c": codes[mine].to_numpy()}).duplicated().to_numpy()
        cols[f"{name}_codes"] = _around(
            "|", _joined(pa.array(codes[mine][first]), owner_r[first], n_ids, "|"), "|")
    key = pd.factorize(keys.to_numpy(zero_copy_only=False))[0][actor]
    first = ~pd.DataFrame({"o": owner, "k": key}).duplicated().to_numpy()
    cols["actor_keys"] = _joined(keys.take(pa.array(actor[first])), owner[first], n_ids, "\n")
    take = pa.array(rows)
    df = ev.assign(**{k: pd.Series(v.take(take), index=ev.index, dtype="str")
                      for k, v in cols.items()})
    df["date"] = pd.to_datetime(df["date"], errors="coerce")
    df["end_date"] = pd.to_datetime(df["end_date"], errors="coerce")
    return df[FRAME_COLUMNS].sort_values(["date", "id"], na_position="last").reset_index(drop=True)


def _around(before: str, values: pa.Array, after: str) -> pa.Array:
    text = pa.large_string()
    return pc.binary_join_element_wise(pa.scalar(before, text), values, pa.scalar(after, text),
                                       pa.scalar("", text))


def _joined(values: pa.Array, owner: np.ndarray, n: int, sep: str) -> pa.Array:
    """``sep.join`` of the values of each owner ``0 .. n-1`` (``owner`` sorted; "" for none)."""
    counts = np.bincount(owner, minlength=n)
    offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]), pa.int64())
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    lists = pa.LargeListArray.from_arrays(offsets, values.cast(pa.large_string()))
    return pc.binary_join(lists, pa.scalar(sep, pa.large_string()))


_ARTICLE_COLUMNS = ("lang", "outlet", "title", "url", "published")


def _event_row(e: Event) -> dict:
    return {"id": e.id, "article_id": e.article_id, "type": e.type, "status": e.status,
            "date": e.when.date.isoformat() if e.when.date else None,
            "end_date": e.when.end_date.isoformat() if e.when.end_date else None,
            "precision": e.when.precision, "date_note": e.when.note, "evidence": e.evidence,
            "start": e.start, "end": e.end, "confidence": e.confidence, "trigger": e.trigger}


def corrected(ev: pd.DataFrame, links: pd.DataFrame, shown: Iterable[Shown],
              touched: set[str], article: Callable[[str], Mapping | None]
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The frame's events and links with the rows of the corrected articles (``touched``)
    replaced by their events as shown (``shown``); ``article(id)`` gives the stored
    article of one that has no event left in ``ev``."""
    meta = ev.drop_duplicates("article_id").set_index("article_id")[list(_ARTICLE_COLUMNS)]
    for a in touched - set(meta.index):
        row = article(a)
        if row is not None:
            meta.loc[a] = [row[c] for c in _ARTICLE_COLUMNS]
    ev_rows, link_rows = [], []
    for s in shown:
        e = s.event
        if e.article_id not in meta.index:
            continue
        art = meta.loc[e.article_id].to_dict()
        ev_rows.append({**_event_row(e), **art, "reports": json.dumps(
            [{**_event_row(a), **(meta.loc[a.article_id].to_dict()
                                  if a.article_id in meta.index else {})}
             for a in s.absorbed], ensure_ascii=False, default=str) if s.absorbed else ""})
        for role, actors in (("source", e.source), ("target", e.target)):
            link_rows += [{"event_id": e.id, "role": role, "position": i, "name": a.name,
                           "code": a.code, "kind": a.kind} for i, a in enumerate(actors)]
    gone = ev["article_id"].isin(touched)
    links = links[~links["event_id"].isin(set(ev.loc[gone, "id"]))]
    if ev_rows:
        ev = pd.concat([ev[~gone], pd.DataFrame(ev_rows)], ignore_index=True)
        links = pd.concat([links, pd.DataFrame(link_rows, columns=links.columns)],
                          ignore_index=True)
    else:
        ev = ev[~gone]
    return ev.drop_duplicates("id"), links
