"""The analyst's extension of ``data/``: actors and aliases kept beside the store.

Beside ``timeline.db`` live ``timeline.actors.tsv`` (the columns of ``data/actors.tsv``)
and ``timeline.aliases.ar.tsv`` / ``timeline.aliases.en.tsv`` (the columns of
``data/<lang>/aliases.tsv``). ``lexicon`` reads them after ``data/``; ``add_actor`` and
``add_alias`` write them, refusing what the loader would refuse; ``reextract`` runs the
extractor again over every stored article with them, keeping the analyst's corrections.
"""
from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from timeline import config, safefile
from timeline import lexicon as lx
from timeline.errors import TimelineError
from timeline.model import KINDS, Actor, content_hash
from timeline.normalize import fold

LANGS = ("ar", "en")
_CODE = re.compile(r"[A-Z][A-Z0-9]{1,11}")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_PRESENTATION = re.compile(r"[\ufb50-\ufdff\ufe70-\ufeff]")


def actors_file(db: Path) -> Path:
    return config.user_data_file(db)


def aliases_file(db: Path, lang: str) -> Path:
    return config.user_aliases_file(config.user_data_file(db), lang)


def script_lang(text: str) -> str:
    """``ar`` for text in Arabic script, else ``en``."""
    return "ar" if _ARABIC.search(text) else "en"


def _clean(value: str, what: str, limit: int = 200) -> str:
    value = "".join(unicodedata.normalize("NFKC", c) if _PRESENTATION.match(c) else c
                    for c in " ".join((value or "").split()))  # typed in presentation forms
    value = unicodedata.normalize("NFC", value)
    if not value:
        raise TimelineError(f"{what} is empty")
    if len(value) > limit or any(unicodedata.category(c) == "Cc" for c in value):
        raise TimelineError(f"{what} must be one line of at most {limit} characters")
    return value


def _append(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """Add ``rows`` to a TSV file (created with ``header``); the file is replaced whole, so a
    reader never sees half a line."""
    old = path.read_text(encoding="utf-8") if path.exists() else "\t".join(header) + "\n"
    if old and not old.endswith("\n"):
        old += "\n"
    buf = io.StringIO()
    # no quoting: a quote in a name is written as it is (and read so, see lexicon.read_tsv)
    writer = csv.writer(buf, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None,
                        lineterminator="\n")
    writer.writerows(rows)
    with safefile.replacing(path) as fh:
        fh.write(old + buf.getvalue())


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "actor-" + content_hash(name, length=8)


def registry(db: Path) -> lx.Registry:
    """``data/actors.tsv`` plus the user's actors."""
    return lx.load_registry(actors_file(db))


def add_actor(db: Path, name: str, code: str, kind: str,
              aliases: Sequence[tuple[str, str | None]] = (), actor_id: str | None = None) -> str:
    """Add an actor (and its ``(alias, lang)`` pairs; its name is always one) to the user
    file beside ``db``; returns its id. A taken id, a bad code or kind is refused."""
    name = _clean(name, "name")
    code = (code or "").strip().upper()
    if not _CODE.fullmatch(code):
        raise TimelineError(f"code must be 2-12 capital letters or digits, got {code!r}")
    if kind not in KINDS:
        raise TimelineError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    reg = registry(db)
    actor_id = _clean(actor_id, "id", 80) if actor_id else _slug(name)
    if not re.fullmatch(r"[\w.-]+", actor_id):
        raise TimelineError(f"id may hold letters, digits, '.', '_' and '-' only: {actor_id!r}")
    if actor_id in reg.rows:
        raise TimelineError(f"actor {actor_id!r} exists already (add an alias with "
                            f"'timeline actors alias {actor_id} ...', or give another --id)")
    pairs = [(name, script_lang(name))] + [(a, lang or script_lang(a)) for a, lang in aliases]
    for alias, lang in pairs:
        _check_alias(db, reg, _clean(alias, "alias"), lang, actor_id)
    _append(actors_file(db), lx.ACTOR_COLUMNS, [(actor_id, name, kind, code, "", "")])
    reg = registry(db)
    for n, (alias, lang) in enumerate(pairs):
        add_alias(db, actor_id, alias, lang, form="name" if n == 0 else "variant", reg=reg)
    return actor_id


def _check_alias(db: Path, reg: lx.Registry, alias: str, lang: str, actor_id: str) -> bool:
    """False when ``alias`` already names ``actor_id``; an error when it names another."""
    if lang not in LANGS:
        raise TimelineError(f"language must be ar or en, got {lang!r}")
    known = fold(alias)
    for other, other_id, _form in lx.load_aliases(lang, reg, aliases_file(db, lang)):
        if fold(other) == known:
            if other_id == actor_id:
                return False
            raise TimelineError(f"alias {alias!r} names {other_id!r} already")
    return True


def add_alias(db: Path, actor_id: str, alias: str, lang: str | None = None,
              form: str = "variant", reg: lx.Registry | None = None) -> bool:
    """Add ``alias`` (in ``lang``, default: from its script) of a known actor to the user
    file; False if it was there already. An alias of another actor is refused."""
    alias = _clean(alias, "alias")
    lang = lang or script_lang(alias)
    reg = reg or registry(db)
    if actor_id not in reg.rows:
        raise TimelineError(f"no actor {actor_id!r} in data/actors.tsv or {actors_file(db)}")
    if form not in lx.ALIAS_FORMS:
        raise TimelineError(f"form must be one of {', '.join(lx.ALIAS_FORMS)}")
    if not _check_alias(db, reg, alias, lang, actor_id):
        return False
    _append(aliases_file(db, lang), lx.ALIAS_COLUMNS, [(alias, actor_id, form)])
    return True


# -- extraction with the user's data -----------------------------------------------------
@dataclass
class Reextracted:
    articles: int = 0
    changed: int = 0
    events: int = 0
    failed: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"articles: {self.articles} re-extracted, {self.changed} changed, "
                f"{len(self.failed)} failed; events now: {self.events}")


