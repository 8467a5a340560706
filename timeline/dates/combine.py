"""Neighbouring candidates combined: one day written twice, ranges, week anchors, durations."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from timeline.dates.base import (
    _DAY_NAMES,
    _DURATION_REACH,
    _MAX_DURATION,
    _RANGE_MAX_DAYS,
    _mk,
    _none,
    _week_start,
)
from timeline.dates.handlers import _C
from timeline.dates.rules import DateRules
from timeline.model import EventDate

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
