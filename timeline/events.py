"""Find event candidates in one sentence: triggers, speakers, voice, negation, tense.

A trigger (``triggers.tsv``) names the act; the actors around it (``actors.Mention``)
fill source and target by the trigger's voice and the sentence's reporting frame:
the speaker of "قال X إن ..." / "X said ..." is the source of what X states, a
passive's agent follows "by" / "من قبل", an agent noun ("at the invitation of X",
"بدعوة من X") takes its source after it and its target from the sentence's subject.
Negated triggers give no candidate; future and modal cues make planned acts and
threats.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from timeline.lexicon import Trigger
from timeline.memo import remember
from timeline.model import Actor
from timeline.normalize import pieces as split_pieces

_TOKEN = re.compile(r"\w+(?:'\w+)?|[،,:;\"]", re.UNICODE)


@dataclass(eq=False, init=False)
class Token:
    """One word (or comma, colon, quote) of a sentence. The ``__init__`` is written out
    so that, compiled, making a token costs no interpreted call (the one ``dataclass``
    would generate is plain Python)."""

    start: int
    end: int
    text: str
    forms: tuple[str, ...]  # the word and its clitic-stripped forms
    future: bool  # Arabic future prefix سـ
    capital: bool  # English word written with a capital letter ("May" the name)
    definite: bool  # Arabic word with the article ال
    kinds: frozenset[str] | None  # its cue kinds in its sentence (set by the reader)
    base: frozenset[str] | None  # the word's own cue kinds, before names and multi-word cues
    heads: tuple[Trigger, ...] | None  # the triggers the word can open
    opens: bool  # the word can open a multi-word cue

    def __init__(self, start: int, end: int, text: str, forms: tuple[str, ...],
                 future: bool = False, capital: bool = False, definite: bool = False,
                 kinds: frozenset[str] | None = None, base: frozenset[str] | None = None,
                 heads: tuple[Trigger, ...] | None = None, opens: bool = False) -> None:
        self.start, self.end, self.text, self.forms = start, end, text, forms
        self.future, self.capital, self.definite = future, capital, definite
        self.kinds, self.base, self.heads, self.opens = kinds, base, heads, opens


_EMPTY: frozenset[str] = frozenset()


class CueWords:
    """The cue words of a language (``cues.tsv``) by kind: single words, and multi-word
    cues ("did not", "في وقت سابق") by their first two words."""

    def __init__(self, cues: dict[str, set[str]]) -> None:
        self.multi: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
        single: dict[str, set[str]] = {}
        for kind, words in cues.items():
            for cue in words:
                parts = tuple(cue.split())
                if len(parts) > 1:
                    self.multi.setdefault((parts[0], parts[1]), []).append((parts, kind))
                else:
                    single.setdefault(cue, set()).add(kind)
        self.single = {w: frozenset(k) for w, k in single.items()}
        self.first = frozenset(first for first, _second in self.multi)
        self.first_speech = frozenset(  # first words of multi-word reporting verbs
            first for (first, _second), cues in self.multi.items()
            if any(kind == "speech" for _parts, kind in cues))

    def kinds(self, forms: tuple[str, ...]) -> frozenset[str]:
        """The cue kinds of a word with these forms."""
        return frozenset(x for f in forms for x in self.single.get(f, ()))


@dataclass(init=False)
class Candidate:
    """An act found in a sentence, before dating and merging (offsets: normalised text)."""

    type: str
    trigger: Trigger
    start: int  # trigger span
    end: int
    source: list[Actor]
    target: list[Actor]
    planned: bool
    confidence: float
    sentence: tuple[int, int]
    speaker: Actor | None
    passive_unresolved: bool
    notes: list[str]
    complement: int  # where the reported speech starts (normalised offset), -1 if none
    vague: bool  # the sentence says "earlier" / "في وقت سابق": no date to inherit
    same_day: bool  # "the same day" / "في اليوم نفسه": the date of the act before

    def __init__(self, type: str, trigger: Trigger, start: int, end: int,
                 source: list[Actor], target: list[Actor], planned: bool, confidence: float,
                 sentence: tuple[int, int], speaker: Actor | None = None,
                 passive_unresolved: bool = False, notes: list[str] | None = None,
                 complement: int = -1, vague: bool = False, same_day: bool = False) -> None:
        self.type, self.trigger, self.start, self.end = type, trigger, start, end
        self.source, self.target, self.planned = source, target, planned
        self.confidence, self.sentence, self.speaker = confidence, sentence, speaker
        self.passive_unresolved = passive_unresolved
        self.notes = [] if notes is None else notes
        self.complement, self.vague, self.same_day = complement, vague, same_day

    def with_roles(self, source: list[Actor], target: list[Actor]) -> Candidate:
        """The same act with other parties (a compiled class has no ``copy.copy``)."""
        return Candidate(self.type, self.trigger, self.start, self.end, source, target,
                         self.planned, self.confidence, self.sentence, self.speaker,
                         self.passive_unresolved, list(self.notes), self.complement, self.vague,
                         self.same_day)


class TriggerIndex:
    """Trigger patterns indexed by their first word (exact and prefix)."""

    def __init__(self, triggers: list[Trigger]) -> None:
        self.exact: dict[str, list[Trigger]] = {}
        self.prefix: dict[str, list[Trigger]] = {}
        for t in triggers:
            head = t.tokens[0]
            if head.endswith("*"):
                self.prefix.setdefault(head[:-1], []).append(t)
            else:
                self.exact.setdefault(head, []).append(t)
        self.prefix_lengths = sorted({len(p) for p in self.prefix})
        self.noun_heads = frozenset(t.tokens[0] for t in triggers
                                    if t.voice == "noun" and not t.tokens[0].endswith("*"))

        self._by_forms: dict[tuple[str, ...], tuple[Trigger, ...]] = {}

    def heads(self, form: str) -> list[Trigger]:
        out = list(self.exact.get(form, ()))
        for n in self.prefix_lengths:
            if n > len(form):
                break
            out.extend(self.prefix.get(form[:n], ()))
        return out

    def for_forms(self, forms: tuple[str, ...]) -> tuple[Trigger, ...]:
        """The triggers any of a word's forms can open, each once (remembered per word)."""
        got = self._by_forms.get(forms)
        if got is None:
            got = remember(self._by_forms, forms, tuple(
                dict.fromkeys(t for f in forms for t in self.heads(f))))
        return got


