"""The compiled date grammar of one language (``DateRules``): words from ``dates.toml``,
patterns that combine them, and which patterns a word can open."""
from __future__ import annotations

import re

from timeline.dates.base import (
    _DAY_NAMES,
    _alt,
    _key,
    _strings,
    _table,
)
from timeline.normalize import fold

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
            # 18/2/2021 | 17 / 11 / 2025م | 2021-02-18 | 26/5/1447هـ | 1427/4/18 هـ
            "numeric": r"(?<![\d./\-])(?:(?P<a>\d{1,2}) ?(?P<s>[-/.]) ?(?P<b>\d{1,2}) ?(?P=s) ?"
                       r"(?P<y>\d{4})"
                       r"|(?P<Y>\d{4}) ?(?P<s2>[-/.]) ?(?P<M>\d{1,2}) ?(?P=s2) ?(?P<D>\d{1,2}))"
                       rf"(?!\d)(?! ?[./\-] ?\d)(?:\s*(?P<suf>{HSUF})(?!\w))?",
            # 18 فبراير 2021 | الثالث من نوفمبر/ تشرين الثاني | 16-17 February | 30-Mar-2023
            "dmy": rf"{BD}{WDPRE}(?:{DAYN}|{DAYW_}){DAY2}(?:\s+(?P<j>{DMJ}))?(?:\s*-\s*|\s*)"
                   rf"(?P<m1>{MONX}){E}(?:\.(?=\s*\d))?{PAIR}{YTAIL}{E}",
            # يوم 15 من الشهر الجاري | the 3rd of last month
            "dom": rf"{BD}{WDPRE}(?:{DAYN}|{DAYW_})\s+(?:{DMJ}\s+)?(?P<rm>{RM}){E}",
            # February 16, 2021 | Feb. 16 | Fri Mar 16, 2018
            "mdy": rf"{B}{WDPRE}(?P<m1>{MONX})(?:\.\s*|\s+){DAYN}{DAY2}(?:\s*,?\s*{YEAR})?{E}",
            # الخميس ٢٩ محرم ١٤٤٢هـ | رمضان 1442هـ
            "hijri": rf"{BD}{WDPRE}(?:{DAYN}\s*(?:{DMJ}\s+|/\s*)?)?(?P<hm>{HMON}){E}\s*[,،/]?\s*"
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
        bg = d.get("background", {})
        # up to two adverbs between the auxiliary and the verb: "had repeatedly", "has long"
        ADV = rf"(?:\s+{A(bg.get('adverbs', []))}{E}){{0,2}}"
        # the verb may open a quotation: 'had "protested loudly"', «كانت قد "رفضت"»
        Q = r"(?:[\"“«'‘]\s*)?"
        self.background = rx(rf"{B}{A(bg.get('markers', []))}{ADV}\s+{Q}$")
        self.background_aux = rx(rf"{B}{A(bg.get('aux_markers', []))}{ADV}\s+{Q}$")
        self.auxiliaries = rx(rf"{B}{A(bg.get('auxiliaries', []))}{E}")
        self.perfect = rx(rf"{B}{A(bg.get('perfect', []))}{ADV}\s+{Q}$")
        self.openers = rx(rf"\W*{A(bg.get('openers', []))}")
        # "in a statement on Thursday", "في مؤتمر صحفي عقده اليوم": the date next to one of
        # these is the statement's, as one next to a reporting verb is
        self.statement_nouns = rx(rf"{B}{A(bg.get('statements', []))}{E}")
        # "had protested and demanded": what joins a verb to the one before it
        JN, JA = A(bg.get('joiners', [])), A(bg.get('attached_joiners', []))
        self.joiner = rx(rf"(?:{B}{JN}\s+|\s{JA})$")
        self.joiner_on_word = rx(rf"{JA}(?=\w\w\w)")  # "وطالبت": written onto the act's word
        # "ended a three-day visit today", "اختتم اليوم زيارة": an encounter dated by its end
        self.ending = rx(rf"{B}{A(bg.get('endings', []))}{E}")
        # "on July 22, after Bogota charged": a clause of time that holds the act
        self.subordinator = rx(rf"{B}{A(bg.get('subordinators', []))}{E}")
        # "made the remarks on December 21", "وجاءت تصريحات أكار، الأحد": a later sentence
        # that dates the remarks just told
        self.remarks = rx(rf"{B}{A(bg.get('remarks', []))}{E}")
        # "according to diplomatic sources", "نقلت عن مصادر": told on hearsay
        self.hearsay = rx(rf"{B}{A(bg.get('hearsay', []))}{E}")
        # "in a separate statement", "Meanwhile,", "في بيان منفصل": a statement or thread
        # apart from the dated one told before
        # "invited him to the summit, which opens on 1 November", "القمة التي تستضيفها ...
        # في": a date after one of these, past the act's word, is the relative clause's
        self.relative = rx(rf"{B}{A(bg.get('relatives', []))}{E}")
        # "the June 14-16 summit", "next week's talks": a date written before the name of
        # a meeting is that meeting's
        self.meeting_after = rx(rf"\W{{0,3}}{A(bg.get('meetings', []))}{E}")
        # "expelled the envoy on Monday over accusations of spying", "بسبب اتهامها": an act
        # named by a noun as the cause of the main one
        self.cause = rx(rf"{B}{A(bg.get('causes', []))}{E}(?:\s+[^\s,.;:،]+){{0,3}}\s+$")
        self.apart = rx(rf"{B}{A(bg.get('apart', []))}{E}")
        self.apart_openers = rx(rf"\W*{A(bg.get('apart_openers', []))}{E}")
        # "his threat", "India's demand", "Moscow's earlier offer": an act named as someone's,
        # maybe after one or two adjectives
        POSS = A(bg.get('possessives', []))
        self.owned = rx(rf"(?:{B}{POSS}|(?<=\w)(?:'s|’s|')){E}(?:\s+[^\W\d_]+){{0,2}}\s+$")
        uf = d.get("unfixed", {})
        self.unfixed = rx(rf"{B}{A(uf.get('ahead', []))}{E}"
                          rf"(?!\s+{A(uf.get('not_followed_by', []))}{E})")
        self.unfixed_past = rx(rf"{B}{A(uf.get('past', []))}{E}"
                               rf"(?!\s+{A(uf.get('not_followed_by', []))}{E})")

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
        self.piece_starts: dict[str, tuple[tuple[int, tuple[int, ...]], ...]] = {}  # find_dates

    # -- lookups
    def unfixed_near(self, folded: str, start: int, end: int, ahead: bool = True,
                     reach: int = 60) -> tuple[int, int] | None:
        """Where, in the folded text ``folded``, the phrase nearest the act's word
        ``folded[start:end]`` (within ``reach`` characters) puts it at no fixed time: a
        past one ("recently", "في وقت سابق"), or with ``ahead`` a future one too ("soon",
        "قريبا")."""
        lo, hi = max(0, start - reach), min(len(folded), end + reach)
        found = [(m.start(), m.end()) for rx in ((self.unfixed_past, self.unfixed) if ahead
                                                 else (self.unfixed_past,))
                 for m in rx.finditer(folded, lo, hi)]
        if not found:
            return None
        return min(found, key=lambda se: max(se[0] - end, start - se[1], 0))

    def statements_in(self, folded: str) -> list[tuple[int, int]]:
        """Where, in the folded sentence ``folded``, a statement is named ("statement",
        "press conference", "بيان")."""
        return [(m.start(), m.end()) for m in self.statement_nouns.finditer(folded)]

    def joined(self, between: str, word: str = "") -> bool:
        """Does ``between``, the text from the end of one act's word to the start of
        another's (``word``), join the second to the first as the next verb of one clause
        ("had protested to Japan and demanded", "قد استدعت السفير وطالبت")? Only a short
        stretch with no sentence or clause break joins them."""
        if len(between) > 80 or any(ch in between for ch in ";:\"«»“”"):
            return False
        return self.joiner.search(fold(between).lower()) is not None or (
            between[-1:].isspace() and self.joiner_on_word.match(fold(word)) is not None)

    def told_as_ended(self, head: str) -> bool:
        """Is the visit or talks whose word follows ``head`` told as ending ("concluded a
        visit to", "أنهى ... زيارة")? Its date is its last day, not that of all it held."""
        return self.ending.search(fold(head[-100:]).lower()) is not None

    def in_clause_of_time(self, between: str) -> bool:
        """Does ``between``, the text from a date to an act's word after it, open a clause
        of time that holds the act ("on July 22, after Bogota charged", "أمس بعد أن اتهمت")?
        The date is then the main clause's, not the act's."""
        t = fold(between).lower()
        m = None
        for m in self.subordinator.finditer(t):
            pass
        return m is not None and not any(ch in t[m.end():] for ch in ",،;:")

    def names_remarks(self, folded: str) -> int:
        """Where, in the folded sentence ``folded``, a phrase that names the remarks told
        before it ends ("made the remarks", "وجاءت تصريحات"); -1 if there is none."""
        m = self.remarks.search(folded)
        return -1 if m is None else m.end()

    def told_on_hearsay(self, folded: str) -> bool:
        """Does the sentence ``folded`` tell its acts on the word of unnamed sources
        ("according to diplomatic sources", "نقلت عن مصادر")? Not in a statement of
        the actors'."""
        return self.hearsay.search(folded) is not None

    def in_relative_clause(self, between: str) -> bool:
        """Does ``between``, the text from the end of an act's word to a date after it,
        open a relative clause that holds the date ("invited him to the summit, which opens
        on", "دعوة لحضور القمة التي تستضيفها العاصمة في")? The date is then what the clause
        tells of, not the act's. A clause opened right after the act's words tells of that
        act ("will pay a visit, which starts on Monday") and keeps its date."""
        t = fold(between).lower()
        m = self.relative.search(t) or self.subordinator.search(t)
        if m is None:
            return False
        return bool(t[:m.start()].strip(" ,،"))

    def names_a_meeting(self, after: str) -> bool:
        """Does ``after``, the text right after a date, name a meeting the date is written
        before ("the June 14-16 summit")? The date is that meeting's."""
        return self.meeting_after.match(fold(after[:40]).lower()) is not None

    def named_as_cause(self, head: str) -> bool:
        """Is the act whose noun follows ``head`` named as the cause of the main act ("over
        accusations of", "in response to the call", "بسبب اتهامها")? It came before it."""
        return self.cause.search(fold(head[-60:]).lower()) is not None

    def told_apart(self, folded: str) -> bool:
        """Does the sentence ``folded`` tell its acts in a statement or thread apart from
        the ones told before ("in a separate statement", "Meanwhile, ...", "في بيان منفصل")?
        They take no date carried from those."""
        return self.apart.search(folded) is not None or self.apart_openers.match(folded) is not None

    def named_as_owned(self, head: str) -> bool:
        """Is the act whose noun follows ``head`` named as someone's ("his threat", "India's
        demand"): one made before, referred to, not made here?"""
        return self.owned.search(fold(head[-60:]).lower()) is not None

    def opens_background(self, folded: str) -> bool:
        """Does the sentence ``folded`` open by recalling background ("يذكر أن")?"""
        return self.openers.match(folded) is not None

    def told_done(self, head: str) -> bool:
        """Is the act whose word follows ``head`` told in the present perfect ("has
        asked"): done, with no time of its own?"""
        return self.perfect.search(fold(head[-40:]).lower()) is not None

    def told_before(self, head: str) -> bool:
        """Is the act whose word follows ``head`` (the text of its clause up to that word)
        told in the past before the past ("had offered", "كانت تركيا قد حذرت"): background
        that the dates of the story do not reach?"""
        t = fold(head[-120:]).lower()
        if self.background.search(t):
            return True
        m = self.background_aux.search(t)
        return m is not None and self.auxiliaries.search(t, 0, m.start()) is not None

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
