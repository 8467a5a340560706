"""Default paths and limits. The store: ``--db`` > ``TIMELINE_DB`` > ``data/timeline.db``."""
from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = Path(os.environ.get("TIMELINE_DATA_DIR", PROJECT_DIR / "data"))
ASSETS_DIR = PROJECT_DIR / "assets"
SAMPLES_DIR = DATA_DIR / "samples"


_MOST_BYTES = 2 ** 50  # a petabyte: what a size limit above it means


def _env_bytes(name: str, default: int) -> int:
    """A size limit from the environment; a value that is not a positive whole number of
    bytes is named in a one-line warning on stderr and the default is used."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if value.isascii() and value.isdigit() and int(value) > 0:
        if len(value) > 18 or int(value) > _MOST_BYTES:
            print(f"timeline: warning: {name}={value[:40]!r} is more than any file; "
                  f"using {_MOST_BYTES}", file=sys.stderr)
            return _MOST_BYTES
        return int(value)
    print(f"timeline: warning: {name}={value[:40]!r} is not a number of bytes; "
          f"using {default}", file=sys.stderr)
    return default


#: Files larger than this are refused (an article is a few kB; a scraper dump is not).
MAX_FILE_BYTES = _env_bytes("TIMELINE_MAX_BYTES", 5 * 1024 * 1024)
#: A JSON lines file may be large (one article a line); each line is limited instead.
MAX_JSONL_BYTES = _env_bytes("TIMELINE_MAX_JSONL_BYTES", 2 * 1024 * 1024 * 1024)


def default_db(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the store lives: explicit argument, else ``TIMELINE_DB``, else ``data/timeline.db``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("TIMELINE_DB")
    if env:
        return Path(env)
    return DATA_DIR / "timeline.db"


def default_gold() -> Path:
    """The gold folder ``timeline evaluate`` reads when given none: the shared one beside
    the project (``../shared/gold/dev``)."""
    return PROJECT_DIR.parent / "shared" / "gold" / "dev"


def user_data_file(db: Path) -> Path:
    """The user's extension of ``data/`` (aliases, people) kept beside the store."""
    return db.with_name(db.stem + ".actors.tsv")


def user_aliases_file(user_file: Path, lang: str) -> Path:
    """The user's aliases in ``lang`` beside the user actors file ``user_file``:
    ``timeline.actors.tsv`` -> ``timeline.aliases.ar.tsv`` (same columns as
    ``data/ar/aliases.tsv``)."""
    name = user_file.name
    stem = name[: -len(".actors.tsv")] if name.endswith(".actors.tsv") else user_file.stem
    return user_file.with_name(f"{stem}.aliases.{lang}.tsv")
