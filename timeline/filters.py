"""One ``Filters`` object drives the dashboard, the URL, the CLI options and export captions.

An actor selection is either a code (``RUS``: the state and everyone acting for it)
or an actor key ``CODE|kind|Name`` (one person, organisation or group).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, urlencode

import numpy as np
import pandas as pd

from timeline.frameindex import (  # noqa: F401 - the index of a frame, named here too
    FrameIndex,
    bools,
    index_of,
    indexed,
)
from timeline.model import EVENT_TYPES

ROLES = ("either", "source", "target")


def _tuple(value: Any) -> tuple[str, ...]:
    """A list field from a list (kept as is) or one string (split on commas)."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        value = value.split(",")
    return tuple(str(v).strip() for v in value if str(v).strip())


_ACTOR_SPLIT = re.compile(r",\s*(?=[A-Z][A-Z0-9_]*(?:\||,|$))")


def _actors(value: Any) -> tuple[str, ...]:
    """Actor selections: codes and ``CODE|kind|Name`` keys; a comma inside a name stays."""
    if isinstance(value, str):
        value = _ACTOR_SPLIT.split(value)
    return _tuple(list(value) if value else value)


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _text(value: Any) -> str:
    return str(value or "").strip()


@dataclass(frozen=True)
class Wording:
    """How a caption names what is filtered, in one interface language: the caption
    templates (``cap_*`` of ``data/<lang>/ui.json``), how an actor selection, a code, an
    event type and a language are shown, and the marks around a name and between parts.
    ``labels.Labels.wording`` gives the one of the Arabic page."""

    ui: Mapping[str, str]
    key: Callable[[str], str] = lambda a: a.rsplit("|", 1)[-1]
    code: Callable[[str], str] = str
    type: Callable[[str], str] = str
    lang: Callable[[str], str] = str
    mark: Callable[[str], str] = str  # a name or typed text, kept in its own direction
    comma: str = ", "
    semicolon: str = "; "
    arrow: str = "→"

    def names(self, show: Callable[[str], str], values: tuple[str, ...]) -> str:
        return self.comma.join(map(show, values))


@lru_cache(maxsize=1)
def english() -> Wording:
    """The captions of the English page and of every export."""
    from timeline.lexicon import load_ui
    return Wording(load_ui("en"))


def _cap_actors(f: Filters, w: Wording) -> str:
    role = {"source": w.ui["cap_as_source"], "target": w.ui["cap_as_target"]}.get(f.role, "")
    return w.ui["cap_actors"].format(names=w.names(w.key, f.actors)) + role


def _cap_dates(f: Filters, w: Wording) -> str:
    return w.ui["cap_dates"].format(start=f.date_from or "…", end=f.date_to or "…")


def _caption(key: str, name: str, show: str | None = None
             ) -> Callable[[Filters, Wording], str]:
    """The caption ``ui[key]`` with the value of field ``name`` as ``{name}`` (a list: each
    shown by the wording's ``show``, ``type``, ``lang`` or ``mark``; none: as it is)."""
    def caption(f: Filters, w: Wording) -> str:
        value = getattr(f, name)
        if isinstance(value, tuple):
            value = w.names(getattr(w, show) if show else str, value)
        elif show:
            value = getattr(w, show)(value)
        return w.ui[key].format(**{name: value})
    return caption


def _contains(token: str) -> Callable[[pd.Series], pd.Series]:
    return lambda values: values.str.contains(token, regex=False)


# -- what each filter keeps of a frame: (filters, index, rows kept so far) -> rows it keeps
Mask = Callable[["Filters", "FrameIndex", np.ndarray], np.ndarray]


def _isin(column: str, attr: str, fill: bool = False) -> Mask:
    def mask(f: Filters, ix: FrameIndex, _rows: np.ndarray) -> np.ndarray:
        values = getattr(f, attr)
        return ix.where(column, lambda v: (v.fillna("") if fill else v).isin(values))
    return mask


def _mask_actors(f: Filters, ix: FrameIndex, _rows: np.ndarray) -> np.ndarray:
    return _actor_mask(ix, f.actors, f.role)


def _mask_pair(f: Filters, ix: FrameIndex, _rows: np.ndarray) -> np.ndarray:
    src, tgt = f.pair
    return (ix.where("source_codes", _contains(f"|{src}|"))
            & ix.where("target_codes", _contains(f"|{tgt}|")))


