"""What tells a store of this tool from any other file: its mark (``PRAGMA
application_id``), its schema version (``PRAGMA user_version``) and its tables.

``Store`` reads them, read-only, before it writes anything; ``judge`` decides. The
folder of a new store is made by ``make_folder``.
"""
from __future__ import annotations

from pathlib import Path

from timeline.errors import StoreError

SCHEMA_VERSION = 2  # 2: corrections
#: ``PRAGMA application_id`` of a store ("TMLN"): what tells a store from any other database.
APPLICATION_ID = 0x544D4C4E
#: The tables of a store (``store.SCHEMA``), and the columns only its articles table has.
TABLES = frozenset({"articles", "actors", "events", "event_actors", "meta", "corrections"})
OWN_COLUMNS = frozenset({"id", "url", "title", "lang", "text", "text_hash", "ingested_at"})


def judge(path: Path, mark: int, version: int, tables: set[str], columns: set[str]) -> bool:
    """Whether a file read as SQLite (its ``mark``, schema ``version``, ``tables`` and the
    ``columns`` of its articles table) is a store of this tool from before the mark (True:
    marked on opening) or a store (False); anything else is refused (``StoreError``).

    An SQLite database with no table at all becomes a store; a store of this tool from
    before the mark has exactly this tool's tables, with its version table; anything
    else (another program's database, another mark) is refused."""
    if mark == APPLICATION_ID or (mark == 0 and version == 0 and not tables):
        return False
    if mark != 0:
        raise StoreError(f"not a timeline store: an SQLite database of another program "
                         f"(application id {mark:#x})", str(path))
    if version in (1, SCHEMA_VERSION) and TABLES - {"corrections"} <= tables <= TABLES \
            and OWN_COLUMNS <= columns:
        return True
    raise StoreError("not a timeline store: an SQLite database without this tool's mark ("
                     + (", ".join(sorted(tables)[:5]) or "no tables") + ")", str(path))


def make_folder(path: Path) -> None:
    """The folder of the store file ``path``, made if missing."""
    if path.parent and not path.parent.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"cannot create folder: {err.strerror}", str(path)) from err
