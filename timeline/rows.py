"""The records of ``timeline.model`` as rows of the store's tables, and back.

``Store`` writes and reads the rows; here they are made from an ``Article``, an
``Event`` (its actors and their links) or a correction, and made into them again, so
that the store hands out records, never rows to put together.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from timeline import corrections as corr
from timeline.model import Actor, Article, Event, EventDate, Span, content_hash

#: Columns of each table as the rows here hold them (in this order).
ARTICLE_COLUMNS = ("id", "url", "title", "outlet", "lang", "published", "published_from",
                   "path", "text", "text_hash", "ingested_at")
EVENT_COLUMNS = ("id", "article_id", "type", "status", "date", "end_date", "precision",
                 "date_note", "evidence", "start", "end", "spans", "confidence", "trigger")


def actor_key(actor: Actor) -> str:
    """Stable id of an actor as stored (its code, kind and name)."""
    return content_hash(actor.code, actor.kind, actor.name, length=12)


def day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def article_row(a: Article) -> tuple:
    """An article's row (``ARTICLE_COLUMNS``), stored now."""
    return (a.id, a.url, a.title, a.outlet, a.lang, _iso(a.published), a.published_from,
            a.path, a.text, a.text_hash, datetime.now(UTC).isoformat(timespec="seconds"))


def article_of(row: Sequence[Any]) -> Article:
    """The article of a row of ``ARTICLE_COLUMNS`` (up to the text)."""
    aid, url, title, outlet, lang, published, published_from, path, text = row[:9]
    return Article(aid, text, lang, day(published), title or "", url, outlet, path,
                   published_from)


def event_row(ev: Event) -> tuple:
    """An event's row (``EVENT_COLUMNS``); its actors are rows of their own."""
    return (ev.id, ev.article_id, ev.type, ev.status, _iso(ev.when.date),
            _iso(ev.when.end_date), ev.when.precision, ev.when.note, ev.evidence, ev.start,
            ev.end, json.dumps([[s.start, s.end] for s in ev.spans]), ev.confidence,
            ev.trigger)


def actors_and_links(events: Iterable[Event]
                     ) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str, str, int]]]:
    """The rows of the actors (each once, in the order they are met) and of the links
    (event, actor, role, position) of ``events``, sources first."""
    actors: dict[str, tuple[str, str, str, str]] = {}
    links: list[tuple[str, str, str, int]] = []
    for ev in events:
        for role, group in (("source", ev.source), ("target", ev.target)):
            for pos, actor in enumerate(group):
                key = actor_key(actor)
                actors.setdefault(key, (key, actor.name, actor.code, actor.kind))
                links.append((ev.id, key, role, pos))
    return list(actors.values()), links


def actors_by_event(link_rows: Iterable[Sequence[Any]]
                    ) -> dict[str, dict[str, list[tuple[int, Actor]]]]:
    """event id -> role -> (position, actor) of rows (event_id, role, position, name,
    code, kind)."""
    out: dict[str, dict[str, list[tuple[int, Actor]]]] = {}
    for eid, role, pos, name, code, kind in link_rows:
        out.setdefault(eid, {}).setdefault(role, []).append(
            (pos, Actor(name=name, code=code, kind=kind)))
    return out


def event_of(row: Sequence[Any], roles: dict[str, list[tuple[int, Actor]]] | None) -> Event:
    """The event of a row of ``EVENT_COLUMNS`` with its actors by role, as (position,
    actor) pairs in any order."""
    roles = roles or {}
    return Event(
        article_id=row[1], type=row[2], status=row[3],
        when=EventDate(day(row[4]), row[6], day(row[5]), row[7]),
        evidence=row[8], start=row[9], end=row[10],
        spans=tuple(Span(s, e) for s, e in json.loads(row[11])),
        confidence=row[12], trigger=row[13],
        source=tuple(a for _, a in sorted(roles.get("source", []), key=lambda x: x[0])),
        target=tuple(a for _, a in sorted(roles.get("target", []), key=lambda x: x[0])),
    )


def correction_row(c: corr.Correction) -> tuple:
    """(id, event_id, action, article_id, payload, created_at, author) of a correction."""
    return (c.id, c.event_id, c.action, c.article_id,
            json.dumps(c.payload, ensure_ascii=False, sort_keys=True), c.created_at,
            c.author or None)


def correction_of(row: Sequence[Any]) -> corr.Correction:
    """The correction of a row (action, article_id, payload, created_at, author), its
    payload pointed at the article it is stored with."""
    action, article_id, payload, created_at, author = row
    return corr.Correction(action, corr.moved(json.loads(payload), article_id), created_at,
                           author or "")