class Tokenizer:
    """Splits a sentence into tokens; a word's forms are worked out once and remembered
    (in a bounded memo, ``timeline.memo``).

    Arabic words also get the forms left after stripping clitics, the future prefix and
    the article, as the cue data names them (``clitic``, ``conjunction``,
    ``future_prefix``, ``imperfect_prefix``, ``article``); English words are lower-cased
    and lose a possessive "'s"."""

    def __init__(self, lang: str, cues: dict[str, set[str]] | set[str],
                 words: CueWords | None = None, index: TriggerIndex | None = None) -> None:
        """With ``words`` and ``index``, each token also carries its word's cue kinds
        (``base``; none for a capitalised word after the first: a name) and the triggers
        it can open (``heads``), worked out once per word."""
        self.lang = lang
        self.cue_words, self.index = words, index
        if isinstance(cues, dict):
            self.clitics = cues.get("clitic", set())
            self.conj = cues.get("conjunction", set())
            self.fut = cues.get("future_prefix", set())
            self.imperf = cues.get("imperfect_prefix", set())
            self.articles = cues.get("article", set())
        else:
            self.clitics, self.conj, self.fut, self.imperf, self.articles = cues, set(), set(), set(), set()
        self._words: dict[str, tuple] = {}  # word -> its record (``_record``)
        self._pieces: dict[str, tuple[tuple[int, int, tuple], ...]] = {}  # see ``__call__``

    def __call__(self, text: str, start: int, end: int) -> list[Token]:
        """Tokens of ``text[start:end]``.

        The text is split at white space and each piece read once: a piece is cut into
        words by ``_TOKEN`` the first time it is seen and remembered. No token spans
        white space, so this gives what ``_TOKEN.finditer`` over the whole text gives."""
        pieces = self._pieces
        out: list[Token] = []
        for at, piece in split_pieces(text[start:end]):
            got = pieces.get(piece)
            if got is None:
                got = remember(pieces, piece, self._cut(piece))
            at += start
            for off, stop, w in got:
                out.append(Token(at + off, at + stop, w[0], w[1], w[2], w[3], w[4], None,
                                 _EMPTY if w[3] and out and w[5] is not None else w[5],
                                 w[6], w[7]))
        return out

    def _cut(self, piece: str) -> tuple[tuple[int, int, tuple], ...]:
        """(start, end, word record) of each word of a piece of text without white space."""
        out = []
        for m in _TOKEN.finditer(piece):
            word = m.group(0)
            w = self._words.get(word)
            if w is None:
                w = remember(self._words, word, self._record(word))
            out.append((m.start(), m.end(), w))
        return tuple(out)

    def _record(self, word: str) -> tuple:
        """(text, forms, future, capital, definite, cue kinds, trigger heads, opens a
        multi-word cue) of one word."""
        text, forms, future, capital, definite = self._word(word)
        if self.cue_words is None or self.index is None:
            return text, forms, future, capital, definite, None, None, False
        return (text, forms, future, capital, definite, self.cue_words.kinds(forms),
                self.index.for_forms(forms), any(f in self.cue_words.first for f in forms))

    def _word(self, word: str) -> tuple[str, tuple[str, ...], bool, bool, bool]:
        """(text, forms, future, capital, definite) of one word."""
        if self.lang == "en":
            low = word.lower()
            forms: tuple[str, ...] = (low, low[:-2]) if low.endswith("'s") else (low,)
            return low, forms, False, word[:1].isupper(), False
        clitics, articles = self.clitics, self.articles
        forms_l = [word]
        future = False
        w = word
        for _ in range(2):
            if (len(w) > 3 or (len(w) == 3 and w[0] in self.conj)) and w[0] in clitics:
                w = w[1:]
                forms_l.append(w)
        for f in list(forms_l):  # a preposition before the article loses its alef: لل
            for art in articles:
                if len(f) > 3 and f[0] in clitics and f[1:].startswith(art[1:]) and not f.startswith(art):
                    forms_l.append(art + f[len(art):])
        for f in list(forms_l):
            if len(f) > 3 and f[0] in self.fut and f[1] in self.imperf:
                forms_l.append(f[1:])
                future = True
        definite = False
        for f in list(forms_l):
            for art in articles:
                if f.startswith(art) and len(f) > len(art) + 3:
                    forms_l.append(f[len(art):])  # the definite article: "الاتفاق" is "اتفاق"
                    definite = True
        return word, tuple(dict.fromkeys(forms_l)), future, False, definite


