"""The tool's own errors: one line each, naming the file (and line) and the problem."""
from __future__ import annotations

import re

#: Characters that would break or disguise a line on a terminal: controls (newline,
#: escape codes) and the bidirectional embeddings, overrides and isolates (U+202E ...).
_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or \
        (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def shown(text: str) -> str:
    """``text`` safe to print on one line: controls and bidirectional overrides escaped
    (``\\n``, ``\\x1b``, ``\\u202e``), everything else as it is."""
    return _UNSHOWN.sub(_escape, text)


def marked(text: str) -> str:
    """``text`` with each bidirectional embedding, override or isolate shown as a visible
    mark (``[U+202E]``), so that it cannot reverse the text around it."""
    return BIDI_CONTROLS.sub(lambda m: f"[U+{ord(m.group(0)):04X}]", text)


class TimelineError(Exception):
    """An error the user can act on. ``str()`` is ``path:line: message``."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = shown(" ".join(str(message).split()))  # always one line
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{shown(str(self.path))}:"
            if self.line is not None:
                where += f"{self.line}:"
            where += " "
        return f"{where}{self.message}"


class UsageError(TimelineError):
    """A command-line value that names nothing (exit status 2, as for a bad option)."""


class InputError(TimelineError):
    """An input file that cannot be read as an article."""


class DataFileError(TimelineError):
    """A malformed row in one of the language data files under ``data/``."""


class StoreError(TimelineError):
    """The event store cannot be opened or written."""


class BatchLost(StoreError):
    """A batch's commit failed: its articles (``lost``, by path or id) were not stored."""

    def __init__(self, message: str, path: str | None = None, *, lost: list[str]) -> None:
        super().__init__(message, path)
        self.lost = lost
