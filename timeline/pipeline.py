"""extract(article) -> events: the only module that knows the order of the steps.

normalise -> body lines and sentences -> actor mentions -> triggers and frames ->
dates -> passive and inherited dates resolved -> one event per act (merge).
"""
from __future__ import annotations

import gc
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path

from timeline import lexicon as lx
from timeline.actors import ActorMatcher, Mention
from timeline.dates import DateMention, DateRules, find_dates
from timeline.events import STATEMENT_TYPES, Candidate, TriggerIndex
from timeline.frames import Memory, SentenceReader
from timeline.lexicon import Registry
from timeline.merge import merge
from timeline.model import Actor, Article, Event, EventDate
from timeline.normalize import fold, normalize
from timeline.rescore import keep
from timeline.segment import body_lines, dateline_end, sentences


@dataclass
class Resources:
    """Everything one language needs, loaded once from ``data/``."""

    lang: str
    registry: Registry
    matcher: ActorMatcher
    reader: SentenceReader
    cues: dict[str, set[str]]
    debris: dict[str, str]
    dates: DateRules
    reference: tuple[str, ...] = ()


@lru_cache(maxsize=8)
def resources(lang: str, user_file: str | None = None) -> Resources:
    """Load (once per language and user file) the lexicon for ``lang``."""
    extra = Path(user_file) if user_file else None
    registry = lx.load_registry(extra)
    aliases = lx.load_aliases(lang, registry)
    roles = lx.load_roles(lang)
    cues = lx.load_cues(lang)
    matcher = ActorMatcher(lang, registry, aliases, roles, cues)
    reader = SentenceReader(lang, cues, TriggerIndex(lx.load_triggers(lang)), registry)
    res = Resources(lang, registry, matcher, reader, cues, lx.load_debris(lang),
                    lx.load_date_rules(lang), tuple(sorted(cues["reference"])))
    # The language tables live as long as the process: out of the cycle collector's
    # rounds, which would walk them again each time a long article's objects pile up.
    gc.freeze()
    return res


