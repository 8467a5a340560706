"""Which date each act gets: the date written nearest its trigger in its sentence, else
one carried from the discourse (the speaker's dated statement, the talks or visit of the
same parties, "the same day", the lead sentence's publication date).

Dates are never guessed for acts told as background: an act in the pluperfect ("had
offered", "كانت ... قد رفضت", or joined to such a verb: "had protested and demanded"), one
named as someone's ("carried out his threat"), in a sentence that recalls background
("يذكر أن"), at a time
that is not fixed ("recently", "soon", "في وقت سابق"), or an invitation named as the cause
of a visit ("at the invitation of") keeps only a date written with it and takes none from
the discourse; a planned visit, talks or agreement does not take the date of the statement
that announces it; an act said in the pluperfect after the date of the statement that
tells it ("said Tuesday he had offered") does not take that date, even one done by saying
it; an English act in the present perfect ("has asked", "has time and again backed") takes
no carried date. A date next to a reporting verb or the name of a statement ("in a statement
on Monday") is the statement's. Every date's note says where it came from, and an undated act's why.

:func:`date_sentence` dates the acts of one sentence as the article is read;
:func:`inherit` then gives the undated ones a date from the acts told before them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from timeline.dates import DateMention, DateRules, find_dates
from timeline.events import Candidate
from timeline.eventtypes import (
    DURING_ENCOUNTER,
    ENCOUNTERS,
    PROPOSALS,
    RAISED_AT_TALKS,
    REQUESTS,
    STATEMENT_TYPES,
)
from timeline.frames import Memory, Reading
from timeline.model import Actor, EventDate
from timeline.normalize import NormText, fold

#: How many of the acts before one are looked back at ("the same day", "at the talks"):
#: more than any article tells, and a bound on the work per act in any text.
_RECENT = 300
_NO_DATE = "no date in the sentence"
_NO_DATE_NEAR = "no date near the act in its sentence"
_OTHERS = "the dates in the sentence are another act's"
_NO_PHRASE = (_NO_DATE, _NO_DATE_NEAR, _OTHERS)  # not a date phrase that could not be fixed ("last week")
_NEAR = 25  # characters: how far after a proposal its own date may stand ("called on X on Tuesday")
#: acts done by saying or announcing them ("told parliament that 23 diplomats would be
#: expelled"): the date of the statement that tells them is theirs
SPOKEN = STATEMENT_TYPES + ("invitation", "sanction")
_BY_PUBLICATION = "undated act in the lead sentence: dated by publication"
_FAR = 180  # characters: a date further than this from a trigger belongs to something else
_FRAME = 40  # characters: how far from a reporting verb the statement's own date stands


@dataclass
class Ledger:
    """What dating gathers while one article's sentences are read."""

    dated: list[tuple[Candidate, EventDate]] = field(default_factory=list)  # in reading order
    # id() of acts told as background (pluperfect, recalled, at no fixed time, an invitation
    # named as a visit's cause): they keep only a date of their own
    background: set[int] = field(default_factory=set)
    # id() of acts told in the present perfect or on the word of unnamed sources: done at
    # no time the text gives; they take no carried date
    perfect: set[int] = field(default_factory=set)
    speakers: dict[str, EventDate] = field(default_factory=dict)  # a speaker's first dated statement
    ended: set[int] = field(default_factory=set)  # id() of visits or talks dated by their end
    # where a sentence that dates the remarks told before it starts, and that date
    remarks: list[tuple[int, EventDate]] = field(default_factory=list)


