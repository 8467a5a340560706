"""A small hand-made corpus for the dashboard's tests and screenshots.

Both languages, people acting for states, multi-day, month- and year-precise and
undated events, and one hostile article (markup in its title, text and URL) that
must show as plain text. Offsets point into each article's unchanged text.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.model import Actor, Article, Event, EventDate, Span, content_hash

if TYPE_CHECKING:
    from timeline.store import Store

RUS = Actor("Russia", "RUS", "state")
LAVRENTIEV = Actor("Alexander Lavrentiev", "RUS", "person")
LAVROV = Actor("Sergey Lavrov", "RUS", "person")
USA = Actor("United States", "USA", "state")
BLINKEN = Actor("Antony Blinken", "USA", "person")
SYR = Actor("Syria", "SYR", "state")
OPPOSITION = Actor("Syrian opposition", "SYROPP", "group")
TUR = Actor("Turkey", "TUR", "state")
IRN = Actor("Iran", "IRN", "state")
UN = Actor("United Nations", "UNO", "igo")
PEDERSEN = Actor("Geir Pedersen", "UNO", "person")

XSS_TITLE = "<script>alert(1)</script> Ankara statement"
XSS_EVIDENCE = "Turkey rejected the offer <img src=x onerror=alert(2)> made by Iran."


def _event(article: Article, type_: str, source: tuple[Actor, ...], target: tuple[Actor, ...],
           evidence: str, when: EventDate, status: str = "occurred",
           confidence: float = 0.8, trigger: str = "") -> Event:
    start = article.text.index(evidence)
    end = start + len(evidence)
    return Event(article_id=article.id, type=type_, source=source, target=target, when=when,
                 status=status, evidence=evidence, start=start, end=end,
                 confidence=confidence, spans=(Span(start, end),), trigger=trigger)


def _article(lang: str, title: str, published: date, outlet: str, text: str,
             url: str | None = None) -> Article:
    aid = content_hash(lang, title, published.isoformat())
    return Article(id=aid, text=text, lang=lang, published=published, title=title,
                   url=url or f"https://news.example.org/{aid}", outlet=outlet,
                   published_from="json")


def demo_corpus() -> Iterator[tuple[Article, list[Event]]]:
    """Articles with their events (15 events in 7 articles; 2 undated)."""
    day = lambda y, m, d, note="": EventDate(date(y, m, d), "day", None, note)

    ev1 = ("أكد المبعوث الروسي ألكسندر لافرنتييف أمس الأربعاء استعداد موسكو"
           " لاستقبال المعارضة السورية.")
    ev2 = "وكانت روسيا وتركيا وإيران قد عقدت محادثات في سوتشي في فبراير/ شباط."
    ev3 = "ودعا لافرنتييف المعارضة إلى زيارة موسكو في وقت لاحق."
    a = _article("ar", "لافرنتييف: مستعدون لاستقبال المعارضة السورية", date(2021, 2, 18),
                 "شبكة أخبار المثال", f"{ev1}\n\n{ev2}\n\n{ev3}\n")
    yield a, [
        _event(a, "offer", (LAVRENTIEV,), (OPPOSITION,), ev1,
               day(2021, 2, 17, "أمس: one day before publication"), trigger="استعداد"),
        _event(a, "talks", (RUS, TUR, IRN), (), ev2,
               EventDate(date(2021, 2, 1), "month", None, "في فبراير: month only"),
               trigger="محادثات"),
        _event(a, "invitation", (LAVRENTIEV,), (OPPOSITION,), ev3,
               EventDate.unknown("no date expression in the sentence"), status="planned",
               trigger="دعا"),
    ]

    ev4 = "Secretary of State Antony Blinken condemned Russia on Tuesday for the arrest."
    ev5 = "Washington will impose new sanctions on Moscow, officials said."
    b = _article("en", "Blinken condemns Moscow", date(2021, 3, 10), "Example Wire",
                 f"WASHINGTON - {ev4} {ev5}\nThe statement followed days of protests.\n")
    yield b, [
        _event(b, "condemnation", (BLINKEN,), (RUS,), ev4, day(2021, 3, 9, "on Tuesday"),
               trigger="condemned"),
        _event(b, "sanction", (USA,), (RUS,), ev5, EventDate.unknown("future, no date given"),
               status="planned", trigger="impose new sanctions"),
    ]

    ev6 = "Foreign Minister Sergey Lavrov visited Ankara from May 30 to June 1."
    ev7 = "Lavrov and the Turkish side held talks on Syria."
    c = _article("en", "Lavrov in Ankara", date(2021, 6, 2), "Example Wire",
                 f"{ev6} {ev7} Both sides called the visit useful.\n")
    yield c, [
        _event(c, "visit", (LAVROV,), (TUR,), ev6,
               EventDate(date(2021, 5, 30), "day", date(2021, 6, 1), "from May 30 to June 1"),
               trigger="visited"),
        _event(c, "talks", (LAVROV,), (TUR,), ev7, day(2021, 5, 31, "during the visit"),
               trigger="held talks"),
    ]

    ev8 = "UN envoy Geir Pedersen appealed to Damascus in 2021 to release detainees."
    ev9 = "The United Nations supported the Geneva talks."
    d = _article("en", "UN appeal on detainees", date(2021, 12, 20), "Example Wire",
                 f"GENEVA - {ev8}\n{ev9}\n")
    yield d, [
        _event(d, "appeal", (PEDERSEN,), (SYR,), ev8,
               EventDate(date(2021, 1, 1), "year", None, "in 2021: year only"), trigger="appealed"),
        _event(d, "support", (UN,), (SYR,), ev9, day(2021, 12, 18, "last Saturday"),
               confidence=0.55, trigger="supported"),
    ]

    ev10 = "واتهمت إيران الولايات المتحدة يوم الخميس بعرقلة المفاوضات."
    ev11 = "وأجرى وزير الخارجية الروسي سيرغي لافروف محادثات مع نظيره الأمريكي."
    e = _article("ar", "طهران تتهم واشنطن", date(2022, 1, 15), "صحيفة المثال",
                 f"{ev10}\n{ev11}\n")
    yield e, [
        _event(e, "accusation", (IRN,), (USA,), ev10, day(2022, 1, 13, "يوم الخميس"),
               trigger="اتهمت"),
        _event(e, "talks", (LAVROV,), (BLINKEN,), ev11, day(2022, 1, 14, "publication eve"),
               trigger="محادثات"),
    ]

    ev12 = "Russia and the United States signed an agreement on prisoner exchange."
    ev13 = "The Kremlin threatened Washington with a response."
    f = _article("en", "Prisoner exchange deal", date(2022, 8, 5), "Example Daily",
                 f"{ev12} {ev13}\n")
    yield f, [
        _event(f, "agreement", (RUS, USA), (), ev12, day(2022, 8, 4, "yesterday"),
               trigger="signed an agreement"),
        _event(f, "threat", (RUS,), (USA,), ev13, day(2022, 8, 4, "yesterday"),
               confidence=0.6, trigger="threatened"),
    ]

    g = _article("en", XSS_TITLE, date(2022, 9, 1), "<b>Bad Outlet</b>",
                 f"<script>alert(1)</script> {XSS_EVIDENCE} <img src=x onerror=alert(3)>\n",
                 url="javascript:alert(4)")
    yield g, [
        _event(g, "rejection", (TUR,), (IRN,), XSS_EVIDENCE, day(2022, 8, 30, "on Tuesday"),
               trigger="rejected"),
        _event(g, "accusation", (TUR,), (IRN,), XSS_EVIDENCE, day(2022, 8, 31, "next day"),
               confidence=0.4, trigger="rejected"),
    ]


def fill_demo_store(path: str | Path) -> Store:
    """Create (or refill) a store at ``path`` with :func:`demo_corpus`."""
    from timeline.store import Store
    store = Store(path)
    for article, events in demo_corpus():
        store.save(article, events)
    return store
