"""Analyst corrections: kept apart from what the extractor produced, applied on read.

A correction says what an analyst did (``edit``, ``reject``, ``add`` or ``merge``),
when and by whom. It never names an extracted event by its id alone: ids are content
hashes and change with the extraction rules. It is anchored on the event's article,
evidence span, type and actor codes (an :class:`Anchor`), and :func:`apply` attaches
it to the best matching event extracted now (same article, overlapping span, same type
if possible). So a corrected event stays corrected and a rejected one stays gone after
re-ingesting or re-extracting. An ``add`` carries the whole event and needs no match;
an edit whose event is no longer extracted still shows, rebuilt from what it recorded
(``timeline.correcting`` applies them).

Pure functions over :mod:`timeline.model` records; ``store.py`` keeps the rows.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from timeline.errors import TimelineError
from timeline.model import (
    EVENT_TYPES,
    KINDS,
    PRECISIONS,
    STATUSES,
    Actor,
    Event,
    EventDate,
    Span,
    content_hash,
)

ACTIONS = ("edit", "reject", "add", "merge")
#: Fields an edit may change (values as in ``Event.to_json``).
EDITABLE = ("type", "source", "target", "date", "end_date", "precision", "status")
NOTE = "corrected by an analyst"


def now() -> str:
    """The time of a correction (UTC, microseconds: several in one second keep their order)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Anchor:
    """Where a corrected event sits: its article, evidence span, type and actor codes.

    ``added`` instead names the ``add`` correction of an event an analyst made."""

    article_id: str
    start: int = 0
    end: int = 0
    type: str = ""
    event_id: str = ""
    evidence: str = ""
    codes: tuple[str, ...] = ()
    added: str = ""

    @staticmethod
    def of(event: Event, added: str = "") -> Anchor:
        return Anchor(event.article_id, event.start, event.end, event.type, event.id,
                      event.evidence, _codes(event), added)

    def to_json(self) -> dict[str, Any]:
        if self.added:
            return {"article_id": self.article_id, "added": self.added}
        return {"article_id": self.article_id, "start": self.start, "end": self.end,
                "type": self.type, "event_id": self.event_id, "evidence": self.evidence,
                "codes": list(self.codes)}

    @staticmethod
    def from_json(d: Any) -> Anchor:
        if not isinstance(d, dict) or not isinstance(d.get("article_id"), str):
            raise TypeError("an anchor needs an article_id")
        return Anchor(d["article_id"], int(d.get("start") or 0), int(d.get("end") or 0),
                      str(d.get("type") or ""), str(d.get("event_id") or ""),
                      str(d.get("evidence") or ""), tuple(str(c) for c in d.get("codes") or ()),
                      str(d.get("added") or ""))


@dataclass(frozen=True)
class Correction:
    """One act of an analyst. ``payload`` holds the anchor(s) and what changed."""

    action: str
    payload: Mapping[str, Any] = field(hash=False)
    created_at: str = ""
    author: str = ""

    @property
    def id(self) -> str:
        return content_hash(self.action, json.dumps(self.payload, sort_keys=True,
                                                    ensure_ascii=False),
                            self.created_at, self.author)

    @property
    def anchor(self) -> Anchor | None:
        return Anchor.from_json(self.payload["anchor"]) if "anchor" in self.payload else None

    @property
    def other(self) -> Anchor | None:
        return Anchor.from_json(self.payload["other"]) if "other" in self.payload else None

    @property
    def event_id(self) -> str | None:
        """The id the event had when it was corrected (None for an added event)."""
        anchor = self.anchor
        return anchor.event_id or None if anchor else None

    @property
    def article_id(self) -> str:
        anchor = self.anchor
        return anchor.article_id if anchor else str(self.payload["event"]["article_id"])

    @property
    def articles(self) -> set[str]:
        """Every article whose events this correction changes."""
        other = self.other
        return {self.article_id} | ({other.article_id} if other else set())

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "event_id": self.event_id, "action": self.action,
                "article_id": self.article_id, "payload": dict(self.payload),
                "created_at": self.created_at, "author": self.author or None}

    @staticmethod
    def from_json(d: Any) -> Correction:
        """A correction from its JSON form; ``ValueError`` naming what is wrong."""
        if not isinstance(d, dict):
            raise TypeError("expected a JSON object")
        action, payload = d.get("action"), d.get("payload")
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not isinstance(payload, dict):
            raise TypeError("payload must be an object")
        c = Correction(action, payload, str(d.get("created_at") or ""), str(d.get("author") or ""))
        if not c.created_at:
            raise ValueError("created_at is required")
        if action == "add":
            event_from_json(payload.get("event"))
        elif c.anchor is None or (action == "merge" and c.other is None):
            raise ValueError(f"a {action} needs an anchor" + (" and another" if action == "merge"
                                                               else ""))
        if action == "edit":
            check_changes(payload.get("changes"))
        if action != "add":
            event_from_json(payload.get("before"))
        if action == "merge":
            event_from_json(payload.get("other_before"))
        return c


