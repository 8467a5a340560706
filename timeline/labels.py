"""Data shown in the interface language: types, statuses, precisions, actor names, captions.

The frame holds English names and the event types' own names; ``Labels`` turns them into
what the page (or an exported chart) of one interface language shows. Actors are named
by their Arabic name where ``data/ar/aliases.tsv`` has one (form ``name``).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from timeline import directory, figures
from timeline.errors import DataFileError
from timeline.filters import Filters, Wording, english
from timeline.lexicon import data_dir, load_ui, read_tsv

LRI, PDI = "\u2068", "\u2069"  # first-strong isolate: a name keeps its own direction


def isolate(text: str) -> str:
    return f"{LRI}{text}{PDI}" if text else text


@dataclass(frozen=True)
class Labels:
    """The labels of one interface language (``ui``) and the actor names to show."""

    lang: str
    ui: Mapping[str, str]
    actors: directory.Directory

    def type(self, typ: str) -> str:
        return self.ui.get(f"type_{typ}", typ)

    def status(self, status: str) -> str:
        return self.ui.get(f"status_{status}", status)

    def precision(self, precision: str) -> str:
        return self.ui.get(f"precision_{precision}", precision)

    def name(self, english: str) -> str:
        """An actor's English name (as the frame holds it) in the interface language."""
        if self.lang != "ar":
            return english
        return self._ar_names().get(english, english)

    def code(self, code: str) -> str:
        """An actor code as shown: the Arabic name of the state or body it stands for."""
        if self.lang != "ar":
            return code
        bodies = self.actors.for_code(code)
        return bodies[0].ar_name or code if bodies else code

    def names(self, joined: str | None) -> str:
        """``"United States; Russia"`` (the frame's form) shown, each name isolated."""
        if not joined:
            return "?"
        return "؛ ".join(isolate(self.name(n)) for n in joined.split("; ")) \
            if self.lang == "ar" else joined

    def key(self, actor_key: str) -> str:
        """A ``CODE|kind|Name`` selection or a code, as shown."""
        if "|" not in actor_key:
            return self.code(actor_key)
        return self.name(actor_key.rsplit("|", 1)[-1])

    def date_note(self, note: str | None) -> tuple[str, bool]:
        """A date note in the interface language, and whether all of it is (a part that
        ``data/<lang>/notes.tsv`` does not know stays as written)."""
        if not note or self.lang == "en":
            return note or "", True
        rules = _note_rules(self.lang)
        parts = [_note_part(p.strip(), rules) for p in note.split(";")]
        return "؛ ".join(text for text, _ in parts), all(ok for _, ok in parts)

    def _ar_names(self) -> dict[str, str]:
        return _ar_names(self.actors)

    def words(self) -> figures.Words:
        """What the figures say in this language."""
        if self.lang == "en":
            return figures.ENGLISH_WORDS
        text = {k[4:]: v for k, v in self.ui.items() if k.startswith("fig_")}
        return figures.Words(
            types={t: self.type(t) for t in _types()}, statuses={s: self.status(s) for s in
                                                                  ("occurred", "planned")},
            text=text, name=self.name, code=self.code)

    # -- captions --------------------------------------------------------------------
    def wording(self) -> Wording:
        """How a caption of the filters reads in the interface language."""
        if self.lang == "en":
            return english()
        ui = self.ui
        return Wording(ui, key=lambda a: isolate(self.key(a)),
                       code=lambda c: isolate(self.code(c)), type=self.type,
                       lang=lambda la: ui.get(f"lang_{la}", la), mark=isolate,
                       comma="، ", semicolon="؛ ", arrow="←")

    def describe(self, f: Filters) -> str:
        """``Filters.describe()`` in the interface language."""
        return f.describe(self.wording())


@lru_cache(maxsize=8)
def _ar_names(actors: directory.Directory) -> dict[str, str]:
    out: dict[str, str] = {}
    for e in actors.entries.values():
        if e.ar_name:
            out.setdefault(e.name, e.ar_name)
    return out


@lru_cache(maxsize=2)
def _note_rules(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    path = data_dir() / lang / "notes.tsv"
    if not path.exists():
        return ()
    rules = []
    for lineno, row in read_tsv(path, ("pattern", "text")):
        try:
            rules.append((re.compile(row["pattern"]), row["text"]))
        except re.error as err:
            raise DataFileError(f"not a regular expression: {err}", str(path), lineno) from err
    return tuple(rules)


def _note_part(part: str, rules: tuple[tuple[re.Pattern[str], str], ...]) -> tuple[str, bool]:
    """One part of a date note translated by the first rule matching all of it; each
    group is translated in turn where a rule matches it whole (weekday names)."""
    if not re.search(r"[A-Za-z]", part):
        return part, True
    for pattern, text in rules:
        m = pattern.fullmatch(part)
        if m:  # a quoted group is the article's own words: kept as written
            done = [(g, True) if not g else (g, not re.search(r"[A-Za-z]", g))
                    if f"«{{{i}}}»" in text else _note_part(g, rules)
                    for i, g in enumerate(m.groups(), 1)]
            # each group isolated: a date keeps its order (2016-03-22) in a right-to-left line
            return (text.format(None, *(isolate(g) for g, _ in done)),
                    all(ok for _, ok in done))
    return part, False


def _types() -> tuple[str, ...]:
    from timeline.model import EVENT_TYPES
    return EVENT_TYPES


def labels(lang: str, db: Path | None = None) -> Labels:
    """The labels of interface language ``lang`` (``en`` or ``ar``), with the actors of
    ``data/`` and the user file beside the store ``db``."""
    lang = lang if lang in ("en", "ar") else "en"
    return Labels(lang, load_ui(lang), directory.load(db))
