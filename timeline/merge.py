"""One event per act per article: repeated reports of the same act become one event.

Two events are the same act when they share type, source codes, target codes and
date (at its precision). The merged event keeps every evidence span, the first
evidence sentence and the highest confidence; a dated report wins over an undated one.
"""
from __future__ import annotations

from dataclasses import replace

from timeline.model import Event


def _key(ev: Event) -> tuple:
    return (ev.type, frozenset(a.code for a in ev.source), frozenset(a.code for a in ev.target))


def merge(events: list[Event]) -> list[Event]:
    """Merge repeated acts; order follows the first report of each act."""
    out: list[Event] = []
    index: dict[tuple, list[int]] = {}
    for ev in events:
        key = _key(ev)
        hit = None
        for i in index.get(key, []):
            other = out[i]
            if other.when.date == ev.when.date or other.when.date is None or ev.when.date is None:
                hit = i
                break
        if hit is None:
            index.setdefault(key, []).append(len(out))
            out.append(ev)
            continue
        first = out[hit]
        when = first.when if first.when.date is not None else ev.when
        spans = tuple(dict.fromkeys(first.spans + ev.spans))
        out[hit] = replace(first, when=when, spans=spans,
                           confidence=max(first.confidence, ev.confidence),
                           status=first.status if first.status == ev.status else "occurred")
    return out
