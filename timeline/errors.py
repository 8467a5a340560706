"""The tool's own errors: one line each, naming the file (and line) and the problem."""
from __future__ import annotations


class TimelineError(Exception):
    """An error the user can act on. ``str()`` is ``path:line: message``."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = " ".join(str(message).split())  # always one line
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:"
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
