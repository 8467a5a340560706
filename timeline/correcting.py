"""Corrections applied: the events of some articles as the analyst sees them.

:func:`apply` attaches each correction (``timeline.corrections``) to the best matching
event extracted now (its ``Anchor``: same article, overlapping span, same type if
possible), in the order they were made: edited, rejected, merged, and the events an
analyst added placed where their evidence now stands. Pure functions over
:mod:`timeline.model` records.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from timeline.corrections import Anchor, Correction, apply_changes, event_from_json
from timeline.model import Event, Span


@dataclass
class Shown:
    """An event as the analyst sees it: corrected, with the reports merged into it."""

    event: Event
    key: Anchor  # the anchor a new correction of this event takes
    absorbed: list[Event] = field(default_factory=list)
    corrected: bool = False
    gone: bool = False


def relocate(anchor: Anchor, text: str | None) -> Anchor:
    """The anchor moved to where its evidence now stands in ``text`` (an updated article)."""
    if not text or not anchor.evidence or text[anchor.start:anchor.end] == anchor.evidence:
        return anchor
    places = [m.start() for m in re.finditer(re.escape(anchor.evidence), text)]
    if not places:
        return anchor
    best = min(places, key=lambda p: abs(p - anchor.start))
    return replace(anchor, start=best, end=best + len(anchor.evidence))


def _score(anchor: Anchor, key: Anchor) -> tuple | None:
    overlap = min(anchor.end, key.end) - max(anchor.start, key.start)
    same_text = bool(anchor.evidence) and anchor.evidence == key.evidence
    if overlap <= 0 and not same_text:
        return None
    union = max(anchor.end, key.end) - min(anchor.start, key.start)
    return (key.type == anchor.type, same_text or (anchor.start, anchor.end) == (key.start, key.end),
            len(set(anchor.codes) & set(key.codes)), overlap / union if union > 0 else 0.0)


def find(anchor: Anchor, items: Sequence[Shown], texts: Mapping[str, str] | None = None
         ) -> Shown | None:
    """The shown event ``anchor`` names: the event made by that ``add``, else the same event
    id, else the best overlap of the same article (same type first, then the same text,
    then most shared actor codes, then the largest overlap)."""
    if anchor.added:
        return next((i for i in items if i.key.added == anchor.added), None)
    mine = [i for i in items if not i.key.added and i.key.article_id == anchor.article_id]
    exact = [i for i in mine if anchor.event_id and i.key.event_id == anchor.event_id]
    if exact:
        return exact[0]
    anchor = relocate(anchor, (texts or {}).get(anchor.article_id))
    scored = [(s, n, i) for n, i in enumerate(mine) if (s := _score(anchor, i.key)) is not None]
    if not scored:
        return None
    return max(scored, key=lambda x: (x[0], -x[1]))[2]


def apply(base: Mapping[str, Sequence[Event]], corrections: Iterable[Correction],
          texts: Mapping[str, str] | None = None) -> list[Shown]:
    """The events of the articles in ``base`` (extracted now) as corrected, in the order
    the corrections were made. ``texts``: article texts, to find moved evidence and to
    place added events. Rejected and merged-away events are left out."""
    texts = texts or {}
    items = [Shown(ev, Anchor.of(ev)) for evs in base.values() for ev in evs]
    for c in sorted(corrections, key=lambda c: (c.created_at, c.id)):
        try:
            _apply_one(c, items, base, texts)
        except (ValueError, KeyError, TypeError):  # a damaged row never hides the others
            continue
    return [i for i in items if not i.gone]


def _apply_one(c: Correction, items: list[Shown], base: Mapping[str, Sequence[Event]],
               texts: Mapping[str, str]) -> None:
    """Apply one correction to ``items`` (in place)."""
    if c.action == "add":
        if c.article_id in base or c.article_id in texts:
            ev = _placed(event_from_json(c.payload["event"]), texts.get(c.article_id))
            items.append(Shown(ev, Anchor(ev.article_id, ev.start, ev.end, ev.type, added=c.id),
                               corrected=True))
        return
    anchor = c.anchor
    if anchor is None:
        return
    item = find(anchor, [i for i in items if not i.gone or c.action == "reject"], texts)
    if c.action == "edit":
        if item is None:  # no longer extracted: the analyst's version still stands
            if anchor.article_id not in base:
                return
            item = Shown(event_from_json(c.payload["before"]), anchor)
            items.append(item)
        item.event = apply_changes(item.event, c.payload["changes"])
        item.corrected = True
    elif c.action == "reject":
        if item is not None:
            item.gone = True
    elif c.action == "merge":
        other_anchor = c.other
        other = find(other_anchor, [i for i in items if not i.gone], texts) \
            if other_anchor else None
        if item is not None and other is not None and other is not item and not item.gone:
            item.absorbed.extend([other.event, *other.absorbed])
            item.corrected = True
            other.gone = True


def _placed(event: Event, text: str | None) -> Event:
    """An added event with its evidence found again in the article's text (if it moved)."""
    anchor = relocate(Anchor(event.article_id, event.start, event.end, event.type,
                             evidence=event.evidence), text)
    if (anchor.start, anchor.end) == (event.start, event.end):
        return event
    return replace(event, start=anchor.start, end=anchor.end,
                   spans=(Span(anchor.start, anchor.end),))
