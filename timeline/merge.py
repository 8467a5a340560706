"""One event per act per article: repeated reports of the same act become one event.

Two events are the same act when they share type, source codes, target codes, date
and the stem of their trigger word ("اتهم" / "اتهام"); talks and agreements on the same
day among the same parties are one act whatever the word ("talks", "meeting"). An undated
report joins a dated one only when its trigger word starts the same. The merged event keeps every evidence span, the first
evidence sentence and the highest confidence; a dated report wins over an undated one.
"""
from __future__ import annotations

from dataclasses import replace

from timeline.model import Event


def _fold(trigger: str) -> str:
    """The trigger's first three letters ("اتهم" / "اتهام", "accused" / "accusation")."""
    from timeline.normalize import fold
    word = fold(trigger).lower().split()[0] if trigger.strip() else ""
    for clitic in ("و", "ف"):
        if word.startswith(clitic) and len(word) > 4:
            word = word[1:]
    return word[:3]


def _people(ev: Event) -> frozenset[str]:
    return frozenset(a.name for a in ev.source + ev.target if a.kind == "person")


def _key(ev: Event) -> tuple:
    return (ev.type, frozenset(a.code for a in ev.source), frozenset(a.code for a in ev.target))


def _same_sentence(events: list[Event]) -> list[Event]:
    """Two triggers of one type in one sentence sharing a source are one act ("the 15th
    round of the Astana talks"): keep one event with the actors of both."""
    out: list[Event] = []
    for ev in events:
        for i, other in enumerate(out):
            if other.type == ev.type and other.start == ev.start and \
                    {a.code for a in other.source} & {a.code for a in ev.source}:
                src = other.source + tuple(a for a in ev.source if a.code not in
                                           {x.code for x in other.source})
                tgt = other.target + tuple(a for a in ev.target if a.code not in
                                           {x.code for x in other.target + src})
                when = other.when if other.when.date is not None else ev.when
                out[i] = replace(other, source=src, target=tgt, when=when,
                                 confidence=max(other.confidence, ev.confidence))
                break
        else:
            out.append(ev)
    return out


def _untargeted_repeats(events: list[Event]) -> list[Event]:
    """A report of an act without its target, on the same date by the same source, repeats
    a fuller report of it ("he would not attend" after "he turned down the invitation")."""
    out: list[Event] = []
    for ev in events:
        if not ev.target and any(o.type == ev.type and o.target and o.when.date == ev.when.date
                                 and {a.code for a in o.source} == {a.code for a in ev.source}
                                 for o in events):
            continue
        out.append(ev)
    return out


def _detail_of_symmetric(events: list[Event]) -> list[Event]:
    """An undated report of talks or an agreement among parties of a dated one is the same
    act told in more detail ("signed for the Emirati side ..." after "the UAE signed ...")."""
    out: list[Event] = []
    for ev in events:
        codes = {a.code for a in ev.source + ev.target}
        if ev.type == "talks" and ev.when.date is not None and any(
                o is not ev and o.type == "talks" and o.when.date == ev.when.date and o.start < ev.start
                and len(codes & {a.code for a in o.source + o.target}) >= 2
                and not (_people(o) and _people(ev) and _people(o) != _people(ev)) for o in events):
            continue  # the same round of talks named twice ("the round ... of the Astana talks")
        if ev.when.date is None and ev.type in ("talks", "agreement") and any(
                o is not ev and o.type == ev.type and o.when.date is not None
                and codes <= {a.code for a in o.source + o.target} for o in events):
            continue
        out.append(ev)
    return out


def merge(events: list[Event]) -> list[Event]:
    """Merge repeated acts; order follows the first report of each act."""
    events = _detail_of_symmetric(_untargeted_repeats(_same_sentence(events)))
    out: list[Event] = []
    index: dict[tuple, list[int]] = {}
    for ev in events:
        key = _key(ev)
        hit = None
        for i in index.get(key, []):
            other = out[i]
            same_words = _fold(other.trigger) == _fold(ev.trigger)
            if ev.type in ("talks", "agreement") and _people(other) and _people(ev) \
                    and _people(other) != _people(ev):
                continue  # the same envoy meeting two different people: two meetings
            if (other.when.date == ev.when.date and (same_words or ev.type in ("talks", "agreement"))) \
                    or ((other.when.date is None or ev.when.date is None) and same_words
                        and (ev.target or ev.type in ("talks", "agreement"))):
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