def extract(article: Article, res: Resources | None = None, rescore: bool = True) -> list[Event]:
    """Dated events of ``article``, offsets into ``article.text``. With ``rescore`` (the
    default) the learnt model of ``timeline.rescore`` decides which to keep."""
    res = res or resources(article.lang if article.lang in ("ar", "en") else "en")
    norm = normalize(article.text, res.lang)
    text = norm.text
    lines = body_lines(text, normalize(article.title or "").text, res.debris)
    sents = sentences(text, lines, res.cues["abbrev"])
    mentions = res.matcher.find(text, article.published)
    mem = Memory()
    dated: list[tuple[Candidate, EventDate]] = []
    speaker_dates: dict[str, EventDate] = {}
    mi = 0
    for sent in sents:
        while mi < len(mentions) and mentions[mi].end <= sent.start:
            mi += 1
        body_start = dateline_end(text, sent)
        in_sent: list[Mention] = []
        k = mi
        while k < len(mentions) and mentions[k].start < sent.end:
            if mentions[k].end <= sent.end and mentions[k].start >= body_start:
                in_sent.append(mentions[k])
            k += 1
        tokens = res.reader.tokenize(text, sent.start, sent.end)
        reading = res.reader.read(text, (sent.start, sent.end), tokens, in_sent, mem)
        cands, frame_speaker = reading.candidates, reading.speaker
        if not cands and frame_speaker is None:
            continue  # no act, no speaker: no date to read
        o_start = norm.to_original(sent.start)
        part = norm.part(sent.start, sent.end)  # the sentence, folded once with the article
        original = part.original
        past = find_dates(original, res.lang, article.published, res.dates, prefer="past",
                          norm=part)
        future: list[DateMention] = []
        if any(c.planned for c in cands) and past:
            future = find_dates(original, res.lang, article.published, res.dates,
                                prefer="future", norm=part)
        spans = [(norm.to_original(c.start) - o_start, norm.to_original_end(c.end) - o_start)
                 for c in cands]
        words = [(norm.to_original(a) - o_start, norm.to_original_end(b) - o_start)
                 for a, b in reading.triggers]  # every act word owns the date after it
        for i, cand in enumerate(cands):
            if cand.passive_unresolved:
                _resolve_passive(cand, mem)
                if not cand.source:
                    continue
            if cand.type == "rejection" and not cand.target:
                _answer_to_request(cand, mem)
            past_i = [d for d in past if not _after_reference(original, d, res.reference)]
            others = [sp for sp in words if sp != spans[i]]
            mine = [d for d in past_i if not any(0 <= d.start - oe <= 15 and
                                                _dist(d, os_, oe) < _dist(d, *spans[i])
                                                for os_, oe in others)]
            when = _choose_date(mine, future, *spans[i], original, cand.type)
            dated.append((cand, when))
            mem.candidates.append(cand)
            mem.types.add(cand.type)
            if when.precision == "day" and cand.type in STATEMENT_TYPES:
                for a in cand.source:
                    speaker_dates.setdefault(_who(a), when)
                    speaker_dates.setdefault(a.code, when)
        if frame_speaker is not None and past:
            verbs = [(norm.to_original(a) - o_start, norm.to_original_end(b) - o_start)
                     for a, b in reading.verbs]
            best = next((d.when for d in past if d.when.precision == "day"
                         and any(_dist(d, a, b) <= 40 for a, b in verbs)
                         and not any(0 <= d.start - te <= 15 for _ts, te in spans)), None)
            if best is not None:
                speaker_dates.setdefault(_who(frame_speaker), best)
                speaker_dates.setdefault(frame_speaker.code, best)
    events: list[Event] = []
    lead = next((st.start for st in sents if st.start >= (lines[0].start if lines else 0)), -1)
    visit_when: EventDate | None = None
    meetings: list[tuple[set[str], EventDate]] = []
    encounters: list[tuple[set[str], EventDate]] = []
    dated_acts: list[tuple[set[str], EventDate]] = []
    for cand, when in dated:
        if cand.type == "visit" and cand.planned and when.date is not None:
            visit_when = when
        elif when.date is None and cand.planned and cand.type in ("talks", "agreement") \
                and visit_when is not None:
            when = EventDate(visit_when.date, visit_when.precision, visit_when.end_date,
                             "planned during the visit announced before it")
        if when.date is None and not cand.passive_unresolved and not cand.vague and (
                cand.type in STATEMENT_TYPES or (cand.planned and cand.speaker is not None)):
            codes = [_who(a) for a in cand.source] + [a.code for a in cand.source]
            if cand.speaker is not None:
                codes[:0] = [_who(cand.speaker), cand.speaker.code]
            inherited = next((speaker_dates[c] for c in codes if c in speaker_dates), None)
            if inherited is not None:
                when = EventDate(inherited.date, inherited.precision, None,
                                 "dated by the speaker's statement in this article")
        if when.date is None and cand.same_day and dated_acts:
            codes_of = {a.code for a in cand.target} or {a.code for a in cand.source}
            ref = next((w for cs, w in islice(reversed(dated_acts), _RECENT) if cs & codes_of),
                       dated_acts[-1][1])
            when = EventDate(ref.date, ref.precision, None, "'the same day' as the act it refers to")
        if when.date is None and not cand.vague and cand.type in _RAISED_AT_TALKS:
            codes_of = {a.code for a in cand.source + cand.target}
            meeting = next((w for parties, w in islice(reversed(meetings), _RECENT)
                            if codes_of and codes_of <= parties), None)
            if meeting is not None:
                when = EventDate(meeting.date, meeting.precision, None,
                                 "said at the talks between the same parties reported before it")
        if when.date is None and not cand.vague and not cand.planned and cand.type in _DURING_ENCOUNTER:
            parties = {a.code for a in cand.source + cand.target}
            need = min(2, len(parties))
            enc = next((w for ps, w in reversed(encounters) if need and len(parties & ps) >= need), None)
            if enc is not None:
                when = EventDate(enc.date, enc.precision, None,
                                 "during the visit or talks of the same parties reported before it")
        if cand.type == "talks" and when.date is not None and when.precision == "day":
            meetings.append(({a.code for a in cand.source + cand.target}, when))
        if cand.type in ("talks", "visit") and not cand.planned and when.date is not None \
                and when.precision == "day":
            encounters.append(({a.code for a in cand.source + cand.target}, when))
        if when.date is None and when.note in _NO_PHRASE and not cand.vague and not cand.planned \
                and article.published and sents and cand.sentence[0] == lead \
                and cand.type not in ("invitation",):
            when = EventDate(article.published, "day", None,
                             "undated act in the lead sentence: dated by publication")
        if when.date is not None and when.precision == "day":
            dated_acts.append(({a.code for a in cand.source + cand.target}, when))
        events.append(_event(article, norm, cand, when))
    merged = merge(events)
    return keep(merged, article) if rescore else merged