def _mask_from(f: Filters, ix: FrameIndex, _rows: np.ndarray) -> np.ndarray:
    return ix.dated() & (ix.covered_until() >= np.datetime64(f.date_from, "us"))


def _mask_to(f: Filters, ix: FrameIndex, _rows: np.ndarray) -> np.ndarray:
    return ix.dated() & (ix.dates() <= np.datetime64(f.date_to, "us"))


def _mask_confidence(f: Filters, ix: FrameIndex, _rows: np.ndarray) -> np.ndarray:
    return (ix.frame["confidence"] >= f.min_confidence).to_numpy(dtype=bool)


def _mask_text(f: Filters, ix: FrameIndex, rows: np.ndarray) -> np.ndarray:
    return ix.text(f.text, rows)


def _actor_mask(ix: FrameIndex, actors: tuple[str, ...], role: str) -> np.ndarray:
    df = ix.frame
    mask = np.zeros(len(df), dtype=bool)
    for sel in actors:
        if "|" in sel:  # one named actor: match its key among the event's actors
            code = sel.split("|", 1)[0]
            name = sel.rsplit("|", 1)[-1]
            has_actor = ix.has_key(sel)
            if role == "either":
                mask |= has_actor
            else:
                rows = has_actor.nonzero()[0]
                names = df[f"{role}_names"].take(rows)
                codes = df[f"{role}_codes"].take(rows)
                ok = (bools(names.str.contains(name, regex=False))
                      & bools(codes.str.contains(f"|{code}|", regex=False)))
                mask[rows[ok]] = True
        else:  # a code: the state or organisation and everyone acting for it
            token = f"|{sel}|"
            if role in ("either", "source"):
                mask |= ix.where("source_codes", _contains(token))
            if role in ("either", "target"):
                mask |= ix.where("target_codes", _contains(token))
    return mask


@dataclass(frozen=True)
class Field:
    """One filter, declared once: its name (the ``Filters`` attribute and its URL key),
    every key it is read from (the dashboard's and the CLI's names), how a value is read,
    whether a URL may repeat it (``actors=A&actors=B``), which rows of the events frame
    it keeps (``mask``, run when it is set, given the rows the fields before it kept: the
    evidence search tests those only) and its part of a caption (``caption``). The store is never
    queried by filter: the frame it hands out is filtered, so there is no SQL to declare."""

    name: str
    keys: tuple[str, ...]
    parse: Callable[[Any], Any]
    repeats: bool = False
    mask: Mask | None = None
    caption: Callable[[Filters, Wording], str] | None = None

    def read(self, data: Mapping[str, Any]) -> Any:
        """The value of this filter in ``data``: its first key with a value, read."""
        return self.parse(next((v for v in map(data.get, self.keys) if v), None))

    def unset(self, value: Any) -> bool:
        """Whether ``value`` filters nothing (left out of the URL)."""
        return value in ((), "", None, 0.0) or (self.name == "role" and value == "either")


#: Every filter, in the order of the URL query and of a caption; ``Filters`` has one
#: attribute per field, in this order. The role is read by the actors' mask and caption.
FIELDS = (
    Field("actors", ("actors", "actor"), _actors, repeats=True, mask=_mask_actors,
          caption=_cap_actors),
    Field("role", ("role",), lambda v: str(v or "either")),
    Field("pair", ("pair",), _tuple, repeats=True, mask=_mask_pair,
          caption=lambda f, w: f"{w.code(f.pair[0])} {w.arrow} {w.code(f.pair[1])}"),
    Field("types", ("types", "type"), _tuple, repeats=True, mask=_isin("type", "types"),
          caption=_caption("cap_types", "types", "type")),
    Field("date_from", ("date_from", "from"), _date, mask=_mask_from, caption=_cap_dates),
    Field("date_to", ("date_to", "to"), _date, mask=_mask_to,
          caption=lambda f, w: "" if f.date_from else _cap_dates(f, w)),
    Field("langs", ("langs", "lang"), _tuple, repeats=True, mask=_isin("lang", "langs"),
          caption=_caption("cap_langs", "langs", "lang")),
    Field("outlets", ("outlets", "outlet"), _tuple, repeats=True,
          mask=_isin("outlet", "outlets", fill=True),
          caption=_caption("cap_outlets", "outlets", "mark")),
    Field("text", ("text",), _text, mask=_mask_text, caption=_caption("cap_text", "text", "mark")),
    Field("min_confidence", ("min_confidence", "confidence"), lambda v: v or 0.0,
          mask=_mask_confidence,
          caption=lambda f, w: w.ui["cap_confidence"].format(value=f"{f.min_confidence:.2f}")),
)
_REPEATS = frozenset(k for f in FIELDS if f.repeats for k in f.keys)


