"""Find date expressions in a text and resolve them against the publication date.

All words come from ``data/<lang>/dates.toml`` (see :meth:`DateRules.from_dict`); this
module holds only the grammar (how the words combine) and the calendar arithmetic.
Matching runs on the folded text of :func:`timeline.normalize.normalize`; offsets are
mapped back to the caller's text. No date is ever guessed: when a phrase cannot be
fixed to a day, it gets the coarsest precision that is certain (month, year or none)
and a note that says why.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import date, timedelta
from typing import Any, Callable, Iterable

from hijridate import Hijri

from .model import EventDate
from .normalize import NormText, fold, normalize

__all__ = ["DateMention", "DateRules", "find_dates"]

MIN_YEAR, MAX_YEAR = 1900, 2100
_NEAR_DAYS = 2          # a day+month with no year may lie this far on the "wrong" side of P
_DURATION_REACH = 150   # how far after a date a "lasting five days" phrase may stand
_RANGE_MAX_DAYS = 62
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
    return " ".join(fold(s).lower().split())


def _alt(words: Iterable[str], case_sensitive: bool = False) -> str:
    """A regex alternation of folded words, longest first; spaces match any run of spaces."""
    forms: set[str] = set()
    for w in words:
        w = " ".join(fold(w).split())
        if not w:
            continue
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
    out: dict[str, Any] = {}
    for value, words in groups:
        for w in words:
            out[_key(w)] = value
    return out


@dataclass
class _C:
    """A candidate mention while matching (offsets into the folded text)."""

    start: int
    end: int
    when: EventDate
    kind: str
    explicit: bool = False   # carries a calendar date of its own
    hijri: bool = False
    relday: bool = False     # today / yesterday / tomorrow ...
    wd: int | None = None    # weekday named, when the mention is a bare/marked weekday
    wd_marked: bool = False
    wd_end: int | None = None
    week: int | None = None  # offset of a "next week"-like phrase without edge word
    noyear: tuple[int, int] | None = None  # (month, day) of a date whose year was inferred

    @property
    def day(self) -> date | None:
        return self.when.date if self.when.precision == "day" else None


class _Ctx:
    def __init__(self, norm: NormText, published: date | None, prefer: str) -> None:
        self.norm, self.p, self.prefer = norm, published, prefer

    def surface(self, s: int, e: int) -> str:
        o = self.norm.original
        return " ".join(o[self.norm.to_original(s):self.norm.to_original_end(e)].split())


def _mk(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _first(d: date) -> date:
    return d.replace(day=1)


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _weekday_near(p: date, wd: int, mode: str) -> date:
    """mode: past (on/before p), future (on/after), before (strictly), after (strictly)."""
    if mode in ("past", "before"):
        back = (p.weekday() - wd) % 7
        if back == 0 and mode == "before":
            back = 7
        return p - timedelta(days=back)
    ahead = (wd - p.weekday()) % 7
    if ahead == 0 and mode == "after":
        ahead = 7
    return p + timedelta(days=ahead)


def _none(note: str) -> EventDate:
    return EventDate(None, "none", None, note)


def _day(d: date, note: str) -> EventDate:
    return EventDate(d, "day", None, note)


# --------------------------------------------------------------------------- rules

class DateRules:
    """Compiled date grammar of one language (build once, reuse for every text)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    @classmethod
    def from_dict(cls, data: dict, lang: str) -> "DateRules":
        r = cls(lang)
        r._load(data)
        r._compile()
        return r

    # -- vocabulary
    def _load(self, data: dict) -> None:
        opt = data.get("options", {})
        self.cs = bool(opt.get("names_case_sensitive", False))
        self.week_start = [n.lower() for n in _DAY_NAMES].index(opt.get("week_starts", "monday").lower())
        self.numeric_orders = tuple(opt.get("numeric_orders", ["dmy"]))
        self.month_first = bool(opt.get("month_before_day", False))
        self.hijri_suffix_required = bool(opt.get("hijri_suffix_required", False))
        self.week_to_month = bool(opt.get("week_to_month", False))

        months = data["months"]
        self.month_series = {k: v for k, v in months.items() if isinstance(v, list) and len(v) == 12
                             and all(isinstance(e, list) for e in v)}
        self.month_of = _table((i + 1, names) for s in self.month_series.values()
                               for i, names in enumerate(s))
        self.w_month_full = [w for k, s in self.month_series.items() if k != "abbreviations" for e in s for w in e]
        self.w_month_all = [w for s in self.month_series.values() for e in s for w in e]
        hij = data["hijri"]
        self.hmonth_of = _table((i + 1, names) for i, names in enumerate(hij["months"]))
        wk = data["weekdays"]
        self.wd_of = _table((i, names) for i, names in enumerate(wk["names"]))
        self.wd_of.update(_table((i, names) for i, names in enumerate(wk.get("abbreviations", []))))
        self.w_wd = [w for e in wk["names"] for w in e]
        self.w_wd_abbr = [w for e in wk.get("abbreviations", []) for w in e]
        self.proclitics = [fold(p) for p in wk.get("proclitics", [])]
        mk: dict[str, str] = {}
        for pos in ("before", "after"):
            for sense, words in data.get("markers", {}).get(pos, {}).items():
                mk.update(_table([(sense, words)]))
        self.marker_of = mk
        self.edge_of = _table(data.get("edges", {}).items())
        rel = data.get("relative", {})
        self.relday = [(int(e["offset"]), e["words"], e.get("not_followed_by", []),
                        e.get("not_preceded_by", [])) for e in rel.get("days", [])]
        self.relday_of = _table((o, w) for o, w, _, _ in self.relday)
        self.relmonth_of = _table((int(k), v) for k, v in rel.get("months", {}).items())
        self.relyear_of = _table((int(k), v) for k, v in rel.get("years", {}).items())
        self.relweek_of = _table((int(k), v) for k, v in rel.get("weeks", {}).items())
        self.bare_of = _table(rel.get("bare_units", {}).items())
        self.season_of = _table((tuple(v["months"]), v["words"]) for v in data.get("seasons", {}).values())
        self.number_of = _table((int(k), v) for k, v in data.get("numbers", {}).items())
        self.ordinal_of = _table((int(k), v) for k, v in data.get("ordinal_days", {}).items())
        self.data = data

    # -- grammar
    def _compile(self) -> None:
        d, cs = self.data, self.cs
        A = _alt
        wk, mo, rel = d["weekdays"], d["months"], d.get("relative", {})
        markers = d.get("markers", {})
        WD = A(self.w_wd, cs)
        WDX = A(self.w_wd + self.w_wd_abbr, cs)
        MON = A(self.w_month_full, cs)
        MONX = A(self.w_month_all, cs)
        HMON = A([w for e in d["hijri"]["months"] for w in e], cs)
        HSUF = A(d["hijri"].get("suffixes", []))
        YSUF = A(d["years"].get("suffixes", []))
        YPREP, YW = A(d["years"].get("prepositions", [])), A(d["years"].get("words", []))
        TOD, DAYW = A(wk.get("times_of_day", [])), A(wk.get("day_words", []))
        MW, MPREP, DMJ = (A(mo.get("month_words", [])), A(mo.get("month_prepositions", [])),
                          A(mo.get("day_month_joiners", [])))
        MKB = A([w for v in markers.get("before", {}).values() for w in v])
        MKA = A([w for v in markers.get("after", {}).values() for w in v])
        EDGE = A([w for v in d.get("edges", {}).values() for w in v])
        RELD = A(self.relday_of)
        RM, RY, RW = A(self.relmonth_of), A(self.relyear_of), A(self.relweek_of)
        BU = A(self.bare_of)
        SEASON = A(self.season_of)
        ago = rel.get("ago", {})
        AGOB, AGOA = A(ago.get("before", [])), A(ago.get("after", []))
        dur = d.get("durations", {})
        NUM = A(self.number_of)
        DUNIT, DUAL = A(dur.get("day_units", [])), A(dur.get("dual_days", []))
        ORDW, ORDSUF = A(self.ordinal_of), A(d.get("days", {}).get("ordinal_suffixes", []))
        ART = A(d.get("days", {}).get("articles", []))
        rg = d.get("ranges", {})
        RCONN = A(rg.get("connectors", []))
        RPAIR2 = A([p[1] for p in rg.get("paired", [])])
        EQ = A(d.get("equivalence", {}).get("words", []))

        P = "".join(sorted(set(self.proclitics)))
        B = r"(?<!\w)"
        if P:
            B = rf"(?:(?<!\w)|(?<=(?<!\w)[{re.escape(P)}])|(?<=(?<!\w)[{re.escape(P)}][{re.escape(P)}]))"
        BD = rf"(?:(?=\d)(?<![\d.,:/\-])|(?!\d){B})"   # digits may follow letters ("وعالم7-7-2022")
        E = r"(?!\w)"
        JOIN = r"(?:\s*[,،/(]\s*|\s+)"
        SEP = r"(?:\s*-\s*|\s+)"
        YEAR = rf"(?P<y>\d{{4}})(?!\d)(?:\s*(?:{YSUF}){E})?"
        DAYN = rf"(?P<d>\d{{1,2}})(?!\d)(?:{ORDSUF}{E})?"
        DAY2 = rf"(?:\s*(?P<conn>{RCONN}|{RPAIR2})\s*(?P<d2>\d{{1,2}})(?!\d)(?:{ORDSUF}{E})?)?"
        WDPRE = rf"(?:(?P<wd>{WDX}){E}(?:\s+{TOD}{E})?{JOIN}(?:{EQ}\s+)?)?(?:{DAYW}\s+)?"
        PAIR = rf"(?:\s*[/\-]\s*(?P<m2>{MONX}){E}|\s*\(\s*(?P<m3>{MONX})\s*\))?"
        YTAIL = (rf"(?:(?:\s*[,،]\s*|\s*-\s*|\s+)(?:{DMJ}\s+)?(?:{YW}\s+)?{YEAR}"
                 rf"|\s+(?:{DMJ}\s+)?(?P<ry>{RY}){E}|\s+(?P<mk>{MKA}){E})?")

        pats: list[tuple[str, str]] = []
        pats.append(("numeric", r"(?<![\d./\-])(?:(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4})"
                                r"|(?P<Y>\d{4})(?P<s2>[-/.])(?P<M>\d{1,2})(?P=s2)(?P<D>\d{1,2}))(?!\d)(?![./\-]\d)"))
        pats.append(("dmy", rf"{BD}{WDPRE}(?:{DAYN}|(?:{ART}\s+)?(?P<dw>{ORDW}){E}){DAY2}"
                            rf"(?:\s+(?P<j>{DMJ}))?(?:\s*-\s*|\s*)(?P<m1>{MONX}){E}(?:\.(?=\s*\d))?{PAIR}{YTAIL}{E}"))
        pats.append(("dom", rf"{BD}{WDPRE}(?:{DAYN}|(?:{ART}\s+)?(?P<dw>{ORDW}){E})\s+(?:{DMJ}\s+)?(?P<rm>{RM}){E}"))
        if self.month_first:
            pats.append(("mdy", rf"{B}{WDPRE}(?P<m1>{MONX})(?:\.\s*|\s+){DAYN}{DAY2}"
                                rf"(?:\s*,?\s*{YEAR})?{E}"))
        pats.append(("hijri", rf"{BD}{WDPRE}(?:{DAYN}\s*(?:{DMJ}\s+)?)?(?P<hm>{HMON}){E}\s*[,،]?\s*"
                              rf"(?P<y>\d{{4}})(?!\d)(?:\s*(?P<suf>{HSUF})(?!\w))?"))
        pats.append(("relday", rf"{B}(?:{TOD}\s+)?(?:{DAYW}\s+)?(?P<rd>{RELD}){E}(?:\s+{TOD}{E})?"
                               rf"(?P<wdpart>{JOIN}(?:{DAYW}\s+)?(?P<wd>{WD}){E}(?:\s+{TOD}{E})?)?"))
        pats.append(("ago", rf"{B}(?:{AGOB}\s+(?:(?P<n>\d{{1,2}}|{NUM})\s+{DUNIT}|(?P<dual>{DUAL}))"
                            rf"|(?P<n2>\d{{1,2}}|{NUM})\s+{DUNIT}\s+{AGOA}){E}"))
        pats.append(("weekday", rf"{B}(?:(?P<mkb>{MKB})\s+)?(?:{TOD}\s+)?(?:{DAYW}\s+)?(?P<wd>{WD}){E}"
                                rf"(?:\s+{TOD}{E})?(?:\s+(?P<mka>{MKA}){E})?"))
        pats.append(("period", rf"{B}(?:(?P<edge>{EDGE}){SEP})?(?:(?P<rm>{RM})|(?P<ry>{RY})|(?P<rw>{RW})"
                               rf"|(?P<bu>{BU})){E}"))
        pats.append(("month", rf"{B}(?:(?P<prep>{MPREP})\s+)?(?:(?P<edge>{EDGE}){SEP})?(?:(?P<mkb>{MKB})\s+)?"
                              rf"(?:(?P<mw>{MW})\s+)?(?P<m1>{MON}){E}{PAIR}{YTAIL}"))
        pats.append(("year", rf"{B}(?=(?:{YPREP}|{EDGE}|{YW})(?:\s|-))(?:(?P<prep>{YPREP})\s+)?"
                             rf"(?:(?P<edge>{EDGE}){SEP})?(?:(?P<yw>{YW})\s+)?{YEAR}(?![\w]|[\-/]\d)"))
        pats.append(("season", rf"{B}(?:(?P<mkb>{MKB})\s+)?(?P<season>{SEASON}){E}"
                               rf"(?:\s+(?:{DMJ}\s+)?(?:{YW}\s+)?{YEAR}|\s+(?P<mka>{MKA}){E}"
                               rf"|\s+(?:{DMJ}\s+)?(?P<ry>{RY}){E})?"))
        flags = re.IGNORECASE
        self.patterns = [(name, re.compile(p, flags)) for name, p in pats]
        # Every pattern starts with a digit or with a vocabulary word: patterns are tried
        # only where one of those starts (see _starts), not at every offset of the text.
        self.first_words = {m.group() for w in _strings(d) if (m := re.match(r"\w+", _key(w)))}
        self.clitic_set = set(self.proclitics)

        nfb = {o: A(f) for o, _, f, _ in self.relday}
        npb = {o: A(b) for o, _, _, b in self.relday}
        self.relday_next = {o: re.compile(rf"\s*(?:{a}){E}", flags) for o, a in nfb.items() if a != "(?!)"}
        self.relday_prev = {o: re.compile(rf"(?:{a})\s*$", flags) for o, a in npb.items() if a != "(?!)"}
        self.ago_next = re.compile(rf"\s*(?:{A(ago.get('not_followed_by', []))}){E}", flags)
        self.range_weak = re.compile(RPAIR2, flags)
        self.range_opener = re.compile(rf"(?:{A(rg.get('openers', []))})\s*$", flags)
        self.gap_equiv = re.compile(rf"\s*(?:[,،\-|/(]\s*)*(?:{EQ}\s*)?\(?\s*", flags)
        self.gap_equiv_word = re.compile(EQ, flags)
        self.gap_range = re.compile(rf"\s*(?:{RCONN})\s*", flags)
        self.gap_pairs = [(re.compile(rf"(?:{A([a])})\s*$", flags), re.compile(rf"\s*(?:{A([b])})\s*", flags))
                          for a, b in rg.get("paired", [])]
        WAJ = A(d.get("week_anchor", {}).get("joiners", []))
        self.gap_anchor_before = re.compile(rf"\s*[,،:]?\s*(?:(?:{WAJ})\s+)?", flags)
        self.gap_anchor_after = re.compile(rf"\s*(?:(?:{DMJ})\s+)?", flags)
        LEAD, ADJ = A(dur.get("leads", [])), A(dur.get("adjective_units", []))
        self.duration = re.compile(
            rf"{B}(?:{LEAD}\s+(?:(?P<n>\d{{1,2}}|{NUM})\s+{DUNIT}|(?P<dual>{DUAL}))"
            rf"|(?P<n2>\d{{1,2}}|{NUM})\s*-\s*{ADJ}){E}", flags)
        self.sentence_end = re.compile(r"[.!?؟\n]")

    # ----------------------------------------------------------------------- helpers
    def _num(self, s: str | None) -> int | None:
        if s is None:
            return None
        return int(s) if s.isdigit() else self.number_of.get(_key(s))

    def _wd(self, s: str) -> int:
        return self.wd_of[_key(s)]

    def _month(self, m: re.Match) -> tuple[int, str]:
        """Month number and, when a paired spelling disagrees, a note."""
        m1 = self.month_of[_key(m.group("m1"))]
        other = m.groupdict().get("m2") or m.groupdict().get("m3")
        if other:
            m2 = self.month_of[_key(other)]
            if m2 != m1:
                return m1, f"; paired month names disagree ({m.group('m1')}/{other}), first kept"
        return m1, ""