def tokenize(text: str, start: int, end: int, lang: str,
             cues: dict[str, set[str]] | set[str]) -> list[Token]:
    """Tokens of ``text[start:end]`` with their candidate forms (see :class:`Tokenizer`)."""
    return Tokenizer(lang, cues)(text, start, end)


def _tok_matches(pattern: str, tok: Token) -> bool:
    if pattern.endswith("*"):
        p = pattern[:-1]
        return any(f.startswith(p) for f in tok.forms)
    return pattern in tok.forms


def match_triggers(tokens: list[Token], index: TriggerIndex) -> list[tuple[int, int, Trigger]]:
    """(first token, last token + 1, trigger) matches, longest non-overlapping."""
    found: list[tuple[int, int, Trigger]] = []
    for i, tok in enumerate(tokens):
        heads = tok.heads
        for trig in heads if heads is not None else index.for_forms(tok.forms):
            end = _match_rest(tokens, i + 1, trig.tokens[1:])
            if end is not None:
                found.append((i, end, trig))
    found.sort(key=lambda f: (-(f[1] - f[0]), -len(f[2].tokens), -f[2].weight, f[0]))
    taken: set[int] = set()
    out: list[tuple[int, int, Trigger]] = []
    for s, e, t in found:
        if any(k in taken for k in range(s, e)):
            continue
        taken.update(range(s, e))
        out.append((s, e, t))
    out.sort(key=lambda f: f[0])
    return out


#: Words a gap in a pattern may skip: "~" up to five, "~~" up to eight (a verb, then its
#: subject told with a title and a full name, then its object: Arabic's verb-first order).
GAPS = {"~": 5, "~~": 8}


def _match_rest(tokens: list[Token], i: int, rest: tuple[str, ...]) -> int | None:
    if not rest:
        return i
    head, tail = rest[0], rest[1:]
    if head in GAPS:
        for skip in range(GAPS[head] + 1):
            j = i + skip
            if j < len(tokens) and _tok_matches(tail[0], tokens[j]):
                end = _match_rest(tokens, j + 1, tail[1:])
                if end is not None:
                    return end
        return None
    if i < len(tokens) and _tok_matches(head, tokens[i]):
        return _match_rest(tokens, i + 1, tail)
    return None
