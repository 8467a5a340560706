from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.errors import StoreError
from timeline.model import Actor, Article, Event, EventDate, Span
from timeline.store import Store

RUS = Actor("Russia", "RUS", "state")
USA = Actor("United States", "USA", "state")
LAV = Actor("Alexander Lavrentiev", "RUS", "person")


def _events(article_id="a1"):
    return [
        Event(article_id, "invitation", (RUS,), (USA,), EventDate.unknown(), "occurred", "x", 0, 5, 0.8),
        Event(article_id, "talks", (LAV, RUS), (), EventDate(date(2021, 2, 16), "day", date(2021, 2, 17)),
              "occurred", "y", 6, 11, 0.7, (Span(6, 11),)),
    ]


def test_store_save_is_idempotent(store, article):
    a = article("hello world")
    assert store.save(a, _events()).status == "new"
    before = store.counts()
    assert store.save(a, _events()).status == "unchanged"
    assert store.counts() == before


def test_store_new_text_replaces_events_in_one_transaction(store, article):
    store.save(article("hello world"), _events())
    result = store.save(article("hello world, again"), _events()[:1])
    assert result.status == "updated"
    assert store.counts()["events"] == 1 and store.counts()["articles"] == 1


def test_store_same_url_replaces(store):
    a = Article(id="one", text="t1", lang="en", url="http://x/1")
    b = Article(id="two", text="t2", lang="en", url="http://x/1")
    store.save(a, _events("one"))
    assert store.save(b, _events("two")).status == "updated"
    assert [r["id"] for r in store.articles()] == ["two"]


def test_store_round_trips_events(store, article):
    store.save(article("hello world"), _events())
    got = sorted(store.iter_events(), key=lambda e: e.start)
    assert got == sorted(_events(), key=lambda e: e.start)


def test_store_frame_has_actor_columns_and_refreshes(store, article):
    store.save(article("hello world"), _events())
    df = store.events_frame()
    assert len(df) == 2
    talks = df[df["type"] == "talks"].iloc[0]
    assert talks["source_codes"] == "|RUS|" and "Alexander Lavrentiev" in talks["source_names"]
    store.save(article("another", id="a2"), _events("a2")[:1])
    assert len(store.events_frame()) == 3


def test_store_wal_and_integrity(store, article):
    store.save(article("hello"), _events())
    conn = store._conn()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.integrity_ok()


def test_store_refuses_a_file_that_is_not_a_store(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as err:
        Store(bad)
    assert str(bad) in str(err.value)


texts = st.text(min_size=1, max_size=40)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), texts), min_size=1, max_size=6))
def test_store_reingesting_twice_leaves_store_equal(tmp_path_factory, batch):
    s = Store(tmp_path_factory.mktemp("h") / "h.db")
    def run():
        for aid, text in batch:
            s.save(Article(id=aid, text=text, lang="en"), _events(aid))
    run()
    first = (s.counts(), sorted(e.id for e in s.iter_events()))
    run()
    assert (s.counts(), sorted(e.id for e in s.iter_events())) == first
    s.close()