# --------------------------------------------------------------------------- handlers

def _year_ok(y: int) -> bool:
    return MIN_YEAR <= y <= MAX_YEAR


def _resolve_day_month(r: DateRules, ctx: _Ctx, mon: int, day: int, m: re.Match) -> EventDate | None:
    """Day and month with a year, a relative year, a marker, or nothing (nearest to P)."""
    y = m.groupdict().get("y")
    if y:
        yy = int(y)
        if not _year_ok(yy):
            return None
        dt = _mk(yy, mon, day)
        return _day(dt, "explicit date") if dt else _none(f"impossible date {day}/{mon}/{yy}")
    if not any(_mk(yy, mon, day) for yy in (2000, 2001)):
        return _none(f"impossible date {day}/{mon}")
    p = ctx.p
    ry, mk = m.groupdict().get("ry"), m.groupdict().get("mk")
    if p is None:
        return _none("day and month without year, and the article has no publication date")
    if ry:
        yy = p.year + r.relyear_of[_key(ry)]
        dt = _mk(yy, mon, day)
        return _day(dt, f"year from '{ry}' (published {p})") if dt else _none(f"impossible date {day}/{mon}/{yy}")
    if mk:
        sense = r.marker_of[_key(mk)]
        yy = {"current": p.year, "past": p.year if mon < p.month else p.year - 1,
              "future": p.year if mon > p.month else p.year + 1}[sense]
        dt = _mk(yy, mon, day)
        note = f"{sense} month by marker (published {p})"
        if sense == "current" and mon != p.month:
            note += "; marker says this month but the month differs"
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


