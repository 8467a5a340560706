"""Normalise text for matching while keeping a map back to the original offsets.

Arabic folding (diacritics and tatweel removed; alef forms, ta marbuta, alef maqsura
folded) is done by pyarabic, applied once per code point to build a translation
table. Every step maps one character to one or to none, so each normalised
character knows the original character it came from.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from pyarabic import araby

# Characters we fold whatever the language: digits of other scripts, quotes, spaces.
_EASTERN_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_COMMON = {
    **{ord(d): str(i) for i, d in enumerate(_EASTERN_DIGITS)},
    **{ord(d): str(i) for i, d in enumerate(_PERSIAN_DIGITS)},
    ord("\u2019"): "'", ord("\u2018"): "'", ord("\u02bc"): "'", ord("\u201c"): '"',
    ord("\u201d"): '"', ord("\u00ab"): '"', ord("\u00bb"): '"', ord("\u00a0"): " ",
    ord("\u2009"): " ", ord("\u202f"): " ", ord("\u200b"): None, ord("\u200c"): None,
    ord("\u200d"): None, ord("\u200e"): None, ord("\u200f"): None, ord("\u061c"): None,
    ord("\u2013"): "-", ord("\u2014"): "-", ord("\u066b"): ".", ord("\u066c"): ",",
}


def _fold_arabic_char(ch: str) -> str:
    if ch == "\u0649":  # alef maqsura -> ya (pyarabic's alef folding would make it alef)
        return "\u064a"
    out = araby.strip_tashkeel(ch)
    out = araby.strip_tatweel(out)
    out = araby.strip_small(out) if out else out
    out = araby.normalize_alef(out) if out else out
    out = araby.normalize_teh(out) if out else out
    if out in ("\u0671",):  # alef wasla
        out = "\u0627"
    if out == "\u0624":  # waw with hamza stays; ya with hamza -> ya-hamza stays
        out = ch
    return out


@lru_cache(maxsize=1)
def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = dict(_COMMON)
    for cp in list(range(0x0600, 0x0700)) + list(range(0x0750, 0x0780)):
        ch = chr(cp)
        if cp in table:
            continue
        folded = _fold_arabic_char(ch)
        if folded != ch:
            table[cp] = folded if folded else None
    return table


@dataclass(frozen=True)
class NormText:
    """Normalised text plus, where characters were dropped, the original index of each."""

    text: str
    original: str
    index: tuple[int, ...] | None = None  # None: offsets are the same in both texts

    def to_original(self, i: int) -> int:
        """Original offset of the normalised character at ``i`` (start offsets)."""
        if self.index is None:
            return i
        if i >= len(self.index):
            return len(self.original)
        return self.index[i]

    def part(self, start: int, end: int) -> NormText:
        """The normalised text ``[start, end)`` with its own original text: what
        ``normalize`` gives for that original text (folding is character by character)."""
        o_start, o_end = self.to_original(start), self.to_original_end(end)
        original = self.original[o_start:o_end]
        if self.index is None:
            return NormText(self.text[start:end], original, None)
        index = tuple([i - o_start for i in self.index[start:end]])
        if len(index) == len(original):
            return NormText(self.text[start:end], original, None)
        return NormText(self.text[start:end], original, index)

    def to_original_end(self, j: int) -> int:
        """Original offset just past the normalised character ``j - 1`` (end offsets)."""
        if self.index is None:
            return j
        if j <= 0:
            return 0
        return self.index[j - 1] + 1


def pieces(text: str) -> list[tuple[int, str]]:
    """(offset, piece) of each run of text between white space, in order: what
    ``text.split()`` gives, with where each piece starts."""
    out: list[tuple[int, str]] = []
    pos = 0
    for piece in text.split():
        at = text.find(piece, pos)
        pos = at + len(piece)
        out.append((at, piece))
    return out


def fold(text: str) -> str:
    """Normalised form of a short string (dictionary entries, patterns): no offsets kept."""
    return unicodedata.normalize("NFC", text).translate(_table())


@lru_cache(maxsize=1)
def _dropped() -> re.Pattern[str] | None:
    """Runs of characters the table deletes, or None when some character maps to
    more than one (then offsets are mapped character by character)."""
    table = _table()
    if any(v is not None and len(v) > 1 for v in table.values()):
        return None
    gone = "".join(chr(cp) for cp, v in sorted(table.items()) if not v)
    return re.compile("[" + re.escape(gone) + "]+") if gone else None


_GONE = 0xFFFFFFFF  # lookup-table value of a deleted character
_ARRAY_MIN = 400    # from this length a text is folded as an array of code points


@lru_cache(maxsize=1)
def _lookup() -> np.ndarray | None:
    """The table as an array indexed by code point (None if a character maps to several)."""
    if any(v is not None and len(v) > 1 for v in _table().values()):
        return None
    lut = np.arange(0x110000, dtype=np.uint32)
    for cp, v in _table().items():
        lut[cp] = ord(v) if v else _GONE
    return lut


def normalize(text: str, lang: str | None = None) -> NormText:
    """Fold ``text`` for matching, keeping a map to original offsets.

    Works for both languages (Arabic folding only touches Arabic code points);
    ``lang`` is accepted for symmetry with the other steps. An article-sized text is
    folded as a numpy array of code points (several times faster than
    ``str.translate``); the result is the same.
    """
    lut = _lookup() if len(text) >= _ARRAY_MIN else None
    if lut is not None:
        cps = lut[np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)]
        keep = cps != _GONE
        if keep.all():
            return NormText(cps.tobytes().decode("utf-32-le", "surrogatepass"), text, None)
        return NormText(cps[keep].tobytes().decode("utf-32-le", "surrogatepass"), text,
                        tuple(np.flatnonzero(keep).tolist()))
    table = _table()
    out = text.translate(table)
    if len(out) == len(text):
        return NormText(out, text, None)
    dropped = _dropped()
    index: list[int] = []
    if dropped is not None:  # one character to one or none: keep the runs between deletions
        pos = 0
        for m in dropped.finditer(text):
            index.extend(range(pos, m.start()))
            pos = m.end()
        index.extend(range(pos, len(text)))
        return NormText(out, text, tuple(index))
    chars: list[str] = []
    for i, ch in enumerate(text):
        mapped = table.get(ord(ch), ch)
        if mapped is None or mapped == "":
            continue
        for c in mapped:
            chars.append(c)
            index.append(i)
    return NormText("".join(chars), text, tuple(index))
