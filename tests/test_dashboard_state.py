"""The dashboard's state: the URL query, and the events a download holds (#15)."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tests.fixtures.demo import fill_demo_store
from timeline.dashboard import downloads, state, views
from timeline.lexicon import load_ui
from timeline.model import Actor, Article, Event, EventDate, Span

UI = load_ui("en")
RUS = Actor("Russia", "RUS", "state")
TUR = Actor("Turkey", "TUR", "state")
QUERIES = ["", "?actors=RUS", "?types=talks", "?actors=TUR&date_from=2021-01-01",
           "?text=talks&lanes=type", "?types=condemnation&types=talks&period=week"]


@pytest.fixture
def reported_twice(tmp_path):
    """The demo store with one act told by three articles (merged on screen by default)."""
    store = fill_demo_store(tmp_path / "demo.db")
    for i in range(3):
        text = f"Russia and Turkey held talks in Ankara, outlet {i} said."
        article = Article(id=f"ankara-{i}", text=text, lang="en", outlet=f"Outlet {i}",
                          published=date(2022, 3, 4))
        store.save(article, [Event(article.id, "talks", (RUS,), (TUR,),
                                   EventDate(date(2022, 3, 3), "day"), "occurred", text,
                                   0, len(text), 0.9, (Span(0, len(text)),))])
    return store


def table_ids(store, search: str) -> list[str]:
    """The ids in the event table on screen for the URL query ``search``."""
    filters, extras = state.read_query(search)
    frame = state.on_screen(store, state.merged(extras))
    v = views.compute(frame, filters, lanes=extras["lanes"], period=extras["period"], ui=UI)
    assert v.count == len(v.rows)  # the table shows every event here (below its limit)
    return sorted(r["id"] for r in v.rows)


@pytest.mark.parametrize("reports", ["", "&reports=apart"])
@pytest.mark.parametrize("query", QUERIES)
def test_dashboard_state_csv_download_holds_the_events_of_the_table(
        reported_twice, tmp_path, query, reports):
    search = f"?{(query.lstrip('?') + reports).lstrip('&')}" if query or reports else ""
    path = downloads.write(reported_twice, "data", "csv", search, tmp_path)
    csv = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    assert sorted(csv["id"]) == table_ids(reported_twice, search)


def test_dashboard_state_merge_switch_changes_both_alike(reported_twice, tmp_path):
    merged, apart = table_ids(reported_twice, "?types=talks"), \
        table_ids(reported_twice, "?types=talks&reports=apart")
    assert len(apart) == len(merged) + 2  # three reports, one act
    for search, ids in (("?types=talks", merged), ("?types=talks&reports=apart", apart)):
        folder = tmp_path / str(len(ids))
        folder.mkdir()
        path = downloads.write(reported_twice, "data", "csv", search, folder)
        assert sorted(pd.read_csv(path, encoding="utf-8-sig", dtype=str)["id"]) == ids


def test_dashboard_state_query_round_trip():
    filters, extras = state.read_query("?actors=RUS&ui=ar&reports=apart&event=abc")
    assert extras == {"ui": "ar", "lanes": "actor", "period": "auto", "reports": "apart",
                      "event": "abc"}
    assert not state.merged(extras)
    assert state.read_query(state.write_query(filters, extras)) == (filters, extras)
    assert state.read_query("?ui=xx&lanes=no&reports=both&event=<b>")[1] == \
        state.EXTRA_DEFAULTS