def _opened(r: DateRules, t: str, start: int) -> bool:
    """Is the phrase at ``start`` opened by 'between'/'from' ('بين 16 و17 فبراير')?"""
    return bool(r.range_opener.search(t, max(0, start - 20), start))


def _with_weekday(r: DateRules, ctx: _Ctx, m: re.Match, when: EventDate, kind: str,
                  core_start: int, **kw: Any) -> list[_C]:
    """An explicit date, checked against the weekday written before it (if any)."""
    start, end = m.start(), m.end()
    wd = m.groupdict().get("wd")
    if wd and when.precision == "day":
        n = r._wd(wd)
        if when.date.weekday() != n:
            note = f"{when.note}; text says {_DAY_NAMES[n]} but it was a {when.date:%A}"
            return [_C(core_start, end, replace(when, note=note), kind, explicit=True, **kw)]
        when = replace(when, note=f"{when.note}; weekday {_DAY_NAMES[n]} agrees")
    elif wd:
        start = core_start
    out = [_C(start, end, when, kind, explicit=True, **kw)]
    if start != core_start:
        out.append(_C(core_start, end, when, kind, explicit=True, **kw))
    return out


def _h_numeric(r: DateRules, ctx: _Ctx, m: re.Match) -> list[_C]:
    if m.group("Y"):
        y, mo, d = int(m.group("Y")), int(m.group("M")), int(m.group("D"))
        if not _year_ok(y):
            return []
        dt = _mk(y, mo, d)
        return [_C(m.start(), m.end(), _day(dt, "numeric date (Y-M-D)") if dt
                   else _none("impossible date"), "absolute", explicit=bool(dt))]
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    if not _year_ok(y):
        return []
    found = {dt for order in r.numeric_orders
             if (dt := _mk(y, *((b, a) if order == "dmy" else (a, b))))}
    if len(found) == 1:
        dt = found.pop()
        return [_C(m.start(), m.end(), _day(dt, "numeric date"), "absolute", explicit=True)]
    note = "impossible date" if not found else "ambiguous numeric date (day/month order unknown)"
    return [_C(m.start(), m.end(), _none(note), "absolute")]


