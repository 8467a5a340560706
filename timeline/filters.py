"""One ``Filters`` object drives the dashboard, the URL, the CLI options and export captions.

An actor selection is either a code (``RUS``: the state and everyone acting for it)
or an actor key ``CODE|kind|Name`` (one person, organisation or group).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any, Mapping
from urllib.parse import parse_qs, urlencode

import pandas as pd

from timeline.model import EVENT_TYPES

ROLES = ("either", "source", "target")
_LIST_FIELDS = ("actors", "actor", "types", "type", "langs", "lang", "outlets", "outlet", "pair")


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


@dataclass(frozen=True)
class Filters:
    """What the analyst is looking at. Empty fields filter nothing."""

    actors: tuple[str, ...] = ()
    role: str = "either"
    types: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    langs: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    text: str = ""
    min_confidence: float = 0.0
    pair: tuple[str, ...] = field(default_factory=tuple)  # (source code, target code) from the matrix

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

    # -- construction ------------------------------------------------------
    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> "Filters":
        """From a dict of strings or lists (URL query, CLI options, dashboard inputs)."""
        return cls(
            actors=_actors(data.get("actors") or data.get("actor")),
            role=str(data.get("role") or "either"),
            types=_tuple(data.get("types") or data.get("type")),
            date_from=_date(data.get("date_from") or data.get("from")),
            date_to=_date(data.get("date_to") or data.get("to")),
            langs=_tuple(data.get("langs") or data.get("lang")),
            outlets=_tuple(data.get("outlets") or data.get("outlet")),
            text=str(data.get("text") or "").strip(),
            min_confidence=data.get("min_confidence") or data.get("confidence") or 0.0,
            pair=_tuple(data.get("pair")),
        )

    @classmethod
    def from_query_string(cls, query: str) -> "Filters":
        """From a URL query; list fields may repeat (``actors=A&actors=B``) or use commas."""
        parsed = parse_qs(query.lstrip("?"), keep_blank_values=False)
        flat: dict[str, Any] = {}
        for key, values in parsed.items():
            if key in _LIST_FIELDS:
                flat[key] = values if len(values) > 1 else values[0]
            else:
                flat[key] = values[-1]
        return cls.from_mapping(flat)

    def to_query_string(self) -> str:
        """The URL query that reopens this view (empty fields left out)."""
        items: list[tuple[str, str]] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value in ((), "", None) or (f.name == "role" and value == "either") \
                    or (f.name == "min_confidence" and not value):
                continue
            if isinstance(value, tuple):
                value = ",".join(value)
            elif isinstance(value, date):
                value = value.isoformat()
            items.append((f.name, str(value)))
        return urlencode(items)

    def with_(self, **changes: Any) -> "Filters":
        return replace(self, **changes)

    # -- applying ------------------------------------------------------------
    def apply(self, df: pd.DataFrame, *, dated_only: bool = False) -> pd.DataFrame:
        """Rows of the events frame (``store.FRAME_COLUMNS``) that pass every filter.

        A date range keeps only dated events whose span overlaps it; undated events
        are kept when no date range is set (the dashboard lists them apart).
        """
        if df.empty:
            return df
        mask = pd.Series(True, index=df.index)
        if self.actors:
            mask &= self._actor_mask(df, self.actors, self.role)
        if self.pair:
            src, tgt = self.pair
            mask &= df["source_codes"].str.contains(f"|{src}|", regex=False)
            mask &= df["target_codes"].str.contains(f"|{tgt}|", regex=False)
        if self.types:
            mask &= df["type"].isin(self.types)
        if self.langs:
            mask &= df["lang"].isin(self.langs)
        if self.outlets:
            mask &= df["outlet"].fillna("").isin(self.outlets)
        if self.min_confidence:
            mask &= df["confidence"] >= self.min_confidence
        if self.text:
            mask &= df["evidence"].str.contains(re.escape(self.text), case=False, regex=True)
        if self.date_from or self.date_to or dated_only:
            mask &= df["date"].notna()
        if self.date_from:
            # a month- or year-precise event covers its whole month or year
            last = df["date"].where(df["precision"] != "month", df["date"] + pd.offsets.MonthEnd(0))
            last = last.where(df["precision"] != "year", df["date"] + pd.offsets.YearEnd(0))
            end = df["end_date"].fillna(last)
            mask &= end >= pd.Timestamp(self.date_from)
        if self.date_to:
            mask &= df["date"] <= pd.Timestamp(self.date_to)
        return df[mask]

    @staticmethod
    def _actor_mask(df: pd.DataFrame, actors: tuple[str, ...], role: str) -> pd.Series:
        mask = pd.Series(False, index=df.index)
        for sel in actors:
            if "|" in sel:  # one named actor: match its key among the event's actors
                code = sel.split("|", 1)[0]
                name = sel.rsplit("|", 1)[-1]
                has_actor = df["actor_keys"].str.contains(
                    r"(?:^|\n)" + re.escape(sel) + r"(?:$|\n)", regex=True)
                if role == "either":
                    mask |= has_actor
                else:
                    mask |= has_actor & df[f"{role}_names"].str.contains(name, regex=False) \
                        & df[f"{role}_codes"].str.contains(f"|{code}|", regex=False)
            else:  # a code: the state or organisation and everyone acting for it
                token = f"|{sel}|"
                if role in ("either", "source"):
                    mask |= df["source_codes"].str.contains(token, regex=False)
                if role in ("either", "target"):
                    mask |= df["target_codes"].str.contains(token, regex=False)
        return mask

    # -- captions -----------------------------------------------------------
    def describe(self, labels: Mapping[str, str] | None = None) -> str:
        """A one-line human caption of the filters (used by exports and chart titles)."""
        parts: list[str] = []
        if self.actors:
            names = [a.rsplit("|", 1)[-1] for a in self.actors]
            role = {"source": " (as source)", "target": " (as target)"}.get(self.role, "")
            parts.append("actors: " + ", ".join(names) + role)
        if self.pair:
            parts.append(f"{self.pair[0]} → {self.pair[1]}")
        if self.types:
            parts.append("types: " + ", ".join(self.types))
        if self.date_from or self.date_to:
            parts.append(f"dates: {self.date_from or '…'} to {self.date_to or '…'}")
        if self.langs:
            parts.append("languages: " + ", ".join(self.langs))
        if self.outlets:
            parts.append("outlets: " + ", ".join(self.outlets))
        if self.text:
            parts.append(f'evidence contains "{self.text}"')
        if self.min_confidence:
            parts.append(f"confidence ≥ {self.min_confidence:.2f}")
        return "; ".join(parts) if parts else "all events"
