"""One act told by several articles: one event with all its reports."""
from __future__ import annotations

import json
from datetime import date

from timeline.crossmerge import group_reports, groups
from timeline.model import Actor, Article, Event, EventDate, Span
from timeline.pipeline import extract
from timeline.store import Store

RUS = Actor("Russia", "RUS", "state")
USA = Actor("United States", "USA", "state")
TUR = Actor("Turkey", "TUR", "state")
IRN = Actor("Iran", "IRN", "state")

TALKS = [  # three outlets, two languages, one meeting
    ("en", "Geneva talks", "Wire", ("Russian Foreign Minister Sergey Lavrov met U.S. Secretary "
                                    "of State Antony Blinken in Geneva on Friday, January 21, "
                                    "2022, to discuss Ukraine.")),
    ("en", "Blinken and Lavrov meet", "Daily", ("GENEVA - Antony Blinken held talks with Sergey "
                                                "Lavrov in Geneva on Friday.")),
    ("ar", "لقاء جنيف", "الصحيفة", ("التقى وزير الخارجية الروسي سيرغي لافروف نظيره الأمريكي "
                                   "أنتوني بلينكن في جنيف يوم الجمعة.")),
]


def test_crossmerge_three_articles_of_the_same_talks_are_one_event(tmp_path):
    store = Store(tmp_path / "t.db")
    for i, (lang, title, outlet, text) in enumerate(TALKS):
        article = Article(id=f"talks-{i}", text=text, lang=lang, published=date(2022, 1, 21),
                          title=title, outlet=outlet)
        store.save(article, extract(article))
    frame = store.events_frame()
    talks = frame[frame["type"] == "talks"]
    assert len(talks) == 3
    merged = group_reports(frame)
    one = merged[merged["type"] == "talks"]
    assert len(one) == 1 and int(one["n_reports"].iloc[0]) == 3
    reports = json.loads(one["reports"].iloc[0])
    articles = {one["article_id"].iloc[0]} | {r["article_id"] for r in reports}
    assert articles == {"talks-0", "talks-1", "talks-2"}
    # explainable: each other report carries its outlet and its own sentence
    for r in reports:
        text = TALKS[int(r["article_id"][-1])][3]
        assert r["evidence"] and r["evidence"] in text and r["outlet"]


def _row(aid: str, type_: str, source, target, day: date | None, precision: str = "day") -> Event:
    return Event(aid, type_, tuple(source), tuple(target),
                 EventDate(day, precision if day else "none"), "occurred", "x", 0, 1, 0.7,
                 (Span(0, 1),))


def _frame(tmp_path, events):
    store = Store(tmp_path / "f.db")
    for ev in events:
        store.save(Article(id=ev.article_id, text="x " + ev.article_id, lang="en"), [ev])
    return store.events_frame()


def test_crossmerge_needs_type_day_precision_and_shared_actors(tmp_path):
    d = date(2022, 1, 21)
    frame = _frame(tmp_path, [
        _row("a", "talks", [RUS], [USA], d),
        _row("b", "talks", [USA], [RUS], date(2022, 1, 22)),  # next day, told from the other side
        _row("c", "talks", [RUS], [TUR], d),  # other parties
        _row("d", "visit", [RUS], [USA], d),  # other type
        _row("e", "talks", [RUS], [USA], date(2022, 1, 1), "month"),  # not day precision
        _row("f", "talks", [RUS], [USA], date(2022, 1, 24)),  # three days later
    ])
    found = groups(frame)
    assert len(found) == 1
    assert sorted(frame.iloc[found[0]]["article_id"]) == ["a", "b"]
    assert len(group_reports(frame)) == 5


def test_crossmerge_directed_acts_keep_their_direction(tmp_path):
    d = date(2022, 3, 1)
    frame = _frame(tmp_path, [
        _row("a", "condemnation", [RUS], [USA], d),
        _row("b", "condemnation", [USA], [RUS], d),
        _row("c", "condemnation", [RUS], [], d),
    ])
    merged = group_reports(frame)
    # c fits a (same source, no target) but not b: one group of two, b alone
    assert len(merged) == 2
    assert sorted(merged["n_reports"].tolist()) == [1, 2]


def test_crossmerge_an_ambiguous_report_joins_no_group(tmp_path):
    d = date(2022, 3, 1)
    frame = _frame(tmp_path, [
        _row("a", "sanction", [USA], [RUS], d),
        _row("b", "sanction", [USA], [IRN], d),
        _row("c", "sanction", [USA], [], d),  # fits both equally
    ])
    assert groups(frame) == []


def test_crossmerge_empty_frame(tmp_path):
    frame = Store(tmp_path / "e.db").events_frame()
    assert group_reports(frame).empty and groups(frame) == []