def date_sentence(ledger: Ledger, reading: Reading, mem: Memory, norm: NormText, start: int,
                  end: int, lang: str, published: date | None, rules: DateRules,
                  reference: tuple[str, ...]) -> None:
    """Date the acts of the sentence ``norm.text[start:end]`` by the dates written in it;
    add them to ``ledger`` and ``mem``, and remember the day each speaker spoke."""
    cands = reading.candidates
    frame_speaker = reading.speaker
    o_start = norm.to_original(start)
    part = norm.part(start, end)  # the sentence, folded once with the article
    original = part.original
    past = [d for d in find_dates(original, lang, published, rules, prefer="past", norm=part)
            if not _stamp(original, d)]
    future: list[DateMention] = []
    if any(c.planned for c in cands) and past:
        future = find_dates(original, lang, published, rules, prefer="future", norm=part)
    spans = [(norm.to_original(c.start) - o_start, norm.to_original_end(c.end) - o_start)
             for c in cands]
    words = [(norm.to_original(a) - o_start, norm.to_original_end(b) - o_start)
             for a, b in reading.triggers]  # every act word owns the date after it
    verbs = [(norm.to_original(a) - o_start, norm.to_original_end(b) - o_start)
             for a, b in reading.verbs]  # the reporting verbs
    verbs += [(part.to_original(a), part.to_original_end(b))
              for a, b in rules.statements_in(part.text)]  # "in a statement on Monday"
    speaker_dates = ledger.speakers
    recalled = rules.opens_background(part.text)  # "يذكر أن ...": background told again
    hearsay = rules.told_on_hearsay(part.text)  # "according to sources": no actor's statement
    # "in a separate statement", "Meanwhile, ...": not the statement dated before
    hearsay = hearsay or rules.told_apart(part.text)
    # the acts told in the pluperfect: where the pluperfect verb their tense comes from
    # starts, and where their word ends
    pluperfect: list[tuple[int, int]] = []
    for i, cand in enumerate(cands):
        if cand.passive_unresolved:
            _resolve_passive(cand, mem)
            if not cand.source:
                continue
        if cand.type == "rejection" and not cand.target:
            _answer_to_request(cand, mem)
        past_i = [d for d in past if not _after_reference(original, d, reference)]
        told_before = recalled or (cand.trigger.voice != "noun"
                                   and rules.told_before(original[:spans[i][0]]))
        first_verb = -1
        if not told_before and cand.trigger.voice != "noun":
            # "had protested and demanded", "كانت قد استدعت ... وطالبت": a verb joined to a
            # pluperfect one before it, with no reporting verb between, shares its tense
            t0 = spans[i][0]
            joined = [(s0, e) for s0, e in pluperfect if e <= t0 and rules.joined(original[e:t0], original[t0:spans[i][1]])
                      and not any(e <= a and b <= t0 for a, b in verbs)]
            if joined:
                told_before = True
                first_verb = joined[-1][0]  # the pluperfect verb it is joined to
        if told_before and cand.trigger.voice != "noun":
            pluperfect.append((first_verb if first_verb >= 0 else spans[i][0], spans[i][1]))
        if told_before:
            ledger.background.add(id(cand))
        elif hearsay:
            ledger.perfect.add(id(cand))  # told by unnamed sources: a date of its own only
        elif any(e <= spans[i][0] and not any(e <= a and b <= spans[i][0] for a, b in verbs)
                 for _s0, e in pluperfect):
            # "had asked Lima to hand him over, a request Lima turned down": an act
            # told after a pluperfect one in its sentence, with no reporting verb between,
            # belongs to that background; it takes no carried or publication date
            ledger.perfect.add(id(cand))
        elif cand.trigger.voice != "noun" and rules.told_done(original[:spans[i][0]]):
            ledger.perfect.add(id(cand))  # "has asked": done, at no time the text gives
        elif cand.trigger.voice == "noun" and cand.type in STATEMENT_TYPES + ("invitation",) \
                and rules.named_as_owned(original[:spans[i][0]]):
            # "carried out his threat", "was considering India's demand": an act named as
            # someone's was made before; it keeps only a date written with it
            ledger.background.add(id(cand))
        if (told_before or cand.planned) and cand.type not in SPOKEN:
            # "said on Monday that he would visit", "أعلن الأحد أنه سيزور", "said Tuesday
            # they had met": a date written with the reporting verb before the act is the
            # statement's, not the act's (a threat, an invitation or an expulsion is made
            # by saying it: it keeps the statement's date)
            t0 = spans[i][0]
            past_i = [d for d in past_i if d.end > t0 or not any(
                b <= t0 and _dist(d, a, b) <= _FRAME for a, b in verbs)]
        elif told_before and not recalled:
            # "said Tuesday that he had offered", "confirmed on Thursday that X had sent the
            # invitation": an act said in the pluperfect after the statement's date was
            # made before the statement, even one done by saying it
            t0 = spans[i][0]
            past_i = [d for d in past_i if d.end > t0 or not (
                rules.told_before(original[d.end:t0]) or 0 <= first_verb and d.end <= first_verb)
                      or not any(b <= t0 and _dist(d, a, b) <= _FRAME for a, b in verbs)]
        if cand.trigger.voice != "noun" and rules.in_clause_of_time(
                original[max(0, spans[i][0] - 60):spans[i][0]]):
            # "broke off relations on July 22, after Bogota charged": an act told in a clause
            # of time came before the main one; a date before the clause is the main one's
            ledger.background.add(id(cand))
            past_i = [d for d in past_i if d.end > spans[i][0]
                      or not rules.in_clause_of_time(original[d.end:spans[i][0]])]
        elif cand.trigger.voice == "noun" and rules.named_as_cause(original[:spans[i][0]]):
            # "expelled the envoy on Monday over accusations of spying", "فرض عقوبات أمس
            # بسبب اتهامها": an act named as the cause of the main one came before it; a
            # date before the cause is the main act's
            ledger.background.add(id(cand))
            past_i = [d for d in past_i if d.end > spans[i][0]]
        unfixed = rules.unfixed_near(part.text, cand.start - start, cand.end - start,
                                     ahead=cand.type not in SPOKEN)
        soon: str | None = None
        if unfixed is not None:
            u0, u1 = part.to_original(unfixed[0]), part.to_original_end(unfixed[1])
            near = max(u0 - spans[i][1], spans[i][0] - u1, 0)
            if not any(_dist(d, *spans[i]) < near for d in past_i) and not any(
                    0 <= d.start - u1 <= 6 for d in past):  # not "earlier on Sunday"
                soon = original[u0:u1]
        if soon is not None:
            # "will visit soon", "سيصل قريبا", "the recent visit", "في وقت سابق": a time
            # that is not fixed, nearer the act than any date: none, and none carried
            ledger.background.add(id(cand))
            when = EventDate.unknown(f"'{soon}': no fixed time")
            ledger.dated.append((cand, when))
            mem.candidates.append(cand)
            mem.types.add(cand.type)
            continue
        t0 = spans[i][0]
        if cand.type in ENCOUNTERS and rules.told_as_ended(original[:t0]):
            ledger.ended.add(id(cand))  # "concluded a visit": dated by its last day
        invited = [spans[k] for k, c in enumerate(cands) if c.type in ENCOUNTERS and k != i]
        if cand.type == "invitation" and cand.trigger.voice == "agent":
            # "was in India from 18 to 22 August at the invitation of", "بدعوة من": the
            # invitation is named as the cause of a stay told before it: it came earlier
            ledger.background.add(id(cand))
            past_i = [d for d in past_i if d.start >= t0]
        elif cand.type == "invitation" and cand.trigger.voice == "noun" \
                and any(a < t0 for a, _e in invited):
            # "will visit next week at the invitation of", "يصل غدا ... بدعوة من": the
            # invitation named as the cause of a visit or talks told before it came earlier;
            # a date written after the invited act and before the invitation's word, or
            # nearer the invited act, is the invited act's
            ledger.background.add(id(cand))
            past_i = [d for d in past_i if not any(
                e <= d.start and d.end <= t0 or _dist(d, a, e) < _dist(d, *spans[i])
                for a, e in invited)]
        # "invited him to the summit, which opens on 1 November": a date in a relative
        # clause after the act's word is what that clause tells of
        t1 = spans[i][1]
        past_i = [d for d in past_i if d.start < t1 or not rules.in_relative_clause(
            original[t1:d.start])]
        # "barred him from the June 14-16 summit": a date written before the name of a
        # meeting past the act's word is that meeting's
        past_i = [d for d in past_i if d.start < t1 or not rules.names_a_meeting(original[d.end:])]
        others = [sp for sp in words if sp != spans[i]]
        mine = [d for d in past_i if not any(0 <= d.start - oe <= 15 and
                                            _dist(d, os_, oe) < _dist(d, *spans[i])
                                            for os_, oe in others)]
        when = choose_date(mine, future, *spans[i], original, cand.type,
                           ahead=cand.planned and cand.type not in SPOKEN)
        if not mine and past:  # every date written is the statement's or another act's
            when = EventDate.unknown(_OTHERS)
        ledger.dated.append((cand, when))
        mem.candidates.append(cand)
        mem.types.add(cand.type)
        if when.precision == "day" and cand.type in STATEMENT_TYPES + ("sanction",) \
                and id(cand) not in ledger.background:
            # the day a speaker made a statement, or announced an expulsion or recall, told
            # with its own date (not one recalled as background): their later statements
            # that have none were made in it
            for a in cand.source:
                speaker_dates.setdefault(_who(a), when)
                speaker_dates.setdefault(a.code, when)
    done = [c for c in cands if id(c) in ledger.perfect and c.trigger.voice != "noun"]
    if done:
        # "have agreed on a lasting truce", "after two days of talks in Geneva, the two have
        # agreed": a noun that names the act told in the present perfect, or one in the
        # frame before that verb, is part of what the sentence says is done, at no time the
        # text gives; it keeps only a date written with it
        mine_ids = {id(c) for c in cands}
        for c, w in ledger.dated[-len(cands):]:
            if c.trigger.voice == "noun" and w.date is None and id(c) in mine_ids and any(
                    v.type == c.type or c.end <= v.start for v in done):
                ledger.perfect.add(id(c))
    remarks_dated(ledger, part, past, start, rules)
    if frame_speaker is not None and past:
        best = next((d.when for d in past if d.when.precision == "day"
                     and any(_dist(d, a, b) <= _FRAME for a, b in verbs)
                     and not any(0 <= d.start - te <= 15 for _ts, te in spans)), None)
        if best is not None:
            speaker_dates.setdefault(_who(frame_speaker), best)
            speaker_dates.setdefault(frame_speaker.code, best)


