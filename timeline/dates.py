"""Find date expressions in a text and resolve them against the publication date.

All words come from ``data/<lang>/dates.toml`` (see :meth:`DateRules.from_dict`); this
module holds only the grammar (how the words combine) and the calendar arithmetic.
Matching runs on the folded text of :func:`timeline.normalize.normalize`; offsets are
mapped back to the caller's text. No date is ever guessed: when a phrase cannot be
fixed to a day it gets the coarsest precision that is certain (month, year or none)
and a one-line note that says why.

How a text is read:
1. each pattern is tried where a digit or a vocabulary word starts (``_starts``);
2. its handler turns the match into candidates, resolved against the publication date;
3. the longest candidates win (``_select``);
4. neighbours are combined: one day written twice (Hijri + Gregorian, "أمس" + date),
   ranges ("from Tuesday to Wednesday"), a week anchor ("next week, from Monday"),
   and a duration after a dated start ("a visit lasting five days").
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from hijridate import Hijri

from .model import EventDate
from .normalize import NormText, fold, normalize

__all__ = ["DateMention", "DateRules", "find_dates"]

MIN_YEAR, MAX_YEAR = 1900, 2100
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
    """Every string in a parsed TOML tree (options excepted)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() if k != "options" for s in _strings(v)]
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


# --------------------------------------------------------------------------- rules