@dataclass(frozen=True)
class Filters:
    """What the analyst is looking at. Empty fields filter nothing."""

    actors: tuple[str, ...] = ()
    role: str = "either"
    pair: tuple[str, ...] = field(default_factory=tuple)  # (source code, target code) from the matrix
    types: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    langs: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    text: str = ""
    min_confidence: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", self.role if self.role in ROLES else "either")
        object.__setattr__(self, "types", tuple(t for t in self.types if t in EVENT_TYPES))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            lo, hi = self.date_to, self.date_from
            object.__setattr__(self, "date_from", lo)
            object.__setattr__(self, "date_to", hi)
        try:
            conf = float(self.min_confidence or 0.0)
        except (TypeError, ValueError):
            conf = 0.0
        object.__setattr__(self, "min_confidence", min(max(conf, 0.0), 1.0))
        if len(self.pair) != 2:
            object.__setattr__(self, "pair", ())

    def _set(self) -> list[Field]:
        """The fields that filter something."""
        return [f for f in FIELDS if not f.unset(getattr(self, f.name))]

    # -- construction ------------------------------------------------------
    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Filters:
        """From a dict of strings or lists (URL query, CLI options, dashboard inputs)."""
        return cls(**{f.name: f.read(data) for f in FIELDS})

    @classmethod
    def from_query_string(cls, query: str) -> Filters:
        """From a URL query; list fields may repeat (``actors=A&actors=B``) or use commas."""
        parsed = parse_qs(query.lstrip("?"), keep_blank_values=False)
        flat: dict[str, Any] = {}
        for key, values in parsed.items():
            if key in _REPEATS:
                flat[key] = values if len(values) > 1 else values[0]
            else:
                flat[key] = values[-1]
        return cls.from_mapping(flat)

    def to_query_string(self) -> str:
        """The URL query that reopens this view (empty fields left out)."""
        items: list[tuple[str, str]] = []
        for f in self._set():
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                value = ",".join(value)
            elif isinstance(value, date):
                value = value.isoformat()
            items.append((f.name, str(value)))
        return urlencode(items)

    # -- applying ------------------------------------------------------------
    def apply(self, df: pd.DataFrame, *, dated_only: bool = False,
              index: FrameIndex | None = None) -> pd.DataFrame:
        """Rows of the events frame (``eventframe.FRAME_COLUMNS``) that pass every filter.

        A date range keeps only dated events whose span overlaps it; undated events
        are kept when no date range is set (the dashboard lists them apart).
        """
        if df.empty:
            return df
        return df[pd.Series(self.mask(df, dated_only=dated_only, index=index), index=df.index)]

    def mask(self, df: pd.DataFrame, *, dated_only: bool = False,
             index: FrameIndex | None = None) -> np.ndarray:
        """Which rows of ``df`` pass (a boolean array): each set field's mask in turn
        (``FIELDS``). String tests run once per distinct value of a column and reach the
        rows through its codes (``FrameIndex``)."""
        ix = index if index is not None else index_of(df)
        mask = np.ones(len(df), dtype=bool)
        if df.empty:
            return mask
        if dated_only:
            mask &= ix.dated()
        for f in self._set():
            if f.mask is not None and mask.any():
                mask &= f.mask(self, ix, mask)
        return mask

    # -- captions -----------------------------------------------------------
    def describe(self, wording: Wording | None = None) -> str:
        """A one-line human caption of the filters (used by exports and chart titles), in
        English or in the language of ``wording``."""
        w = wording or english()
        parts = [f.caption(self, w) for f in self._set() if f.caption is not None]
        return w.semicolon.join(p for p in parts if p) or w.ui["cap_all"]
