"""One event per act per article: repeated reports of the same act become one event.

Two events are the same act when they share type, source codes, target codes, date
and the stem of their trigger word ("اتهم" / "اتهام"); talks and agreements on the same
day among the same parties are one act whatever the word ("talks", "meeting"). An undated
report joins a dated one only when its trigger word starts the same. The merged event keeps every evidence span, the first
evidence sentence and the highest confidence; a dated report wins over an undated one.
"""
from __future__ import annotations

from bisect import insort
from dataclasses import replace

from timeline.eventtypes import SYMMETRIC
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
    at: dict[tuple[str, int], list[int]] = {}  # (type, sentence start) -> indexes in out
    for ev in events:
        for i in at.get((ev.type, ev.start), []):
            other = out[i]
            if {a.code for a in other.source} & {a.code for a in ev.source}:
                src = other.source + tuple(a for a in ev.source if a.code not in
                                           {x.code for x in other.source})
                tgt = other.target + tuple(a for a in ev.target if a.code not in
                                           {x.code for x in other.target + src})
                when = other.when if other.when.date is not None else ev.when
                out[i] = replace(other, source=src, target=tgt, when=when,
                                 confidence=max(other.confidence, ev.confidence))
                break
        else:
            at.setdefault((ev.type, ev.start), []).append(len(out))
            out.append(ev)
    return out


def _untargeted_repeats(events: list[Event]) -> list[Event]:
    """A report of an act without its target, on the same date by the same source, repeats
    a fuller report of it ("he would not attend" after "he turned down the invitation")."""
    fuller = {(o.type, o.when.date, frozenset(a.code for a in o.source))
              for o in events if o.target}
    return [ev for ev in events if ev.target or
            (ev.type, ev.when.date, frozenset(a.code for a in ev.source)) not in fuller]


def _detail_of_symmetric(events: list[Event]) -> list[Event]:
    """An undated report of talks or an agreement among parties of a dated one is the same
    act told in more detail ("signed for the Emirati side ..." after "the UAE signed ...")."""
    # what the checks read of the other events, each distinct shape once (linear time):
    # dated talks by date -> (parties, people) -> first start; dated acts by type -> parties
    talks: dict[object, dict[tuple[frozenset[str], frozenset[str]], int]] = {}
    dated: dict[str, set[frozenset[str]]] = {}
    for o in events:
        if o.when.date is None:
            continue
        parties = frozenset(a.code for a in o.source + o.target)
        dated.setdefault(o.type, set()).add(parties)
        if o.type == "talks":
            shapes = talks.setdefault(o.when.date, {})
            key = (parties, _people(o))
            shapes[key] = min(shapes.get(key, o.start), o.start)
    out: list[Event] = []
    for ev in events:
        codes = {a.code for a in ev.source + ev.target}
        if ev.type == "talks" and ev.when.date is not None and any(
                start < ev.start and len(codes & parties) >= 2
                and not (people and _people(ev) and people != _people(ev))
                for (parties, people), start in talks.get(ev.when.date, {}).items()):
            continue  # the same round of talks named twice ("the round ... of the Astana talks")
        if ev.when.date is None and ev.type in SYMMETRIC and any(
                codes <= parties for parties in dated.get(ev.type, ())):
            continue
        out.append(ev)
    return out


class _Kept:
    """The events kept so far with one key, grouped by what the test of a new event reads
    of them (date, trigger stem, people): every event of a group answers alike, so only
    the first of each group is tested, and only the groups that can answer."""

    def __init__(self) -> None:
        self.groups: dict[tuple, list[int]] = {}  # (date, stem, people) -> indexes, in order
        self.by_day: dict[object, set[tuple]] = {}  # date -> its groups
        self.first: dict[str, dict[frozenset[str], int]] = {}  # stem -> people -> first index

    def add(self, i: int, day: object, word: str, people: frozenset[str]) -> None:
        group = (day, word, people)
        insort(self.groups.setdefault(group, []), i)
        self.by_day.setdefault(day, set()).add(group)
        first = self.first.setdefault(word, {})
        first[people] = min(first.get(people, i), i)

    def redate(self, i: int, old: object, new: object, word: str, people: frozenset[str]) -> None:
        self.groups[(old, word, people)].remove(i)
        self.add(i, new, word, people)

    def hit(self, ev: Event, word: str, people: frozenset[str]) -> int | None:
        """The first kept event that ``ev`` repeats (see ``merge``), or None."""
        symmetric = ev.type in SYMMETRIC
        day = ev.when.date
        best: int | None = None
        for when in ((day, None) if day is not None else (None,)):
            for group in self.by_day.get(when, ()):
                members = self.groups[group]
                _, other_word, other_people = group
                if not members or (best is not None and members[0] > best):
                    continue
                if symmetric and other_people and people and other_people != people:
                    continue  # the same envoy meeting two different people: two meetings
                same_words = other_word == word
                if (when == day and (same_words or symmetric)) \
                        or ((when is None or day is None) and same_words
                            and (ev.target or symmetric)):
                    best = members[0]
        if day is None and (ev.target or symmetric):  # an undated repeat of a dated report
            for other_people, i in self.first.get(word, {}).items():
                if not (symmetric and other_people and people and other_people != people) \
                        and (best is None or i < best):
                    best = i
        return best


def merge(events: list[Event]) -> list[Event]:
    """Merge repeated acts; order follows the first report of each act.

    An event repeats a kept one of the same key (type, source and target codes) when
    both have the same date and the same trigger stem (any words for talks and
    agreements), or when one of them is undated, the stems agree and the event has a
    target (or is talks or an agreement); talks and agreements of different people
    never merge. The first kept event it repeats takes it in."""
    events = _detail_of_symmetric(_untargeted_repeats(_same_sentence(events)))
    out: list[Event] = []
    index: dict[tuple, _Kept] = {}
    spans: dict[int, dict] = {}  # the evidence spans of a merged event, in order
    for ev in events:
        word, people = _fold(ev.trigger), _people(ev)
        kept = index.setdefault(_key(ev), _Kept())
        hit = kept.hit(ev, word, people)
        if hit is None:
            kept.add(len(out), ev.when.date, word, people)
            out.append(ev)
            continue
        first = out[hit]
        when = first.when if first.when.date is not None else ev.when
        spans.setdefault(hit, dict.fromkeys(first.spans)).update(dict.fromkeys(ev.spans))
        out[hit] = replace(first, when=when, confidence=max(first.confidence, ev.confidence),
                           status=first.status if first.status == ev.status else "occurred")
        if when.date != first.when.date:  # an undated event dated by its repeat: regrouped
            kept.redate(hit, first.when.date, when.date, _fold(first.trigger), _people(first))
    return [replace(ev, spans=tuple(spans[i])) if i in spans else ev for i, ev in enumerate(out)]
