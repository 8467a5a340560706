"""Candidates: each pattern's match turned into dates resolved against the publication date."""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from hijridate import Hijri

from timeline.dates.base import (
    _AHEAD_DAYS,
    _DAY_NAMES,
    _NEAR_DAYS,
    HIJRI_YEARS,
    _add_months,
    _day,
    _key,
    _mk,
    _month_of,
    _none,
    _week_start,
    _weekday_near,
    _year_by_marker,
    _year_of,
    _year_ok,
)
from timeline.dates.rules import DateRules
from timeline.model import EventDate
from timeline.normalize import NormText

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
    wd = _g(m, "wd")
    if wd:
        # "الاثنين 15 فبراير": the written weekday picks the year, past or planned alike
        n = r.weekday(wd)
        fits = [dt for yy in (p.year - 1, p.year, p.year + 1)
                if (dt := _mk(yy, mon, day)) is not None and dt.weekday() == n
                and p - timedelta(days=300) <= dt <= p + timedelta(days=_AHEAD_DAYS)]
        if len(fits) == 1:
            return _day(fits[0], f"no year: the {fits[0].year} one, whose weekday is written "
                                 f"(published {p})")
    if ctx.prefer == "past":
        # news names the year of a day long past: a day and month up to two months after
        # publication is the coming one ("talks on 20 April" in an article of 8 April)
        limit = p + timedelta(days=_AHEAD_DAYS)
        for yy in range(p.year + 1, p.year - 9, -1):
            dt = _mk(yy, mon, day)
            if dt and dt <= limit:
                if dt > p + timedelta(days=_NEAR_DAYS):
                    return _day(dt, f"no year: the coming {dt}, within two months of published {p}")
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
    if _hijri_year(r, y, _g(m, "suf")):
        return _numeric_hijri(m, y)
    if not _year_ok(y):
        return []
    found.discard(None)
    if len(found) == 1:
        dt = found.pop()
        assert dt is not None
        return [_C(m.start(), m.end(), _day(dt, "numeric date"), "absolute", explicit=True)]
    note = "impossible date" if not found else "ambiguous numeric date (day/month order unknown)"
    return [_C(m.start(), m.end(), _none(note), "absolute")]


def _hijri_year(r: DateRules, y: int, suffix: str | None) -> bool:
    """A year of the Hijri calendar: written with its suffix (هـ), or, where the language
    does not require one, in the Hijri years of modern news (1300-1500 AH)."""
    return HIJRI_YEARS[0] <= y <= HIJRI_YEARS[1] and (suffix is not None
                                                     or not r.hijri_suffix_required)


def _numeric_hijri(m: re.Match[str], y: int) -> list[_C]:
    """'26/5/1447هـ', '1427/4/18 هـ': a Hijri date in digits, day first or year first."""
    if m.group("Y"):
        mo, d = int(m.group("M")), int(m.group("D"))
    else:
        d, mo = int(m.group("a")), int(m.group("b"))
    label = f"{d}/{mo}/{y} AH"
    try:
        g = Hijri(y, mo, d).to_gregorian()
    except (ValueError, OverflowError):
        return [_C(m.start(), m.end(), _none(f"impossible Hijri date {label}"), "hijri")]
    return [_C(m.start(), m.end(), _day(date(g.year, g.month, g.day), f"Hijri {label} (Umm al-Qura)"),
               "hijri", explicit=True, hijri=True)]


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
