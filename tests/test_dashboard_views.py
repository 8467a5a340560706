"""The dashboard's views from the frame index equal the views drawn from the filtered frame."""
from __future__ import annotations

import json
import random
from datetime import date

import plotly.io as pio
import pytest

from tests.fixtures.demo import fill_demo_store
from tests.test_filters_index import random_filters, random_frame
from timeline import figures, tallies, timechart
from timeline.crossmerge import group_reports
from timeline.dashboard import views
from timeline.dashboard.state import on_screen
from timeline.filters import Filters, indexed
from timeline.lexicon import load_ui
from timeline.model import Actor, Article, Event, EventDate, Span

UI = load_ui("en")


def drawn_from_the_filtered_frame(frame, filters, lanes, period):
    """What ``views.compute`` gave before the index: every view from ``filters.apply``."""
    df = filters.apply(frame)
    caption = filters.describe()
    undated = df[df["date"].isna()]
    return {
        "count": len(df),
        "timeline": pio.to_json(timechart.timeline(df, lanes=lanes, title="", caption=caption,
                                                 note=UI["timeline_note"],
                                                 detail_limit=figures.DETAIL_LIMIT)),
        "counts": pio.to_json(tallies.counts(df, period=period, title="", caption=caption)),
        "matrix": pio.to_json(tallies.matrix(df, title="", caption=caption)),
        "rows": json.dumps(views.table_rows(df), default=str),
        "undated": views.undated_items(undated), "n_undated": len(undated)}


def as_compared(v: views.Views) -> dict:
    return {"count": v.count, "timeline": pio.to_json(v.timeline),
            "counts": pio.to_json(v.counts), "matrix": pio.to_json(v.matrix),
            "rows": json.dumps(v.rows, default=str), "undated": v.undated,
            "n_undated": v.n_undated}


def _check(frame, filters, lanes="actor", period="month"):
    got = as_compared(views.compute(frame, filters, lanes=lanes, period=period, ui=UI))
    want = drawn_from_the_filtered_frame(frame, filters, lanes, period)
    for key in want:
        assert got[key] == want[key], key


@pytest.mark.parametrize("seed", range(3))
def test_views_equal_the_views_of_the_filtered_frame_on_random_frames(seed, monkeypatch):
    frame = random_frame(seed, 900).assign(
        status="occurred", lang="en", outlet="Wire", confidence=0.5, n_reports=1)
    for col in ("article_id", "title", "url", "published", "date_note", "trigger", "source",
                "target", "reports"):
        frame[col] = ""
    indexed(frame)
    rng = random.Random(seed)
    # a small detail limit: grouped and detailed timelines both come up
    monkeypatch.setattr(figures, "DETAIL_LIMIT", 150)
    for i in range(40):
        _check(frame, random_filters(rng) if i else Filters(), rng.choice(views.LANES),
               rng.choice(views.PERIODS))


def test_views_equal_on_the_demo_store_merged_and_apart(tmp_path, monkeypatch):
    store = fill_demo_store(tmp_path / "demo.db")
    monkeypatch.setattr(figures, "DETAIL_LIMIT", 10)
    rng = random.Random(5)
    for merged in (True, False):
        frame = on_screen(store, merged)
        for f in [Filters(), Filters(actors=("RUS|person|Sergey Lavrov",)),
                  Filters(actors=("RUS",), date_from=date(2021, 1, 1))] + \
                [random_filters(rng) for _ in range(15)]:
            for lanes in views.LANES:
                _check(frame, f, lanes, "week")


