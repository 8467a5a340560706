"""Input readers: files and folders in, one :class:`~timeline.model.Article` per article out.

``read_paths`` walks folders (sorted, hidden entries skipped, symlink loops cut),
sends each file to the reader for its suffix and turns what it found into an
Article, applying the one policy shared by all formats: the command line's date
and language win, then the file's own, then language detection; ids come from the
file, else the URL, else the file's path. Bad input never raises: it is yielded as
an :class:`~timeline.errors.InputError` naming the file (and line).
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from timeline import config
from timeline.errors import InputError, TimelineError
from timeline.model import Article
from timeline.readers.decode import Draft, os_error_message, parse_published
from timeline.readers.html import read_html
from timeline.readers.jsonfile import read_json, read_jsonl
from timeline.readers.lang import detect_lang, known_lang
from timeline.readers.text import read_text

__all__ = ["SUFFIXES", "detect_lang", "parse_published", "read_paths"]

#: File suffixes read (lower case) and the format each one holds.
SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl"}
FROM_CLI = "cli"


def read_paths(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], *,
               published: date | None = None, lang: str | None = None,
               max_bytes: int | None = None) -> Iterator[Article | TimelineError]:
    """Read every article in ``paths`` (files and folders), yielding Articles and errors.

    Folders are walked recursively in sorted order, reading ``.txt``, ``.html``/``.htm``,
    ``.json`` (one article) and ``.jsonl`` (one article a line) and skipping other and
    hidden files; a file named explicitly must have one of those suffixes. ``published``
    overrides every date found in the files, ``lang`` (``"ar"``/``"en"``) overrides
    detection, and ``max_bytes`` replaces ``config.MAX_FILE_BYTES`` (for JSON lines, the
    limit per line). An unknown ``lang`` raises InputError at once; all problems with the
    input are yielded, in order, as InputError objects.
    """
    if lang is not None and known_lang(lang) is None:
        raise InputError(f"unknown language {lang!r} (expected 'ar' or 'en')")
    if isinstance(published, datetime):
        published = published.date()
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    limit = config.MAX_FILE_BYTES if max_bytes is None else max_bytes
    return _read_all(paths, published, known_lang(lang), limit)


def _read_all(paths: Iterable[str | os.PathLike[str]], published: date | None,
              lang: str | None, limit: int) -> Iterator[Article | TimelineError]:
    for path in paths:
        for found in iter_files(path):
            if isinstance(found, InputError):
                yield found
                continue
            for draft in _drafts(found, limit):
                if isinstance(draft, InputError):
                    yield draft
                    continue
                try:
                    yield make_article(draft, found, published=published, lang=lang)
                except InputError as exc:
                    yield exc


def iter_files(path: str | os.PathLike[str]) -> Iterator[Path | InputError]:
    """The article files ``path`` stands for: itself, or the files of a folder walked safely.

    A named file must have a known suffix; a missing path is an error. Folders are
    walked depth first in name order, skipping hidden entries and files with other
    suffixes; a directory whose real path was already visited (a symlink loop) is
    not entered again, and unreadable folders are yielded as errors.
    """
    p = Path(path)
    if p.is_dir():
        yield from _walk(p)
    elif not os.path.lexists(p):
        yield InputError("no such file or directory", str(p))
    elif p.suffix.lower() not in SUFFIXES:
        known = ", ".join(sorted(SUFFIXES))
        yield InputError(f"unsupported file type {p.suffix or '(no suffix)'!r} "
                         f"(expected one of {known})", str(p))
    else:
        yield p


def _listing(folder: Path) -> list[os.DirEntry[str]] | InputError:
    try:
        with os.scandir(folder) as entries:
            visible = [e for e in entries if not e.name.startswith(".")]
    except OSError as exc:
        return InputError(os_error_message(exc), str(folder))
    return sorted(visible, key=lambda e: e.name)


def _walk(root: Path) -> Iterator[Path | InputError]:
    visited = {os.path.realpath(root)}
    first = _listing(root)
    if isinstance(first, InputError):
        yield first
        return
    stack = [iter(first)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows symbolic links
        except OSError:
            is_dir = False
        if not is_dir:
            if path.suffix.lower() in SUFFIXES:
                yield path
            continue
        real = os.path.realpath(path)
        if real in visited:
            continue
        visited.add(real)
        listing = _listing(path)
        if isinstance(listing, InputError):
            yield listing
        else:
            stack.append(iter(listing))


def _drafts(path: Path, limit: int) -> Iterator[Draft | InputError]:
    """What the reader for ``path``'s suffix finds, with every failure as an InputError."""
    where = str(path)
    kind = SUFFIXES[path.suffix.lower()]
    try:
        if kind == "jsonl":
            yield from read_jsonl(path, limit, config.MAX_JSONL_BYTES)
        elif kind == "json":
            yield read_json(path, limit)
        elif kind == "html":
            yield read_html(path, limit)
        else:
            yield read_text(path, limit)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(os_error_message(exc), where)
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the batch
        yield InputError(f"internal error while reading: {type(exc).__name__}: {exc}", where)


def url_id(url: str) -> str:
    """The id of an article known by its URL: ``url-`` and 16 hex digits of its SHA-256."""
    return "url-" + hashlib.sha256(url.encode("utf-8", "replace")).hexdigest()[:16]


def path_id(path: str | os.PathLike[str], line: int | None = None) -> str:
    """The id of an article known only by its file: stem, 8 hex digits of the real path's
    SHA-256, and ``-L<line>`` for a JSON line."""
    real = os.fsencode(os.path.realpath(path))
    suffix = f"-L{line}" if line is not None else ""
    return f"{shown_path(Path(path).stem)}-{hashlib.sha256(real).hexdigest()[:8]}{suffix}"


def shown_path(path: str | os.PathLike[str]) -> str:
    """``path`` as text that can be stored and printed: bytes of a file name that are not
    UTF-8 (kept by Python as lone surrogates) become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def make_article(draft: Draft, path: str | os.PathLike[str], *, published: date | None = None,
                 lang: str | None = None) -> Article:
    """The Article for ``draft`` read from ``path``: dates, language and id decided.

    Date: ``published`` (the command line), else the file's own (validated with
    :func:`parse_published`, so a bad one raises InputError), else None. Language:
    ``lang``, else the file's ``lang`` when it is "ar" or "en", else :func:`detect_lang`.
    """
    where = shown_path(path)
    when: date | None = None
    source: str | None = None
    if published is not None:
        when, source = published, FROM_CLI
    elif draft.published is not None:
        when, source = parse_published(draft.published, where, draft.line), draft.published_from
    return Article(
        id=draft.id or (url_id(draft.url) if draft.url else path_id(path, draft.line)),
        text=draft.text,
        lang=lang or known_lang(draft.lang) or detect_lang(draft.text),
        published=when,
        title=draft.title,
        url=draft.url,
        outlet=draft.outlet,
        path=where if draft.line is None else f"{where}:{draft.line}",
        published_from=source,
    )