def _resolve_passive(cand: Candidate, mem: Memory) -> None:
    """"تم رفضها" / "was rejected": the refuser is whoever the rejected act was aimed at."""
    for prev in reversed(mem.candidates[-6:]):
        if prev.type in ("invitation", "offer", "appeal") and prev.target:
            cand.source = list(prev.target)
            cand.target = list(prev.source)
            cand.notes.append(f"passive {cand.type} of the {prev.type} before it")
            return


def _after(when: EventDate, article: Article) -> bool:
    """An act dated after its article's publication can only be planned."""
    return when.date is not None and article.published is not None and when.date > article.published


def _who(actor: Actor) -> str:
    """Whose statement: a person by name, anyone else by the code they stand for."""
    return f"person:{actor.name}" if actor.kind == "person" else actor.code


#: How many of the acts before one are looked back at ("the same day", "at the talks"):
#: more than any article tells, and a bound on the work per act in any text.
_RECENT = 300
_PROPOSALS = ("offer", "appeal", "invitation", "threat")
_RAISED_AT_TALKS = ("offer", "appeal", "support", "rejection")  # what parties put to each other
_NO_DATE = "no date in the sentence"
_NO_DATE_NEAR = "no date near the act in its sentence"
_NO_PHRASE = (_NO_DATE, _NO_DATE_NEAR)  # not a date phrase that could not be fixed ("last week")
_DURING_ENCOUNTER = ("talks", "visit", "agreement")  # what the same parties do during one visit
_NEAR = 25  # characters: how far after a proposal its own date may stand ("called on X on Tuesday")
_FAR = 180  # characters: a date further than this from a trigger belongs to something else


def _after_reference(sentence: str, d: DateMention, words: tuple[str, ...]) -> bool:
    """"before the elections on 3 November", "منذ 2011": a reference point, not the act's date."""
    head = fold(sentence[max(0, d.start - 45):d.start]).lower()
    return any(f" {w} " in f" {head} " for w in words)


def _answer_to_request(cand: Candidate, mem: Memory) -> None:
    """"Ecuador turned down the request": the target is whoever made the request."""
    codes = {a.code for a in cand.source}
    for prev in reversed(mem.candidates[-6:]):
        if prev.type in ("appeal", "invitation", "offer") and codes & {a.code for a in prev.target}:
            cand.target = [a for a in prev.source if a.code not in codes]
            cand.notes.append(f"answers the {prev.type} before it")
            return


def _choose_date(mine: list[DateMention], future: list[DateMention], start: int,
                 end: int, sentence: str = "", kind: str = "") -> EventDate:
    """The date nearest the trigger; a planned act reads a
    date written after its trigger forwards ("will visit on Monday"), one before it (the
    statement's own date: "announced Tuesday it would expel") backwards. A possessive date
    after the trigger dates its object, not the act ("praised Monday's session"); a date
    well after a proposal dates what is proposed ("suggested holding it this month")."""
    if not mine:
        return EventDate.unknown(_NO_DATE)
    near = [d for d in mine if _dist(d, start, end) <= (_FAR if kind not in _PROPOSALS or d.start < end
                                                       else _NEAR)
            and not (d.start >= end and sentence[d.end:d.end + 2] in ("'s", "’s"))]
    if not near:
        return EventDate.unknown(_NO_DATE_NEAR)
    best = min(near, key=lambda d: _dist(d, start, end))
    if future and best.start >= start:
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


def _event(article: Article, norm, cand: Candidate, when: EventDate) -> Event:
    s_start, s_end = norm.to_original(cand.sentence[0]), norm.to_original_end(cand.sentence[1])
    from timeline.model import Span
    return Event(
        article_id=article.id, type=cand.type,
        source=tuple(cand.source), target=tuple(cand.target),
        when=when, status="planned" if cand.planned or _after(when, article) else "occurred",
        evidence=article.text[s_start:s_end], start=s_start, end=s_end,
        confidence=cand.confidence,
        spans=(Span(s_start, s_end),),
        trigger=article.text[norm.to_original(cand.start):norm.to_original_end(cand.end)],
    )


def actor_of(mention: Mention) -> Actor:
    return mention.actor
