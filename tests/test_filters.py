"""Filters on frames read back from a real store; expected sets come from the events themselves."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tests.fixtures.demo import fill_demo_store
from timeline.filters import Filters
from timeline.model import Actor, Article, Event, EventDate
from timeline.store import Store


@pytest.fixture
def demo(tmp_path: Path) -> Store:
    store = fill_demo_store(tmp_path / "demo.db")
    yield store
    store.close()


@pytest.fixture
def frame(demo: Store) -> pd.DataFrame:
    return demo.events_frame()


@pytest.fixture
def events(demo: Store) -> list[Event]:
    return list(demo.iter_events())


def _ids(df: pd.DataFrame) -> set[str]:
    return set(df["id"])


def _where(events: list[Event], test) -> set[str]:
    return {ev.id for ev in events if test(ev)}


@pytest.mark.parametrize("filters", [
    Filters(),
    Filters(actors=("RUS", "USA|person|Antony Blinken"), role="source"),
    Filters(types=("talks", "visit"), date_from=date(2021, 1, 1), date_to=date(2021, 12, 31)),
    Filters(langs=("ar",), outlets=("Example Wire", "شبكة أخبار المثال"), min_confidence=0.5),
    Filters(text="held talks & more", pair=("RUS", "TUR"), role="target"),
    Filters(text="محادثات في سوتشي"),
])
def test_filters_round_trip_through_the_query_string(filters):
    assert Filters.from_query_string(filters.to_query_string()) == filters
    assert Filters.from_query_string("?" + filters.to_query_string()) == filters


def test_filters_empty_query_is_no_filter(frame):
    assert Filters.from_query_string("") == Filters()
    assert Filters().to_query_string() == ""
    assert len(Filters().apply(frame)) == len(frame)


def test_filters_unknown_values_are_dropped():
    f = Filters.from_query_string("types=talks,nonsense&role=sideways&min_confidence=x&pair=A")
    assert f.types == ("talks",) and f.role == "either" and f.min_confidence == 0 and f.pair == ()


def test_filters_country_includes_its_people(frame, events):
    expected = _where(events, lambda ev: any(a.code == "RUS" for a in ev.source + ev.target))
    people = _where(events, lambda ev: any(a.code == "RUS" and a.kind == "person"
                                           for a in ev.source + ev.target))
    assert people and people < expected
    assert _ids(Filters(actors=("RUS",)).apply(frame)) == expected


def test_filters_person_narrows_to_that_person(frame, events):
    expected = _where(events, lambda ev: any(a.name == "Sergey Lavrov"
                                             for a in ev.source + ev.target))
    got = _ids(Filters(actors=("RUS|person|Sergey Lavrov",)).apply(frame))
    assert got == expected and len(got) == 3


@pytest.mark.parametrize("role", ["source", "target"])
def test_filters_role_switch(frame, events, role):
    expected = _where(events, lambda ev: any(a.code == "RUS" for a in getattr(ev, role)))
    assert _ids(Filters(actors=("RUS",), role=role).apply(frame)) == expected


def test_filters_person_is_matched_by_whole_key(tmp_path):
    store = Store(tmp_path / "p.db")
    text = "Sergey Lavrovsky met Turkey."
    lavrovsky = Actor("Sergey Lavrovsky", "RUS", "person")
    store.save(Article(id="p1", text=text, lang="en", published=date(2021, 1, 1)),
               [Event(article_id="p1", type="talks", source=(lavrovsky,),
                      target=(Actor("Turkey", "TUR", "state"),),
                      when=EventDate(date(2021, 1, 1), "day"), status="occurred",
                      evidence=text, start=0, end=len(text), confidence=0.9)])
    assert Filters(actors=("RUS|person|Sergey Lavrov",)).apply(store.events_frame()).empty


def test_filters_role_switch_for_a_person(frame, events):
    as_target = Filters(actors=("USA|person|Antony Blinken",), role="target").apply(frame)
    assert _ids(as_target) == _where(
        events, lambda ev: any(a.name == "Antony Blinken" for a in ev.target))


def test_filters_several_actors_are_alternatives(frame, events):
    expected = _where(events, lambda ev: any(a.code in ("IRN", "UNO")
                                             for a in ev.source + ev.target))
    assert _ids(Filters(actors=("IRN", "UNO")).apply(frame)) == expected


def test_filters_type(frame, events):
    expected = _where(events, lambda ev: ev.type in ("talks", "threat"))
    assert _ids(Filters(types=("talks", "threat")).apply(frame)) == expected


def test_filters_date_range_overlaps_multi_day_events(frame):
    visit = frame.loc[frame["type"] == "visit", "id"].item()  # 2021-05-30 to 2021-06-01
    assert visit in _ids(Filters(date_from=date(2021, 6, 1)).apply(frame))
    assert visit in _ids(Filters(date_to=date(2021, 5, 30)).apply(frame))
    assert visit in _ids(Filters(date_from=date(2021, 5, 31), date_to=date(2021, 5, 31))
                         .apply(frame))
    assert visit not in _ids(Filters(date_from=date(2021, 6, 2)).apply(frame))
    assert visit not in _ids(Filters(date_to=date(2021, 5, 29)).apply(frame))


def test_filters_date_range_drops_undated_and_no_range_keeps_them(frame):
    undated = set(frame.loc[frame["date"].isna(), "id"])
    assert undated <= _ids(Filters().apply(frame))
    assert not undated & _ids(Filters(date_from=date(2000, 1, 1)).apply(frame))


def test_filters_date_range_swapped_bounds_are_put_in_order():
    f = Filters(date_from=date(2022, 1, 1), date_to=date(2021, 1, 1))
    assert f.date_from < f.date_to


def test_filters_date_range_overlaps_month_precise_events(frame):
    month = frame.loc[frame["precision"] == "month", "id"].item()  # February 2021
    assert month in _ids(Filters(date_from=date(2021, 2, 15)).apply(frame))


def test_filters_text_search_in_evidence(frame, events):
    expected = _where(events, lambda ev: "talks" in ev.evidence.lower())
    assert _ids(Filters(text="TALKS").apply(frame)) == expected
    assert _ids(Filters(text="محادثات").apply(frame)) == _where(
        events, lambda ev: "محادثات" in ev.evidence)
    assert len(Filters(text="(unbalanced [regex").apply(frame)) == 0  # taken literally


def test_filters_language_outlet_and_confidence(frame, events):
    assert set(Filters(langs=("ar",)).apply(frame)["lang"]) == {"ar"}
    assert set(Filters(outlets=("Example Daily",)).apply(frame)["outlet"]) == {"Example Daily"}
    assert _ids(Filters(min_confidence=0.7).apply(frame)) == _where(
        events, lambda ev: ev.confidence >= 0.7)


def test_filters_pair(frame, events):
    expected = _where(events, lambda ev: any(s.code == "RUS" for s in ev.source)
                      and any(t.code == "TUR" for t in ev.target))
    got = _ids(Filters(pair=("RUS", "TUR")).apply(frame))
    assert got == expected and len(got) == 2
    assert not _ids(Filters(pair=("TUR", "RUS")).apply(frame))  # direction matters


def test_filters_describe():
    assert Filters().describe() == "all events"
    text = Filters(actors=("RUS", "USA|person|Antony Blinken"), role="source",
                   types=("talks",)).describe()
    assert "Russia" not in text and "RUS" in text and "Antony Blinken" in text
    assert "(as source)" in text and "talks" in text


def test_filters_round_trip_actor_name_with_comma():
    f = Filters(actors=("ARE|person|Mohammed bin Zayed, Crown Prince",))
    assert Filters.from_query_string(f.to_query_string()) == f


def test_filters_every_field_declared_once():
    """The table of fields names every attribute of Filters, in the URL's order, and each
    field is read from any of its keys (the dashboard's names and the CLI's)."""
    from dataclasses import fields

    from timeline.filters import FIELDS
    assert [f.name for f in FIELDS] == [f.name for f in fields(Filters)]
    short = {"actor": ["RUS"], "type": "talks", "from": "2021-01-01", "to": "2021-12-31",
             "lang": ["ar"], "outlet": "Wire", "confidence": "0.5", "role": "source",
             "text": " talks ", "pair": ["RUS", "TUR"]}
    assert Filters.from_mapping(short) == Filters(
        actors=("RUS",), role="source", types=("talks",), date_from=date(2021, 1, 1),
        date_to=date(2021, 12, 31), langs=("ar",), outlets=("Wire",), text="talks",
        min_confidence=0.5, pair=("RUS", "TUR"))
    assert Filters.from_mapping({"actors": [], "actor": "", "min_confidence": None}) == Filters()
    assert Filters.from_query_string("type=talks&type=visit&lang=ar") == Filters(
        types=("talks", "visit"), langs=("ar",))