def _h_dmy(r: DateRules, ctx: _Ctx, m: re.Match) -> list[_C]:
    g = m.groupdict()
    if g.get("dw") and not g.get("j"):
        return []
    day = int(g["d"]) if g.get("d") else r.ordinal_of[_key(g["dw"])]
    mon, pair_note = r._month(m)
    when = _resolve_day_month(r, ctx, mon, day, m)
    if when is None:
        return []
    when = replace(when, note=when.note + pair_note)
    core = min(m.start(k) for k in ("d", "dw", "m1") if g.get(k))
    kind = "absolute"
    d2 = g.get("d2")
    if d2 and when.precision == "day":
        end = _mk(when.date.year, when.date.month, int(d2))
        if end is None:
            return [_C(m.start(), m.end(), _none(f"impossible date {d2}/{mon}"), "range")]
        if end <= when.date:
            return []
        weak = r.range_weak.fullmatch(g["conn"] or "")
        if weak and end - when.date > timedelta(days=1) and not _opened(r, ctx.norm.text, m.start()):
            # "on 6 and 10 March": two days, not a span; only the month is sure
            when = EventDate(_first(when.date), "month", None, f"two days named ({day} and {d2}); "
                             + when.note)
        else:
            when = replace(when, end_date=end, note=when.note + f"; to {end}")
            kind = "range"
    inferred = not (g.get("y") or g.get("ry") or g.get("mk") or g.get("wd"))
    return _with_weekday(r, ctx, m, when, kind, core, noyear=(mon, day) if inferred else None)


