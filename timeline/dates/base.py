"""Date words and calendar arithmetic shared by the rules, the handlers and the passes."""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from timeline.model import EventDate
from timeline.normalize import fold

MIN_YEAR, MAX_YEAR = 1900, 2100
HIJRI_YEARS = (1300, 1500)  # Hijri years a date in digits may name (1882-2077 CE)
_AHEAD_DAYS = 62        # a day+month with no year this close after P is the coming one
_NEAR_DAYS = 2          # a day+month with no year may lie this far on the "wrong" side of P
_DURATION_REACH = 150   # how far after a date "a visit lasting five days" may stand
_RANGE_MAX_DAYS = 62    # longest span read as one range
_MAX_DURATION = 14    # longer spans ("for 30 days") are deadlines or bans, not the event
_DAY_NAMES = tuple(calendar.day_name)


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets into the text given to find_dates
    end: int
    when: EventDate
    kind: str  # absolute | relative | weekday | month | year | hijri | range
    text: str


# --------------------------------------------------------------------------- words

@lru_cache(maxsize=8192)
def _key(s: str) -> str:
    """Lookup form of a word: folded, lower case, single spaces."""
    return " ".join(fold(s).lower().split())


def _alt(words: Iterable[str], case_sensitive: bool = False) -> str:
    """Regex alternation of folded words, longest first; a space matches any run of spaces.
    Case-sensitive words match as written or in capitals."""
    forms: set[str] = set()
    for w in words:
        w = " ".join(fold(w).split())
        if w:
            forms.add(w)
            if case_sensitive:
                forms.add(w.upper())
    if not forms:
        return "(?!)"
    body = "|".join(r"\s+".join(re.escape(p) for p in f.split(" "))
                    for f in sorted(forms, key=lambda f: (-len(f), f)))
    return f"(?-i:{body})" if case_sensitive else f"(?:{body})"


def _strings(node: object) -> list[str]:
    """Every string in a parsed TOML tree (options, background markers and unfixed times
    excepted: they open no date phrase)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() if k not in ("options", "background", "unfixed")
                for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def _table(groups: Iterable[tuple[Any, Iterable[str]]]) -> dict[str, Any]:
    return {_key(w): value for value, words in groups for w in words}


# --------------------------------------------------------------------------- calendar

def _mk(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_ok(y: int) -> bool:
    return MIN_YEAR <= y <= MAX_YEAR


def _first(d: date) -> date:
    return d.replace(day=1)


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _weekday_near(p: date, wd: int, mode: str) -> date:
    """past: on/before p; future: on/after p; before / after: strictly."""
    if mode in ("past", "before"):
        back = (p.weekday() - wd) % 7 or (7 if mode == "before" else 0)
        return p - timedelta(days=back)
    ahead = (wd - p.weekday()) % 7 or (7 if mode == "after" else 0)
    return p + timedelta(days=ahead)


def _week_start(p: date, first_weekday: int, offset: int) -> date:
    return p - timedelta(days=(p.weekday() - first_weekday) % 7) + timedelta(weeks=offset)


def _year_by_marker(sense: str, month: int, p: date) -> int:
    """Year of a month named with 'الماضي' / 'next' / 'الجاري'."""
    if sense == "past":
        return p.year if month < p.month else p.year - 1
    if sense == "future":
        return p.year if month > p.month else p.year + 1
    return p.year


def _none(note: str) -> EventDate:
    return EventDate(None, "none", None, note)


def _day(d: date, note: str) -> EventDate:
    return EventDate(d, "day", None, note)


def _month_of(d: date, note: str) -> EventDate:
    return EventDate(_first(d), "month", None, note)


def _year_of(y: int, note: str) -> EventDate:
    return EventDate(date(y, 1, 1), "year", None, note)
