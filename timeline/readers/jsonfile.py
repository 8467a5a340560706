"""JSON articles: ``.json`` holds one article object, ``.jsonl`` one object a line.

An article object needs a non-empty string ``text``; it may carry ``id``, ``lang``,
``published`` (or ``date``), ``title``, ``url`` and ``outlet`` (or ``source``). Other
fields are ignored, so gold files (``events``, ``notes``, ``based_on``) read as plain
articles; ``based_on`` is not taken as the URL. JSON lines files are streamed: each
line is limited in size, a bad line becomes an error naming its line number and the
lines after it are still read.
"""
from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterator
from typing import IO

from timeline.errors import InputError
from timeline.readers.decode import (
    FROM_JSON,
    Draft,
    clean_text,
    decode_bytes,
    read_limited,
    regular_file_size,
    sniff_binary,
    too_large,
)

#: A JSON lines file whose first this-many non-blank lines all fail is not read further.
MAX_BAD_LINES_FIRST = 20


def _string(record: dict[str, object], *keys: str) -> str | None:
    """The first of ``keys`` holding a non-blank string, stripped; None if none does."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, dict):  # e.g. {"source": {"name": "Reuters"}}
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return clean_text(value).strip()
    return None


def draft_from_record(record: object, where: str, line: int | None = None) -> Draft:
    """A Draft from one decoded JSON value, which must be an object with a ``text`` string."""
    if not isinstance(record, dict):
        found = "a list" if isinstance(record, list) else f"a {type(record).__name__}"
        hint = " (use .jsonl for one article a line)" if isinstance(record, list) else ""
        raise InputError(f"expected one JSON object, found {found}{hint}", where, line)
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        raise InputError("'text' field must be a string", where, line)
    if not text or not text.strip():
        raise InputError("missing 'text' field", where, line)
    raw_id = record.get("id")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    elif raw_id is not None and not isinstance(raw_id, str):
        raise InputError("'id' field must be a string", where, line)
    article_id = clean_text(raw_id).strip() if isinstance(raw_id, str) else ""
    published = record.get("published")
    if published is None or (isinstance(published, str) and not published.strip()):
        published = record.get("date")
    if isinstance(published, str) and not published.strip():
        published = None
    lang = record.get("lang")
    return Draft(
        text=clean_text(text),
        title=" ".join(clean_text(_string(record, "title") or "").split()),
        url=_string(record, "url"),
        outlet=_string(record, "outlet", "source"),
        published=None if published is None else str(published),
        published_from=FROM_JSON if published is not None else None,
        lang=lang if isinstance(lang, str) else None,
        id=article_id or None,
        line=line,
    )


def parse_json(source: str, where: str, line: int | None = None) -> object:
    """``json.loads`` with errors as InputError giving the decoder's line and column."""
    try:
        return json.loads(source)
    except json.JSONDecodeError as exc:
        at = f"column {exc.colno}" if line is not None else f"line {exc.lineno} column {exc.colno}"
        raise InputError(f"malformed JSON: {exc.msg} at {at}", where, line) from None
    except (ValueError, RecursionError) as exc:  # e.g. 5,000-digit numbers, deep nesting
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise InputError(f"malformed JSON: {reason}", where, line) from None


def read_json(path: str | os.PathLike[str], limit: int) -> Draft:
    """Read one ``.json`` file holding one article object."""
    where = str(path)
    source = decode_bytes(read_limited(path, limit), where)
    return draft_from_record(parse_json(source, where), where)


def _lines(f: IO[bytes], limit: int) -> Iterator[tuple[bytes, int]]:
    """``(line, bytes consumed)`` pairs; a line longer than ``limit`` comes back empty-handed.

    Reads at most ``limit + 1`` bytes at a time: an over-long line is skipped to its
    end in chunks and returned as ``(b"", size)`` with ``size > limit``.
    """
    while True:
        raw = f.readline(limit + 1)
        if not raw:
            return
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield raw, len(raw)
            continue
        size = len(raw)
        while chunk := f.readline(1 << 20):
            size += len(chunk)
            if chunk.endswith(b"\n"):
                break
        yield b"", size


def read_jsonl(path: str | os.PathLike[str], limit: int,
               total_limit: int) -> Iterator[Draft | InputError]:
    """Read a ``.jsonl`` file: a Draft per good line, an InputError per bad one.

    File-level problems (missing, too large, binary, UTF-16) raise InputError before
    anything is yielded. Blank lines are skipped; each line is limited to ``limit``
    bytes and the file to ``total_limit`` bytes.
    """
    where = str(path)
    size = regular_file_size(path)
    if size > total_limit:
        raise InputError(too_large(size, total_limit, env="TIMELINE_MAX_JSONL_BYTES"), where)
    with open(path, "rb") as f:  # an OSError here is reported by the caller, naming the file
        head = f.read(16)
        kind = sniff_binary(head)
        if kind:
            raise InputError(f"binary file (looks like {kind}), not a text article", where)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise InputError("JSON lines file is UTF-16; save it as UTF-8", where)
        f.seek(0)
        yield from _read_lines(f, where, limit, total_limit)


def _read_lines(f: IO[bytes], where: str, limit: int,
                total_limit: int) -> Iterator[Draft | InputError]:
    total = good = bad = 0
    for number, (raw, size) in enumerate(_lines(f, limit), 1):
        total += size
        if total > total_limit:
            yield InputError(too_large(total, total_limit, env="TIMELINE_MAX_JSONL_BYTES"),
                             where, number)
            return
        if size > limit:
            outcome: Draft | InputError = InputError(too_large(size, limit, "line"), where, number)
        else:
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if not raw.strip():
                continue
            try:
                source = decode_bytes(raw, where, line=number)
                outcome = draft_from_record(parse_json(source, where, number), where, number)
            except InputError as exc:
                outcome = exc
        if isinstance(outcome, Draft):
            good += 1
        else:
            bad += 1
        yield outcome
        if not good and bad >= MAX_BAD_LINES_FIRST:
            yield InputError(f"stopped after {bad} bad lines and no article: "
                             "is this a JSON lines file?", where, number)
            return
    if not good and not bad:
        yield InputError("empty file", where)