class DateRules:
    """The compiled date grammar of one language: build once, use for every text."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    @classmethod
    def from_dict(cls, data: dict, lang: str) -> DateRules:
        """Rules from a parsed ``data/<lang>/dates.toml``."""
        r = cls(lang)
        r._load(data)
        r._compile(data)
        return r

    # -- vocabulary: word -> value tables
    def _load(self, d: dict) -> None:
        opt = d.get("options", {})
        self.cs = bool(opt.get("names_case_sensitive", False))
        names = [n.lower() for n in _DAY_NAMES]
        self.week_first = names.index(opt.get("week_starts", "monday").lower())
        self.numeric_orders = tuple(opt.get("numeric_orders", ["dmy"]))
        self.month_first = bool(opt.get("month_before_day", False))
        self.hijri_suffix_required = bool(opt.get("hijri_suffix_required", False))
        self.week_to_month = bool(opt.get("week_to_month", False))

        series = {k: v for k, v in d["months"].items()
                  if isinstance(v, list) and len(v) == 12 and all(isinstance(e, list) for e in v)}
        self.month_of = _table((i + 1, e) for s in series.values() for i, e in enumerate(s))
        self.w_month_all = [w for s in series.values() for e in s for w in e]
        self.w_month_full = [w for k, s in series.items() if k != "abbreviations"
                             for e in s for w in e]
        self.hmonth_of = _table((i + 1, e) for i, e in enumerate(d["hijri"]["months"]))
        wk = d["weekdays"]
        abbrevs = wk.get("abbreviations", [])
        self.wd_of = _table(enumerate(wk["names"])) | _table(enumerate(abbrevs))
        self.w_wd = [w for e in wk["names"] for w in e]
        self.w_wd_abbr = [w for e in abbrevs for w in e]
        self.proclitics = sorted({fold(p) for p in wk.get("proclitics", [])})
        markers = d.get("markers", {})
        self.marker_of = _table((sense, words) for pos in ("before", "after")
                                for sense, words in markers.get(pos, {}).items())
        self.edge_of = _table(d.get("edges", {}).items())
        rel = d.get("relative", {})
        self.relday = [(int(e["offset"]), e["words"], e.get("not_followed_by", []),
                        e.get("not_preceded_by", [])) for e in rel.get("days", [])]
        self.relday_of = _table((o, w) for o, w, _, _ in self.relday)
        self.relmonth_of = _table((int(k), v) for k, v in rel.get("months", {}).items())
        self.relyear_of = _table((int(k), v) for k, v in rel.get("years", {}).items())
        self.relweek_of = _table((int(k), v) for k, v in rel.get("weeks", {}).items())
        self.bare_of = _table(rel.get("bare_units", {}).items())
        self.season_of = _table((tuple(v["months"]), v["words"])
                                for v in d.get("seasons", {}).values())
        self.number_of = _table((int(k), v) for k, v in d.get("numbers", {}).items())
        self.ordinal_of = _table((int(k), v) for k, v in d.get("ordinal_days", {}).items())
        # first word of every entry: a pattern can only start where one of these stands
        self.first_words = {m.group() for w in _strings(d) if (m := re.match(r"\w+", _key(w)))}

    # -- grammar: how the words combine
    def _compile(self, d: dict) -> None:
        A, cs = _alt, self.cs
        wk, mo, rel = d["weekdays"], d["months"], d.get("relative", {})
        markers, rg, dur = d.get("markers", {}), d.get("ranges", {}), d.get("durations", {})
        days, ago = d.get("days", {}), rel.get("ago", {})
        WD, WDX = A(self.w_wd, cs), A(self.w_wd + self.w_wd_abbr, cs)
        MON, MONX = A(self.w_month_full, cs), A(self.w_month_all, cs)
        HMON = A([w for e in d["hijri"]["months"] for w in e], cs)
        HSUF, YSUF = A(d["hijri"].get("suffixes", [])), A(d["years"].get("suffixes", []))
        YPREP, YW = A(d["years"].get("prepositions", [])), A(d["years"].get("words", []))
        TOD, DAYW = A(wk.get("times_of_day", [])), A(wk.get("day_words", []))
        MW, MPREP = A(mo.get("month_words", [])), A(mo.get("month_prepositions", []))
        DMJ = A(mo.get("day_month_joiners", []))
        MKB = A([w for v in markers.get("before", {}).values() for w in v])
        MKA = A([w for v in markers.get("after", {}).values() for w in v])
        EDGE = A([w for v in d.get("edges", {}).values() for w in v])
        RELD, BU, SEASON = A(self.relday_of), A(self.bare_of), A(self.season_of)
        RM, RY, RW = A(self.relmonth_of), A(self.relyear_of), A(self.relweek_of)
        AGOB, AGOA = A(ago.get("before", [])), A(ago.get("after", []))
        NUM, ORDW = A(self.number_of), A(self.ordinal_of)
        DUNIT, DUAL = A(dur.get("day_units", [])), A(dur.get("dual_days", []))
        ORDSUF, ART = A(days.get("ordinal_suffixes", [])), A(days.get("articles", []))
        RCONN, RPAIR2 = A(rg.get("connectors", [])), A([p[1] for p in rg.get("paired", [])])
        EQ = A(d.get("equivalence", {}).get("words", []))

        B = r"(?<!\w)"  # a word starts here, maybe after one or two proclitics ("وبالأمس")
        if self.proclitics:
            P = "[" + re.escape("".join(self.proclitics)) + "]"
            B = rf"(?:(?<!\w)|(?<=(?<!\w){P})|(?<=(?<!\w){P}{P}))"
        BD = rf"(?:(?=\d)(?<![\d.,:/\-])|(?!\d){B})"  # digits may follow letters: "وعالم7-7-2022"
        E = r"(?!\w)"
        JOIN = r"(?:\s*[,،/(]\s*|\s+)"
        SEP = r"(?:\s*-\s*|\s+)"
        YEAR = rf"(?P<y>\d{{4}})(?!\d)(?:\s*{YSUF}{E})?"
        DAYN = rf"(?P<d>\d{{1,2}})(?!\d)(?:{ORDSUF}{E})?"
        DAYW_ = rf"(?:{ART}\s+)?(?P<dw>{ORDW}){E}"
        DAY2 = rf"(?:\s*(?P<conn>{RCONN}|{RPAIR2})\s*(?P<d2>\d{{1,2}})(?!\d)(?:{ORDSUF}{E})?)?"
        WDPRE = rf"(?:(?P<wd>{WDX}){E}(?:\s+{TOD}{E})?{JOIN}(?:{EQ}\s+)?)?(?:{DAYW}\s+)?"
        PAIR = rf"(?:\s*[/\-]\s*(?P<m2>{MONX}){E}|\s*\(\s*(?P<m3>{MONX})\s*\))?"
        YTAIL = (rf"(?:(?:\s*[,،]\s*|\s*-\s*|\s+)(?:{DMJ}\s+)?(?:{YW}\s+)?{YEAR}"
                 rf"|\s+(?:{DMJ}\s+)?(?P<ry>{RY}){E}|\s+(?P<mk>{MKA}){E})?")
        pats = {
            "numeric": r"(?<![\d./\-])(?:(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4})"
                       r"|(?P<Y>\d{4})(?P<s2>[-/.])(?P<M>\d{1,2})(?P=s2)(?P<D>\d{1,2}))"
                       r"(?!\d)(?![./\-]\d)",
            # 18 فبراير 2021 | الثالث من نوفمبر/ تشرين الثاني | 16-17 February | 30-Mar-2023
            "dmy": rf"{BD}{WDPRE}(?:{DAYN}|{DAYW_}){DAY2}(?:\s+(?P<j>{DMJ}))?(?:\s*-\s*|\s*)"
                   rf"(?P<m1>{MONX}){E}(?:\.(?=\s*\d))?{PAIR}{YTAIL}{E}",
            # يوم 15 من الشهر الجاري | the 3rd of last month
            "dom": rf"{BD}{WDPRE}(?:{DAYN}|{DAYW_})\s+(?:{DMJ}\s+)?(?P<rm>{RM}){E}",
            # February 16, 2021 | Feb. 16 | Fri Mar 16, 2018
            "mdy": rf"{B}{WDPRE}(?P<m1>{MONX})(?:\.\s*|\s+){DAYN}{DAY2}(?:\s*,?\s*{YEAR})?{E}",
            # الخميس ٢٩ محرم ١٤٤٢هـ | رمضان 1442هـ
            "hijri": rf"{BD}{WDPRE}(?:{DAYN}\s*(?:{DMJ}\s+)?)?(?P<hm>{HMON}){E}\s*[,،]?\s*"
                     rf"(?P<y>\d{{4}})(?!\d)(?:\s*(?P<suf>{HSUF})(?!\w))?",
            # أمس الأربعاء | صباح اليوم | اليوم، الاثنين | yesterday
            "relday": rf"{B}(?:{TOD}\s+)?(?:{DAYW}\s+)?(?P<rd>{RELD}){E}(?:\s+{TOD}{E})?"
                      rf"(?P<wdpart>{JOIN}(?:{DAYW}\s+)?(?P<wd>{WD}){E}(?:\s+{TOD}{E})?)?",
            # قبل يومين | two days ago
            "ago": rf"{B}(?:{AGOB}\s+(?:(?P<n>\d{{1,2}}|{NUM})\s+{DUNIT}|(?P<dual>{DUAL}))"
                   rf"|(?P<n2>\d{{1,2}}|{NUM})\s+{DUNIT}\s+{AGOA}){E}",
            # يوم الجمعة المقبل | مساء الثلاثاء | last Friday | Friday evening
            "weekday": rf"{B}(?:(?P<mkb>{MKB})\s+)?(?:{TOD}\s+)?(?:{DAYW}\s+)?(?P<wd>{WD}){E}"
                       rf"(?:\s+{TOD}{E})?(?:\s+(?P<mka>{MKA}){E})?",
            # الشهر الماضي | مطلع الشهر الجاري | earlier this month | late last year | last week
            "period": rf"{B}(?:(?P<edge>{EDGE}){SEP})?"
                      rf"(?:(?P<rm>{RM})|(?P<ry>{RY})|(?P<rw>{RW})|(?P<bu>{BU})){E}",
            # في فبراير/ شباط | آذار العام الماضي | in November 2020 | last July
            "month": rf"{B}(?:(?P<prep>{MPREP})\s+)?(?:(?P<edge>{EDGE}){SEP})?"
                     rf"(?:(?P<mkb>{MKB})\s+)?(?:(?P<mw>{MW})\s+)?(?P<m1>{MON}){E}{PAIR}{YTAIL}",
            # عام 2011 | in 2011 | mid-2011
            "year": rf"{B}(?=(?:{YPREP}|{EDGE}|{YW})(?:\s|-))(?:(?P<prep>{YPREP})\s+)?"
                    rf"(?:(?P<edge>{EDGE}){SEP})?(?:(?P<yw>{YW})\s+)?{YEAR}(?!\w|[\-/]\d)",
            # صيف 2019 | الصيف الماضي | the autumn of 2020
            "season": rf"{B}(?:(?P<mkb>{MKB})\s+)?(?P<season>{SEASON}){E}"
                      rf"(?:\s+(?:{DMJ}\s+)?(?:{YW}\s+)?{YEAR}|\s+(?P<mka>{MKA}){E}"
                      rf"|\s+(?:{DMJ}\s+)?(?P<ry>{RY}){E})?",
        }
        if not self.month_first:
            del pats["mdy"]
        flags = re.IGNORECASE
        self.patterns = [(name, re.compile(p, flags)) for name, p in pats.items()]
        self._leads(d)

        def rx(p: str) -> re.Pattern[str]:
            return re.compile(p, flags)

        self.relday_next = {o: rx(rf"\s*{A(f)}{E}") for o, _, f, _ in self.relday if f}
        self.relday_prev = {o: rx(rf"{A(b)}\s*$") for o, _, _, b in self.relday if b}
        self.ago_next = rx(rf"\s*{A(ago.get('not_followed_by', []))}{E}")
        self.range_weak = rx(RPAIR2)
        self.range_opener = rx(rf"{A(rg.get('openers', []))}\s*$")
        self.gap_range = rx(rf"\s*{RCONN}\s*")
        self.gap_pairs = [(rx(rf"{A([a])}\s*$"), rx(rf"\s*{A([b])}\s*"))
                          for a, b in rg.get("paired", [])]
        self.gap_equiv = rx(rf"\s*(?:[,،\-|/(]\s*)*(?:{EQ}\s*)?\(?\s*")
        self.equiv_word = rx(EQ)
        WAJ = A(d.get("week_anchor", {}).get("joiners", []))
        self.gap_anchor_before = rx(rf"\s*[,،:]?\s*(?:{WAJ}\s+)?")
        self.gap_anchor_after = rx(rf"\s*(?:{DMJ}\s+)?")
        LEAD, ADJ = A(dur.get("leads", [])), A(dur.get("adjective_units", []))
        self.duration = rx(rf"{B}(?:{LEAD}\s+(?:(?P<n>\d{{1,2}}|{NUM})\s+{DUNIT}|(?P<dual>{DUAL}))"
                           rf"|(?P<n2>\d{{1,2}}|{NUM})\s*-\s*{ADJ}){E}")
        self.sentence_end = re.compile(r"[.!?؟\n]")

    def _leads(self, d: dict) -> None:
        """Which patterns may start at a word: a pattern is tried only where the word is
        the first word of an entry of a group that can open it (at a digit, every pattern
        is tried). Kept in step with the ``pats`` of :meth:`_compile`."""
        wk, mo, rel, yr = d["weekdays"], d["months"], d.get("relative", {}), d["years"]
        mk = d.get("markers", {})
        groups: dict[str, list[str]] = {
            "WDX": self.w_wd + self.w_wd_abbr, "WD": self.w_wd, "DAYW": wk.get("day_words", []),
            "TOD": wk.get("times_of_day", []), "ART": d.get("days", {}).get("articles", []),
            "ORDW": list(self.ordinal_of), "MONX": self.w_month_all, "MON": self.w_month_full,
            "HMON": [w for e in d["hijri"]["months"] for w in e], "RELD": list(self.relday_of),
            "AGOB": rel.get("ago", {}).get("before", []), "NUM": list(self.number_of),
            "MKB": [w for v in mk.get("before", {}).values() for w in v],
            "EDGE": [w for v in d.get("edges", {}).values() for w in v],
            "RM": list(self.relmonth_of), "RY": list(self.relyear_of),
            "RW": list(self.relweek_of), "BU": list(self.bare_of),
            "MPREP": mo.get("month_prepositions", []), "MW": mo.get("month_words", []),
            "YPREP": yr.get("prepositions", []), "YW": yr.get("words", []),
            "SEASON": list(self.season_of),
        }
        opens = {
            "numeric": (), "dmy": ("WDX", "DAYW", "ART", "ORDW"),
            "dom": ("WDX", "DAYW", "ART", "ORDW"), "mdy": ("WDX", "DAYW", "MONX"),
            "hijri": ("WDX", "DAYW", "HMON"), "relday": ("TOD", "DAYW", "RELD"),
            "ago": ("AGOB", "NUM"), "weekday": ("MKB", "TOD", "DAYW", "WD"),
            "period": ("EDGE", "RM", "RY", "RW", "BU"),
            "month": ("MPREP", "EDGE", "MKB", "MW", "MON"), "year": ("YPREP", "EDGE", "YW"),
            "season": ("MKB", "SEASON"),
        }
        lead: dict[str, list[int]] = {}
        for k, (name, _rx) in enumerate(self.patterns):
            for g in opens[name]:
                for w in groups[g]:
                    m = re.match(r"\w+", _key(w))
                    if m and k not in lead.setdefault(m.group(), []):
                        lead[m.group()].append(k)
        self.lead_of = {w: tuple(ks) for w, ks in lead.items()}
        self.every = tuple(range(len(self.patterns)))

    # -- lookups
    def num(self, s: str | None) -> int | None:
        if s is None:
            return None
        return int(s) if s.isdigit() else self.number_of.get(_key(s))

    def weekday(self, s: str) -> int:
        return int(self.wd_of[_key(s)])

    def month(self, m: re.Match[str]) -> tuple[int, str]:
        """Month number of a match and, when a paired spelling disagrees, a note."""
        m1 = int(self.month_of[_key(m.group("m1"))])
        g = m.groupdict()
        other = g.get("m2") or g.get("m3")
        if other and self.month_of[_key(other)] != m1:
            return m1, f"; paired month names disagree ({m.group('m1')}/{other}), first kept"
        return m1, ""


# --------------------------------------------------------------------------- candidates

@dataclass
class _C:
    """A candidate mention while matching (offsets into the folded text)."""

    start: int
    end: int
    when: EventDate
    kind: str
    explicit: bool = False   # carries a calendar date of its own
    hijri: bool = False
    relday: bool = False     # today / yesterday / two days ago ...
    wd: int | None = None    # weekday of a bare or marked weekday mention (or range start)
    wd_marked: bool = False  # "last Friday": not to be moved into another week
    wd_end: int | None = None
    week: int | None = None  # offset of "next week" and the like, for a weekday after it
    noyear: tuple[int, int] | None = None  # (month, day) whose year was inferred

    @property
    def day(self) -> date | None:
        return self.when.date if self.when.precision == "day" else None


class _Ctx:
    def __init__(self, norm: NormText, published: date | None, prefer: str) -> None:
        self.norm, self.p, self.prefer = norm, published, prefer

    def surface(self, s: int, e: int) -> str:
        """Original spelling of folded text [s, e), for notes."""
        n = self.norm
        return " ".join(n.original[n.to_original(s):n.to_original_end(e)].split())

    def unknown(self, what: str, s: int, e: int) -> EventDate:
        return _none(f"{what} '{self.surface(s, e)}' but the article has no publication date")


Handler = Callable[[DateRules, _Ctx, "re.Match[str]"], list[_C]]


def _g(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def _start_of(m: re.Match[str], *names: str) -> int:
    return min(m.start(k) for k in names if _g(m, k))


# --------------------------------------------------------------------------- handlers

def _resolve_day_month(r: DateRules, ctx: _Ctx, mon: int, day: int,
                       m: re.Match[str]) -> EventDate | None:
    """Day and month with a year, a relative year, a marker, or nothing (nearest to P)."""
    y = _g(m, "y")
    if y:
        if not _year_ok(int(y)):
            return None
        dt = _mk(int(y), mon, day)
        return _day(dt, "explicit date") if dt else _none(f"impossible date {day}/{mon}/{y}")
    if not (_mk(2000, mon, day) or _mk(2001, mon, day)):
        return _none(f"impossible date {day}/{mon}")
    p, ry, mk = ctx.p, _g(m, "ry"), _g(m, "mk")
    if p is None:
        return _none("day and month without year, and the article has no publication date")
    if ry or mk:
        if ry:
            yy, note = p.year + r.relyear_of[_key(ry)], f"year from '{ry}' (published {p})"
        else:
            sense = r.marker_of[_key(mk or "")]
            yy, note = _year_by_marker(sense, mon, p), f"{sense} month by marker (published {p})"
            if sense == "current" and mon != p.month:
                note += "; marker says this month but the month differs"
        dt = _mk(yy, mon, day)
        return _day(dt, note) if dt else _none(f"impossible date {day}/{mon}/{yy}")
    if ctx.prefer == "past":
        limit = p + timedelta(days=_NEAR_DAYS)
        for yy in range(p.year + 1, p.year - 9, -1):
            dt = _mk(yy, mon, day)
            if dt and dt <= limit:
                return _day(dt, f"no year: latest on or before published {p}")
    else:
        limit = p - timedelta(days=_NEAR_DAYS)
        for yy in range(p.year - 1, p.year + 9):
            dt = _mk(yy, mon, day)
            if dt and dt >= limit:
                return _day(dt, f"no year: earliest on or after published {p}")
    return _none("no year could be fixed")


def _with_weekday(r: DateRules, m: re.Match[str], when: EventDate, kind: str,
                  core: int, **kw: Any) -> list[_C]:
    """An explicit date checked against the weekday written before it. When they
    disagree the date is kept and the weekday is left out of the mention."""
    start, end, wd = m.start(), m.end(), _g(m, "wd")
    if wd and when.date is not None and when.precision == "day":
        n = r.weekday(wd)
        if when.date.weekday() != n:
            note = f"{when.note}; text says {_DAY_NAMES[n]} but it was a {when.date:%A}"
            return [_C(core, end, replace(when, note=note), kind, explicit=True, **kw)]
        when = replace(when, note=f"{when.note}; weekday {_DAY_NAMES[n]} agrees")
    elif wd:
        start = core
    out = [_C(start, end, when, kind, explicit=True, **kw)]
    if start != core:  # the bare date too, in case the weekday belongs to a longer phrase
        out.append(_C(core, end, when, kind, explicit=True, **kw))
    return out


def _h_numeric(r: DateRules, ctx: _Ctx, m: re.Match[str]) -> list[_C]:
    if m.group("Y"):
        y, found = int(m.group("Y")), {_mk(int(m.group("Y")), int(m.group("M")), int(m.group("D")))}
    else:
        a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        found = {_mk(y, *((b, a) if order == "dmy" else (a, b))) for order in r.numeric_orders}
    if not _year_ok(y):
        return []
    found.discard(None)
    if len(found) == 1:
        dt = found.pop()
        assert dt is not None
        return [_C(m.start(), m.end(), _day(dt, "numeric date"), "absolute", explicit=True)]
    note = "impossible date" if not found else "ambiguous numeric date (day/month order unknown)"
    return [_C(m.start(), m.end(), _none(note), "absolute")]


def _day_number(r: DateRules, m: re.Match[str]) -> int:
    d = _g(m, "d")
    return int(d) if d else int(r.ordinal_of[_key(m.group("dw"))])


def _h_dmy(r: DateRules, ctx: _Ctx, m: re.Match[str]) -> list[_C]:
    if _g(m, "dw") and not _g(m, "j"):
        return []  # "the third" is a day only in "the third of November"
    day = _day_number(r, m)
    mon, pair_note = r.month(m)
    when = _resolve_day_month(r, ctx, mon, day, m)
    if when is None:
        return []
    when = replace(when, note=when.note + pair_note)
    kind, d2 = "absolute", _g(m, "d2")
    if d2 and when.date is not None and when.precision == "day":
        end = _mk(when.date.year, when.date.month, int(d2))
        if end is None:
            return [_C(m.start(), m.end(), _none(f"impossible date {d2}/{mon}"), "range")]
        if end <= when.date:
            return []
        weak = r.range_weak.fullmatch(_g(m, "conn") or "")
        opened = r.range_opener.search(ctx.norm.text, max(0, m.start() - 20), m.start())
        if weak and end - when.date > timedelta(days=1) and not opened:
            # "on 6 and 10 March": two days, not a span; only the month is sure
            when = _month_of(when.date, f"two days named ({day} and {d2}); {when.note}")
        else:
            when, kind = replace(when, end_date=end, note=f"{when.note}; to {end}"), "range"
    inferred = not (_g(m, "y") or _g(m, "ry") or _g(m, "mk") or _g(m, "wd"))
    return _with_weekday(r, m, when, kind, _start_of(m, "d", "dw", "m1"),
                         noyear=(mon, day) if inferred else None)


def _h_dom(r: DateRules, ctx: _Ctx, m: re.Match[str]) -> list[_C]:
    """'15 من الشهر الجاري', 'the 3rd of last month'."""
    day = _day_number(r, m)
    if ctx.p is None:
        when = _none("day of a relative month, and the article has no publication date")
    else:
        off = r.relmonth_of[_key(m.group("rm"))]
        y, mo = _add_months(ctx.p.year, ctx.p.month, off)
        dt = _mk(y, mo, day)
        when = (_day(dt, f"day {day} of month {off:+d} from published {ctx.p}") if dt
                else _none(f"impossible date {day}/{mo}/{y}"))
    return _with_weekday(r, m, when, "absolute", _start_of(m, "d", "dw"))


def _h_hijri(r: DateRules, ctx: _Ctx, m: re.Match[str]) -> list[_C]:
    y, suf, d = int(m.group("y")), _g(m, "suf"), _g(m, "d")
    hm = int(r.hmonth_of[_key(m.group("hm"))])
    if suf is None and _year_ok(y):
        if d:
            return []
        # "رمضان 2020": a Hijri month in a Gregorian year
        return [_C(m.start(), m.end(), _year_of(y, "Hijri month named with a Gregorian year"),
                   "year")]
    if suf is None and r.hijri_suffix_required:
        return []
    label = f"{d + ' ' if d else ''}{m.group('hm')} {y} AH"
    try:
        if d:
            g = Hijri(y, hm, int(d)).to_gregorian()
            when = _day(date(g.year, g.month, g.day), f"Hijri {label} (Umm al-Qura)")
        else:
            h = Hijri(y, hm, 1)
            a, b = h.to_gregorian(), Hijri(y, hm, h.month_length()).to_gregorian()
            if (a.year, a.month) == (b.year, b.month):
                when = _month_of(date(a.year, a.month, 1), f"Hijri month {label}")
            elif a.year == b.year:
                when = _year_of(a.year, f"Hijri month {label} spans two months")
            else:
                when = _none(f"Hijri month {label} spans two years")
    except OverflowError:
        return [_C(m.start(), m.end(), _none(f"Hijri year {y} outside the supported range"),
                   "hijri")]
    except ValueError:
        return [_C(m.start(), m.end(), _none(f"impossible Hijri date {label}"), "hijri")]
    return _with_weekday(r, m, when, "hijri", _start_of(m, "d", "hm"), hijri=True)


def _h_relday(r: DateRules, ctx: _Ctx, m: re.Match[str]) -> list[_C]:
    off = int(r.relday_of[_key(m.group("rd"))])
    t, s, e = ctx.norm.text, m.start("rd"), m.end("rd")
    nx, pv = r.relday_next.get(off), r.relday_prev.get(off)
    if (nx and nx.match(t, e)) or (pv and pv.search(t, max(0, s - 30), s)):
        return []  # "اليوم نفسه" (that same day), "حتى اليوم" (until today)
    p, word = ctx.p, ctx.surface(s, e)
    if p is None:
        return [_C(m.start(), m.end(), ctx.unknown("relative date", s, e), "relative",
                   relday=True)]
    dt = p + timedelta(days=off)
    base = _day(dt, f"'{word}' = published {p} {off:+d} day{'s' if abs(off) > 1 else ''}"
                if off else f"'{word}' = published {p}")
    core_end = m.start("wdpart") if _g(m, "wdpart") else m.end()
    core = _C(m.start(), core_end, base, "relative", relday=True)
    wd = _g(m, "wd")
    if not wd:
        return [core]
    n = r.weekday(wd)
    if dt.weekday() == n:
        note = f"{base.note}, a {_DAY_NAMES[n]} as written"
        return [_C(m.start(), m.end(), replace(base, note=note), "relative", relday=True), core]
    # yesterday was not the weekday written: the day is uncertain, maybe not the month
    back, ahead = (dt.weekday() - n) % 7, (n - dt.weekday()) % 7
    near_back = back < ahead or (back == ahead and off <= 0)
    other = dt - timedelta(days=back) if near_back else dt + timedelta(days=ahead)
    why = f"'{word}' gives {dt} ({dt:%A}) but text says {_DAY_NAMES[n]} ({other})"
    if (other.year, other.month) == (dt.year, dt.month):
        when = _month_of(dt, why + "; month kept")
    else:
        when = _none(why + "; days in different months")
    return [_C(m.start(), m.end(), when, "relative", relday=True), core]


def _h_ago(r: DateRules, ctx: _Ctx, m: re.Match[str]) -> list[_C]:
    if r.ago_next.match(ctx.norm.text, m.end()):
        return []  # "قبل يومين من الانتخابات": two days before the election, not before P
    n = 2 if _g(m, "dual") else r.num(_g(m, "n") or _g(m, "n2"))
    if n is None:
        return []
    if ctx.p is None:
        when = ctx.unknown("relative date", m.start(), m.end())
    else:
        when = _day(ctx.p - timedelta(days=n), f"{n} days before published {ctx.p}")
    return [_C(m.start(), m.end(), when, "relative", relday=True)]


def _h_weekday(r: DateRules, ctx: _Ctx, m: re.Match[str]) -> list[_C]:
    n, mk = r.weekday(m.group("wd")), _g(m, "mkb") or _g(m, "mka")
    sense = r.marker_of[_key(mk)] if mk else None
    if ctx.p is None:
        when = ctx.unknown("weekday", m.start("wd"), m.end("wd"))
    else:
        mode = {"past": "before", "future": "after", "current": "future"}.get(sense or "",
                                                                            ctx.prefer)
        dt = _weekday_near(ctx.p, n, mode)
        how = {"past": "on/before", "future": "on/after"}.get(mode, mode)
        when = _day(dt, f"weekday {_DAY_NAMES[n]} {how} published {ctx.p}")
    return [_C(m.start(), m.end(), when, "weekday", wd=n, wd_marked=bool(mk))]


def _edge_note(r: DateRules, m: re.Match[str]) -> str:
    e = _g(m, "edge")
    return f" ({r.edge_of[_key(e)]} of it)" if e else ""


def _h_period(r: DateRules, ctx: _Ctx, m: re.Match[str]) -> list[_C]:
    p, word, edge, bu = ctx.p, ctx.surface(m.start(), m.end()), _edge_note(r, m), _g(m, "bu")
    unit = r.bare_of[_key(bu)] if bu else None
    if bu and not edge:
        return []  # "الشهر" alone is "the month", not "this month"
    if p is None:
        return [_C(m.start(), m.end(), ctx.unknown("relative date", m.start(), m.end()),
                   "relative")]
    if _g(m, "rw") or unit == "week":
        off = r.relweek_of.get(_key(_g(m, "rw") or ""), 0)
        ws = _week_start(p, r.week_first, off)
        we = ws + timedelta(days=6)
        note = f"'{word}': the week {ws}..{we} cannot be fixed to a day"
        same_month = (ws.year, ws.month) == (we.year, we.month)
        when = _month_of(ws, note + "; month kept") if r.week_to_month and same_month \
            else _none(note)
        anchor = off if _g(m, "rw") and not edge else None
        return [_C(m.start(), m.end(), when, "relative", week=anchor)]
    if _g(m, "rm") or unit == "month":
        off = r.relmonth_of.get(_key(_g(m, "rm") or ""), 0)
        y, mo = _add_months(p.year, p.month, off)
        when = _month_of(date(y, mo, 1), f"month of published {p} {off:+d}{edge}")
        return [_C(m.start(), m.end(), when, "relative")]
    off = r.relyear_of.get(_key(_g(m, "ry") or ""), 0)
    return [_C(m.start(), m.end(), _year_of(p.year + off, f"year of published {p} {off:+d}{edge}"),
               "relative")]


def _h_month(r: DateRules, ctx: _Ctx, m: re.Match[str]) -> list[_C]:
    g = m.groupdict()
    if not any(g.get(k) for k in ("prep", "edge", "mkb", "mw", "m2", "m3", "y", "ry", "mk")):
        return []  # a bare month name ("مارس" is also a verb, "May" a modal)
    mon, pair_note = r.month(m)
    edge, p = _edge_note(r, m) + pair_note, ctx.p
    start = _start_of(m, "edge", "mkb", "mw", "m1")  # the preposition stays out
    if g.get("y"):
        y = int(g["y"])
        if not _year_ok(y):
            return []
        return [_C(start, m.end(), _month_of(date(y, mon, 1), "month and year" + edge), "month")]
    if p is None:
        return [_C(start, m.end(), _none("month without year, and the article has no "
                                         "publication date"), "month")]
    mk = g.get("mk") or g.get("mkb")
    if g.get("ry"):
        y, note = p.year + r.relyear_of[_key(g["ry"])], f"year from '{g['ry']}' (published {p})"
    elif mk:
        sense = r.marker_of[_key(mk)]
        y, note = _year_by_marker(sense, mon, p), f"{sense} by marker (published {p})"
    elif ctx.prefer == "past":
        y = p.year if mon <= p.month else p.year - 1
        note = f"no year: latest on or before published {p}"
    else:
        y = p.year if mon >= p.month else p.year + 1
        note = f"no year: earliest on or after published {p}"
    return [_C(start, m.end(), _month_of(date(y, mon, 1), note + edge), "month")]


def _h_year(r: DateRules, ctx: _Ctx, m: re.Match[str]) -> list[_C]:
    y = int(m.group("y"))
    if not _year_ok(y):
        return []
    return [_C(_start_of(m, "edge", "yw", "y"), m.end(), _year_of(y, "year" + _edge_note(r, m)),
               "year")]


def _h_season(r: DateRules, ctx: _Ctx, m: re.Match[str]) -> list[_C]:
    months: tuple[int, ...] = r.season_of[_key(m.group("season"))]
    p, word, mk, ry = ctx.p, ctx.surface(m.start(), m.end()), _g(m, "mkb") or _g(m, "mka"), \
        _g(m, "ry")
    crosses = months[0] > months[-1]  # winter: December to February
    if _g(m, "y"):
        y = int(m.group("y"))
        if not _year_ok(y):
            return []
        when = _none(f"season '{word}' spans two years") if crosses \
            else _year_of(y, f"season '{word}'")
        return [_C(m.start(), m.end(), when, "year")]
    if not (mk or ry):
        return []
    if p is None:
        when = ctx.unknown("relative date", m.start(), m.end())
    elif crosses:
        when = _none(f"season '{word}' spans two years")
    else:
        if ry:
            y = p.year + r.relyear_of[_key(ry)]
        else:
            sense = r.marker_of[_key(mk or "")]
            last = months[-1]
            ended = date(p.year, last, calendar.monthrange(p.year, last)[1]) < p
            begun = date(p.year, months[0], 1) <= p
            y = {"past": p.year if ended else p.year - 1,
                 "future": p.year + 1 if begun else p.year}.get(sense, p.year)
        when = _year_of(y, f"season '{word}' (published {p})")
    return [_C(m.start(), m.end(), when, "relative")]


_HANDLERS: dict[str, Handler] = {
    "numeric": _h_numeric, "dmy": _h_dmy, "dom": _h_dom, "mdy": _h_dmy, "hijri": _h_hijri,
    "relday": _h_relday, "ago": _h_ago, "weekday": _h_weekday, "period": _h_period,
    "month": _h_month, "year": _h_year, "season": _h_season,
}


# --------------------------------------------------------------------------- combining

def _select(cands: list[_C]) -> list[_C]:
    """Non-overlapping candidates, longest first."""
    taken: list[_C] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        if c.end > c.start and all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c.start)


def _merge(a: _C, b: _C, when: EventDate, kind: str, **kw: Any) -> _C:
    return _C(a.start, b.end, when, kind, explicit=a.explicit or b.explicit,
              hijri=a.hijri or b.hijri, **kw)


def _equiv_gap(r: DateRules, t: str, a: _C, b: _C) -> bool:
    """Can a and b be one day written twice? Joined by 'الموافق', by nothing but spaces,
    by a dash between a Hijri and a Gregorian date, or by a comma between a relative
    word and a calendar date."""
    if not r.gap_equiv.fullmatch(t, a.end, b.start):
        return False
    gap = t[a.end:b.start].strip()
    if not gap or r.equiv_word.search(gap) or a.hijri != b.hijri:
        return True
    return a.explicit != b.explicit and set(gap) <= set(",،( ")


def _pass_equivalence(r: DateRules, t: str, cs: list[_C]) -> list[_C]:
    """'27 محرم 1442هـ الموافق 15 سبتمبر 2020م', 'أمس الثلاثاء 15 سبتمبر': one day, two ways."""
    out: list[_C] = []
    for b in cs:
        a = out[-1] if out else None
        if a is None or not (a.explicit or b.explicit) or not _equiv_gap(r, t, a, b):
            out.append(b)
            continue
        if a.day and a.day == b.day and not (a.when.end_date or b.when.end_date):
            kept = a if a.explicit else b
            note = f"{a.when.note}; = {b.when.note}"
            out[-1] = _merge(a, b, replace(kept.when, note=note),
                             "hijri" if a.hijri or b.hijri else "absolute")
            continue
        if a.day and b.day and a.explicit and b.explicit and a.hijri != b.hijri:
            h, g = (a, b) if a.hijri else (b, a)
            g.when = replace(g.when, note=f"{g.when.note}; the Hijri date beside it gives {h.day}")
            h.when = _none(f"{h.when.note} = {h.day}, but the Gregorian date beside it is "
                           f"{g.day}; Gregorian kept")
        elif a.day and b.day and a.explicit != b.explicit:
            rel, expl = (b, a) if a.explicit else (a, b)
            if rel.relday or rel.wd is not None:
                expl.when = replace(expl.when, note=f"{expl.when.note}; the word beside it gives "
                                                    f"{rel.day}")
                rel.when = _none(f"{rel.when.note}, but the explicit date beside it is {expl.day}")
        out.append(b)
    return out


def _range_years(a: _C, c: _C) -> None:
    """'from 28 February to 2 March 2021': a year written at one end holds for the other."""
    if a.noyear and c.day and c.explicit and not c.noyear:
        dt = _mk(c.day.year, *a.noyear)
        if dt is None or dt > c.day:
            dt = _mk(c.day.year - 1, *a.noyear)
        if dt:
            a.when = replace(a.when, date=dt, note=f"year from the end of the range ({c.day})")
    elif c.noyear and a.day and a.explicit and not a.noyear:
        dt = _mk(a.day.year, *c.noyear)
        if dt is None or dt < a.day:
            dt = _mk(a.day.year + 1, *c.noyear)
        if dt:
            c.when = replace(c.when, date=dt, note=f"year from the start of the range ({a.day})")


def _range_gap(r: DateRules, t: str, a: _C, c: _C) -> bool:
    if r.gap_range.fullmatch(t, a.end, c.start):
        return True
    return any(second.fullmatch(t, a.end, c.start)
               and opener.search(t, max(0, a.start - 20), a.start)
               for opener, second in r.gap_pairs)


def _pass_ranges(r: DateRules, t: str, cs: list[_C]) -> list[_C]:
    """'من الثلاثاء إلى الأربعاء', 'from 16 February to 2 March', 'بين الثلاثاء والأربعاء'."""
    out: list[_C] = []
    for c in cs:
        a = out[-1] if out else None
        if (a is None or not a.day or not (c.day or c.wd is not None)
                or a.when.end_date or c.when.end_date or not _range_gap(r, t, a, c)):
            out.append(c)
            continue
        _range_years(a, c)
        start = a.day
        assert start is not None
        if c.wd is not None and not c.explicit and not c.wd_marked:
            end = start + timedelta(days=(c.wd - start.weekday()) % 7 or 7)
        elif c.day and start < c.day <= start + timedelta(days=_RANGE_MAX_DAYS):
            end = c.day
        else:
            out.append(c)
            continue
        out[-1] = _merge(a, c, EventDate(start, "day", end, f"{a.when.note}; to {end}"), "range",
                         wd=None if a.explicit else a.wd, wd_end=c.wd)
    return out


def _pass_week_anchor(r: DateRules, t: str, p: date | None, cs: list[_C]) -> list[_C]:
    """'next week, from Monday to Wednesday', 'الأحد من الأسبوع المقبل'."""
    if p is None:
        return cs

    def free(c: _C) -> bool:  # a weekday (or weekday range) that a week phrase may place
        return c.wd is not None and not c.wd_marked and not c.explicit

    out: list[_C] = []
    for c in cs:
        a = out[-1] if out else None
        if a is not None and a.week is not None and free(c) \
                and r.gap_anchor_before.fullmatch(t, a.end, c.start):
            week, days = a.week, c
        elif a is not None and c.week is not None and free(a) \
                and r.gap_anchor_after.fullmatch(t, a.end, c.start):
            week, days = c.week, a
        else:
            out.append(c)
            continue
        assert days.wd is not None
        ws = _week_start(p, r.week_first, week)
        start = ws + timedelta(days=(days.wd - r.week_first) % 7)
        end = None
        if days.wd_end is not None:
            end = start + timedelta(days=(days.wd_end - days.wd) % 7 or 7)
        note = f"{_DAY_NAMES[days.wd]} of the week of {ws} (published {p})"
        note += f"; to {end}" if end else ""
        out[-1] = _merge(a, c, EventDate(start, "day", end, note), "range" if end else "weekday")
    return out


def _pass_durations(r: DateRules, t: str, cs: list[_C]) -> None:
    """'وصل الخميس ... في زيارة تستغرق خمسة أيام': the end date from a duration that
    follows a dated start in the same sentence, with no other date between."""
    for i, c in enumerate(cs):
        if not c.day or c.when.end_date:
            continue
        limit = min(len(t), c.end + _DURATION_REACH, cs[i + 1].start if i + 1 < len(cs) else len(t))
        stop = r.sentence_end.search(t, c.end, limit)
        m = r.duration.search(t, c.end, stop.start() if stop else limit)
        if not m:
            continue
        n = 2 if m.group("dual") else r.num(m.group("n") or m.group("n2"))
        if n and 2 <= n <= _MAX_DURATION:
            end = c.day + timedelta(days=n - 1)
            c.when = replace(c.when, end_date=end, note=f"{c.when.note}; lasts {n} days, to {end}")


# --------------------------------------------------------------------------- API

_WORD = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")


def _starts(r: DateRules, t: str) -> list[tuple[int, tuple[int, ...]]]:
    """Offsets where a pattern may begin, each with the patterns to try there: a digit
    run (every pattern), or a word (maybe after one or two proclitics) that is the first
    word of a vocabulary entry (the patterns such an entry can open). Trying the
    patterns only there is many times faster than letting each one scan the whole text."""
    first, clitics, lead = r.first_words, r.proclitics, r.lead_of
    out = [(m.start(), r.every) for m in _DIGITS.finditer(t)]
    low = t.lower()
    if len(low) != len(t):  # a letter whose lower case is longer: word by word
        low = t
    for m in _WORD.finditer(low):
        w = m.group() if low is not t else m.group().lower()
        if w in first:
            out.append((m.start(), lead.get(w, ())))
        if clitics and w[0] in clitics:
            if w[1:] in first:
                out.append((m.start() + 1, lead.get(w[1:], ())))
            if len(w) > 2 and w[1] in clitics and w[2:] in first:
                out.append((m.start() + 2, lead.get(w[2:], ())))
    out.sort(key=lambda s: s[0])
    return out


def find_dates(text: str, lang: str, published: date | None, rules: DateRules,
               *, prefer: str = "past") -> list[DateMention]:
    """Date mentions in ``text`` (sorted, non-overlapping), resolved against ``published``.

    ``prefer`` ("past" for a reported act, "future" for a planned one) decides only
    where the phrase itself does not: a bare weekday, a day and month with no year,
    a month with no year.
    """
    if prefer not in ("past", "future"):
        raise ValueError(f"prefer must be 'past' or 'future', not {prefer!r}")
    if lang != rules.lang:
        raise ValueError(f"the rules are for {rules.lang!r}, the text is {lang!r}")
    norm = normalize(text, lang)
    t = norm.text
    starts = _starts(rules, t)
    if not starts:
        return []
    ctx = _Ctx(norm, published, prefer)
    found: list[list[_C]] = [[] for _ in rules.patterns]  # by pattern, as if each scanned alone
    patterns = rules.patterns
    for i, which in starts:
        for k in which:
            name, rx = patterns[k]
            m = rx.match(t, i)
            if m is not None:
                found[k].extend(_HANDLERS[name](rules, ctx, m))
    cands = [c for group in found for c in group]
    cs = _select(cands)
    cs = _pass_equivalence(rules, t, cs)
    cs = _pass_ranges(rules, t, cs)
    cs = _pass_week_anchor(rules, t, published, cs)
    _pass_durations(rules, t, cs)
    out = []
    for c in cs:
        s, e = norm.to_original(c.start), norm.to_original_end(c.end)
        while e < len(text) and not fold(text[e]):  # keep trailing diacritics and tatweel
            e += 1
        out.append(DateMention(s, e, c.when, c.kind, text[s:e]))
    return out