def test_views_unfiltered_view_is_kept_until_the_store_changes(tmp_path):
    store = fill_demo_store(tmp_path / "demo.db")
    frame = on_screen(store, True)
    first = views.compute(frame, Filters(), ui=UI)
    assert views.compute(on_screen(store, True), Filters(), ui=UI) is first
    assert views.compute(frame, Filters(), lanes="type", ui=UI) is not first
    assert views.compute(frame, Filters(types=("talks",)), ui=UI) is not first
    article = Article(id="late-news", text="Russia and Turkey held talks.", lang="en",
                      published=date(2024, 5, 2))
    store.save(article, [Event(article.id, "talks", (Actor("Russia", "RUS", "state"),),
                               (Actor("Turkey", "TUR", "state"),),
                               EventDate(date(2024, 5, 1), "day"), "occurred",
                               "Russia and Turkey held talks.", 0, 29, 0.9, (Span(0, 29),))])
    after = views.compute(on_screen(store, True), Filters(), ui=UI)
    assert after is not first and after.count == first.count + 1
    assert len(group_reports(store.events_frame())) == after.count


def reference_actor_options(frame, ui):
    """``views.actor_options`` as it was: a Counter over every row."""
    from collections import Counter

    import pandas as pd
    if frame.empty:
        return []
    per_key: Counter[str] = Counter()
    per_code: Counter[str] = Counter()
    for keys, n in Counter(frame["actor_keys"].tolist()).items():
        for key in keys.split("\n"):
            if key:
                per_key[key] += n
    for codes, n in Counter((frame["source_codes"] + frame["target_codes"]).tolist()).items():
        for code in set(codes.split("|")) - {""}:
            per_code[code] += n
    k = pd.DataFrame([(key, *(key.split("|", 2) + ["", ""])[:3], n)
                      for key, n in per_key.items()],
                     columns=["key", "code", "kind", "name", "n"])
    bodies = k[k["kind"] != "person"].sort_values("n", ascending=False)
    primary = bodies.drop_duplicates("code").set_index("code")
    groups = {g: [] for _, g in views._GROUPS}
    group_of = dict(views._GROUPS)
    for code, n in per_code.most_common():
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
            continue
        groups[group_of.get(row.kind, "group_groups")].append(
            (int(row.n), {"label": f"{row.name} ({row.code}) · {row.n}", "value": row.key,
                          "search": f"{row.name} {row.code}"}))
    options = []
    for group in dict.fromkeys(g for _, g in views._GROUPS):
        items = sorted(groups[group], key=lambda x: (-x[0], x[1]["label"]))
        if items:
            options.append({"label": f"— {ui[group]} —", "value": f"__{group}",
                            "disabled": True})
            options.extend(opt for _, opt in items)
    return options


@pytest.mark.parametrize("seed", range(4))
def test_views_options_equal_the_row_by_row_counts(seed, tmp_path):
    frame = random_frame(seed, 600)
    if seed == 0:
        frame = on_screen(fill_demo_store(tmp_path / "demo.db"), False)
    for ui in (UI, load_ui("ar")):
        assert views.actor_options(frame, ui) == reference_actor_options(frame, ui)
        langs = ["ar", "en"] + sorted(set(frame["lang"].dropna()) - {"ar", "en"})
        assert [o["value"] for o in views.lang_options(frame, ui)] == langs
    outlets = frame["outlet"].dropna().value_counts().index
    assert [o["value"] for o in views.outlet_options(frame)] == [str(o) for o in outlets if str(o)]
    assert views.actor_options(frame.iloc[:0], UI) == []


def test_views_unfiltered_parts_are_shared_between_lanes_and_periods(tmp_path):
    store = fill_demo_store(tmp_path / "demo.db")
    frame = on_screen(store, True)
    by_actor = views.compute(frame, Filters(), lanes="actor", period="month", ui=UI)
    by_type = views.compute(frame, Filters(), lanes="type", period="week", ui=UI)
    assert by_type.matrix is by_actor.matrix and by_type.rows is by_actor.rows
    assert by_type.timeline is not by_actor.timeline and by_type.counts is not by_actor.counts
    filtered = views.compute(frame, Filters(types=("talks",)), lanes="actor", ui=UI)
    again = views.compute(frame, Filters(types=("talks",)), lanes="actor", ui=UI)
    assert filtered.matrix is not again.matrix  # filtered views are computed each time
