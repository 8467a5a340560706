"""Plain-text articles: optional metadata on top, then the body.

Two ways to give metadata, both optional::

    ---                          Title: Lavrov meets Shoukry
    title: Lavrov meets Shoukry  Date: 2021-02-18
    date: 2021-02-18             URL: https://example.org/a
    ---                          (blank line)
    (body)                       (body)

Front matter is a block between two ``---`` lines at the very top (unknown keys
are ignored). Header lines are the first block of known ``Key: value`` lines, ended
by a blank line, or directly by the text when the block has two lines or more or
a date, URL, id or language line; a first paragraph such as "Moscow: Russia said
..." or "Source: ..." alone stays text. The article text is the
body that follows, sliced from the file's text, never rewritten.
"""
from __future__ import annotations

import os
import re

from timeline.errors import InputError
from timeline.readers.decode import FROM_TEXT, Draft, clean_text, decode_bytes, read_limited

#: Header keys (lower case) and the Draft field each one fills.
HEADER_KEYS = {
    "title": "title", "date": "date", "published": "published", "url": "url",
    "lang": "lang", "language": "lang", "outlet": "outlet", "source": "outlet", "id": "id",
}
MAX_FRONT_MATTER_LINES = 60
MAX_HEADER_LINES = 20

_HEADER = re.compile(r"[ \t]*([A-Za-z][A-Za-z _-]{0,30}?)[ \t]*:[ \t]*(.*?)[ \t]*")
_FENCE = re.compile(r"[ \t]*---[ \t]*")
_LEADING_BLANK_LINES = re.compile(r"(?:[ \t\f\v]*\n)*")


def _header(line: str) -> tuple[str, str] | None:
    match = _HEADER.fullmatch(line)
    if not match:
        return None
    key, value = match.group(1).strip().lower(), match.group(2)
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1].strip()  # front matter may quote values as YAML does
    return (key, value) if key in HEADER_KEYS else None


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int] | None:
    """Headers and body line index of a ``---`` block at the top, or None."""
    if not lines or not _FENCE.fullmatch(lines[0]):
        return None
    for i in range(1, min(len(lines), MAX_FRONT_MATTER_LINES + 2)):
        if _FENCE.fullmatch(lines[i]):
            found = (_header(line) for line in lines[1:i])
            return dict(h for h in found if h is not None), i + 1
    return None


#: Keys that a first line of text never starts with: a block of header lines holding one
#: of them (or two header lines or more) is read as headers even when the text follows
#: without a blank line ("Date: 2021-03-01" then the first paragraph).
_SURE_KEYS = frozenset({"date", "published", "url", "id", "lang", "language"})


def _header_lines(lines: list[str]) -> tuple[dict[str, str], int] | None:
    """Headers and body line index of a leading block of ``Key: value`` lines, or None."""
    headers: dict[str, str] = {}
    for i, line in enumerate(lines[:MAX_HEADER_LINES + 1]):
        if not line.strip():
            return (headers, i) if headers else None
        found = _header(line)
        if found is None:
            sure = i >= 2 or bool(_SURE_KEYS & headers.keys())
            return (headers, i) if headers and sure else None
        headers.setdefault(found[0], found[1])
    return (headers, len(lines)) if len(lines) <= MAX_HEADER_LINES else None


def split_headers(text: str) -> tuple[dict[str, str], str]:
    """The metadata on top of ``text`` (keys as in ``HEADER_KEYS``) and the body after it.

    Needs text with ``\\n`` newlines. The body is a slice of ``text`` starting at its
    first non-blank line; without metadata it is ``text`` itself.
    """
    lines = text.split("\n")
    found = _front_matter(lines) or _header_lines(lines)
    if found is None:
        return {}, text
    headers, body_line = found
    offset = sum(len(line) + 1 for line in lines[:body_line])
    body = text[offset:]
    blank = _LEADING_BLANK_LINES.match(body)
    return headers, body[blank.end():] if blank else body


def draft_from_text(text: str, where: str) -> Draft:
    """A Draft from the (already cleaned) text of a ``.txt`` file: headers, then body."""
    headers, body = split_headers(text)
    if not body.strip():
        raise InputError("no article text after the header lines", where)
    values: dict[str, str] = {}
    for key, value in headers.items():
        if value:
            values.setdefault(HEADER_KEYS[key], value)
    published = values.get("published") or values.get("date")
    return Draft(
        text=body,
        title=values.get("title", ""),
        url=values.get("url"),
        outlet=values.get("outlet"),
        published=published,
        published_from=FROM_TEXT if published else None,
        lang=values.get("lang"),
        id=values.get("id"),
    )


def read_text(path: str | os.PathLike[str], limit: int) -> Draft:
    """Read one ``.txt`` article: size limit, decoding, then :func:`draft_from_text`."""
    where = str(path)
    text = clean_text(decode_bytes(read_limited(path, limit), where))
    return draft_from_text(text, where)
