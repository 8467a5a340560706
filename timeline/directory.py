"""Every actor with every name it goes by, in both languages: find one by any of them.

The dashboard's actor search, ``timeline actors find``, ``timeline actors alias`` and
``timeline export --actor`` all look actors up here. A query and the names are compared
folded (hamza forms, taa marbuta, alef maqsura, diacritics and tatweel as in
``normalize.fold``, letter case ignored), so "موسكو", "لافرينتييف", "moscow" and "RUS" all
find their actor. An actor's Arabic name is its Arabic alias of form ``name``.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from timeline import config
from timeline import lexicon as lx
from timeline.errors import TimelineError
from timeline.normalize import fold

LANGS = ("ar", "en")


def key(text: str) -> str:
    """The form names are compared in: folded, lower case, single spaces."""
    return " ".join(fold(text).casefold().split())


@dataclass(frozen=True)
class Entry:
    """One actor: id, English name, kind, code, and its names per language."""

    id: str
    name: str
    kind: str
    code: str
    names: dict[str, tuple[str, ...]]

    @property
    def ar_name(self) -> str:
        return (self.names.get("ar") or ("",))[0]

    def label(self, lang: str = "en") -> str:
        return (self.ar_name or self.name) if lang == "ar" else self.name

    def line(self) -> str:
        names = " / ".join(n for lang in LANGS for n in self.names.get(lang, ()))
        return f"{self.id}\t{self.code}\t{self.kind}\t{names}"


class Directory:
    """The actors of ``data/`` (and of the user file beside a store), searchable by name."""

    def __init__(self, registry: lx.Registry, aliases: dict[str, list[tuple[str, str, str]]]):
        per_actor: dict[str, dict[str, list[str]]] = {}
        for lang in LANGS:
            # the name form first: it is the actor's name in that language
            for alias, actor_id, form in sorted(aliases.get(lang, []),
                                                key=lambda a: a[2] != "name"):
                known = per_actor.setdefault(actor_id, {}).setdefault(lang, [])
                if alias not in known:
                    known.append(alias)
        self.entries: dict[str, Entry] = {}
        for actor_id, rows in registry.rows.items():
            row = rows[-1]
            names = {lang: tuple(v) for lang, v in per_actor.get(actor_id, {}).items()}
            if row.name not in names.get("en", ()):
                names["en"] = (row.name, *names.get("en", ()))
            self.entries[actor_id] = Entry(actor_id, row.name, row.kind, row.code, names)
        self._keys: dict[str, list[str]] = {}  # folded name -> actor ids
        for e in self.entries.values():
            for n in {key(x) for lang in LANGS for x in e.names.get(lang, ())} | {key(e.id)}:
                self._keys.setdefault(n, []).append(e.id)
        by_key: dict[tuple[str, str, str], Entry] = {}
        by_name: dict[str, Entry] = {}
        for e in self.entries.values():
            by_key.setdefault((e.code, e.kind, e.name), e)
            by_name.setdefault(e.name, e)
        self._by_key, self._by_name = by_key, by_name

    # -- looking up --------------------------------------------------------------
    def by_key(self, actor_key: str) -> Entry | None:
        """The actor of a frame's actor key ``CODE|kind|Name``."""
        code, kind, name = (actor_key.split("|", 2) + ["", ""])[:3]
        return self._by_key.get((code, kind, name)) or self.named(name)

    def named(self, name: str) -> Entry | None:
        """The actor whose English name is ``name`` (the first in file order)."""
        return self._by_name.get(name)

    def for_code(self, code: str) -> list[Entry]:
        """The states, organisations and groups that count for ``code`` (no people)."""
        return [e for e in self.entries.values() if e.code == code and e.kind != "person"]

    def find(self, text: str, limit: int = 20) -> list[Entry]:
        """Actors whose id, code or a name matches ``text``: exact names first, then
        names starting with it, then names containing it."""
        q = key(text)
        if not q:
            return []
        exact = list(self._keys.get(q, []))
        exact += [e.id for e in self.entries.values() if e.code.casefold() == q
                  and e.kind != "person"]
        starts, inside = [], []
        if len(q) >= 2:
            for name, ids in self._keys.items():
                if name != q and name.startswith(q):
                    starts.extend(ids)
                elif q in name and name != q:
                    inside.extend(ids)
        near = [i for name in difflib.get_close_matches(q, list(self._keys), n=5, cutoff=0.75)
                for i in self._keys[name]]  # a misspelling finds the nearest names last
        ordered = list(dict.fromkeys(exact + starts + inside + near))
        return [self.entries[i] for i in ordered[:limit]]

    def resolve(self, text: str) -> Entry:
        """The one actor ``text`` names (an id, a code or any name); an error naming the
        closest actors when it names none, or several that do not share a code."""
        q = key(text)
        if text in self.entries:
            return self.entries[text]
        exact = [self.entries[i] for i in dict.fromkeys(
            self._keys.get(q) or self._keys.get(q.removeprefix("the "), []))]
        if not exact:
            states = self.for_code(text.strip().upper())
            if states:
                return states[0]
            raise TimelineError(f"no actor named {text!r}" + self.suggest(text))
        bodies = [e for e in exact if e.kind != "person"]
        return (bodies or exact)[0]

    def selection(self, text: str) -> str:
        """What a filter selects for ``text`` (``Filters.actors``): a code (a state,
        organisation or group with everyone acting for it) or a ``CODE|kind|Name`` key
        (one person or body). Any name or alias in either script resolves; one that names
        nothing is an error naming the closest actors."""
        text = text.strip()
        if "|" in text or (text.isupper() and self.for_code(text)):
            return text
        entry = self.resolve(text)
        primary = self.for_code(entry.code)
        if entry.kind != "person" and primary and primary[0].id == entry.id:
            return entry.code
        return f"{entry.code}|{entry.kind}|{entry.name}"

    def suggest(self, text: str, n: int = 5) -> str:
        """``"; closest: ..."`` naming the actors with the nearest names (or nothing)."""
        q = key(text)
        near = difflib.get_close_matches(q, list(self._keys), n=n * 2, cutoff=0.6)
        found = list(dict.fromkeys(i for name in near for i in self._keys[name]))
        if not found:
            return ""
        shown = [f"{self.entries[i].name} ({self.entries[i].code}, id {i})" for i in found[:n]]
        return "; closest: " + ", ".join(shown)


@lru_cache(maxsize=4)
def _load(db: str | None, stamp: tuple) -> Directory:
    user = config.user_data_file(Path(db)) if db else None
    registry = lx.load_registry(user)
    aliases = {lang: lx.load_aliases(lang, registry, config.user_aliases_file(user, lang)
                                     if user else None) for lang in LANGS}
    return Directory(registry, aliases)


def load(db: Path | None = None) -> Directory:
    """The directory of ``data/`` plus the user file beside ``db`` (cached until a file
    changes)."""
    paths = [lx.data_dir() / "actors.tsv"] + [lx.data_dir() / lang / "aliases.tsv"
                                              for lang in LANGS]
    if db is not None:
        user = config.user_data_file(Path(db))
        paths += [user] + [config.user_aliases_file(user, lang) for lang in LANGS]
    stamp = tuple((str(p), p.stat().st_mtime_ns if p.exists() else 0) for p in paths)
    return _load(str(db) if db is not None else None, stamp)