def _h_dom(r: DateRules, ctx: _Ctx, m: re.Match) -> list[_C]:
    """'15 من الشهر الجاري', 'the 3rd of last month'."""
    g = m.groupdict()
    day = int(g["d"]) if g.get("d") else r.ordinal_of[_key(g["dw"])]
    core = m.start("d") if g.get("d") else m.start("dw")
    if ctx.p is None:
        when = _none("day of a relative month, and the article has no publication date")
    else:
        off = r.relmonth_of[_key(g["rm"])]
        y, mo = _add_months(ctx.p.year, ctx.p.month, off)
        dt = _mk(y, mo, day)
        when = _day(dt, f"day {day} of month {off:+d} from published {ctx.p}") if dt else \
            _none(f"impossible date {day}/{mo}/{y}")
    return _with_weekday(r, ctx, m, when, "absolute", core)


def _h_hijri(r: DateRules, ctx: _Ctx, m: re.Match) -> list[_C]:
    y, suf = int(m.group("y")), m.group("suf")
    hm = r.hmonth_of[_key(m.group("hm"))]
    if suf is None and _year_ok(y) and not m.group("d"):
        # "رمضان 2020": a Hijri month in a Gregorian year
        return [_C(m.start(), m.end(), EventDate(date(y, 1, 1), "year", None,
                                                 "Hijri month named with a Gregorian year"), "year")]
    if suf is None and (r.hijri_suffix_required or _year_ok(y)):
        return []
    label = f"{m.group('d') + ' ' if m.group('d') else ''}{m.group('hm')} {y} AH"
    try:
        if m.group("d"):
            g = Hijri(y, hm, int(m.group("d"))).to_gregorian()
            when = _day(date(g.year, g.month, g.day), f"Hijri {label} (Umm al-Qura)")
        else:
            h = Hijri(y, hm, 1)
            a = h.to_gregorian()
            b = Hijri(y, hm, h.month_length()).to_gregorian()
            if (a.year, a.month) == (b.year, b.month):
                when = EventDate(date(a.year, a.month, 1), "month", None, f"Hijri month {label}")
            elif a.year == b.year:
                when = EventDate(date(a.year, 1, 1), "year", None, f"Hijri month {label} spans two months")
            else:
                when = _none(f"Hijri month {label} spans two years")
    except OverflowError:
        return [_C(m.start(), m.end(), _none(f"Hijri year {y} outside the supported range"), "hijri")]
    except ValueError:
        return [_C(m.start(), m.end(), _none(f"impossible Hijri date {label}"), "hijri")]
    core = m.start("d") if m.group("d") else m.start("hm")
    return _with_weekday(r, ctx, m, when, "hijri", core, hijri=True)


def _relday_ok(r: DateRules, ctx: _Ctx, off: int, s: int, e: int) -> bool:
    t = ctx.norm.text
    nx, pv = r.relday_next.get(off), r.relday_prev.get(off)
    if nx and nx.match(t, e):
        return False
    if pv and pv.search(t, max(0, s - 30), s):
        return False
    return True


def _h_relday(r: DateRules, ctx: _Ctx, m: re.Match) -> list[_C]:
    rd = m.group("rd")
    off = r.relday_of[_key(rd)]
    if not _relday_ok(r, ctx, off, m.start("rd"), m.end("rd")):
        return []
    word = ctx.surface(m.start("rd"), m.end("rd"))
    p = ctx.p
    core_end = m.start("wdpart") if m.group("wdpart") else m.end()
    if p is None:
        note = f"relative date '{word}' but the article has no publication date"
        return [_C(m.start(), m.end(), _none(note), "relative", relday=True)]
    dt = p + timedelta(days=off)
    base = _day(dt, f"'{word}' = published {p} {off:+d} day{'s' if abs(off) > 1 else ''}" if off
               else f"'{word}' = published {p}")
    core = _C(m.start(), core_end, base, "relative", relday=True)
    if not m.group("wd"):
        return [core]
    n = r._wd(m.group("wd"))
    if dt.weekday() == n:
        return [_C(m.start(), m.end(), replace(base, note=base.note + f", a {_DAY_NAMES[n]} as written"),
                   "relative", relday=True), core]
    # yesterday is not the weekday written: the day is uncertain
    back, ahead = (dt.weekday() - n) % 7, (n - dt.weekday()) % 7
    other = dt - timedelta(days=back) if back < ahead or (back == ahead and off <= 0) else dt + timedelta(days=ahead)
    why = f"'{word}' gives {dt} ({dt:%A}) but text says {_DAY_NAMES[n]} ({other})"
    if (other.year, other.month) == (dt.year, dt.month):
        when = EventDate(_first(dt), "month", None, why + "; month kept")
    else:
        when = _none(why + "; days in different months")
    return [_C(m.start(), m.end(), when, "relative", relday=True), core]