def moved(payload: Mapping[str, Any], article_id: str) -> dict[str, Any]:
    """``payload`` re-pointed at ``article_id`` (an article stored again under a new id)."""
    out = dict(payload)
    for key in ("anchor", "event"):
        part = out.get(key)
        if isinstance(part, dict) and part.get("article_id") != article_id:
            out[key] = {**part, "article_id": article_id}
    return out


# -- making corrections -------------------------------------------------------------
def edit(anchor: Anchor, before: Event, changes: Mapping[str, Any], author: str = "",
         at: str | None = None) -> Correction:
    """Change some of ``EDITABLE`` of the event at ``anchor`` (``before``: as it was shown)."""
    changes = check_changes(changes)
    return Correction("edit", {"anchor": anchor.to_json(), "changes": changes,
                               "before": before.to_json()}, at or now(), author)


def reject(anchor: Anchor, before: Event, author: str = "", at: str | None = None) -> Correction:
    return Correction("reject", {"anchor": anchor.to_json(), "before": before.to_json()},
                      at or now(), author)


def add(event: Event, author: str = "", at: str | None = None) -> Correction:
    """An event an analyst read in an article; it survives every re-extraction."""
    return Correction("add", {"event": _event_json(event)}, at or now(), author)


def merge(anchor: Anchor, before: Event, other: Anchor, other_before: Event, author: str = "",
          at: str | None = None) -> Correction:
    """One act: the event at ``other`` becomes a further report of the one at ``anchor``."""
    return Correction("merge", {"anchor": anchor.to_json(), "before": before.to_json(),
                                "other": other.to_json(), "other_before": other_before.to_json()},
                      at or now(), author)


def check_changes(changes: Any) -> dict[str, Any]:
    """The changes of an edit, validated (``ValueError`` naming the bad field)."""
    if not isinstance(changes, Mapping) or not changes:
        raise ValueError("an edit needs changes")
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in EDITABLE:
            raise ValueError(f"cannot change {key!r}")
        if key == "type" and value not in EVENT_TYPES:
            raise ValueError(f"unknown event type {value!r}")
        if key == "precision" and value not in PRECISIONS:
            raise ValueError(f"unknown precision {value!r}")
        if key == "status" and value not in STATUSES:
            raise ValueError(f"unknown status {value!r}")
        if key in ("source", "target"):
            value = [a.to_json() for a in actors_from_json(value)]
        if key in ("date", "end_date") and value is not None:
            value = date.fromisoformat(str(value)).isoformat()
        out[key] = value
    return out


def apply_changes(event: Event, changes: Mapping[str, Any]) -> Event:
    """``event`` with an edit's changes; dates set by hand carry the analyst's note."""
    fields: dict[str, Any] = {"confidence": 1.0}
    if "type" in changes:
        fields["type"] = changes["type"]
    if "status" in changes:
        fields["status"] = changes["status"]
    for role in ("source", "target"):
        if role in changes:
            fields[role] = actors_from_json(changes[role])
    if {"date", "end_date", "precision"} & set(changes):
        w = event.when
        day = _day(changes["date"]) if "date" in changes else w.date
        precision = changes.get("precision", w.precision)
        end = _day(changes["end_date"]) if "end_date" in changes else w.end_date
        if precision == "none" or day is None:
            day, precision, end = None, "none", None
        fields["when"] = EventDate(day, precision, end, NOTE)
    return replace(event, **fields)


def parse_when(text: str | None, precision: str | None) -> tuple[date | None, str]:
    """A date typed by an analyst (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) and its precision.

    The precision defaults to what was typed; ``none`` (or no text) means undated."""
    text = (text or "").strip()
    if precision == "none" or not text:
        if precision not in (None, "", "none"):
            raise ValueError(f"a {precision} precision needs a date")
        return None, "none"
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    if not m:
        raise ValueError(f"not a date as YYYY, YYYY-MM or YYYY-MM-DD: {text!r}")
    typed = "day" if m.group(3) else "month" if m.group(2) else "year"
    precision = precision or typed
    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}")
    order = ("year", "month", "day")
    if order.index(precision) > order.index(typed):
        raise ValueError(f"a {precision} precision needs a fuller date than {text!r}")
    try:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)), precision
    except ValueError as err:
        raise ValueError(f"not a date: {text!r} ({err})") from None


