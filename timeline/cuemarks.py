"""The cue words of the sentence being read, by token position.

:class:`CueMarks` tokenizes a sentence (``Tokenizer``: each token carries its word's cue
kinds and trigger heads), marks each token's cue kinds in the sentence (a word inside an
actor's name or a capitalised word after the first is a name, not a cue; multi-word cues
such as "did not" or "في وقت سابق" mark every word) and indexes them by position, so the
reader (``frames.SentenceReader``) asks "is there a negation in the two words before the
trigger?" with a binary search instead of a scan.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence

from timeline.actors import Mention
from timeline.events import CueWords, Token, Tokenizer, TriggerIndex
from timeline.memo import remember


class CueMarks:
    """Cue kinds of one sentence's tokens: marked by ``_mark``, asked by position."""

    def __init__(self, lang: str, cues: dict[str, set[str]], index: TriggerIndex) -> None:
        self.lang = lang
        self.cues = cues
        self.index = index
        self.words = CueWords(cues)
        self.tokenize = Tokenizer(lang, cues, self.words, index)  # tokens carry their cues
        self._forms_kinds: dict[tuple[str, ...], frozenset[str]] = {}
        self._opening: dict[tuple[tuple[str, ...], tuple[str, ...]],
                            tuple[tuple[tuple[str, ...], str], ...]] = {}
        # the sentence being read (set by ``_mark``)
        self._pos: dict[str, list[int]] = {}
        self._breaks: list[int] = []
        self._tokens: list[Token] = []
        self._ends: list[int] | None = None
        self._mentions: Sequence[Mention] = []
        self._object: dict[int, bool] = {}  # by id(mention): the reader's _is_object
        self._venue: dict[int, bool] = {}

    def _mark(self, tokens: list[Token], mentions: Sequence[Mention] = ()) -> None:
        """Note the cue kinds of every token, multi-word cues ("did not", "في وقت سابق") included.
        Words inside an actor's name and capitalised words ("May") are names, not cues."""
        empty: frozenset[str] = frozenset()
        named: set[int] = set()
        if mentions:
            starts = [t.start for t in tokens]
            for m in mentions:  # the tokens inside each name
                i = bisect_left(starts, m.start)
                while i < len(tokens) and tokens[i].end <= m.end:
                    named.add(i)
                    i += 1
        pos: dict[str, list[int]] = {}
        if tokens and tokens[0].base is not None:  # from ``self.tokenize``: kinds known per word
            opens: list[int] = []
            for k, tok in enumerate(tokens):
                kinds = tok.kinds = empty if k in named else tok.base
                if kinds:
                    for kind in kinds:
                        pos.setdefault(kind, []).append(k)
                if tok.opens:
                    opens.append(k)
        else:
            cache = self._forms_kinds
            for k, tok in enumerate(tokens):
                if k in named or (tok.capital and k > 0):
                    tok.kinds = empty
                    continue
                kinds = cache.get(tok.forms)
                if kinds is None:
                    kinds = remember(cache, tok.forms, self.words.kinds(tok.forms))
                tok.kinds = kinds
                for kind in kinds:
                    pos.setdefault(kind, []).append(k)
            opens = list(range(len(tokens)))
        opening, multi = self._opening, self.words.multi
        n_tok = len(tokens)
        for k in opens:
            if k + 1 >= n_tok:
                break
            pair = (tokens[k].forms, tokens[k + 1].forms)
            cues = opening.get(pair)
            if cues is None:
                cues = remember(opening, pair, tuple(
                    c for f in pair[0] for g in pair[1] for c in multi.get((f, g), ())))
            for parts, kind in cues:
                n = len(parts)
                if k + n <= n_tok and all(parts[j] in tokens[k + j].forms for j in range(2, n)):
                    for j in range(n):
                        t = tokens[k + j]
                        if kind not in t.kinds:  # type: ignore[operator]
                            t.kinds = t.kinds | {kind}  # type: ignore[operator]
                            insort(pos.setdefault(kind, []), k + j)
        self._pos, self._breaks = pos, pos.get("break", [])  # ";" is a break cue too
        self._tokens, self._ends = tokens, None
        self._mentions = mentions
        self._object, self._venue = {}, {}

    def _may_act(self, tokens: list[Token]) -> bool:
        """Whether any word of the sentence can open a trigger or a reporting frame
        (names only take cue kinds away, so the words' own kinds are an upper bound)."""
        if any(t.heads or "speech" in t.base for t in tokens):  # type: ignore[operator]
            return True
        first = self.words.first_speech
        return bool(first) and any(f in first for t in tokens if t.opens for f in t.forms)

    # the cue kinds of the sentence being read, by token position (after ``_mark``)
    def _in(self, kind: str, lo: int, hi: int) -> bool:
        """Whether a token in positions ``lo:hi`` has cue kind ``kind``."""
        p = self._pos.get(kind)
        if not p:
            return False
        i = bisect_left(p, lo)
        return i < len(p) and p[i] < hi

    def _at(self, kind: str, lo: int, hi: int) -> list[int]:
        """The positions in ``lo:hi`` of tokens with cue kind ``kind``."""
        p = self._pos.get(kind, [])
        return p[bisect_left(p, lo):bisect_left(p, hi)]

    def _first(self, kind: str, lo: int, hi: int) -> int | None:
        got = self._at(kind, lo, hi)
        return got[0] if got else None

    def _before(self, tokens: list[Token], pos: int) -> int:
        """How many tokens end at or before ``pos`` (the index of the first one after it)."""
        if tokens is self._tokens:
            if self._ends is None:
                self._ends = [t.end for t in tokens]
            return bisect_right(self._ends, pos)
        return sum(1 for t in tokens if t.end <= pos)

    def _has(self, tok: Token, kind: str) -> bool:
        kinds = tok.kinds
        if kinds is None:  # a token no sentence reading has marked
            return any(f in self.cues[kind] for f in tok.forms)
        return kind in kinds

    def _clause(self, tokens: list[Token], s: int, e: int) -> tuple[int, int]:
        """The clause around tokens ``s:e``: between the breaks (";", cue ``break``) around it."""
        b = self._breaks
        i = bisect_left(b, s)
        lo = b[i - 1] + 1 if i > 0 else 0
        j = bisect_left(b, e, i)
        hi = b[j] if j < len(b) else len(tokens)
        return lo, hi