def remarks_dated(ledger: Ledger, part: NormText, past: list[DateMention], start: int,
                  rules: DateRules) -> None:
    """"Nazarbaev made the remarks in Astana on December 21", "وجاءت تصريحات أكار، الأحد":
    a sentence that names the remarks told before it, with a day written right after that
    name, dates them; remembered in ``ledger`` for :func:`inherit`."""
    at = rules.names_remarks(part.text)
    if at < 0:
        return
    o = part.to_original_end(at)
    when = next((d.when for d in past if d.when.precision == "day" and 0 <= d.start - o <= 40),
                None)
    if when is not None:
        ledger.remarks.append((start, when))


def date_remarks(ledger: Ledger, norm: NormText, start: int, end: int, lang: str,
                 published: date | None, rules: DateRules) -> None:
    """:func:`remarks_dated` for a sentence with no act and no speaker of its own."""
    part = norm.part(start, end)
    if rules.names_remarks(part.text) >= 0:
        past = find_dates(part.original, lang, published, rules, prefer="past", norm=part)
        remarks_dated(ledger, part, past, start, rules)


def _date_remarks_before(ledger: Ledger, out: list[tuple[Candidate, EventDate]]) -> None:
    """Give the statements told just before a sentence that dates the remarks (back to the
    last act with a date, at most three sentences back) that date."""
    for at, when in ledger.remarks:
        seen: set[int] = set()
        for k in range(len(out) - 1, -1, -1):
            cand, old = out[k]
            if cand.sentence[0] >= at:
                continue
            if old.date is not None and old.note != _BY_PUBLICATION:
                break
            seen.add(cand.sentence[0])
            if len(seen) > 3:
                break
            if cand.type in STATEMENT_TYPES and not cand.planned and not cand.vague \
                    and (old.date is None or old.note == _BY_PUBLICATION) \
                    and id(cand) not in ledger.background and id(cand) not in ledger.perfect:
                out[k] = (cand, EventDate(when.date, when.precision, None,
                                          "dated by the date of the remarks told after it"))


