"""Filters through the frame index give exactly the rows of the plain row-by-row tests."""
from __future__ import annotations

import gc
import random
import re
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from timeline import frameindex  # where the indexes of frames are kept
from timeline.filters import Filters, FrameIndex, index_of, indexed

CODES = ["RUS", "USA", "TUR", "IRN", "UNO", "A_B"]
PEOPLE = [("RUS", "Sergey Lavrov"), ("USA", "Antony Blinken"), ("TUR", "Hakan Fidan"),
          ("RUS", "Sergey"), ("UNO", "Lavrov, Sergey")]
TEXTS = ["held talks in Geneva", "SUMMIT on the border", "أجرى محادثات في سوتشي",
         "met at the summit.", "a (bracket) [and] star*", "Ünïcode Straße"]


def reference_apply(self: Filters, df: pd.DataFrame, *, dated_only: bool = False) -> pd.DataFrame:
    """``Filters.apply`` as it was before the index: every test over every row."""
    if df.empty:
        return df
    mask = pd.Series(True, index=df.index)
    if self.actors:
        mask &= reference_actor_mask(df, self.actors, self.role)
    if self.pair:
        src, tgt = self.pair
        mask &= df["source_codes"].str.contains(f"|{src}|", regex=False)
        mask &= df["target_codes"].str.contains(f"|{tgt}|", regex=False)
    if self.types:
        mask &= df["type"].isin(self.types)
    if self.langs:
        mask &= df["lang"].isin(self.langs)
    if self.outlets:
        mask &= df["outlet"].fillna("").isin(self.outlets)
    if self.min_confidence:
        mask &= df["confidence"] >= self.min_confidence
    if self.text:
        mask &= df["evidence"].str.contains(re.escape(self.text), case=False, regex=True)
    if self.date_from or self.date_to or dated_only:
        mask &= df["date"].notna()
    if self.date_from:
        last = df["date"].where(df["precision"] != "month", df["date"] + pd.offsets.MonthEnd(0))
        last = last.where(df["precision"] != "year", df["date"] + pd.offsets.YearEnd(0))
        end = df["end_date"].fillna(last)
        mask &= end >= pd.Timestamp(self.date_from)
    if self.date_to:
        mask &= df["date"] <= pd.Timestamp(self.date_to)
    return df[mask]


def reference_actor_mask(df: pd.DataFrame, actors: tuple[str, ...], role: str) -> pd.Series:
    mask = pd.Series(False, index=df.index)
    for sel in actors:
        if "|" in sel:
            code = sel.split("|", 1)[0]
            name = sel.rsplit("|", 1)[-1]
            has_actor = df["actor_keys"].str.contains(
                r"(?:^|\n)" + re.escape(sel) + r"(?:$|\n)", regex=True)
            if role == "either":
                mask |= has_actor
            else:
                mask |= has_actor & df[f"{role}_names"].str.contains(name, regex=False) \
                    & df[f"{role}_codes"].str.contains(f"|{code}|", regex=False)
        else:
            token = f"|{sel}|"
            if role in ("either", "source"):
                mask |= df["source_codes"].str.contains(token, regex=False)
            if role in ("either", "target"):
                mask |= df["target_codes"].str.contains(token, regex=False)
    return mask


def _actors(rng: random.Random, k: int) -> list[tuple[str, str, str]]:
    out = []
    for _ in range(k):
        if rng.random() < 0.4:
            code, name = rng.choice(PEOPLE)
            out.append((code, "person", name))
        else:
            code = rng.choice(CODES)
            out.append((code, "state", code))
    return out


