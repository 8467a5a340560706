"""Find actor mentions: aliases from ``data/`` matched with Aho-Corasick on normalised text.

Arabic aliases are entered with their clitic forms (و ف ب ل ك, and لل for ال), so
"وروسيا", "بموسكو" and "للأمم المتحدة" match; English aliases match case-sensitively
on word boundaries (a plural "s" or a possessive is allowed after a demonym). Among
overlapping matches the longest leftmost wins. A role next to a state ("وزير الخارجية
التركي", "Turkish Foreign Minister", "Mexico's foreign ministry") makes one mention of
a person or body acting for that state; a known person's name inside it wins.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import ahocorasick_rs as ac

from timeline.lexicon import ActorRow, Registry
from timeline.model import Actor
from timeline.normalize import fold
from timeline.offices import Offices

_EN_NAME = re.compile(r",?\s+((?:[A-Z][\w'’.-]+\s+){0,2}[A-Z][\w'’-]+)(?=[\s,.;:]|$)")
_EN_NAME_BEFORE = re.compile(r"(?<![\w'’.-])((?:[A-Z][\w'’.-]+\s+){1,2}[A-Z][\w'’-]+),\s+(?:the\s+)?$")
_AR_NAME = re.compile(r"\s*،\s*((?:[\u0621-\u064a]+\s+){0,2}[\u0621-\u064a]+)\s*،")

@dataclass(frozen=True)
class Mention:
    """An actor named in the normalised text at ``start:end``."""

    start: int
    end: int
    actor: Actor
    form: str  # alias form (name, demonym, capital, ...), "role" or "self"
    actor_id: str = ""
    prefix: str = ""  # Arabic clitics written before the name ("ب" in "بموسكو")


def _is_word(ch: str) -> bool:
    """What ``\\w`` matches (checked for every code point): a letter, a digit or ``_``."""
    return ch.isalnum() or ch == "_"


def _bounded(text: str, start: int, end: int) -> bool:
    """Does ``text[start:end]`` stand as a whole word (``(?<!\\w)...(?!\\w)``)?"""
    return (start == 0 or not _is_word(text[start - 1])) and \
        (end == len(text) or not _is_word(text[end]))


def _first_bounded(text: str, hits: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """The matches of ``(?<!\\w)(?:p0|p1|...)(?!\\w)`` scanned left to right, from the
    overlapping ``(start, rank, end)`` hits of every alternative: at each start the
    first alternative (lowest rank) that ends on a word boundary wins, and the scan
    goes on after it."""
    out: list[tuple[int, int]] = []
    pos = 0
    for start, _rank, end in sorted(hits):
        if start >= pos and end > start and _bounded(text, start, end):
            out.append((start, end))
            pos = end
    return out


class ActorMatcher:
    """Multi-pattern matcher over every alias of one language."""

    def __init__(self, lang: str, registry: Registry, aliases: list[tuple[str, str, str]],
                 roles: dict[str, tuple[str, str]], cues: dict[str, set[str]] | None = None,
                 offices: Offices | None = None) -> None:
        self.lang = lang
        self.registry = registry
        self.offices = offices
        cues = cues or {}
        conj = sorted(cues.get("conjunction", ()))
        preps = sorted(c for c in cues.get("clitic", ()) if c not in conj)
        # the clitic forms a name can take: و، ب، وب ... (conjunction, then preposition)
        prefixes = [""] + conj + preps + [c + p for c in conj for p in preps]
        articles = sorted(cues.get("article", ()))
        self._not_names = frozenset(cues.get("notname", ()))
        self._coord_gaps = frozenset(cues.get("coord", ())) | {"", ", and", ",and", "،و"}
        self._places_after = frozenset(cues.get("prep", ())) | frozenset(cues.get("venue", ()))
        self._family_first = frozenset(cues.get("family_first", ()))
        self._particles = tuple(sorted(cues.get("particle", ()), key=len, reverse=True))
        self._name_clitics = frozenset("".join(cues.get("conjunction", ())) + "".join(cues.get("clitic", ())))
        self._role_gaps = frozenset(cues.get("role_gap", ())) | {""}
        self._former = frozenset(cues.get("former", ()))
        self.patterns: list[str] = []
        self.info: list[tuple[str, str, str]] = []  # (actor_id, form, clitic prefix)
        seen: dict[str, int] = {}
        extra_aliases = []
        if lang == "en":  # "the European commission", "the Arab league": house styles that lower-case
            for alias, actor_id, form in aliases:
                words = alias.split()
                rows = registry.rows.get(actor_id)
                if len(words) >= 2 and rows and rows[0].kind in ("igo", "ngo", "group") and \
                        all(w[:1].isupper() for w in words) and not alias.isupper():
                    low = " ".join([words[0]] + [w.lower() for w in words[1:]])
                    if low != alias:
                        extra_aliases.append((low, actor_id, "variant"))
        for alias, actor_id, form in list(aliases) + extra_aliases:
            base = fold(alias)
            variants = [("", base)]
            if lang == "ar":
                forms = [base]
                if form == "demonym" and base[-1:] == "ي":
                    forms.append(base + "ا")  # indefinite accusative: "مشروع قرار فلسطينياً"
                variants = [(p, p + f) for p in prefixes for f in forms]
                for art in articles:  # ل + ال is written لل: "للأمم المتحدة"
                    if base.startswith(art):
                        variants += [(c + p, c + p + base[len(art) - 1:])
                                     for c in [""] + conj for p in preps if p == art[-1:]]
            for prefix, v in variants:
                if v in seen:
                    continue
                seen[v] = len(self.patterns)
                self.patterns.append(v)
                self.info.append((actor_id, form, prefix))
        self._ac = ac.AhoCorasick(self.patterns, matchkind=ac.MatchKind.Standard) if self.patterns else None
        # "the bloc", "المنظمة": a reference to the organisation (or group) named last
        self._article = articles[0] if articles else "\0"
        self._refs: dict[str, tuple[frozenset[str], str]] = {}  # form -> (kinds, clitics)
        for phrase, (kinds, kind) in roles.items():
            if kind != "refers":
                continue
            ref_forms = [("", phrase)]
            if lang == "ar":
                ref_forms = [(p, p + phrase) for p in prefixes]
                ref_forms += [(c + p, c + p + phrase[len(a) - 1:]) for a in articles if phrase.startswith(a)
                          for c in [""] + conj for p in preps if p == a[-1:]]
            for prefix, f in ref_forms:
                self._refs.setdefault(f, (frozenset(kinds.split("|")), prefix))
        self._refs_ac = ac.AhoCorasick(list(self._refs), matchkind=ac.MatchKind.LeftmostLongest) \
            if self._refs else None
        # "the three Baltic countries", "الدول الأربع": the states of the last list of that many
        numbers = {k: int(v[0]) for k, v in roles.items() if v[1] == "number"}
        collective = {k: v[0] for k, v in roles.items() if v[1] == "collective"}
        self._numbers = numbers
        self._collective = collective
        self._counted = None
        if numbers and collective:
            num = "|".join(re.escape(n) for n in sorted(numbers, key=len, reverse=True))
            col = "|".join(re.escape(c) for c in sorted(collective, key=len, reverse=True))
            if lang == "ar":  # noun, then its number: "الدول (العربية) الأربع", "للدول الأربع"
                clit = "".join(sorted(self._name_clitics))
                col_l = "|".join(re.escape(c[1:]) for c in collective if c.startswith("ال"))
                self._counted = re.compile(
                    rf"(?<!\w)(?:[{clit}]{{0,2}}(?:{col})|[{clit}]?ل(?:{col_l}))\s+(?:\w+\s+)?({num})(?!\w)")
            else:  # "the three Baltic countries", "the six oil-rich states"
                dets = "|".join(re.escape(k) for k, v in roles.items() if v[1] == "determiner") or "the"
                self._counted = re.compile(
                    rf"(?<!\w)(?:{dets})\s+({num})\s+(?:[\w'’-]+\s+){{0,2}}?(?:{col})(?!\w)", re.IGNORECASE)
        self._determiners = tuple(k for k, v in roles.items() if v[1] == "determiner" and k != "both")
        self.roles = roles  # the whole table, as given
        roles = {k: v for k, v in roles.items() if v[1] not in ("refers", "number", "collective", "determiner")}
        self._roles = roles
        role_list = sorted(roles, key=len, reverse=True)
        flags = re.IGNORECASE if lang == "en" else 0
        self._role_re = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(r) for r in role_list) + r")(?!\w)", flags) \
            if role_list else None
        # the same search with Aho-Corasick (on lower-cased text in English): many times faster
        self._role_rank = {r: i for i, r in enumerate(role_list)}
        self._role_ac = ac.AhoCorasick(role_list, matchkind=ac.MatchKind.Standard) \
            if role_list and all(r == r.lower() for r in role_list) else None

    # ------------------------------------------------------------------ matching
    def find(self, text: str, when: date | None) -> list[Mention]:
        """Mentions in ``text`` (normalised), sorted, non-overlapping."""
        if self._ac is None:
            return []
        cands: list[tuple[int, int, int]] = []
        for idx, start, end in self._ac.find_matches_as_indexes(text, overlapping=True):
            if start > 0 and _is_word(text[start - 1]):
                continue
            if end < len(text) and _is_word(text[end]):
                if self.lang == "en" and text[end] == "s" and (end + 1 == len(text) or not _is_word(text[end + 1])):
                    end += 1
                else:
                    continue
            cands.append((start, end, idx))
        cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        out: list[Mention] = []
        last_end = -1
        for start, end, idx in cands:
            if start < last_end:
                continue
            actor_id, form, prefix = self.info[idx]
            row = self.registry.resolve(actor_id, when)
            if row is None:
                continue
            out.append(Mention(start, end, Actor(row.name, row.code, row.kind, row.id), form, row.id,
                               prefix))
            last_end = end
        out = self._surnames(text, out)
        out = self._with_roles(text, out, when)
        if self._refs_ac is not None:
            out = self._references(text, out)
        return self._counted_groups(text, out) if self._counted is not None else out

    def _lists(self, text: str, mentions: list[Mention]) -> list[tuple[int, list[Mention]]]:
        """The coordinated lists of two or more states ("Poland and Lithuania", "السعودية
        والإمارات والبحرين ومصر"): (where each ends, its members), in text order."""
        out: list[tuple[int, list[Mention]]] = []
        run: list[Mention] = []
        for m in mentions:
            if m.actor.kind != "state" or m.form in ("role", "member"):
                if len(run) >= 2:
                    out.append((run[-1].end, run))
                run = []
                continue
            if run:
                gap = text[run[-1].end:m.start].strip()
                if m.start - run[-1].end > 8 or gap not in self._coord_gaps or \
                        (self.lang == "ar" and gap == "" and not m.prefix):
                    if len(run) >= 2:
                        out.append((run[-1].end, run))
                    run = []
            run.append(m)
        if len(run) >= 2:
            out.append((run[-1].end, run))
        return out

    def _counted_groups(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """"The four states", "الدول الأربع": one mention (form ``member``) per state of the
        last list of that many states before it, laid side by side over the phrase."""
        assert self._counted is not None
        lists = self._lists(text, mentions)
        if not lists:
            return mentions
        by_size: dict[int, list[tuple[int, dict[str, Mention]]]] = {}  # distinct states -> lists
        for end, run in lists:
            members: dict[str, Mention] = {}
            for m in run:
                members.setdefault(m.actor.code, m)
            by_size.setdefault(len(members), []).append((end, members))
        size_ends = {n: [e for e, _m in ls] for n, ls in by_size.items()}
        starts = [m.start for m in mentions]
        extra: list[Mention] = []
        for hit in self._counted.finditer(text):
            a, b = hit.span()
            j = bisect_left(starts, b) - 1
            if j >= 0 and mentions[j].end > a:
                continue  # a name is inside
            n = self._numbers.get(hit.group(1).lower() if self.lang == "en" else hit.group(1))
            if not n or b - a < n:
                continue
            k = bisect_right(size_ends.get(n, []), a) - 1
            if k < 0:
                continue
            members = by_size[n][k][1]
            cut = [a + (b - a) * i // n for i in range(n + 1)]
            for i, m in enumerate(members.values()):
                extra.append(Mention(cut[i], cut[i + 1], m.actor, "member", m.actor_id))
        return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions

    def _references(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """"The bloc", "the alliance", "المنظمة", "الحركة" (roles.tsv, kind ``refers``): the
        organisation or group of the named kinds mentioned last before it in the article."""
        assert self._refs_ac is not None
        hay = text.lower() if self.lang == "en" else text
        if len(hay) != len(text):
            return mentions
        extra: list[Mention] = []
        k = 0
        last: dict[str, Mention] = {}  # actor kind -> the last mention of that kind so far
        starts = [m.start for m in mentions]
        for _i, a, b in self._refs_ac.find_matches_as_indexes(hay):
            if not _bounded(text, a, b):
                continue
            while k < len(mentions) and mentions[k].start < b:
                m = mentions[k]
                if m.end <= a:
                    last[m.actor.kind] = m
                k += 1
            j = bisect_left(starts, b) - 1  # the last mention starting before the word ends
            if j >= 0 and mentions[j].end > a:
                continue  # part of a name ("the Arab League")
            if self.lang == "ar" and text.startswith(self._article, b + 1) and b + 1 < len(text) \
                    and text[b] == " ":
                continue  # "الحركة الإسلامية": a definite adjective makes a description, not a reference
            kinds, prefix = self._refs[hay[a:b]]
            cands = [last[kd] for kd in kinds if kd in last]
            if not cands:
                continue
            ref = max(cands, key=lambda m: m.start)
            extra.append(Mention(a, b, ref.actor, "reference", ref.actor_id, prefix))
        return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions

    def _surnames(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """A person named in full is later named by surname alone ("Boris Johnson" ... "Johnson")."""
        people: dict[str, Mention] = {}
        for m in mentions:
            words = text[m.start:m.end].split()
            if m.actor.kind == "person" and len(words) >= 2 and m.actor.code.lower() in self._family_first:
                family = m.actor.name.split()[0]  # "Xi Jinping" ... "Xi", "Moon Jae-in" ... "Moon"
                if len(family) >= 2 and family in words and family not in self._not_names:
                    people.setdefault(family, m)
            elif m.actor.kind == "person" and len(words) >= 2 and len(words[-1]) >= 3:
                people.setdefault(words[-1], m)
                for particle in self._particles:  # "Omar al-Bashir" ... "Bashir"
                    if words[-1].lower().startswith(particle) and len(words[-1]) - len(particle) >= 3:
                        people.setdefault(words[-1][len(particle):], m)
        if not people:
            return mentions
        taken = [(m.start, m.end) for m in mentions]
        t_starts = [a for a, _b in taken]
        t_ends = [b for _a, b in taken]
        ordered = all(t_ends[i] <= t_starts[i + 1] for i in range(len(taken) - 1))
        extra: list[Mention] = []
        hits: list[tuple[int, int, int]] = []
        # the alternation (?<!\w)(w1|w2|...)(?!\w): every occurrence of every surname, in one pass
        words = list(people)
        for rank, i, end in ac.AhoCorasick(words, matchkind=ac.MatchKind.Standard) \
                .find_matches_as_indexes(text, overlapping=True):
            hits.append((i, rank, end))
        for h_start, h_end in _first_bounded(text, hits):
            first = people[text[h_start:h_end]]
            if h_start < first.end:
                continue
            if ordered:  # sorted, apart: only the first mention ending after h_start can overlap
                k = bisect_right(t_ends, h_start)
                if k < len(taken) and t_starts[k] < h_end:
                    continue
            elif any(s < h_end and h_start < e for s, e in taken):
                continue
            extra.append(Mention(h_start, h_end, first.actor, "surname", first.actor_id))
        return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions

    def _name_after(self, text: str, pos: int, mentions: list[Mention],
                     near: Callable[[int, int], range] | None = None) -> tuple[str, int] | None:
        """The name of an unknown person right after "role + state": "Turkish Foreign
        Minister Hakan Fidan", "وزير الخارجية اللبناني، يوسف رجي، ..." (between commas).
        ``near(start, end)``: the indexes of ``mentions`` that can reach ``start:end``
        (all of them when None). Gives the name and where it ends."""
        m = (_EN_NAME if self.lang == "en" else _AR_NAME).match(text, pos)
        if m is None:
            return None
        start, end = m.span(1)
        if any(x.start < end and start < x.end
               for x in (mentions if near is None else (mentions[i] for i in near(start, end)))):
            return None  # the words are another actor
        words = m.group(1).split()
        if words[0] in self._not_names:
            return None
        return " ".join(words), end

    def _name_before(self, text: str, pos: int, mentions: list[Mention],
                     near: Callable[[int, int], range] | None = None) -> tuple[str, int] | None:
        """The name of an unknown person set before "role + state" as an apposition:
        "Laurent Fabius, the French foreign minister" (English: two or three capitalised
        words, then a comma). Gives the name and where it ends."""
        if self.lang != "en":
            return None
        m = _EN_NAME_BEFORE.search(text, max(0, pos - 80), pos)
        if m is None:
            return None
        start, end = m.span(1)
        if any(x.start < end and start < x.end
               for x in (mentions if near is None else (mentions[i] for i in near(start, end)))):
            return None
        words = m.group(1).split()
        if any(w in self._not_names for w in words):
            return None
        before = text[max(0, start - 24):start].split()
        if before and before[-1].lower() in self._places_after:
            return None  # "in New York, the French foreign minister": a place, not a name
        return " ".join(words), end

    def _with_roles(self, text: str, mentions: list[Mention], when: date | None = None) -> list[Mention]:
        """Fold role phrases next to a state mention into one person/body mention; a role
        that names an office, with no name beside it, is the office's holder on ``when``."""
        if self._role_re is None or not mentions or not self._roles:
            return mentions
        roles = [(a, b, self._roles[key]) for a, b, key in self._role_spans(text)]
        if not roles:
            return mentions
        out = list(mentions)
        introduced: list[tuple[str, int, Actor, str]] = []
        bare: list[tuple[int, int, str]] = []  # person titles with no state beside them
        titled: list[tuple[int, str, Actor, str]] = []  # (end, title, actor) with a state
        # Every check below looks a few characters around the role, so only the mentions
        # whose original span lies near it are read (mentions are sorted and do not
        # overlap; a folded one grows by at most a role and a gap): linear time on any text.
        starts = [m.start for m in mentions]
        ends = [m.end for m in mentions]
        ordered = all(ends[i] <= starts[i + 1] for i in range(len(mentions) - 1))
        reach = max(map(len, self._roles)) + 16

        def near(a: int, b: int) -> range:
            return range(bisect_left(ends, a - reach), bisect_right(starts, b + reach))

        for r_start, r_end, (role, kind) in roles:
            window = range(bisect_left(ends, r_start - 3), bisect_right(starts, r_end + 8)) \
                if ordered else None
            state = self._state_beside(text, out, r_start, r_end, window)
            if state is None:
                if kind == "person":
                    k = bisect_left(starts, r_end)  # "Foreign Minister Penny Wong": the person has the title
                    if ordered and k < len(out) and out[k].actor.kind == "person" and \
                            0 <= out[k].start - r_end <= 3:
                        titled.append((out[k].end, role, out[k].actor, out[k].actor_id))
                    else:
                        bare.append((r_start, r_end, role))
                elif kind == "body" and self.lang == "en":
                    bare.append((r_start, r_end, role))  # "the ministry": the one named last
                    # (Arabic "الحكومة" alone is most often the article's own state, whoever was named last)
                continue
            i, m = state
            # a known person right after the role+state ("... التركي هكان فيدان") wins
            nxt = out[i + 1] if i + 1 < len(out) else None
            span_start, span_end = min(m.start, r_start), max(m.end, r_end)
            if nxt is not None and nxt.actor.kind == "person" and 0 <= nxt.start - span_end <= 3:
                if kind == "person":
                    titled.append((nxt.end, role, nxt.actor, nxt.actor_id))
                continue
            prev = out[i - 1] if i > 0 else None
            if prev is not None and prev.actor.kind == "person" and prev.end <= r_start and \
                    0 <= r_start - prev.end <= 3:
                if kind == "person":
                    titled.append((span_end, role, prev.actor, prev.actor_id))
                continue  # "Ali Abdel Karim Ali, Syria's ambassador": the name is the actor
            named = (self._name_after(text, span_end, out, near if ordered else None)
                     or self._name_before(text, span_start, out, near if ordered else None)) \
                if kind == "person" else None
            holder = self._holder(text, role, m.actor.code, span_start, span_end, when) \
                if kind == "person" and not named else None
            if holder is not None:
                actor = Actor(holder.name, holder.code, "person", holder.id)
            else:
                name = named[0] if named else f"{m.actor.name} {role}"
                actor = Actor(name, m.actor.code, "person" if kind == "person" else m.actor.kind,
                              "")
            prefix = m.prefix if m.start <= r_start else ""
            out[i] = Mention(span_start, span_end, actor, "role", holder.id if holder else m.actor_id,
                             prefix)
            if named:
                introduced.append((named[0].split()[-1], named[1], actor, m.actor_id))
            titled.append((span_end, role, actor, m.actor_id))
        if bare and titled:
            out = self._titles(text, out, bare, titled)
        return self._introduced(text, out, introduced) if introduced else out

    def _holder(self, text: str, role: str, code: str, start: int, end: int,
                when: date | None) -> ActorRow | None:
        """The person who held the office ``role`` names for ``code`` on ``when`` (the
        registry's row), unless the phrase says former, late or elect ("the former Iranian
        president", "الرئيس الإيراني السابق": a word of kind ``former`` just before or after)."""
        if self.offices is None or when is None:
            return None
        before = text[max(0, start - 24):start].split()
        after = text[end:end + 24].split()
        near = before[-2:] + after[:1]
        for word in near:
            w = word.lower().strip(",.;:()\"'«»،").lstrip("-")
            if w in self._former or any(f.endswith("-") and w.startswith(f) for f in self._former):
                return None
        actor_id = self.offices.holder(role, code, when)
        row = self.registry.resolve(actor_id, when) if actor_id else None
        return row if row is not None and row.code == code else None

    def _titles(self, text: str, mentions: list[Mention], bare: list[tuple[int, int, str]],
                titled: list[tuple[int, str, Actor, str]]) -> list[Mention]:
        """A title alone ("the foreign minister", "وزير الخارجية", "السفير") is the person who
        last had that title with a state in the article ("Australian Foreign Minister ...")."""
        starts = [m.start for m in mentions]
        titled.sort(key=lambda t: t[0])
        by_role: dict[str, list[tuple[int, str, Actor, str]]] = {}
        for t in titled:
            by_role.setdefault(t[1], []).append(t)
        role_ends = {r: [t[0] for t in ts] for r, ts in by_role.items()}
        extra: list[Mention] = []
        for a, b, role in bare:
            if self.lang == "en":
                if not any(text[max(0, a - len(d) - 1):a].lower() == d + " " and (
                        a - len(d) - 1 == 0 or not _is_word(text[a - len(d) - 2])) for d in self._determiners):
                    continue  # "a foreign minister": nobody in particular
            elif self._article not in text[a:b]:
                continue  # Arabic: a definite title only
            j = bisect_left(starts, b + 4) - 1  # the last mention starting before the title ends (+ a gap)
            if j >= 0 and mentions[j].end > a:
                continue  # inside a name, or a name right after it ("the president, Ruto")
            k = bisect_left(role_ends.get(role, []), a) - 1
            if k < 0:
                continue
            _end, _role, actor, actor_id = by_role[role][k]
            extra.append(Mention(a, b, actor, "title", actor_id))
        return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions

    def _introduced(self, text: str, mentions: list[Mention],
                    people: list[tuple[str, int, Actor, str]]) -> list[Mention]:
        """A person introduced with a role ("Turkish Foreign Minister Hakan Fidan", "Laurent
        Fabius, the French foreign minister") is named again later by surname alone
        ("Fidan said"): each later bare surname (Arabic: with its clitics) is that person."""
        first: dict[str, tuple[int, Actor, str]] = {}
        for surname, end, actor, actor_id in people:
            if len(surname) >= 3 and surname not in self._not_names:
                first.setdefault(surname, (end, actor, actor_id))
        if not first:
            return mentions
        words = list(first)
        taken = sorted((m.start, m.end) for m in mentions)
        t_starts = [a for a, _b in taken]
        extra: list[Mention] = []
        last = 0
        for _rank, h_start, h_end in ac.AhoCorasick(words, matchkind=ac.MatchKind.LeftmostLongest) \
                .find_matches_as_indexes(text):
            word = text[h_start:h_end]
            end, actor, actor_id = first[word]
            if h_start < max(end, last) or (h_end < len(text) and _is_word(text[h_end])):
                continue
            prefix = ""
            if h_start > 0 and _is_word(text[h_start - 1]):
                if self.lang != "ar":
                    continue
                k = h_start
                while k > 0 and _is_word(text[k - 1]) and h_start - k < 2:
                    k -= 1
                prefix = text[k:h_start]
                if (k > 0 and _is_word(text[k - 1])) or any(c not in self._name_clitics for c in prefix):
                    continue
            j = bisect_left(t_starts, h_end) - 1  # the last mention starting before the word ends
            if j >= 0 and taken[j][1] > h_start - len(prefix):
                continue
            extra.append(Mention(h_start - len(prefix), h_end, actor, "surname", actor_id, prefix))
            last = h_end
        return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions

    def _role_spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, role key) of every role phrase, as ``_role_re.finditer`` finds them."""
        hay = text.lower() if self.lang == "en" else text
        if self._role_ac is None or len(hay) != len(text):
            assert self._role_re is not None
            return [(m.start(), m.end(), m.group(0).lower() if self.lang == "en" else m.group(0))
                    for m in self._role_re.finditer(text)]
        rank = self._role_rank
        hits = [(a, rank[hay[a:b]], b)
                for _i, a, b in self._role_ac.find_matches_as_indexes(hay, overlapping=True)]
        return [(a, b, hay[a:b]) for a, b in _first_bounded(text, hits)]

    def _state_beside(self, text: str, mentions: list[Mention], r_start: int, r_end: int,
                      window: range | None = None) -> tuple[int, Mention] | None:
        """The state/organisation mention that qualifies a role at ``r_start:r_end``
        (looked for among the indexes ``window`` of ``mentions``, all when None)."""
        for i in range(len(mentions)) if window is None else window:
            m = mentions[i]
            if m.actor.kind not in ("state", "igo", "group", "ngo") or m.form == "role":
                continue
            if self.lang == "ar":
                # role then qualifier: "وزير الخارجية التركي", "سفارة روسيا", "مبعوث الأمم المتحدة"
                gap = text[r_end:m.start]
                if 0 <= m.start - r_end <= 8 and gap.strip(" ") in self._role_gaps \
                        or 0 <= m.start - r_end <= 2:
                    return i, m
            else:
                # qualifier then role: "Turkish Foreign Minister", "Mexico's foreign ministry"
                gap = text[m.end:r_start]
                if 0 <= r_start - m.end <= 3 and gap.strip() in ("", "'s", "'"):
                    return i, m
                # role of state: "ambassador to Lebanon" is not the state; "foreign minister of Japan"
                gap2 = text[r_end:m.start]
                if gap2 in (" of ", " of the "):
                    return i, m
        return None
