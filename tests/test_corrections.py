"""Corrections: kept apart, applied on read, re-attached after re-ingest and re-extraction."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date

import pytest

from timeline import corrections as corr
from timeline.cli import main
from timeline.errors import TimelineError
from timeline.model import Actor, Article, Event, EventDate, Span
from timeline.store import Store
from timeline.userdata import reextract

RUS = Actor("Russia", "RUS", "state")
USA = Actor("United States", "USA", "state")
TUR = Actor("Turkey", "TUR", "state")
LAVROV = Actor("Sergey Lavrov", "RUS", "person")

TEXT = ("Russia invited the United States to talks on Monday. "
        "Turkey condemned the strike on Tuesday. "
        "Lavrov met Blinken in Geneva.")


def _ev(article_id: str, text: str, sentence: str, type_: str, source, target,
        when: EventDate | None = None, conf: float = 0.7) -> Event:
    start = text.index(sentence)
    end = start + len(sentence)
    return Event(article_id, type_, tuple(source), tuple(target),
                 when or EventDate(date(2021, 2, 15), "day"), "occurred", sentence, start, end,
                 conf, (Span(start, end),))


def _extracted(text: str = TEXT, aid: str = "a1") -> list[Event]:
    """What the extractor finds in TEXT (one wrong type, one spurious event)."""
    return [
        _ev(aid, text, "Russia invited the United States to talks on Monday.", "talks", [RUS], [USA]),
        _ev(aid, text, "Turkey condemned the strike on Tuesday.", "condemnation", [TUR], []),
        _ev(aid, text, "Lavrov met Blinken in Geneva.", "talks", [LAVROV], [USA],
            EventDate.unknown()),
    ]


def _article(text: str = TEXT, aid: str = "a1") -> Article:
    return Article(id=aid, text=text, lang="en", published=date(2021, 2, 16), url=f"http://x/{aid}")


def _shown(store: Store, type_: str) -> Event:
    return next(e for e in store.iter_events() if e.type == type_)


def _correct(store: Store, event_id: str, action: str, **kw) -> corr.Correction:
    shown = store.find_shown(event_id)
    assert shown is not None
    if action == "edit":
        c = corr.edit(shown.key, shown.event, kw["changes"])
    elif action == "reject":
        c = corr.reject(shown.key, shown.event)
    else:
        other = store.find_shown(kw["other"])
        assert other is not None
        c = corr.merge(shown.key, shown.event, other.key, other.event)
    assert store.add_corrections([c]) == 1
    return c


@pytest.fixture
def corrected(store: Store) -> Store:
    store.save(_article(), _extracted())
    talks = next(e for e in store.iter_events() if e.start == 0)
    _correct(store, talks.id, "edit", changes={"type": "invitation"})
    _correct(store, _shown(store, "condemnation").id, "reject")
    sentence = "Lavrov met Blinken in Geneva."
    start = TEXT.index(sentence)
    added = Event("a1", "visit", (LAVROV,), (Actor("Switzerland", "CHE", "state"),),
                  EventDate(date(2021, 2, 16), "day"), "occurred", sentence, start,
                  start + len(sentence), 1.0, (Span(start, start + len(sentence)),))
    store.add_corrections([corr.add(added)])
    return store


def _types(store: Store) -> list[str]:
    return sorted(store.events_frame()["type"].tolist())


def test_corrections_apply_on_read_in_frame_and_records(corrected):
    assert _types(corrected) == ["invitation", "talks", "visit"]
    assert sorted(e.type for e in corrected.iter_events()) == ["invitation", "talks", "visit"]
    frame = corrected.events_frame()
    inv = frame[frame["type"] == "invitation"].iloc[0]
    assert inv["confidence"] == 1.0 and inv["source_codes"] == "|RUS|"
    # what the extractor produced is untouched
    conn = sqlite3.connect(corrected.path)
    assert sorted(r[0] for r in conn.execute("SELECT type FROM events")) == \
        ["condemnation", "talks", "talks"]
    assert conn.execute("SELECT COUNT(*) FROM corrections").fetchone()[0] == 3
    conn.close()


def test_corrections_survive_reingest_of_same_and_updated_article(corrected):
    assert corrected.save(_article(), _extracted()).status == "unchanged"
    assert _types(corrected) == ["invitation", "talks", "visit"]
    moved = "Updated at noon. " + TEXT  # every offset moves
    assert corrected.save(_article(moved), _extracted(moved)).status == "updated"
    assert _types(corrected) == ["invitation", "talks", "visit"]
    visit = next(e for e in corrected.iter_events() if e.type == "visit")
    assert moved[visit.start:visit.end] == "Lavrov met Blinken in Geneva."


def test_corrections_survive_newer_rules(corrected):
    # newer rules: other dates, wider spans, a confidence change: every id is new
    newer = [replace(e, when=EventDate(date(2021, 2, 14), "day"), end=e.end + 1, confidence=0.9)
             for e in _extracted()]
    assert {e.id for e in newer}.isdisjoint({e.id for e in _extracted()})
    assert corrected.replace_events("a1", newer)
    frame = corrected.events_frame()
    assert sorted(frame["type"]) == ["invitation", "talks", "visit"]
    inv = frame[frame["type"] == "invitation"].iloc[0]
    assert inv["date"] == pd_day("2021-02-14")  # the new rules' date, the analyst's type


def pd_day(text: str):
    import pandas as pd
    return pd.Timestamp(text)


def test_corrections_edit_of_an_event_no_longer_extracted_still_shows(corrected):
    corrected.replace_events("a1", [])
    assert _types(corrected) == ["invitation", "visit"]


def test_corrections_edit_again_and_reject_an_added_event(corrected):
    inv = _shown(corrected, "invitation")
    _correct(corrected, inv.id, "edit", changes={"date": "2021-03-01", "precision": "month"})
    inv2 = _shown(corrected, "invitation")
    assert inv2.when == EventDate(date(2021, 3, 1), "month", None, corr.NOTE)
    _correct(corrected, _shown(corrected, "visit").id, "reject")
    assert _types(corrected) == ["invitation", "talks"]


def test_corrections_merge_joins_two_events_of_two_articles(store):
    store.save(_article(), _extracted())
    other_text = "Sergey Lavrov and Antony Blinken held talks in Geneva."
    store.save(_article(other_text, "a2"),
               [_ev("a2", other_text, other_text, "talks", [LAVROV], [USA])])
    a = next(e for e in store.iter_events("a1") if e.start > 60)
    b = next(iter(store.iter_events("a2")))
    _correct(store, a.id, "merge", other=b.id)
    frame = store.events_frame()
    assert len(frame) == 3 and b.id not in set(frame["id"])
    reports = json.loads(frame.loc[frame["id"] == a.id, "reports"].iloc[0])
    assert [r["article_id"] for r in reports] == ["a2"] and reports[0]["evidence"] == other_text
    assert len(list(store.iter_events())) == 3


def test_corrections_export_import_is_idempotent(corrected, tmp_path, capsys):
    out = tmp_path / "c.jsonl"
    assert main(["corrections", "export", str(out), "--db", str(corrected.path)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    other = Store(tmp_path / "other.db")
    other.save(_article(), _extracted())
    for _ in range(2):
        assert main(["corrections", "import", str(out), "--db", str(other.path)]) == 0
    assert "0 corrections imported, 3 already" in capsys.readouterr().out
    assert _types(other) == ["invitation", "talks", "visit"]
    assert main(["corrections", "export", str(out), "--db", str(corrected.path)]) == 1  # exists


def test_corrections_import_names_the_bad_line(tmp_path, store):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"action": "add"}\nnot json\n', encoding="utf-8")
    with pytest.raises(TimelineError, match=r"bad.jsonl:1:"):
        corr.read_jsonl(bad)


def test_corrections_store_migrates_a_version_1_store(tmp_path):
    path = tmp_path / "old.db"
    s = Store(path)
    s.save(_article(), _extracted())
    s.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE corrections")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    s = Store(path)
    assert s.counts()["events"] == 3 and s.corrections() == []
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2


def test_corrections_parse_when():
    assert corr.parse_when("2021-03", None) == (date(2021, 3, 1), "month")
    assert corr.parse_when("2021-03-04", "year") == (date(2021, 3, 4), "year")
    assert corr.parse_when("", None) == (None, "none")
    with pytest.raises(ValueError):
        corr.parse_when("2021", "day")
    with pytest.raises(ValueError):
        corr.parse_when("2021-02-30", None)


def test_corrections_reextraction_keeps_corrections(tmp_path):
    """Real extraction: reject one event and retype another, re-extract, both stay."""
    from timeline.pipeline import extract
    text = ("Russian Foreign Minister Sergey Lavrov met U.S. Secretary of State Antony Blinken "
            "in Geneva on Friday. Turkey condemned Greece on Saturday.")
    article = Article(id="r1", text=text, lang="en", published=date(2022, 1, 21))
    store = Store(tmp_path / "r.db")
    store.save(article, extract(article))
    types = sorted(e.type for e in store.iter_events())
    assert types == ["condemnation", "talks"]
    talks, cond = _shown(store, "talks"), _shown(store, "condemnation")
    _correct(store, talks.id, "edit", changes={"type": "visit"})
    _correct(store, cond.id, "reject")
    store.replace_events("r1", [])  # as if an older run had found nothing
    assert _types(store) == ["visit"]
    result = reextract(store, tmp_path / "r.db")
    assert result.articles == 1 and result.changed == 1 and not result.failed
    assert store.counts()["events"] == 2  # extracted again...
    assert _types(store) == ["visit"]  # ...and corrected again
    assert sorted(e.type for e in store.iter_events()) == ["visit"]


def test_corrections_a_damaged_row_never_hides_the_others(corrected):
    conn = sqlite3.connect(corrected.path)
    conn.execute("INSERT INTO corrections (id, event_id, action, article_id, payload, created_at)"
                 " VALUES ('bad', NULL, 'edit', 'a1', '{\"anchor\": {\"article_id\": \"a1\"}}',"
                 " '2000-01-01')")
    conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")
    conn.commit()
    conn.close()
    assert _types(corrected) == ["invitation", "talks", "visit"]
    with pytest.raises((ValueError, TypeError)):  # no "before": refused on import
        corr.Correction.from_json({"action": "reject", "created_at": "x",
                                   "payload": {"anchor": {"article_id": "a1"}}})