# -- JSON forms of events and actors ----------------------------------------------------
def actors_from_json(items: Any) -> tuple[Actor, ...]:
    if not isinstance(items, (list, tuple)):
        raise TypeError("actors must be a list")
    out = []
    for a in items:
        if isinstance(a, Actor):
            out.append(a)
            continue
        if not isinstance(a, dict) or not a.get("code") or a.get("kind") not in KINDS:
            raise ValueError(f"not an actor: {a!r}")
        out.append(Actor(str(a.get("name") or a["code"]), str(a["code"]), str(a["kind"])))
    return tuple(out)


def _event_json(event: Event) -> dict[str, Any]:
    d = event.to_json()
    d.pop("id", None)
    return d


def event_from_json(d: Any) -> Event:
    """An event from its ``Event.to_json`` form (``ValueError`` if it is not one)."""
    if not isinstance(d, dict):
        raise TypeError("an event must be an object")
    try:
        if d["type"] not in EVENT_TYPES or d.get("precision", "none") not in PRECISIONS:
            raise ValueError(f"bad type or precision in {d.get('type')!r}")
        when = EventDate(_day(d.get("date")), str(d.get("precision") or "none"),
                         _day(d.get("end_date")), str(d.get("date_note") or ""))
        start, end = int(d["start"]), int(d["end"])
        spans = tuple(Span(int(s), int(e)) for s, e in d.get("spans") or [(start, end)])
        return Event(str(d["article_id"]), d["type"], actors_from_json(d.get("source", [])),
                     actors_from_json(d.get("target", [])), when,
                     str(d.get("status") or "occurred"), str(d.get("evidence") or ""), start,
                     end, float(d.get("confidence", 1.0)), spans, str(d.get("trigger") or ""))
    except (KeyError, TypeError) as err:
        raise ValueError(f"not an event: missing or bad {err}") from None


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _codes(event: Event) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a.code for a in event.source + event.target))


# -- a correction in a few words (CLI list, dashboard notes) -------------------------
def describe(c: Correction) -> str:
    """One line: when, who, what."""
    who = f" by {c.author}" if c.author else ""
    if c.action == "add":
        ev = c.payload["event"]
        what = f"added {ev['type']} in article {ev['article_id']}"
    elif c.action == "edit":
        changes = c.payload["changes"]
        parts = []
        for k, v in changes.items():
            if k in ("source", "target"):
                v = " ".join(a["code"] for a in v) or "-"
            parts.append(f"{k}={v}")
        what = f"edited {c.payload['before']['type']} event {c.event_id}: " + ", ".join(parts)
    elif c.action == "reject":
        what = f"rejected {c.payload['before']['type']} event {c.event_id}"
    else:
        other = c.other
        what = f"merged event {other.event_id if other else '?'} into {c.event_id}"
    return f"{c.created_at[:19]}{who}: {what}"


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number out of range: {text[:20]}")
    return value


def _no_constant(name: str) -> float:
    raise ValueError(f"not a number: {name}")


def read_jsonl(path: Path) -> list[Correction]:
    """Corrections from a JSON lines file; a bad line (not UTF-8, not JSON, a number out of
    range, nested too deep, not a correction) is one error naming the line."""
    out: list[Correction] = []
    try:
        handle = path.open("rb")
    except OSError as err:
        raise TimelineError(f"cannot read: {err.strerror}", str(path)) from err
    with handle:
        for lineno, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise TimelineError("not UTF-8 text", str(path), lineno) from None
            if not line.strip():
                continue
            try:
                out.append(Correction.from_json(json.loads(
                    line, parse_float=_finite, parse_constant=_no_constant)))
            except json.JSONDecodeError as err:
                raise TimelineError(f"not valid JSON: {err.msg}", str(path), lineno) from err
            except RecursionError:
                raise TimelineError("not a correction: nested too deep", str(path),
                                    lineno) from None
            except (ValueError, KeyError, TypeError, OverflowError) as err:
                raise TimelineError(f"not a correction: {err}", str(path), lineno) from err
    return out


def write_jsonl(corrections: Iterable[Correction], path: Path, *, force: bool = False) -> int:
    """Write ``corrections`` as JSON lines (never over an existing file unless ``force``)."""
    from timeline import safefile
    n = 0
    with safefile.replacing(path, force=force, keep_existing=not force) as fh:
        for c in corrections:
            fh.write(json.dumps(c.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    return n
