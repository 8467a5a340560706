"""The events frame built column by column equals the frame of the row-by-row build, and
the frames kept on disk read back as one array per column."""
from __future__ import annotations

import json
import random

import pandas as pd
import pytest

from tests.fixtures.demo import fill_demo_store
from timeline import snapshot
from timeline.eventframe import FRAME_COLUMNS, build_frame
from timeline.store import Store


def reference_build_frame(ev: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """``build_frame`` as it was: one plain pass over the links and the events."""
    if ev.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in FRAME_COLUMNS}).assign(
            date=pd.Series(dtype="datetime64[us]"), end_date=pd.Series(dtype="datetime64[us]"),
            confidence=pd.Series(dtype="float64"))
    if "reports" not in ev.columns:
        ev = ev.assign(reports="")
    links = links.sort_values(["event_id", "role", "position"], kind="stable")
    agg: dict[str, dict] = {}
    for eid, role, name, code, kind in zip(*(links[c].tolist() for c in
                                             ("event_id", "role", "name", "code", "kind"))):
        slot = agg.get(eid)
        if slot is None:
            slot = agg[eid] = {"source": [], "target": [], "keys": {}}
        slot[role].append((name, code, kind))
        slot["keys"].setdefault(f"{code}|{kind}|{name}", None)
    cols: dict[str, list[str]] = {c: [] for c in ("source_codes", "target_codes", "source_names",
                                                  "target_names", "source", "target", "actor_keys")}
    empty: dict = {"source": [], "target": [], "keys": {}}
    for eid in ev["id"].tolist():
        slot = agg.get(eid, empty)
        for role in ("source", "target"):
            actors = slot[role]
            cols[f"{role}_codes"].append(
                "|" + "|".join(dict.fromkeys(c for _, c, _ in actors)) + "|" if actors else "||")
            cols[f"{role}_names"].append("; ".join(n for n, _, _ in actors))
            cols[role].append(json.dumps([{"name": n, "code": c, "kind": k} for n, c, k in actors],
                                         ensure_ascii=False))
        cols["actor_keys"].append("\n".join(slot["keys"]))
    df = ev.assign(**{k: pd.Series(v, index=ev.index, dtype=str) for k, v in cols.items()})
    df["date"] = pd.to_datetime(df["date"], errors="coerce")
    df["end_date"] = pd.to_datetime(df["end_date"], errors="coerce")
    return df[FRAME_COLUMNS].sort_values(["date", "id"], na_position="last").reset_index(drop=True)


ACTORS = [("Russia", "RUS", "state"), ("Sergey Lavrov", "RUS", "person"),
          ("United States", "USA", "state"), ("Antony \"Tony\" Blinken", "USA", "person"),
          ("الأمم المتحدة", "UNO", "igo"), ("Hamas", "PSEHMS", "group"),
          ("Name, with | bar", "A_B", "group"), ("Back\\slash", "RUS", "ngo")]


def random_tables(seed: int, n: int = 300) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = random.Random(seed)
    ids = [f"e{rng.randrange(10**6):06d}" for _ in range(n)]
    ids += rng.sample(ids, 5)  # the same id twice (shares its actors)
    ev = pd.DataFrame({
        "id": ids, "article_id": [f"a{i % 40}" for i in range(len(ids))],
        "type": "talks", "status": "occurred",
        "date": [rng.choice([None, "2021-01-02", "2020-05-01", "2021-01-02"])
                 for _ in ids],
        "end_date": [rng.choice([None, None, "2021-02-01"]) for _ in ids],
        "precision": "day", "date_note": "", "evidence": "x", "start": 0, "end": 1,
        "confidence": 0.5, "trigger": "", "lang": "en", "outlet": None, "title": "", "url": "",
        "published": None})
    rows = []
    for eid in set(ids) | {"missing-event"}:
        for role in ("source", "target"):
            picked = rng.sample(ACTORS, rng.choice([0, 0, 1, 1, 2, 3]))
            for pos, (name, code, kind) in enumerate(picked):
                rows.append((eid, role, pos, name, code, kind))
    rng.shuffle(rows)
    links = pd.DataFrame(rows, columns=["event_id", "role", "position", "name", "code", "kind"])
    return ev, links


@pytest.mark.parametrize("seed", range(6))
def test_store_frame_column_by_column_equals_row_by_row(seed):
    ev, links = random_tables(seed)
    pd.testing.assert_frame_equal(build_frame(ev, links), reference_build_frame(ev, links))
    none = links.iloc[:0]
    pd.testing.assert_frame_equal(build_frame(ev, none), reference_build_frame(ev, none))
    pd.testing.assert_frame_equal(build_frame(ev.iloc[:0], links),
                                  reference_build_frame(ev.iloc[:0], links))


def test_store_frame_of_the_demo_store_with_corrections(tmp_path, monkeypatch):
    from timeline import eventviews  # where the store's frame is built
    store = fill_demo_store(tmp_path / "demo.db")
    frame = store._load_frame()
    monkeypatch.setattr(eventviews, "build_frame", reference_build_frame)
    pd.testing.assert_frame_equal(frame, store._load_frame())


def test_store_kept_frames_read_back_as_one_array_per_column(tmp_path, monkeypatch):
    monkeypatch.setattr(snapshot, "MIN_ROWS", 1)
    db = tmp_path / "demo.db"
    fill_demo_store(db).events_frame()
    frame = Store(db).events_frame()  # a new process would read the kept file
    assert len(list(snapshot.folder(db).glob("events-*.arrow"))) == 1
    for column in ("id", "evidence", "actor_keys"):
        assert frame[column].array._pa_array.num_chunks == 1
