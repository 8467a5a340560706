"""Frozen records that flow between the pipeline's steps.

Offsets (``start``/``end``) always point into ``Article.text``, the unchanged text.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from timeline.eventtypes import EVENT_TYPES  # noqa: F401 - the names, read from here too

PRECISIONS = ("day", "month", "year", "none")
STATUSES = ("occurred", "planned")
KINDS = ("state", "person", "igo", "ngo", "group")


def content_hash(*parts: object, length: int = 16) -> str:
    """A short stable hash of ``parts`` (used for ids, so re-runs never duplicate)."""
    h = hashlib.sha256()
    for p in parts:
        h.update(str(p).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


@dataclass(frozen=True)
class Article:
    """One article as read from a file: text unchanged, metadata where known."""

    id: str
    text: str
    lang: str  # "ar" or "en"
    published: date | None = None
    title: str = ""
    url: str | None = None
    outlet: str | None = None
    path: str | None = None  # file it came from (and ":line" for JSON lines)
    published_from: str | None = None  # where the date came from: cli, json, html, text

    @cached_property  # computed once (frozen: nothing it depends on changes)
    def text_hash(self) -> str:
        return content_hash(self.title, self.text, self.lang,
                            self.published.isoformat() if self.published else "")


@dataclass(frozen=True)
class Actor:
    """An actor as counted: canonical English name, code it stands for, kind."""

    name: str
    code: str
    kind: str
    id: str = ""  # registry id ("" for actors made up from a role + nationality)

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "code": self.code, "kind": self.kind}


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class EventDate:
    """The event's own date. ``precision == "none"`` means no date could be fixed."""

    date: _dt.date | None = None
    precision: str = "none"
    end_date: _dt.date | None = None  # (the field ``date`` hides the type in this class)
    note: str = ""  # why this date / why not more precise

    @staticmethod
    def unknown(note: str = "") -> EventDate:
        return EventDate(None, "none", None, note)


@dataclass(frozen=True)
class Event:
    """One actor (or group) doing one diplomatic act towards another, at one time."""

    article_id: str
    type: str
    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    when: EventDate
    status: str
    evidence: str
    start: int
    end: int
    confidence: float
    spans: tuple[Span, ...] = field(default_factory=tuple)
    trigger: str = ""

    @cached_property  # computed once (frozen: nothing it depends on changes)
    def id(self) -> str:
        return content_hash(
            self.article_id, self.type,
            ",".join(sorted(a.code + ":" + a.name for a in self.source)),
            ",".join(sorted(a.code + ":" + a.name for a in self.target)),
            self.when.date, self.when.end_date, self.status, self.start, self.end,
        )

    def to_json(self) -> dict[str, Any]:
        """The event in the ``events.jsonl`` form of EVENTS.md (plus a few extra fields)."""
        return {
            "article_id": self.article_id,
            "type": self.type,
            "source": [a.to_json() for a in self.source],
            "target": [a.to_json() for a in self.target],
            "date": self.when.date.isoformat() if self.when.date else None,
            "precision": self.when.precision,
            "end_date": self.when.end_date.isoformat() if self.when.end_date else None,
            "status": self.status,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "confidence": round(self.confidence, 3),
            "spans": [[s.start, s.end] for s in self.spans],
            "date_note": self.when.note,
            "trigger": self.trigger,
            "id": self.id,
        }

    def to_json_line(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False)