def random_frame(seed: int, n: int = 400) -> pd.DataFrame:
    """A frame with the columns filters read, drawn so that every test has hits and misses."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        src, tgt = _actors(rng, rng.choice([0, 1, 1, 2])), _actors(rng, rng.choice([0, 1, 2]))
        day = date(2019, 1, 1) + timedelta(days=rng.randrange(3 * 365))
        precision = rng.choice(["day", "day", "month", "year", "none"])
        when = None if precision == "none" else day.replace(day=1) if precision == "month" \
            else day.replace(month=1, day=1) if precision == "year" else day
        end = day + timedelta(days=rng.randrange(1, 40)) if precision == "day" \
            and rng.random() < 0.2 else None
        keys = list(dict.fromkeys(f"{c}|{k}|{nm}" for c, k, nm in src + tgt))
        rows.append({
            "id": f"e{i:05d}", "type": rng.choice(["talks", "visit", "threat", "offer"]),
            "date": when, "end_date": end, "precision": precision,
            "evidence": rng.choice(TEXTS) + f" {i}", "confidence": rng.choice([0.3, 0.5, 0.8, 1.0]),
            "lang": rng.choice(["ar", "en", "fr"]),
            "outlet": rng.choice(["Wire", "Daily", "شبكة", "", None]),
            "source_codes": "|" + "|".join(dict.fromkeys(c for c, _, _ in src)) + "|"
            if src else "||",
            "target_codes": "|" + "|".join(dict.fromkeys(c for c, _, _ in tgt)) + "|"
            if tgt else "||",
            "source_names": "; ".join(nm for _, _, nm in src),
            "target_names": "; ".join(nm for _, _, nm in tgt),
            "actor_keys": "\n".join(keys)})
    df = pd.DataFrame(rows)
    for col in df.columns:
        if df[col].dtype == object and col not in ("date", "end_date"):
            df[col] = df[col].astype("str")
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[us]")
    df["end_date"] = pd.to_datetime(df["end_date"]).astype("datetime64[us]")
    return df


def random_filters(rng: random.Random) -> Filters:
    people = [f"{c}|person|{n}" for c, n in PEOPLE] + ["RUS|state|RUS", "XXX|person|Nobody"]

    def pick(seq, k):
        return tuple(rng.sample(seq, k))

    lo = date(2019, 1, 1) + timedelta(days=rng.randrange(3 * 365))
    return Filters(
        actors=pick(CODES + people, rng.choice([0, 0, 1, 1, 2])),
        role=rng.choice(["either", "source", "target"]),
        types=pick(["talks", "visit", "threat", "offer"], rng.choice([0, 0, 1, 2])),
        date_from=lo if rng.random() < 0.3 else None,
        date_to=lo + timedelta(days=rng.randrange(400)) if rng.random() < 0.3 else None,
        langs=pick(["ar", "en", "fr"], rng.choice([0, 0, 1])),
        outlets=pick(["Wire", "Daily", "شبكة", ""], rng.choice([0, 0, 1, 2])),
        text=rng.choice(["", "", "", "summit", "SUMMIT", "محادثات", "(bracket)", "straße", "1"]),
        min_confidence=rng.choice([0, 0, 0.5, 0.9]),
        pair=rng.choice([(), (), ("RUS", "USA"), ("TUR", "RUS")]))


@pytest.mark.parametrize("seed", range(6))
def test_filters_index_equals_the_row_by_row_tests_on_random_frames(seed):
    df = random_frame(seed)
    rng = random.Random(100 + seed)
    ix = indexed(df)  # one index for all the filters below, as the dashboard keeps it
    hits = 0
    for _ in range(150):
        f = random_filters(rng)
        dated_only = rng.random() < 0.2
        expected = reference_apply(f, df, dated_only=dated_only)
        got = f.apply(df, dated_only=dated_only)
        pd.testing.assert_frame_equal(got, expected)
        assert np.array_equal(f.mask(df, dated_only=dated_only, index=ix),
                              df.index.isin(expected.index))
        hits += 0 < len(expected) < len(df)
    assert hits > 50  # the filters did select something most of the time


def test_filters_index_on_the_demo_store_frame(tmp_path):
    from tests.fixtures.demo import fill_demo_store
    store = fill_demo_store(tmp_path / "demo.db")
    frame = store.events_frame()
    rng = random.Random(3)
    for f in [Filters(actors=("RUS|person|Sergey Lavrov",), role=r) for r in
              ("either", "source", "target")] + [random_filters(rng) for _ in range(100)]:
        pd.testing.assert_frame_equal(f.apply(frame, index=indexed(frame)),
                                      reference_apply(f, frame))


def test_filters_index_remembers_searches_and_codes():
    df = random_frame(1)
    ix = indexed(df)
    assert indexed(df) is ix and index_of(df) is ix
    Filters(text="summit").apply(df)
    assert "summit" in ix._texts
    first = ix.codes("type")
    assert ix.codes("type") is first
    for i in range(FrameIndex.TEXT_MEMO + 2):
        Filters(text=f"x{i}").apply(df)
    assert len(ix._texts) == FrameIndex.TEXT_MEMO and "summit" not in ix._texts


def test_filters_index_of_an_unkept_frame_is_new_each_time():
    df = random_frame(2)
    assert index_of(df) is not index_of(df)


def test_filters_index_is_dropped_with_its_frame():
    df = random_frame(3)
    indexed(df)
    key = id(df)
    assert key in frameindex._INDEXES
    del df
    gc.collect()
    assert key not in frameindex._INDEXES


def test_filters_key_with_a_line_break_is_tested_as_before():
    df = random_frame(4)
    sel = "RUS|person|Sergey Lavrov\nUSA|state|USA"
    f = Filters(actors=(sel,))
    pd.testing.assert_frame_equal(f.apply(df), reference_apply(f, df))
