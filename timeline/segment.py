"""Split normalised article text into sentence spans, leaving page debris out.

Debris is recognised by data (``debris.tsv``: a line that ends the article body, or
a line to drop), by repetition (a line equal to the title or to an earlier line),
and by shape (a short line with no sentence punctuation is a headline, a caption
or a button, not a sentence).
"""
from __future__ import annotations

import re

from timeline.model import Span

_LINE = re.compile(r"[^\n]+")
_END = re.compile(r"[.!?؟](?=[\s\"'”»)]|$)")
_HEADLINE_WORDS = 20
#: The longest sentence read as one, in characters (news sentences stay under 600): a
#: longer run without sentence punctuation is read in pieces of at most this length,
#: cut at a space, so that the work per sentence stays bounded on any text.
MAX_SENTENCE = 2000


def _clean(line: str) -> str:
    return " ".join(line.lower().split())


def body_lines(text: str, title: str, debris: dict[str, str]) -> list[Span]:
    """Spans of the lines of ``text`` that are article body (not debris)."""
    seen: set[str] = set()
    phrases = tuple(debris)
    title_key = _clean(title)
    only_line = len([ln for ln in text.splitlines() if ln.strip()]) == 1  # a one-sentence article
    out: list[Span] = []
    for m in _LINE.finditer(text):
        line = m.group(0)
        key = _clean(line)
        if not key:
            continue
        action = None
        if phrases and key.startswith(phrases):
            action = next(act for phrase, act in debris.items() if key.startswith(phrase))
        if action == "end" and out:
            break
        if action is not None:  # an end marker before any body line is page furniture
            # above the article ("Read more" teasers, "المصدر: ..."): only that line goes
            continue
        if title_key and (key == title_key or key.startswith(title_key) and len(key) < len(title_key) + 40):
            continue
        if key in seen:
            continue
        seen.add(key)
        stripped = line.strip().rstrip("\"'”»)")
        if not only_line and not stripped.endswith((".", "!", "?", "؟", ":")) \
                and len(stripped.split()) < _HEADLINE_WORDS:
            continue  # a headline, caption, byline or button
        out.append(Span(m.start(), m.end()))
    return out


def sentences(text: str, lines: list[Span], abbrevs: set[str]) -> list[Span]:
    """Sentence spans inside the body ``lines`` of ``text``."""
    out: list[Span] = []
    for line in lines:
        start = line.start
        for m in _END.finditer(text, line.start, line.end):
            end = m.end()
            if text[m.start()] == ".":
                word = _word_before(text, start, m.start())
                if word:
                    w = word.lower().rstrip(".")
                    if w in abbrevs or len(w) == 1 or "." in w:
                        continue
                nxt = text[end:end + 2].strip()
                if nxt and nxt[0].islower():
                    continue
            if text[start:end].strip():
                out.extend(_capped(text, _trim(text, start, end)))
            start = end
        if text[start:line.end].strip():
            out.extend(_capped(text, _trim(text, start, line.end)))
    return out


def _capped(text: str, span: Span) -> list[Span]:
    """``span`` as it is, or, when longer than ``MAX_SENTENCE``, in pieces of at most that
    length cut after the last space of each (anywhere when a piece has no space)."""
    if span.end - span.start <= MAX_SENTENCE:
        return [span]
    out: list[Span] = []
    start = span.start
    while span.end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE)
        end = cut if cut > start else start + MAX_SENTENCE
        piece = _trim(text, start, end)
        if piece.end > piece.start:
            out.append(piece)
        start = end
    piece = _trim(text, start, span.end)
    if piece.end > piece.start:
        out.append(piece)
    return out


def _word_before(text: str, start: int, stop: int) -> str:
    """The word (letters, digits, "_" and dots: ``[\\w.]+``) ending at ``stop``, not
    reaching before ``start``."""
    i = stop
    while i > start:
        ch = text[i - 1]
        if not (ch.isalnum() or ch == "_" or ch == "."):
            break
        i -= 1
    return text[i:stop]


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


_DATELINE = re.compile(r"[A-Z][A-Z .'/-]{2,}(?:,[^\n—–]{0,30}?)?\s*(?:\([^)\n]{0,30}\))?\s*(?:—|–|--|-)\s")

_HEAD_DATELINE = re.compile(
    r"(?:(?=[^\n(]{0,40}[,،\d])[^\n()!?؟:\"«»]{2,70}?\((?:[^()\s]{1,20}|[^()\n]{1,6})\)"
    r"|(?=[^\n(]{0,40}[,،])[^\n()!?؟:\"«»]{2,70}?\d{4}\s*(?:م|هـ)?)\s*(?:—|–|--|-)\s*")


def dateline_end(text: str, sent: Span) -> int:
    """End of a wire dateline ("MOSCOW, March 29 (Xinhua) --") opening a sentence, else its start.

    Places in a dateline say where the story was filed, not who acted.
    """
    m = _DATELINE.match(text, sent.start, min(sent.end, sent.start + 60))
    if m is None and (sent.start == 0 or text[sent.start - 1] == "\n"):
        # at the head of a paragraph, any script: "دبي، الإمارات العربية المتحدة (CNN)-",
        # "Nov. 21 (UPI) --", "مقديشو 05 ديسمبر 2024 م (صونا) –", "CITY، 13 أبريل 2022 - "
        m = _HEAD_DATELINE.match(text, sent.start, min(sent.end, sent.start + 90))
    return m.end() if m else sent.start