def inherit(ledger: Ledger, published: date | None, lead: int) -> list[tuple[Candidate, EventDate]]:
    """Each act of ``ledger`` in reading order with its date: its own, or one carried from
    the acts told before it. ``lead`` is where the lead sentence starts."""
    speaker_dates = ledger.speakers
    out: list[tuple[Candidate, EventDate]] = []
    visit_when: EventDate | None = None
    meetings: list[tuple[set[str], EventDate]] = []
    encounters: list[tuple[set[str], EventDate]] = []
    dated_acts: list[tuple[set[str], EventDate]] = []
    for cand, when in ledger.dated:
        # an act told as background keeps only a date of its own, but dates the acts after it
        carry = when.date is None and id(cand) not in ledger.background \
            and id(cand) not in ledger.perfect
        if cand.type == "visit" and cand.planned and when.date is not None:
            visit_when = when
        elif carry and cand.planned and cand.type in ("talks", "agreement") \
                and visit_when is not None:
            when = EventDate(visit_when.date, visit_when.precision, visit_when.end_date,
                             "planned during the visit announced before it")
        if carry and when.date is None and not cand.passive_unresolved and not cand.vague and (
                cand.type in STATEMENT_TYPES or (cand.planned and cand.speaker is not None
                                                 and cand.type in SPOKEN)):
            codes = [_who(a) for a in cand.source] + [a.code for a in cand.source]
            if cand.speaker is not None:
                codes[:0] = [_who(cand.speaker), cand.speaker.code]
            inherited = next((speaker_dates[c] for c in codes if c in speaker_dates), None)
            if inherited is not None:
                when = EventDate(inherited.date, inherited.precision, None,
                                 "dated by the speaker's statement in this article")
        if carry and when.date is None and cand.same_day and dated_acts:
            codes_of = {a.code for a in cand.target} or {a.code for a in cand.source}
            ref = next((w for cs, w in islice(reversed(dated_acts), _RECENT) if cs & codes_of),
                       dated_acts[-1][1])
            when = EventDate(ref.date, ref.precision, None, "'the same day' as the act it refers to")
        if carry and when.date is None and not cand.vague and cand.type in RAISED_AT_TALKS:
            codes_of = {a.code for a in cand.source + cand.target}
            meeting = next((w for parties, w in islice(reversed(meetings), _RECENT)
                            if codes_of and codes_of <= parties), None)
            if meeting is not None:
                when = EventDate(meeting.date, meeting.precision, None,
                                 "said at the talks between the same parties reported before it")
        if carry and when.date is None and not cand.vague and not cand.planned and cand.type in DURING_ENCOUNTER:
            parties = {a.code for a in cand.source + cand.target}
            need = min(2, len(parties))
            enc = next((w for ps, w in reversed(encounters) if need and len(parties & ps) >= need), None)
            if enc is not None:
                when = EventDate(enc.date, enc.precision, None,
                                 "during the visit or talks of the same parties reported before it")
        if cand.type == "talks" and when.date is not None and when.precision == "day":
            meetings.append(({a.code for a in cand.source + cand.target}, when))
        if cand.type in ENCOUNTERS and not cand.planned and when.date is not None \
                and when.precision == "day" and id(cand) not in ledger.ended:
            encounters.append(({a.code for a in cand.source + cand.target}, when))
        if carry and when.date is None and when.note in _NO_PHRASE and not cand.vague and not cand.planned \
                and published and cand.sentence[0] == lead and id(cand) not in ledger.perfect \
                and cand.type not in ("invitation",):
            when = EventDate(published, "day", None, _BY_PUBLICATION)
        if when.date is not None and when.precision == "day":
            dated_acts.append(({a.code for a in cand.source + cand.target}, when))
        out.append((cand, when))
    _date_remarks_before(ledger, out)
    return out