def reextract(store, db: Path, report: Callable[[str], None] | None = None) -> Reextracted:
    """Extract every stored article again with ``data/`` and the user's files, replacing
    its extracted events (one transaction per article). Corrections are kept apart and
    apply to the new events; one failing article never stops the rest."""
    from timeline.extraction import extract_one
    out = Reextracted()

    def fail(message: str) -> None:
        out.failed.append(message)
        (report or _stderr)(message)

    for meta in store.articles():
        article = store.article(meta["id"])
        if article is None:
            continue
        events = extract_one(article, db, where=meta["id"])
        if isinstance(events, TimelineError):
            fail(str(events))
            continue
        try:
            out.changed += store.replace_events(article.id, events)
        except TimelineError as err:
            fail(str(err))
            continue
        out.articles += 1
        out.events += len(events)
    return out


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def actors_from_codes(text: str | None, db: Path,
                      keep: Sequence[Actor] = ()) -> tuple[Actor, ...]:
    """Actors from codes typed by an analyst (``RUS USA``, or ``CODE|kind|Name`` for one
    actor, several separated by commas): an actor of ``keep`` with that code stays (a person keeps standing for their
    state), else the state or organisation with that code in ``data/`` or the user file."""
    out: list[Actor] = []
    reg: lx.Registry | None = None
    parts = re.split(r"[,;]", text or "")
    tokens = [t for p in parts for t in ([p.strip()] if "|" in p else p.split())]
    for token in tokens:
        if not token:
            continue
        if "|" in token:
            code, kind, name = (token.split("|", 2) + ["", ""])[:3]
            if not _CODE.fullmatch(code.upper()) or kind not in KINDS or not name:
                raise TimelineError(f"not CODE|kind|Name: {token!r}")
            out.append(Actor(name, code.upper(), kind))
            continue
        code = token.upper()
        kept = next((a for a in keep if a.code == code), None)
        if kept is not None:
            out.append(kept)
            continue
        reg = reg or registry(db)
        row = reg.by_code(code)
        if row is None:
            raise TimelineError(f"no state, organisation or group has the code {code!r}")
        out.append(Actor(row.name, row.code, row.kind))
    return tuple(dict.fromkeys(out))
