"""Find date expressions in a text and resolve them against the publication date.

All words come from ``data/<lang>/dates.toml`` (see :meth:`DateRules.from_dict`); this
package holds only the grammar (how the words combine: ``rules``), what each pattern's
match means (``handlers``), how neighbours combine (``combine``) and the calendar
arithmetic (``base``); ``find_dates`` below runs them.
Matching runs on the folded text of :func:`timeline.normalize.normalize`; offsets are
mapped back to the caller's text. No date is ever guessed: when a phrase cannot be
fixed to a day it gets the coarsest precision that is certain (month, year or none)
and a one-line note that says why.

How a text is read:
1. each pattern is tried where a digit or a vocabulary word starts (``_starts``);
2. its handler turns the match into candidates, resolved against the publication date;
3. the longest candidates win (``_select``);
4. neighbours are combined: one day written twice (Hijri + Gregorian, "أمس" + date),
   ranges ("from Tuesday to Wednesday"), a week anchor ("next week, from Monday"),
   and a duration after a dated start ("a visit lasting five days").
"""
from __future__ import annotations

import re
from datetime import date

from timeline.dates.base import DateMention
from timeline.dates.combine import (
    _pass_durations,
    _pass_equivalence,
    _pass_ranges,
    _pass_week_anchor,
    _select,
)
from timeline.dates.handlers import _C, _HANDLERS, _Ctx
from timeline.dates.rules import DateRules
from timeline.normalize import NormText, fold, normalize, pieces

__all__ = ["DateMention", "DateRules", "find_dates"]


# --------------------------------------------------------------------------- API

_WORD = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")


def _starts(r: DateRules, t: str) -> list[tuple[int, tuple[int, ...]]]:
    """Offsets where a pattern may begin, each with the patterns to try there: a digit
    run (every pattern), or a word (maybe after one or two proclitics) that is the first
    word of a vocabulary entry (the patterns such an entry can open). Trying the
    patterns only there is many times faster than letting each one scan the whole text.
    Neither a digit run nor a word spans white space, so each piece between spaces is
    read once and remembered."""
    out: list[tuple[int, tuple[int, ...]]] = []
    known = r.piece_starts
    for at, piece in pieces(t):
        got = known.get(piece)
        if got is None:
            got = _piece_starts(r, piece)
            if len(known) < 100_000:  # remembered, up to a bound
                known[piece] = got
        for off, which in got:
            out.append((at + off, which))
    return out


def _piece_starts(r: DateRules, t: str) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """``_starts`` of one piece of text without white space."""
    out = [(m.start(), r.every) for m in _DIGITS.finditer(t)]
    low = t.lower()
    if len(low) != len(t):  # a letter whose lower case is longer: word by word
        low = t
    for m in _WORD.finditer(low):
        w = m.group() if low is not t else m.group().lower()
        for delta, which in _word_starts(r, w):
            out.append((m.start() + delta, which))
    out.sort(key=lambda s: s[0])
    return tuple(out)


def _word_starts(r: DateRules, w: str) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """Where in the word ``w`` a pattern may begin (after 0, 1 or 2 proclitics), with the
    patterns to try there."""
    first, clitics, lead = r.first_words, r.proclitics, r.lead_of
    out = []
    if w in first:
        out.append((0, lead.get(w, ())))
    if clitics and w[0] in clitics:
        if w[1:] in first:
            out.append((1, lead.get(w[1:], ())))
        if len(w) > 2 and w[1] in clitics and w[2:] in first:
            out.append((2, lead.get(w[2:], ())))
    return tuple(out)


def find_dates(text: str, lang: str, published: date | None, rules: DateRules,
               *, prefer: str = "past", norm: NormText | None = None) -> list[DateMention]:
    """Date mentions in ``text`` (sorted, non-overlapping), resolved against ``published``.

    ``prefer`` ("past" for a reported act, "future" for a planned one) decides only
    where the phrase itself does not: a bare weekday, a day and month with no year,
    a month with no year. ``norm``, if given, is ``normalize(text)`` already made (as
    :meth:`NormText.part` cuts it out of a whole article's).
    """
    if prefer not in ("past", "future"):
        raise ValueError(f"prefer must be 'past' or 'future', not {prefer!r}")
    if lang != rules.lang:
        raise ValueError(f"the rules are for {rules.lang!r}, the text is {lang!r}")
    if norm is None or norm.original != text:
        norm = normalize(text, lang)
    t = norm.text
    starts = _starts(rules, t)
    if not starts:
        return []
    ctx = _Ctx(norm, published, prefer)
    found: list[list[_C]] = [[] for _ in rules.patterns]  # by pattern, as if each scanned alone
    patterns = rules.patterns
    for i, which in starts:
        for k in which:
            name, rx = patterns[k]
            m = rx.match(t, i)
            if m is not None:
                found[k].extend(_HANDLERS[name](rules, ctx, m))
    cands = [c for group in found for c in group]
    cs = _select(cands)
    cs = _pass_equivalence(rules, t, cs)
    cs = _pass_ranges(rules, t, cs)
    cs = _pass_week_anchor(rules, t, published, cs)
    _pass_durations(rules, t, cs)
    out = []
    for c in cs:
        s, e = norm.to_original(c.start), norm.to_original_end(c.end)
        while e < len(text) and not fold(text[e]):  # keep trailing diacritics and tatweel
            e += 1
        out.append(DateMention(s, e, c.when, c.kind, text[s:e]))
    return out