def _resolve_passive(cand: Candidate, mem: Memory) -> None:
    """"تم رفضها" / "was rejected": the refuser is whoever the rejected act was aimed at."""
    for prev in reversed(mem.candidates[-6:]):
        if prev.type in REQUESTS and prev.target:
            cand.source = list(prev.target)
            cand.target = list(prev.source)
            cand.notes.append(f"passive {cand.type} of the {prev.type} before it")
            return


def _answer_to_request(cand: Candidate, mem: Memory) -> None:
    """"Ecuador turned down the request": the target is whoever made the request."""
    codes = {a.code for a in cand.source}
    for prev in reversed(mem.candidates[-6:]):
        if prev.type in REQUESTS and codes & {a.code for a in prev.target}:
            cand.target = [a for a in prev.source if a.code not in codes]
            cand.notes.append(f"answers the {prev.type} before it")
            return


def _who(actor: Actor) -> str:
    """Whose statement: a person by name, anyone else by the code they stand for."""
    return f"person:{actor.name}" if actor.kind == "person" else actor.code


_CLOCK_AFTER = re.compile(r"\W{0,3}\d{1,2}:\d{2}(?!\d)")
_CLOCK_BEFORE = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?\W{0,3}(?:\w{1,2}\W{1,3})?$")


def _stamp(sentence: str, d: DateMention) -> bool:
    """"16 August 2025 04:12", "14:26 - 24 May 2008": a date written with a clock time is
    the page's stamp of when it was put out, not the date of an act told after it."""
    return _CLOCK_AFTER.match(sentence, d.end) is not None or \
        _CLOCK_BEFORE.search(sentence[max(0, d.start - 20):d.start]) is not None


