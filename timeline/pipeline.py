"""extract(article) -> events: the only module that knows the order of the steps.

normalise -> body lines and sentences -> actor mentions -> triggers and frames ->
dates (``timeline.dating``) -> one event per act (merge).
"""
from __future__ import annotations

import gc
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from timeline import dating
from timeline import lexicon as lx
from timeline.actors import ActorMatcher, Mention
from timeline.dates import DateRules
from timeline.events import Candidate, TriggerIndex
from timeline.frames import Memory, SentenceReader
from timeline.lexicon import Registry
from timeline.merge import merge
from timeline.model import Article, Event, EventDate
from timeline.normalize import NormText, normalize
from timeline.offices import load_offices
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


@lru_cache(maxsize=16)
def resources(lang: str, user_actors: str | None = None, user_aliases: str | None = None,
              stamp: tuple = ()) -> Resources:
    """The one place the extraction resources are built: ``data/`` for ``lang``, loaded
    once, and, given the user's actors and aliases files (``timeline.userdata``), the
    registry, actor matcher and sentence reader that add them to it. ``stamp`` (the user
    files' state) is part of the cache key only: changed files are loaded again."""
    if user_actors is not None or user_aliases is not None:
        base = resources(lang)
        registry = lx.load_registry(Path(user_actors) if user_actors else None)
        aliases = lx.load_aliases(lang, registry, Path(user_aliases) if user_aliases else None)
        return replace(base, registry=registry,
                       matcher=ActorMatcher(lang, registry, aliases, base.matcher.roles, base.cues,
                                            base.matcher.offices),
                       reader=SentenceReader(lang, base.cues, base.reader.index, registry))
    registry = lx.load_registry()
    aliases = lx.load_aliases(lang, registry)
    roles = lx.load_roles(lang)
    cues = lx.load_cues(lang)
    matcher = ActorMatcher(lang, registry, aliases, roles, cues, load_offices(registry))
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
    ledger = dating.Ledger()
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
        if not reading.candidates and reading.speaker is None:
            # no act, no speaker: no date to read, unless it dates the remarks told before
            dating.date_remarks(ledger, norm, sent.start, sent.end, res.lang,
                                article.published, res.dates)
            continue
        dating.date_sentence(ledger, reading, mem, norm, sent.start, sent.end, res.lang,
                             article.published, res.dates, res.reference)
    lead = next((st.start for st in sents if st.start >= (lines[0].start if lines else 0)), -1)
    events = [_event(article, norm, cand, when)
              for cand, when in dating.inherit(ledger, article.published, lead)]
    merged = merge(events)
    return keep(merged, article) if rescore else merged


def _after(when: EventDate, article: Article) -> bool:
    """An act dated after its article's publication can only be planned."""
    return when.date is not None and article.published is not None and when.date > article.published


def _event(article: Article, norm: NormText, cand: Candidate, when: EventDate) -> Event:
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
