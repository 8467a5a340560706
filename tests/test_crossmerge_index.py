"""Grouping reports through the index by day and code finds exactly the groups of the
plain scan over every open group (the way it was first written)."""
from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from timeline import crossmerge
from timeline.crossmerge import Group, codes_of, fits, group_reports, groups

CODES = ["RUS", "USA", "TUR", "IRN", "UNO"]


def reference_groups(frame: pd.DataFrame) -> list[list[int]]:
    """``crossmerge.groups`` as first written: every open group of the type is scored."""
    if frame.empty:
        return []
    dates = frame["date"].to_numpy(dtype="datetime64[ns]")
    ok = (frame["precision"] == "day").to_numpy() & ~np.isnat(dates)
    pos = ok.nonzero()[0]
    if len(pos) < 2:
        return []
    sub = frame.iloc[pos]
    source = [codes_of(s) for s in sub["source_codes"].tolist()]
    target = [codes_of(t) for t in sub["target_codes"].tolist()]
    width = [len(a | b) for a, b in zip(source, target)]
    day = dates[pos].astype("datetime64[D]").astype(np.int64).tolist()
    conf = sub["confidence"].to_numpy(dtype=float).tolist()
    kinds = sub["type"].tolist()
    arts = sub["article_id"].tolist()
    ids = sub["id"].tolist()
    order = sorted(range(len(pos)), key=lambda i: (kinds[i], day[i], -width[i], -conf[i], ids[i]))
    open_groups: dict[str, list[Group]] = {}
    found: list[Group] = []
    for i in order:
        if not width[i]:
            continue
        live = [g for g in open_groups.get(kinds[i], []) if day[i] - g.day <= 1]
        open_groups[kinds[i]] = live
        scores = [(fits(kinds[i], source[i], target[i], g), g) for g in live
                  if arts[i] not in g.articles]
        scores = [(s, g) for s, g in scores if s]
        best = max((s for s, _ in scores), default=0)
        top = [g for s, g in scores if s == best]
        if len(top) == 1:
            top[0].rows.append(int(pos[i]))
            top[0].articles.add(arts[i])
        elif not top:
            g = Group(day[i], source[i], target[i], [int(pos[i])], {arts[i]})
            live.append(g)
            found.append(g)
    return [g.rows for g in found if len(g.rows) > 1]


def _side(rng: random.Random) -> str:
    k = rng.choice([0, 1, 1, 1, 2, 3])
    codes = list(dict.fromkeys(rng.choice(CODES) for _ in range(k)))
    return "|" + "|".join(codes) + "|" if codes else "||"


def crowded_frame(seed: int, n: int = 1500) -> pd.DataFrame:
    """Many reports of few types, codes and days from few articles: groups, near misses,
    ties and ambiguous reports all come up."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        rows.append({
            "id": f"{rng.randrange(10**6):06d}-{i}", "article_id": f"a{rng.randrange(n // 3)}",
            "type": rng.choice(["talks", "agreement", "condemnation", "sanction", "visit"]),
            "date": date(2022, 1, 1) + timedelta(days=rng.randrange(12)),
            "precision": rng.choice(["day"] * 6 + ["month", "year"]),
            "confidence": rng.choice([0.5, 0.7, 0.7, 0.9]),
            "source_codes": _side(rng), "target_codes": _side(rng),
            "evidence": f"sentence {i}", "start": 0, "end": 1, "lang": "en", "outlet": "Wire",
            "title": "", "url": "", "published": "", "source_names": "", "target_names": "",
            "reports": ""})
    df = pd.DataFrame(rows)
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[us]")
    df.loc[df.sample(frac=0.05, random_state=seed).index, "date"] = pd.NaT
    return df


@pytest.mark.parametrize("seed", range(8))
def test_crossmerge_index_finds_the_groups_of_the_plain_scan(seed):
    frame = crowded_frame(seed)
    want = reference_groups(frame)
    assert len(want) > 20 and max(len(g) for g in want) > 2  # a crowded case
    assert groups(frame) == want


def test_crossmerge_index_on_the_merged_frame_end_to_end(monkeypatch):
    frame = crowded_frame(99)
    fast = group_reports(frame)
    monkeypatch.setattr(crossmerge, "groups", reference_groups)
    pd.testing.assert_frame_equal(fast, group_reports(frame))


@pytest.mark.parametrize(("seed", "near"), [(s, s % 3) for s in range(6)])
def test_crossmerge_index_read_again_in_part_equals_the_whole(seed, near, monkeypatch):
    """After articles come, go or change, reading again only the days they touch (and
    the days after, while what is left open differs) finds the groups of a whole reading."""
    from timeline import regroup
    monkeypatch.setattr(regroup, "NEAR", near)  # 0: every reach past a change read late

    def ordered(df: pd.DataFrame) -> pd.DataFrame:
        return df.sort_values(["date", "id"], na_position="last").reset_index(drop=True)

    old = ordered(crowded_frame(seed))
    rng = random.Random(seed)
    arts = sorted(set(old["article_id"]))
    gone, edited = set(rng.sample(arts, 15)), set(rng.sample(arts, 15))
    more = crowded_frame(seed + 100, 300)
    more["article_id"] = "new-" + more["article_id"]
    more["id"] = "n" + more["id"]
    changed_rows = old[old["article_id"].isin(edited)].copy()
    changed_rows["type"] = [rng.choice(["talks", "visit"]) for _ in range(len(changed_rows))]
    changed_rows["id"] = "e" + changed_rows["id"]
    new = ordered(pd.concat([old[~old["article_id"].isin(gone | edited)], changed_rows, more],
                            ignore_index=True))
    changed = gone | edited | set(more["article_id"])
    scan = crossmerge.scanned(old)
    again = regroup.rescan(new, scan, changed)
    assert again is not None
    fresh, touched, read = again
    whole = crossmerge.scanned(new)
    key = ["type", "day", "seq"]
    pd.testing.assert_frame_equal(fresh.sort_values(key).reset_index(drop=True),
                                  whole.sort_values(key).reset_index(drop=True))
    kept = pa.Table.from_pandas(group_reports(old), preserve_index=False)
    merged = regroup.regrouped(kept, new, fresh, touched, read, changed)
    assert merged is not None
    pd.testing.assert_frame_equal(merged.to_pandas(), group_reports(new))
