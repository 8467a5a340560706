"""Language data: the only module that reads ``data/``.

Each file is validated row by row; a bad row is a ``DataFileError`` naming
``file:line``. Entries are folded with ``normalize.fold`` so that matching runs on
normalised text. Nothing is kept here: each call reads its file again; the extractor
keeps what it loaded (``pipeline.resources``: ``data/`` once per language, the user's
files again whenever they change).
"""
from __future__ import annotations

import csv
import json
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from timeline import config
from timeline.errors import DataFileError


def data_dir() -> Path:
    return config.DATA_DIR


def read_tsv(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a tab-separated data file as dicts, with their line numbers.

    The first non-comment line must be the header and must start with ``columns``;
    lines starting with ``#`` and blank lines are skipped.
    """
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as err:
        raise DataFileError(f"cannot read data file: {err.strerror}", str(path)) from err
    with handle:
        header: list[str] | None = None
        for lineno, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
            if header is None:
                header = [c.strip() for c in cells]
                if tuple(header[: len(columns)]) != columns:
                    raise DataFileError(
                        f"header must start with {'/'.join(columns)}, got {'/'.join(header)}",
                        str(path), lineno)
                continue
            if len(cells) > len(header):
                raise DataFileError(f"{len(cells)} columns, header has {len(header)}", str(path), lineno)
            cells += [""] * (len(header) - len(cells))
            yield lineno, {k: v.strip() for k, v in zip(header, cells)}


def load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as err:
        raise DataFileError(f"cannot read data file: {err.strerror}", str(path)) from err
    except tomllib.TOMLDecodeError as err:
        raise DataFileError(f"not valid TOML: {err}", str(path)) from err


def load_ui(lang: str) -> dict[str, str]:
    """Interface labels of the dashboard for ``lang`` (``data/<lang>/ui.json``); a language
    other than ``ar`` and ``en`` (never a path) gives the English labels."""
    path = data_dir() / (lang if lang in ("ar", "en") else "en") / "ui.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise DataFileError(f"cannot read data file: {err.strerror}", str(path)) from err
    except json.JSONDecodeError as err:
        raise DataFileError(f"not valid JSON: {err.msg}", str(path), err.lineno) from err
    if not isinstance(data, dict):
        raise DataFileError("expected a JSON object of labels", str(path))
    return {str(k): str(v) for k, v in data.items()}


# --------------------------------------------------------------------------- actors
ACTOR_COLUMNS = ("id", "name", "kind", "code", "valid_from", "valid_to")
ALIAS_COLUMNS = ("alias", "actor_id", "form")
ALIAS_FORMS = ("name", "variant", "abbr", "demonym", "capital", "seat", "surname")
KINDS = ("state", "person", "igo", "ngo", "group")


@dataclass(frozen=True)
class ActorRow:
    id: str
    name: str
    kind: str
    code: str
    valid_from: date | None
    valid_to: date | None


@dataclass
class Registry:
    """Actors by id, each with one row per period in which its code holds."""

    rows: dict[str, list[ActorRow]] = field(default_factory=dict)
    _codes: dict[str, ActorRow] | None = field(default=None, init=False, repr=False, compare=False)

    def resolve(self, actor_id: str, when: date | None) -> ActorRow | None:
        rows = self.rows.get(actor_id)
        if not rows:
            return None
        if when is None:
            return rows[-1]
        for row in rows:
            if (row.valid_from is None or row.valid_from <= when) and \
                    (row.valid_to is None or when <= row.valid_to):
                return row
        return rows[-1] if rows[-1].valid_from and when >= rows[-1].valid_from else rows[0]

    def by_code(self, code: str) -> ActorRow | None:
        """The state/organisation row whose code is ``code`` (not a person): the first in
        file order. The index is built on first use (``load_registry`` fills ``rows``)."""
        if self._codes is None:
            index: dict[str, ActorRow] = {}
            for rows in self.rows.values():
                for row in rows:
                    if row.kind != "person":
                        index.setdefault(row.code, row)
            self._codes = index
        return self._codes.get(code)


def _iso(value: str, path: Path, lineno: int) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise DataFileError(f"not an ISO date: {value!r}", str(path), lineno) from err


def load_registry(extra: Path | None = None) -> Registry:
    """``data/actors.tsv`` (plus the user's extension file, if any)."""
    reg = Registry()
    paths = [data_dir() / "actors.tsv"] + ([extra] if extra and extra.exists() else [])
    for path in paths:
        for lineno, row in read_tsv(path, ACTOR_COLUMNS):
            if not row["id"] or not row["name"] or not row["code"]:
                raise DataFileError("id, name and code are required", str(path), lineno)
            if row["kind"] not in KINDS:
                raise DataFileError(f"unknown kind {row['kind']!r}", str(path), lineno)
            reg.rows.setdefault(row["id"], []).append(ActorRow(
                row["id"], row["name"], row["kind"], row["code"],
                _iso(row["valid_from"], path, lineno), _iso(row["valid_to"], path, lineno)))
    return reg


def load_aliases(lang: str, registry: Registry, extra: Path | None = None) -> list[tuple[str, str, str]]:
    """(alias, actor_id, form) rows of ``data/<lang>/aliases.tsv`` (+ user file)."""
    out: list[tuple[str, str, str]] = []
    paths = [data_dir() / lang / "aliases.tsv"] + ([extra] if extra and extra.exists() else [])
    for path in paths:
        for lineno, row in read_tsv(path, ALIAS_COLUMNS):
            if row["actor_id"] not in registry.rows:
                raise DataFileError(f"alias {row['alias']!r} names unknown actor {row['actor_id']!r}",
                                    str(path), lineno)
            form = row["form"] or "name"
            if form not in ALIAS_FORMS:
                raise DataFileError(f"unknown alias form {form!r}", str(path), lineno)
            if row["alias"]:
                out.append((row["alias"], row["actor_id"], form))
    return out


# --------------------------------------------------------------------------- patterns
TRIGGER_COLUMNS = ("pattern", "type", "voice", "status", "weight")
CUE_COLUMNS = ("cue", "kind")
ROLE_COLUMNS = ("phrase", "role", "kind")
DEBRIS_COLUMNS = ("phrase", "action")
VOICES = ("active", "passive", "agent", "noun")
CUE_KINDS = ("negation", "denial", "speech", "future", "modal", "agent", "self", "pronoun", "prep", "anaphor", "dual", "hold", "vague", "conditional", "generic", "object", "cause", "venue", "latter", "reference", "sameday", "complement", "aux", "recap", "possessive",
             "infinitive", "groupref", "notname", "conjunction", "article", "future_prefix",
             "imperfect_prefix", "purpose_prefix", "we_suffix", "role_gap",
             "coord", "break", "target", "counterpart", "abbrev", "clitic", "origin", "reciprocal", "relative", "particle", "receive", "family_first",
             "former")


@dataclass(frozen=True)
class Trigger:
    tokens: tuple[str, ...]  # folded; "w*" prefix, "~" gap ("~~" a wide one)
    type: str
    voice: str
    status: str
    weight: float
    pattern: str


def _fold_entry(text: str, lang: str) -> str:
    from timeline.normalize import fold
    folded = fold(text)
    return folded.lower() if lang == "en" else folded


def load_triggers(lang: str) -> list[Trigger]:
    from timeline.inflect import expand, noun_led
    from timeline.model import EVENT_TYPES, STATUSES
    path = data_dir() / lang / "triggers.tsv"
    out: list[Trigger] = []
    seen: set[tuple[tuple[str, ...], str]] = set()
    irregular = load_verbs(lang) if lang == "en" else {}
    verbs = load_verbs(lang) if lang == "ar" else {}
    for lineno, row in read_tsv(path, TRIGGER_COLUMNS):
        if row["type"] not in EVENT_TYPES:
            raise DataFileError(f"unknown event type {row['type']!r}", str(path), lineno)
        if row["voice"] not in VOICES:
            raise DataFileError(f"unknown voice {row['voice']!r}", str(path), lineno)
        if row["status"] and row["status"] not in STATUSES:
            raise DataFileError(f"unknown status {row['status']!r}", str(path), lineno)
        try:
            weight = float(row["weight"] or 0.7)
        except ValueError as err:
            raise DataFileError(f"weight is not a number: {row['weight']!r}", str(path), lineno) from err
        tokens = tuple(_fold_entry(row["pattern"], lang).split())
        if not tokens or tokens[0] in ("~", "~~") or tokens[-1] in ("~", "~~"):
            raise DataFileError(f"bad pattern {row['pattern']!r}", str(path), lineno)
        for form in expand(tokens, lang, irregular, verbs):
            key = (form, row["type"])
            if key in seen:
                continue  # a form written out and also generated from a lemma
            seen.add(key)
            voice = row["voice"]
            if voice == "active" and noun_led(form, tokens, lang, verbs):
                voice = "noun"  # "ادان+" also gives "ادانة": the act named by a noun
            out.append(Trigger(form, row["type"], voice, row["status"], weight, row["pattern"]))
    return out


VERB_COLUMNS = {"en": ("lemma", "third", "past", "participle", "ing"),
                "ar": ("lemma", "present", "noun")}
#: Optional columns after the required ones (the Arabic active participle).
VERB_OPTIONAL = {"en": (), "ar": ("participle", "left_out")}


def load_verbs(lang: str) -> dict[str, tuple[str, ...]]:
    """``data/<lang>/verbs.tsv``: the forms a lemma in a trigger pattern (``word+``) stands for."""
    path = data_dir() / lang / "verbs.tsv"
    if not path.exists():
        return {}
    cols = VERB_COLUMNS[lang]
    verbs: dict[str, tuple[str, ...]] = {}
    for lineno, row in read_tsv(path, cols):
        forms = tuple(_fold_entry(row.get(c, ""), lang) for c in cols + VERB_OPTIONAL[lang])
        if lang == "ar" and forms[-1]:
            forms = forms[:-1] + (" ".join(_fold_entry(f, lang) for f in row["left_out"].replace(",", " ").split()),)
        if not forms[0] or (lang == "en" and not all(forms)):
            raise DataFileError("every column of a verb row needs a form", str(path), lineno)
        verbs[forms[0]] = forms[1:]
    return verbs


def load_cues(lang: str) -> dict[str, set[str]]:
    path = data_dir() / lang / "cues.tsv"
    cues: dict[str, set[str]] = {k: set() for k in CUE_KINDS}
    for lineno, row in read_tsv(path, CUE_COLUMNS):
        if row["kind"] not in CUE_KINDS:
            raise DataFileError(f"unknown cue kind {row['kind']!r}", str(path), lineno)
        cue = row["cue"] if row["kind"] == "notname" else _fold_entry(row["cue"], lang)
        cues[row["kind"]].add(cue)
    return cues


def load_roles(lang: str) -> dict[str, tuple[str, str]]:
    path = data_dir() / lang / "roles.tsv"
    roles: dict[str, tuple[str, str]] = {}
    for lineno, row in read_tsv(path, ROLE_COLUMNS):
        if row["kind"] not in ("person", "body", "refers", "number", "collective", "determiner"):
            raise DataFileError(f"unknown role kind {row['kind']!r}", str(path), lineno)
        roles[_fold_entry(row["phrase"], lang)] = (row["role"], row["kind"])
    return roles


def load_debris(lang: str) -> dict[str, str]:
    path = data_dir() / lang / "debris.tsv"
    out: dict[str, str] = {}
    for lineno, row in read_tsv(path, DEBRIS_COLUMNS):
        if row["action"] not in ("end", "line"):
            raise DataFileError(f"unknown action {row['action']!r}", str(path), lineno)
        out[_fold_entry(row["phrase"], "en")] = row["action"]  # debris compared lower-cased
    return out


def load_date_rules(lang: str) -> Any:
    from timeline.dates import DateRules
    return DateRules.from_dict(load_toml(data_dir() / lang / "dates.toml"), lang)