def _h_ago(r: DateRules, ctx: _Ctx, m: re.Match) -> list[_C]:
    if r.ago_next.match(ctx.norm.text, m.end()):
        return []
    n = 2 if m.group("dual") else r._num(m.group("n") or m.group("n2"))
    if n is None:
        return []
    word = ctx.surface(m.start(), m.end())
    if ctx.p is None:
        return [_C(m.start(), m.end(), _none(f"relative date '{word}' but the article has no publication date"),
                   "relative", relday=True)]
    return [_C(m.start(), m.end(), _day(ctx.p - timedelta(days=n), f"{n} days before published {ctx.p}"),
               "relative", relday=True)]


def _h_weekday(r: DateRules, ctx: _Ctx, m: re.Match) -> list[_C]:
    n = r._wd(m.group("wd"))
    mk = m.group("mkb") or m.group("mka")
    sense = r.marker_of[_key(mk)] if mk else None
    if ctx.p is None:
        return [_C(m.start(), m.end(), _none(f"weekday '{ctx.surface(m.start('wd'), m.end('wd'))}' but the "
                                             "article has no publication date"), "weekday", wd=n, wd_marked=bool(mk))]
    mode = {"past": "before", "future": "after", "current": "future", None: ctx.prefer}[sense]
    dt = _weekday_near(ctx.p, n, mode)
    desc = {"before": "before", "after": "after", "past": "on/before", "future": "on/after"}[mode]
    return [_C(m.start(), m.end(), _day(dt, f"weekday {_DAY_NAMES[n]} {desc} published {ctx.p}"), "weekday",
               wd=n, wd_marked=bool(mk))]


def _edge_note(r: DateRules, m: re.Match) -> str:
    e = m.groupdict().get("edge")
    return f" ({r.edge_of[_key(e)]} of it)" if e else ""


def _h_period(r: DateRules, ctx: _Ctx, m: re.Match) -> list[_C]:
    p, word = ctx.p, ctx.surface(m.start(), m.end())
    if m.group("bu") and not m.group("edge"):
        return []
    if p is None:
        return [_C(m.start(), m.end(), _none(f"relative date '{word}' but the article has no publication date"),
                   "relative")]
    edge = _edge_note(r, m)
    if m.group("rw") or (m.group("bu") and r.bare_of[_key(m.group("bu"))] == "week"):
        off = r.relweek_of.get(_key(m.group("rw") or ""), 0)
        ws = p - timedelta(days=(p.weekday() - r.week_start) % 7) + timedelta(weeks=off)
        we = ws + timedelta(days=6)
        note = f"'{word}': the week {ws}..{we} cannot be fixed to a day"
        if r.week_to_month and (ws.year, ws.month) == (we.year, we.month):
            when = EventDate(_first(ws), "month", None, note + "; month kept")
        else:
            when = _none(note)
        week = off if (m.group("rw") and not m.group("edge")) else None
        return [_C(m.start(), m.end(), when, "relative", week=week)]
    if m.group("rm") or (m.group("bu") and r.bare_of[_key(m.group("bu"))] == "month"):
        off = r.relmonth_of.get(_key(m.group("rm") or ""), 0)
        y, mo = _add_months(p.year, p.month, off)
        return [_C(m.start(), m.end(), EventDate(date(y, mo, 1), "month", None,
                                                 f"month of published {p} {off:+d}{edge}"), "relative")]
    off = r.relyear_of.get(_key(m.group("ry") or ""), 0)
    return [_C(m.start(), m.end(), EventDate(date(p.year + off, 1, 1), "year", None,
                                             f"year of published {p} {off:+d}{edge}"), "relative")]


def _h_month(r: DateRules, ctx: _Ctx, m: re.Match) -> list[_C]:
    g = m.groupdict()
    paired = bool(g.get("m2") or g.get("m3"))
    if not (g.get("prep") or g.get("edge") or g.get("mkb") or g.get("mw") or paired
            or g.get("y") or g.get("ry") or g.get("mk")):
        return []
    mon, pair_note = r._month(m)
    edge, p = _edge_note(r, m) + pair_note, ctx.p
    start = min(m.start(k) for k in ("edge", "mkb", "mw", "m1") if g.get(k))  # the preposition stays out
    if g.get("y"):
        y = int(g["y"])
        if not _year_ok(y):
            return []
        return [_C(start, m.end(), EventDate(date(y, mon, 1), "month", None, "month and year" + edge), "month")]
    if p is None:
        return [_C(start, m.end(), _none("month without year, and the article has no publication date"), "month")]
    mk = g.get("mk") or g.get("mkb")
    if g.get("ry"):
        y, note = p.year + r.relyear_of[_key(g["ry"])], f"year from '{g['ry']}' (published {p})"
    elif mk:
        sense = r.marker_of[_key(mk)]
        y = {"current": p.year, "past": p.year if mon < p.month else p.year - 1,
             "future": p.year if mon > p.month else p.year + 1}[sense]
        note = f"{sense} by marker (published {p})"
    elif ctx.prefer == "past":
        y, note = (p.year if mon <= p.month else p.year - 1), f"no year: latest on or before published {p}"
    else:
        y, note = (p.year if mon >= p.month else p.year + 1), f"no year: earliest on or after published {p}"
    return [_C(start, m.end(), EventDate(date(y, mon, 1), "month", None, note + edge), "month")]


def _h_year(r: DateRules, ctx: _Ctx, m: re.Match) -> list[_C]:
    y = int(m.group("y"))
    if not _year_ok(y):
        return []
    start = m.start("edge") if m.group("edge") else (m.start("yw") if m.group("yw") else m.start("y"))
    return [_C(start, m.end(), EventDate(date(y, 1, 1), "year", None, "year" + _edge_note(r, m)), "year")]


