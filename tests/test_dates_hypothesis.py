"""Properties of find_dates on arbitrary text built from the date vocabulary."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.dates import DateRules, find_dates
from timeline.normalize import fold

DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def load_data(lang: str) -> dict:
    with open(DATA / lang / "dates.toml", "rb") as f:
        return tomllib.load(f)


@cache
def load_rules(lang: str) -> DateRules:
    return DateRules.from_dict(load_data(lang), lang)


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


@cache
def vocabulary(lang: str) -> list[str]:
    words = sorted(set(_strings(load_data(lang))) - {"", "saturday", "monday"})
    return words + [
        "0",
        "1",
        "7",
        "12",
        "16",
        "29",
        "30",
        "31",
        "٢٧",
        "١٤٤٢",
        "2020",
        "2021",
        "1442",
        "1850",
        "2150",
        "يوم",
        "في",
        "on",
        "in",
        "the",
        "from",
        "to",
        "and",
        "و",
        "إلى",
        "الموافق",
        "هـ",
        "م",
        "AH",
        "Feb.",
        "7-7-2022",
        "2021/1/18",
        "03/04/2021",
    ]


@cache
def weekday_patterns(lang: str) -> list[tuple[int, re.Pattern]]:
    """Each weekday spelling of the TOML (names and abbreviations) as a whole folded word."""
    wk = load_data(lang)["weekdays"]
    clitics = "".join(fold(c) for c in wk.get("proclitics", []))
    pre = rf"(?<!\w)(?:[{re.escape(clitics)}]{{0,2}})" if clitics else r"(?<!\w)"
    out = []
    for table in ("names", "abbreviations"):
        for i, names in enumerate(wk.get(table, [])):
            for n in names:
                out.append(
                    (i, re.compile(pre + re.escape(" ".join(fold(n).lower().split())) + r"(?!\w)"))
                )
    return out


@cache
def date_words(lang: str) -> list[str]:
    """Words most likely to combine into dates: weekdays, months, relative days, markers."""
    d = load_data(lang)
    out = _strings(d["weekdays"]["names"]) + _strings(d["weekdays"].get("abbreviations", []))
    out += _strings(d["months"]) + _strings(d["hijri"]["months"])
    out += [w for e in d["relative"]["days"] for w in e["words"]]
    out += _strings(d["markers"]) + _strings(d["ranges"]) + _strings(d["equivalence"])
    return sorted(set(out))


SEPARATORS = [
    " ",
    " ",
    " ",
    ", ",
    "، ",
    "/",
    " / ",
    "-",
    " - ",
    "\n",
    ". ",
    "(",
    ")",
    "َ",
    "ً",
    "ـ",
    "'s ",
]


def texts(lang: str) -> st.SearchStrategy[str]:
    piece = st.one_of(
        st.sampled_from(vocabulary(lang)),
        st.sampled_from(date_words(lang)),
        st.sampled_from(date_words(lang)),
        st.integers(1, 31).map(str),
        st.integers(1440, 1446).map(str),
        st.integers(1995, 2030).map(str),
        st.integers(0, 2200).map(str),
        st.text(max_size=6),
    )
    return st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), max_size=14).map(
        lambda parts: "".join(p + s for p, s in parts)
    )


published = st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
prefer = st.sampled_from(["past", "future"])


def check_mentions(text: str, lang: str, pub: date | None, pref: str) -> None:
    found = find_dates(text, lang, pub, load_rules(lang), prefer=pref)
    last_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= last_end, "mentions overlap or are out of order"
        last_end = m.end
        assert text[m.start : m.end] == m.text
        w = m.when
        assert w.precision in ("day", "month", "year", "none")
        assert w.note and "\n" not in w.note
        if w.precision == "none":
            assert w.date is None
            continue
        assert w.date is not None
        if w.precision == "month":
            assert w.date.day == 1
        if w.precision == "year":
            assert (w.date.month, w.date.day) == (1, 1)
        if w.end_date is not None:
            assert w.precision == "day" and w.end_date > w.date
        if w.precision == "day":
            folded = " ".join(fold(m.text).lower().split())
            allowed = {w.date.weekday()} | ({w.end_date.weekday()} if w.end_date else set())
            for n, rx in weekday_patterns(lang):
                if rx.search(folded):
                    assert n in allowed, (m.text, w)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_dates_hypothesis_never_raises_and_agrees_with_weekdays(lang):
    @settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=texts(lang), pub=published, pref=prefer)
    def run(text, pub, pref):
        check_mentions(text, lang, pub, pref)

    run()


@pytest.mark.parametrize("lang", ["ar", "en"])
@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200), pub=published, pref=prefer)
def test_dates_hypothesis_arbitrary_unicode(lang, text, pub, pref):
    check_mentions(text, lang, pub, pref)


@settings(max_examples=300, deadline=None)
@given(
    rel=st.sampled_from(["أمس", "اليوم", "أول أمس", "غداً"]),
    wd=st.sampled_from(["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]),
    sep=st.sampled_from([" ", "، ", " /", " ("]),
    pub=st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
)
def test_dates_hypothesis_relative_day_with_weekday(rel, wd, sep, pub):
    """'أمس الأربعاء': a day only when the weekday agrees, else month or none."""
    found = find_dates(f"قال {rel}{sep}{wd} إن", "ar", pub, load_rules("ar"))
    assert len(found) == 1
    w = found[0].when
    assert w.precision in ("day", "month", "none")
    if w.precision == "day":
        assert wd in found[0].text
    check_mentions(f"قال {rel}{sep}{wd} إن", "ar", pub, "past")