def _after_reference(sentence: str, d: DateMention, words: tuple[str, ...]) -> bool:
    """"before the elections on 3 November", "منذ 2011": a reference point, not the act's date."""
    head = fold(sentence[max(0, d.start - 45):d.start]).lower()
    return any(f" {w} " in f" {head} " for w in words)


def choose_date(mine: list[DateMention], future: list[DateMention], start: int,
                end: int, sentence: str = "", kind: str = "", ahead: bool = False) -> EventDate:
    """The date nearest the trigger; a planned act reads a
    date written after its trigger forwards ("will visit on Monday"), one before it (the
    statement's own date: "announced Tuesday it would expel") backwards, unless it is
    ``ahead`` (a planned visit, talks or agreement, whose statement's date was left out
    before: "on Monday, the two will meet"). A possessive date
    after the trigger dates its object, not the act ("praised Monday's session"); a date
    well after a proposal dates what is proposed ("suggested holding it this month")."""
    if not mine:
        return EventDate.unknown(_NO_DATE)
    near = [d for d in mine if _dist(d, start, end) <= (_FAR if kind not in PROPOSALS or d.start < end
                                                       else _NEAR)
            and not (d.start >= end and sentence[d.end:d.end + 2] in ("'s", "’s"))]
    if not near:
        return EventDate.unknown(_NO_DATE_NEAR)
    best = min(near, key=lambda d: _dist(d, start, end))
    if future and (ahead or best.start >= start):
        same = [d for d in future if d.start == best.start]
        if same:
            return same[0].when
    return best.when


def _dist(d: DateMention, start: int, end: int) -> int:
    if d.end <= start:
        return start - d.end
    if d.start >= end:
        return d.start - end
    return 0