def _h_season(r: DateRules, ctx: _Ctx, m: re.Match) -> list[_C]:
    months = r.season_of[_key(m.group("season"))]
    g, p = m.groupdict(), ctx.p
    crosses = months[0] > months[-1]
    word = ctx.surface(m.start(), m.end())
    if g.get("y"):
        y = int(g["y"])
        if not _year_ok(y):
            return []
        when = _none(f"season '{word}' spans two years") if crosses else \
            EventDate(date(y, 1, 1), "year", None, f"season '{word}'")
        return [_C(m.start(), m.end(), when, "year")]
    mk = g.get("mkb") or g.get("mka")
    if not (mk or g.get("ry")):
        return []
    if p is None:
        return [_C(m.start(), m.end(), _none(f"relative date '{word}' but the article has no publication date"),
                   "relative")]
    if crosses:
        return [_C(m.start(), m.end(), _none(f"season '{word}' spans two years"), "relative")]
    if g.get("ry"):
        y = p.year + r.relyear_of[_key(g["ry"])]
    else:
        sense = r.marker_of[_key(mk)]
        last_day = lambda yy: date(yy, months[-1], calendar.monthrange(yy, months[-1])[1])  # noqa: E731
        if sense == "past":
            y = p.year if last_day(p.year) < p else p.year - 1
        elif sense == "future":
            y = p.year if date(p.year, months[0], 1) > p else p.year + 1
        else:
            y = p.year
    return [_C(m.start(), m.end(), EventDate(date(y, 1, 1), "year", None,
                                             f"season '{word}' (published {p})"), "relative")]


_HANDLERS: dict[str, Callable[[DateRules, _Ctx, re.Match], list[_C]]] = {
    "numeric": _h_numeric, "dmy": _h_dmy, "dom": _h_dom, "mdy": _h_dmy, "hijri": _h_hijri, "relday": _h_relday,
    "ago": _h_ago, "weekday": _h_weekday, "period": _h_period, "month": _h_month, "year": _h_year,
    "season": _h_season,
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
    """Two adjacent mentions can be one day written twice: joined by 'الموافق', by
    nothing but spaces, by a dash between a Hijri and a Gregorian date, or by a comma
    between a relative word and a calendar date."""
    if not r.gap_equiv.fullmatch(t, a.end, b.start):
        return False
    gap = t[a.end:b.start].strip()
    if not gap or r.gap_equiv_word.search(gap):
        return True
    if a.hijri != b.hijri:
        return True
    return a.explicit != b.explicit and set(gap) <= set(",،( ")


def _pass_equivalence(r: DateRules, t: str, cs: list[_C]) -> list[_C]:
    """'27 محرم 1442هـ الموافق 15 سبتمبر 2020م', 'أمس الثلاثاء 15 سبتمبر': one day, two spellings."""
    out: list[_C] = []
    for c in cs:
        prev = out[-1] if out else None
        if prev is None or not (prev.explicit or c.explicit) or not _equiv_gap(r, t, prev, c):
            out.append(c)
            continue
        a, b = prev, c
        if a.day and b.day and a.day == b.day and not (a.when.end_date or b.when.end_date):
            expl = a if a.explicit else b
            out[-1] = _merge(a, b, replace(expl.when, note=f"{a.when.note}; = {b.when.note}"),
                             "hijri" if a.hijri or b.hijri else "absolute")
            continue
        if a.day and b.day and a.explicit and b.explicit and a.hijri != b.hijri:
            h, g = (a, b) if a.hijri else (b, a)
            h.when = _none(f"{h.when.note} = {h.day}, disagrees with the Gregorian {g.day}; Gregorian kept")
            g.when = replace(g.when, note=g.when.note + f"; the Hijri date beside it gives another day")
        elif (a.day and b.day and a.explicit != b.explicit
              and (r.gap_equiv_word.search(t, a.end, b.start) or not t[a.end:b.start].strip(" ,،"))):
            rel, expl = (b, a) if a.explicit else (a, b)
            if rel.relday or rel.wd is not None:
                expl.when = replace(expl.when, note=expl.when.note + f"; the word beside it gives {rel.day}")
                rel.when = _none(f"{rel.when.note}, but the explicit date beside it is {expl.day}")
        out.append(c)
    return out


def _range_years(a: _C, c: _C) -> None:
    """'from 28 February to 2 March 2021': a year written at one end holds for the other."""
    if a.noyear and c.day and c.explicit and not c.noyear:
        dt = _mk(c.day.year, *a.noyear) or _mk(c.day.year - 1, *a.noyear)
        if dt and dt > c.day:
            dt = _mk(c.day.year - 1, *a.noyear)
        if dt:
            a.when = replace(a.when, date=dt, note=f"year from the end of the range ({c.day.year})")
    elif c.noyear and a.day and a.explicit and not a.noyear:
        dt = _mk(a.day.year, *c.noyear)
        if dt and dt < a.day:
            dt = _mk(a.day.year + 1, *c.noyear)
        if dt:
            c.when = replace(c.when, date=dt, note=f"year from the start of the range ({a.day.year})")


def _pass_ranges(r: DateRules, t: str, cs: list[_C]) -> list[_C]:
    """'من الثلاثاء إلى الأربعاء', 'from 16 February to 2 March'."""
    out: list[_C] = []
    for c in cs:
        a = out[-1] if out else None
        if a is None or not (a.day and (c.day or c.when.precision == "none" and c.wd is not None)):
            out.append(c)
            continue
        ok = bool(r.gap_range.fullmatch(t, a.end, c.start))
        if not ok:
            for opener, second in r.gap_pairs:
                if second.fullmatch(t, a.end, c.start) and opener.search(t, max(0, a.start - 20), a.start):
                    ok = True
        if not ok or a.when.end_date or c.when.end_date:
            out.append(c)
            continue
        _range_years(a, c)
        if c.wd is not None and not c.explicit and not c.wd_marked:
            end = a.day + timedelta(days=(c.wd - a.day.weekday()) % 7 or 7)
        elif c.day and a.day < c.day <= a.day + timedelta(days=_RANGE_MAX_DAYS):
            end = c.day
        else:
            out.append(c)
            continue
        out[-1] = _merge(a, c, EventDate(a.day, "day", end, f"{a.when.note}; to {end}"), "range",
                         wd=a.wd if not a.explicit else None, wd_end=c.wd)
    return out


def _pass_week_anchor(r: DateRules, t: str, p: date | None, cs: list[_C]) -> list[_C]:
    """'next week, from Monday to Wednesday', 'الأحد من الأسبوع المقبل'."""
    if p is None:
        return cs
    out: list[_C] = []
    for c in cs:
        a = out[-1] if out else None
        pair = None
        if a is not None and a.week is not None and c.wd is not None and not c.wd_marked and not c.explicit \
                and r.gap_anchor_before.fullmatch(t, a.end, c.start):
            pair = (a, c, c)
        elif a is not None and c.week is not None and a.wd is not None and not a.wd_marked and not a.explicit \
                and r.gap_anchor_after.fullmatch(t, a.end, c.start):
            pair = (a, c, a)
        if pair is None:
            out.append(c)
            continue
        first, last, days = pair
        week = first.week if first.week is not None else last.week
        ws = p - timedelta(days=(p.weekday() - r.week_start) % 7) + timedelta(weeks=week)
        start = ws + timedelta(days=(days.wd - r.week_start) % 7)
        end = None
        if days.wd_end is not None:
            end = start + timedelta(days=(days.wd_end - days.wd) % 7 or 7)
        note = f"{_DAY_NAMES[days.wd]} of the week of {ws} (published {p})" + (f"; to {end}" if end else "")
        out[-1] = _merge(first, last, EventDate(start, "day", end, note), "range" if end else "weekday")
    return out


def _pass_durations(r: DateRules, t: str, cs: list[_C]) -> None:
    """'وصل الخميس ... في زيارة تستغرق خمسة أيام': end date from a duration after the date."""
    for i, c in enumerate(cs):
        if not c.day or c.when.end_date:
            continue
        limit = min(len(t), c.end + _DURATION_REACH, cs[i + 1].start if i + 1 < len(cs) else len(t))
        stop = r.sentence_end.search(t, c.end, limit)
        if stop:
            limit = stop.start()
        m = r.duration.search(t, c.end, limit)
        if not m:
            continue
        n = 2 if m.group("dual") else r._num(m.group("n") or m.group("n2"))
        if n and 2 <= n <= 60:
            end = c.day + timedelta(days=n - 1)
            c.when = replace(c.when, end_date=end, note=c.when.note + f"; lasts {n} days, to {end}")


# --------------------------------------------------------------------------- API

_WORD = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")


def _starts(r: DateRules, t: str) -> list[int]:
    """Offsets where a pattern may begin: a digit run, or a word (maybe after one or two
    proclitics) that begins some vocabulary entry. Trying the patterns only there is
    several times faster than scanning the text once per pattern."""
    first, clitics = r.first_words, r.clitic_set
    out = [m.start() for m in _DIGITS.finditer(t)]
    for m in _WORD.finditer(t):
        w = m.group().lower()
        if w in first:
            out.append(m.start())
        if clitics and w[0] in clitics:
            if w[1:] in first:
                out.append(m.start() + 1)
            if len(w) > 2 and w[1] in clitics and w[2:] in first:
                out.append(m.start() + 2)
    out.sort()
    return out

def find_dates(text: str, lang: str, published: date | None, rules: DateRules,
               *, prefer: str = "past") -> list[DateMention]:
    """Date mentions in ``text`` (sorted, non-overlapping), each resolved against ``published``.

    ``prefer`` ("past" for a reported act, "future" for a planned one) decides only
    where the phrase itself does not: a bare weekday, a day and month with no year,
    a month with no year.
    """
    if prefer not in ("past", "future"):
        raise ValueError(f"prefer must be 'past' or 'future', not {prefer!r}")
    if lang != rules.lang:
        raise ValueError(f"rules are for {rules.lang!r}, text is {lang!r}")
    norm = normalize(text, lang)
    t = norm.text
    ctx = _Ctx(norm, published, prefer)
    starts = _starts(rules, t)
    if not starts:
        return []
    cands: list[_C] = []
    for name, rx in rules.patterns:
        handler, match = _HANDLERS[name], rx.match
        for i in starts:
            m = match(t, i)
            if m is not None:
                cands.extend(handler(rules, ctx, m))
    cs = _select(cands)
    cs = _pass_equivalence(rules, t, cs)
    cs = _pass_ranges(rules, t, cs)
    cs = _pass_week_anchor(rules, t, published, cs)
    _pass_durations(rules, t, cs)
    out = []
    for c in cs:
        s, e = norm.to_original(c.start), norm.to_original_end(c.end)
        while e < len(text) and not fold(text[e]):  # keep trailing diacritics / tatweel
            e += 1
        out.append(DateMention(s, e, c.when, c.kind, text[s:e]))
    return out
