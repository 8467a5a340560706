"""Fill source and target of each trigger in a sentence (see ``events`` for the rules)."""
from __future__ import annotations

from dataclasses import dataclass, field

from timeline.actors import Mention
from timeline.cuemarks import CueMarks
from timeline.events import Candidate, Token, TriggerIndex, match_triggers
from timeline.eventtypes import REQUESTS, SPEAKER_JOINS, STATEMENT_TYPES, SYMMETRIC
from timeline.lexicon import Registry
from timeline.model import Actor
from timeline.roles import retarget


@dataclass
class Memory:
    """What a reader remembers across sentences of one article."""

    last_speaker: Actor | None = None
    last_person: Actor | None = None
    candidates: list[Candidate] = field(default_factory=list)
    types: set[str] = field(default_factory=set)  # the types of ``candidates``
    pair_target: list[Actor] = field(default_factory=list)  # "the two sides" as a target
    pair_parties: list[Actor] = field(default_factory=list)  # "the two sides" acting
    last_subject: Actor | None = None  # the person who last spoke or acted: "he", "the minister"
    last_person_speaker: Actor | None = None  # the person who last spoke: "she said"


@dataclass(frozen=True)
class Reading:
    """What reading one sentence gives: its candidate acts, the speaker of its first
    reporting frame, and where its reporting verbs and trigger words stand."""

    candidates: tuple[Candidate, ...]
    speaker: Actor | None  # the first speaker of a reporting frame, if any
    verbs: tuple[tuple[int, int], ...]  # the reporting verbs
    triggers: tuple[tuple[int, int], ...]  # every trigger word


#: a sentence with nothing to read
NOTHING = Reading((), None, (), ())


@dataclass(frozen=True)
class Frame:
    verb: int  # token index of the reporting verb
    complement: int  # token index where the reported content starts
    speaker: Actor | None


def _codes(actors: list[Actor]) -> set[str]:
    return {a.code for a in actors}


def _dedupe(actors: list[Actor]) -> list[Actor]:
    seen: dict[str, Actor] = {}
    for a in actors:
        key = a.code
        if key not in seen or (a.kind == "person" and seen[key].kind != "person"):
            seen[key] = a
    return list(seen.values())


class SentenceReader(CueMarks):
    """Reads one sentence's tokens and mentions into candidates."""

    def __init__(self, lang: str, cues: dict[str, set[str]], index: TriggerIndex,
                 registry: Registry) -> None:
        super().__init__(lang, cues, index)
        self.registry = registry
        self._recent: list[Candidate] = []  # candidates of the sentence being read
        self._verb_starts: list[int] = []  # where the sentence's verb acts start
        #: when a list, each trigger that gives no candidate is noted in it (diagnostics):
        #: (start, end, type, why)
        self.trace: list[tuple[int, int, str, str]] | None = None
        self._why = ""  # why ``_fill`` gave nothing

    # -------------------------------------------------------------- helpers
    def _state_of(self, actor: Actor | None) -> Actor | None:
        if actor is None:
            return None
        row = self.registry.by_code(actor.code)
        return Actor(row.name, row.code, row.kind, row.id) if row else actor

    def _tok_at(self, tokens: list[Token], pos: int) -> int:
        return self._before(tokens, pos)

    def _group(self, mentions: list[Mention], k: int, text: str, forward: bool) -> list[Mention]:
        """The coordinated list ("A, B and C", "أ وب وج") around ``mentions[k]``."""
        group = [mentions[k]]
        step = 1 if forward else -1
        j = k
        while 0 <= j + step < len(mentions):
            a, b = (mentions[j], mentions[j + step]) if forward else (mentions[j + step], mentions[j])
            gap = text[a.end:b.start].strip()
            if gap in (",", "،", "and", ", and", "و", "(", ")", "،و") or (gap == "" and a.form == b.form == "member") or \
                    (gap == "" and b.prefix[:1] in self.cues["coord"] and b.start - a.end <= 2) or (gap == "" and (
                    self.lang == "en" or a.actor.kind != "person") and a.actor.code == b.actor.code) or \
                    (self.lang == "ar" and b.start - a.end <= 3 and text[a.end:b.start].strip(" ") in ("،", ",", "و", "،و")):
                if not forward and self._tokens and self._governed(a):
                    break  # "relations with Iran, Qatar and Kuwait called back": Iran is not a subject
                group.append(mentions[j + step])
                j += step
            else:
                break
        return group

    def _governed(self, m: Mention) -> bool:
        """Is ``m`` right after a preposition ("with Iran", "بموسكو") in the sentence being read?"""
        if m.prefix and m.prefix[-1] in "بلك":
            return True
        k = self._before(self._tokens, m.start) - 1
        return k >= 0 and self._has(self._tokens[k], "prep")

    def _next_subject(self, mentions: list[Mention], after: list[Mention], text: str,
                      t_end: int) -> int | None:
        """Where the subject of the next act after ``t_end`` in the sentence starts: "broken
        off relations with Iran, Qatar and Kuwait called back ...": Qatar and Kuwait act
        again, they are not targets of the first act."""
        nxt = next((p for p in self._verb_starts if p > t_end), None)
        if nxt is None:
            return None
        subj = [i for i, m in enumerate(after) if m.end <= nxt and nxt - m.end <= 3]
        if not subj or self._governed(after[subj[-1]]):
            return None
        grp = self._group(after, subj[-1], text, forward=False)
        first = min(m.start for m in grp)
        k = after.index(grp[-1]) - 1 if grp[-1] in after else -1
        if k < 0 or text[after[k].end:first].strip() not in (",", "،"):
            return None  # only a list that a comma splits between two acts
        return first

    def _is_object(self, m: Mention, tokens: list[Token], mentions: list[Mention] | None = None,
                   depth: int = 0) -> bool:
        """A mention governed by a preposition ("to the U.S.", "بموسكو") is not a subject,
        nor is its apposition ("in Geneva, Switzerland")."""
        if depth == 0 and tokens is self._tokens and mentions is self._mentions:
            got = self._object.get(id(m))  # remembered for the sentence being read
            if got is None:
                got = self._object[id(m)] = self._object_of(m, tokens, mentions, 0)
            return got
        return self._object_of(m, tokens, mentions, depth)

    def _object_of(self, m: Mention, tokens: list[Token], mentions: list[Mention] | None,
                   depth: int) -> bool:
        if m.prefix and m.prefix[-1] in "بلك":
            return True
        k = self._before(tokens, m.start) - 1
        if k < 0:
            return False
        prev = tokens[k]
        if self._has(prev, "prep") or any(f in self.index.noun_heads for f in prev.forms):
            return True  # "to the U.S.", "بموسكو", "زيارة طهران" (the object of a verbal noun)
        if k > 0 and (self._has(prev, "anaphor") or self._has(prev, "counterpart")) and \
                self._has(tokens[k - 1], "prep"):
            return True  # "in the Doha round", "to the U.S.", "إلى نظيره الأميركي"
        if mentions and depth < 3:  # "إلى نظيره الأميركي دونالد ترامب": a name beside an object
            left = [x for x in mentions if x.end <= m.start and m.start - x.end <= 1 and x.end >= prev.end
                    and (m.actor.kind == "person" and x.actor.code == m.actor.code and x.prefix[-1:] != "ل"
                         or m.prefix[:1] in self.cues["coord"])]  # "بين مصر وإثيوبيا": both
            if left:
                return self._object_of(left[-1], tokens, mentions, depth + 1)
        if prev.text in (",", "،") and mentions and depth < 3:
            left = [x for x in mentions if x.end <= prev.start and prev.start - x.end <= 1]
            return bool(left) and self._object_of(left[-1], tokens, mentions, depth + 1)
        return False

    def _is_modal(self, tokens: list[Token], k: int) -> bool:
        """A modal ("may", "could", "قد"); Arabic قد before a past verb means "had", not "may"."""
        if not self._has(tokens[k], "modal"):
            return False
        if self.lang == "ar":  # a modal particle before a past verb marks the past
            nxt = tokens[k + 1].forms[-1] if k + 1 < len(tokens) else ""
            return nxt[:1] in self.cues["imperfect_prefix"] and len(nxt) > 2
        return True

    def _is_venue(self, m: Mention, tokens: list[Token]) -> bool:
        """A place after "in" / "at" / "في" ("talks in Geneva") is where, not who."""
        if tokens is self._tokens:
            got = self._venue.get(id(m))
            if got is None:
                got = self._venue[id(m)] = self._venue_of(m, tokens)
            return got
        return self._venue_of(m, tokens)

    def _venue_of(self, m: Mention, tokens: list[Token]) -> bool:
        n = self._before(tokens, m.start)
        prev = tokens[max(0, n - 2):n]
        if not prev:
            return False
        if self._has(prev[-1], "venue"):
            return True
        return len(prev) == 2 and self._has(prev[-1], "anaphor") and self._has(prev[0], "venue")

    # -------------------------------------------------------------- frames
    def frames(self, tokens: list[Token], mentions: list[Mention], mem: Memory) -> list[Frame]:
        out: list[Frame] = []
        comp = self.cues["complement"]
        for i in self._at("speech", 0, len(tokens)):
            tok = tokens[i]
            speaker: Actor | None = None
            complement = i + 1
            if self.lang == "ar":
                for j in range(i + 1, min(i + 12, len(tokens))):
                    if any(f in comp for f in tokens[j].forms):
                        complement = j + 1
                        break
                limit = tokens[complement - 1].start + 1 if complement > i + 1 else None
                for m in mentions:
                    if tokens[i].end <= m.start and (limit is None or m.end <= limit) \
                            and not self._is_object(m, tokens, mentions):
                        if limit is None and m.start - tokens[i].end > 40:
                            break
                        speaker = m.actor
                        break
                if speaker is None:  # "بأن X، ...، أعلن": the subject before its verb
                    near = [m for m in mentions if m.end <= tok.start and tok.start - m.end <= 30
                            and not self._is_object(m, tokens, mentions)]
                    if near:
                        speaker = near[-1].actor
                if complement == i + 1 and speaker is not None:
                    ends = [m.end for m in mentions if m.actor is speaker and m.start >= tok.end]
                    if ends:
                        complement = self._tok_at(tokens, ends[0])
            else:
                before = [m for m in mentions if m.end <= tok.start
                          and not self._is_object(m, tokens, mentions)]
                near = [m for m in before if tok.start - m.end <= 60]
                if near:
                    speaker = near[-1].actor
                elif before and i > 0 and tokens[i - 1].text in self.cues["groupref"]:
                    speaker = before[0].actor  # "A Hamas delegation is due ..., the group announced"
                elif i > 0 and self._has(tokens[i - 1], "pronoun"):
                    speaker = mem.last_subject or mem.last_person or mem.last_speaker
                if i + 1 < len(tokens) and tokens[i + 1].text in comp:
                    complement = i + 2
            if speaker is None:
                speaker = mem.last_speaker if self.lang == "ar" or i == 0 or \
                    self._has(tokens[max(i - 1, 0)], "pronoun") else None
            if speaker is not None:
                mem.last_speaker = speaker
                if speaker.kind == "person":
                    mem.last_person = speaker
                    mem.last_subject = speaker
                    mem.last_person_speaker = speaker
            out.append(Frame(i, complement, speaker))
        return out

    # -------------------------------------------------------------- candidates
    def read(self, text: str, span: tuple[int, int], tokens: list[Token],
             mentions: list[Mention], mem: Memory) -> Reading:
        if tokens and tokens[0].base is not None and not self._may_act(tokens):
            self._recent = []
            for m in mentions:
                if m.actor.kind == "person":
                    mem.last_person = m.actor
            return NOTHING  # no trigger and no reporting verb: nothing to read but the names
        self._mark(tokens, mentions)
        frames = self.frames(tokens, mentions, mem)
        speaker = next((f.speaker for f in frames if f.speaker is not None), None)
        verbs = tuple([(tokens[f.verb].start, tokens[f.verb].end) for f in frames])
        out: list[Candidate] = []
        matches = match_triggers(tokens, self.index)
        self._recent = []
        triggers = tuple([(tokens[a].start, tokens[b - 1].end) for a, b, _t in matches])
        verb_ends = [e for _s, e, t in matches if t.voice != "noun"]
        # "رفضت إيران الاتهامات", "rejected Morocco's accusations": a refusal of a charge is a
        # denial, no act; the charge denied was made all the same (its accuser's act)
        charges = [s for s, _e, t in matches if t.type == "accusation" and t.voice == "noun"]
        denied: set[int] = set()
        if charges:
            for s, e, t in matches:
                if t.type == "rejection" and t.voice != "noun":
                    near = [c for c in charges if e <= c and self._bare_between(tokens, mentions, e, c) <= 2]
                    if near:
                        denied.add(s)
        self._verb_starts = [tokens[s].start for s, _e, t in matches if t.voice in ("active", "passive")]
        for s, e, trig in matches:
            t_end = tokens[e - 1].end
            if trig.voice == "noun" and any(0 <= s - ve <= 2 or (0 <= s - ve <= 8 and self._bare_between(
                    tokens, mentions, ve, s) <= 2) for ve in verb_ends):
                self._note(tokens, s, e, trig, "object-of-verb")
                continue  # "turned down the (UN ceasefire) proposal": the noun is the verb's object
            if self._in("conditional", max(0, s - 4), s):
                self._note(tokens, s, e, trig, "conditional")
                continue  # "should Tsai meet ...": a hypothetical act
            if trig.voice == "noun" and self.lang == "ar" and tokens[s].text[:1] in self.cues["purpose_prefix"] \
                    and trig.tokens[0] not in tokens[s].forms[:1]:
                self._note(tokens, s, e, trig, "purpose")
                continue  # "لإبرام اتفاق", "لدعم": the purpose of another act, not an act
            if trig.voice == "noun" and s > 0 and self._has(tokens[s - 1], "generic"):
                self._note(tokens, s, e, trig, "generic")
                continue  # "against any trip": no particular act
            if trig.voice == "noun" and tokens[s].definite and trig.tokens[0] not in tokens[s].forms[:1] \
                    and not any(0 <= m.start - t_end <= 2 for m in mentions):
                self._note(tokens, s, e, trig, "definite-refers-back")
                continue  # "الاتفاق" alone refers back; "الاتفاق الإماراتي الإسرائيلي" names an act
            if trig.voice == "noun" and self._in("cause", max(0, s - 2), s):
                self._note(tokens, s, e, trig, "cause")
                continue  # "ردا على العقوبات": the cause of another act
            if trig.voice == "noun" and any(t.type in REQUESTS
                                            and t.voice != "noun" and 0 < s - pe <= 8
                                            for _ps, pe, t in matches if pe <= s):
                self._note(tokens, s, e, trig, "content-of-request")
                continue  # "proposed that a meeting be held": the content of a proposal
            if s > 1 and self._has(tokens[s - 1], "aux") and self._has(tokens[s - 2], "recap") \
                    and trig.voice == "active":
                self._note(tokens, s, e, trig, "recap")
                continue  # "what was agreed", "as had been agreed": an act told before
            if s > 0 and self._has(tokens[s - 1], "infinitive") and any(
                    0 < s - pe <= 14 for _ps, pe, _t in matches if pe <= s - 1):
                self._note(tokens, s, e, trig, "infinitive-complement")
                continue  # "an invitation to visit Britain": the complement of the act before
            first, last = tokens[s], tokens[e - 1]
            if any((m.start < first.end and first.start < m.end) or (m.start < last.end and last.start < m.end)
                   for m in mentions):
                self._note(tokens, s, e, trig, "inside-name")
                continue  # part of a name ("the Arab League summit" stays a name); a name in a
                # pattern's gap ("held Russia responsible", "وجهت مصر دعوة") is not
            if self._in("negation", max(0, s - 2), s):
                self._note(tokens, s, e, trig, "negation")
                continue
            if s in denied or trig.type != "accusation" and self._denied(tokens, s, e):
                self._note(tokens, s, e, trig, "denial")
                continue  # "rejected the accusations", "denied it had threatened": no act
            frame = next((f for f in reversed(frames) if f.verb < s), None)
            cand = self._fill(text, tokens, mentions, s, e, trig, frame, mem)
            if cand is None:
                self._note(tokens, s, e, trig, self._why)
            else:
                cand.sentence = span
                # the learnt target, if any, among the actors the rules could take: a
                # place named as where the act happened is no target except of a visit
                pool = mentions if trig.type == "visit" else \
                    [m for m in mentions if not self._is_venue(m, tokens)]
                cand = retarget(cand, pool, text, self.lang)
                for c in self._reciprocal(cand, tokens, s, e):
                    out.append(c)
                    self._recent.append(c)
        for m in mentions:
            if m.actor.kind == "person":
                mem.last_person = m.actor
        return Reading(tuple(out), speaker, verbs, triggers)

    def _note(self, tokens: list[Token], s: int, e: int, trig, why: str) -> None:
        """Note why the trigger at ``s:e`` gives no candidate (only when ``trace`` is a list)."""
        if self.trace is not None:
            self.trace.append((tokens[s].start, tokens[e - 1].end, trig.type, why))

    def _denied(self, tokens: list[Token], s: int, e: int) -> bool:
        """Does a denial (cue ``denial``: "denied", "rejected the accusations", "نفى") cover
        the trigger at ``s:e``: the trigger is one of its words, or stands in what is denied
        (up to 12 words after it in the clause, no reporting verb between)?"""
        lo, _hi = self._clause(tokens, s, e)
        got = self._at("denial", max(lo, s - 12), e)
        if not got:
            return False
        if got[-1] >= s:
            return True
        return not self._in("speech", got[-1] + 1, s)

    def _from(self, tokens: list[Token], m: Mention) -> bool:
        """Is ``m`` governed by "from" / "من" (cue ``origin``): where a noun's act comes from?"""
        k = self._before(tokens, m.start) - 1
        if k > 0 and self._has(tokens[k], "anaphor") and not self._has(tokens[k], "origin"):
            k -= 1  # "from the Saudi king"
        return k >= 0 and self._has(tokens[k], "origin")

    def _charge_after(self, tokens: list[Token], m: Mention) -> bool:
        """Is ``m`` followed by the charge of an accusation, a word with the clitic ب
        ("اتهام قطر بدعم الإرهاب": Qatar is accused, not accusing)?"""
        k = self._before(tokens, m.end)
        return k < len(tokens) and len(tokens[k].text) > 3 and tokens[k].text[:1] == "ب" and \
            any(f != tokens[k].text for f in tokens[k].forms)

    def _antecedent(self, tokens: list[Token], mentions: list[Mention], region: int) -> Mention | None:
        """The actor a relative clause starting at token ``region`` is about: the one named
        right before its relative pronoun (cue ``relative``: "الذي", "التي")."""
        if region <= 0 or region > len(tokens) or not self._has(tokens[region - 1], "relative"):
            return None
        rel = tokens[region - 1].start
        near = [m for m in mentions if m.end <= rel and rel - m.end <= 3]
        if not near or self._is_object(near[-1], tokens, mentions):
            return None
        return near[-1]

    def _reciprocal(self, cand: Candidate, tokens: list[Token], s: int, e: int) -> list[Candidate]:
        """"A and B expelled each other's envoys", "تبادل البلدان الاتهامات": each party acts
        towards the others (cue ``reciprocal`` near the act), one candidate per party."""
        codes = _codes(cand.source)
        if cand.type in SYMMETRIC or len(codes) < 2 or _codes(cand.target) - codes or \
                not self._in("reciprocal", max(0, s - 3), min(len(tokens), e + 8)):
            return [cand]
        out = []
        for a in _dedupe(cand.source):
            out.append(cand.with_roles([a], [b for b in _dedupe(cand.source) if b.code != a.code]))
        return out

    @staticmethod
    def _bare_between(tokens: list[Token], mentions: list[Mention], a: int, b: int) -> int:
        """Tokens from ``a`` to ``b`` that are not part of a name (names stand as modifiers)."""
        return sum(1 for t in tokens[a:b] if not any(m.start <= t.start and t.end <= m.end for m in mentions))

    def _fill(self, text: str, tokens: list[Token], mentions: list[Mention], s: int, e: int,
              trig, frame: Frame | None, mem: Memory) -> Candidate | None:
        lo, hi = self._clause(tokens, s, e)
        region = max(lo, frame.complement) if frame else lo
        t_start, t_end = tokens[s].start, tokens[e - 1].end
        lo_pos = tokens[region].start if region < len(tokens) else t_start
        hi_pos = tokens[hi - 1].end if hi > 0 else t_end
        pool = mentions if trig.type == "visit" else [m for m in mentions if not self._is_venue(m, tokens)]
        before = [m for m in pool if lo_pos <= m.start and m.end <= t_start]
        after = [m for m in pool if t_end <= m.start and m.end <= hi_pos]
        cut = self._next_subject(mentions, after, text, t_end) if after else None
        if cut is not None:
            after = [m for m in after if m.end <= cut]
        if e - s > 1:  # names in a pattern's gap come first after the act: "held Russia
            # responsible" (the target), "وجهت مصر دعوة" (the subject of an Arabic verb)
            after = [m for m in pool if tokens[s].end <= m.start and m.end <= tokens[e - 1].start] + after
        selfs = self._at("self", region, s)
        if any(f.endswith(x) and len(f) > 4 for f in tokens[s].forms[:1] for x in self.cues["we_suffix"]):
            selfs.append(s)  # a first-person plural verb ("أرسلنا"): the speaker's side acts
        speaker = frame.speaker if frame else None
        speaker_state = self._state_of(speaker)
        etype = trig.type
        near = (max(0, s - 6), min(len(tokens), e + 2))
        planned = trig.status == "planned" or self._in("future", *near) or any(
            t.future for t in tokens[near[0]:near[1]])
        if etype == "sanction" and any(self._is_modal(tokens, k) for k in self._at("modal", lo, s)):
            etype = "threat"  # "may recall its ambassador or suspend ties": only threatened
        src: list[Actor] = []
        tgt: list[Actor] = []
        unresolved = False
        named = False  # the act's own subject is named in the clause: it outranks the speaker
        voice = trig.voice
        if voice == "active" and self.lang == "en" and e < len(tokens) and self._has(tokens[e], "agent") \
                and (s > 0 and self._has(tokens[s - 1], "aux")
                     or any(0 <= self._before(tokens, m.start) - e - 1 <= 1 for m in after)):
            voice = "passive"  # "the deal signed by Libya's warring sides", not "retaliates by expelling"
        subjects: list[Mention] = []  # the clause's named subject, when it became the source
        agentive = False  # a passive's agent ("by Israel") is named: it outranks the speaker
        if voice in ("active", "noun"):
            subj = [m for m in before if not self._is_object(m, tokens, mentions)]
            objs = [m for m in before if self._is_object(m, tokens, mentions)]
            if voice == "noun" and self.lang == "ar" and after and after[0].start - t_end <= 2 \
                    and etype != "visit" \
                    and not (etype == "accusation" and self._charge_after(tokens, after[0])):
                # "زيارة العراق": a visit's genitive is where it goes; "اتهام قطر بدعم ...": the accused
                grp = self._group(after, 0, text, forward=True)  # idafa: "اتهامات موسكو"
                src = [m.actor for m in grp]
                after = after[len(grp):]
            elif selfs and selfs[-1] == s and speaker_state is not None:
                src = [speaker_state]
            elif subj and t_start - subj[-1].end <= 3 and subj[-1] is before[-1]:
                # a subject right before its verb ("a request Mexico refused")
                k = before.index(subj[-1])
                grp = self._group(before, k, text, forward=False)
                src = [m.actor for m in grp]
                objs = [m for m in objs if m not in grp]
                named = True
                subjects = grp
            elif subj:
                if self.lang == "ar" and self._bare_between(
                        tokens, mentions, self._before(tokens, subj[-1].end), s) <= 3:
                    # the subject just before the act: "ردت الجمهورية الإسلامية الاثنين باستدعاء"
                    k = before.index(subj[-1])
                    grp = self._group(before, k, text, forward=False)[::-1]
                else:
                    k = before.index(subj[0])
                    grp = self._group(before, k, text, forward=True)
                src = [m.actor for m in grp]
                objs = [m for m in objs if m not in grp]
                subjects = grp
            elif voice == "active" and (ante := self._antecedent(tokens, mentions, region)) is not None:
                src = [ante.actor]  # "الوفد المصري، الذي كان قد وصل": the relative clause's head acts
            elif selfs and speaker_state is not None:
                src = [speaker_state]
            elif frame and speaker is not None and (self.lang == "en" or not after):
                src = [speaker]
            elif self.lang == "ar" and after:
                subj_after = [m for m in after if not self._is_object(m, tokens, mentions)
                              and m.form != "demonym"  # "الاقتصاد المصري": an adjective
                              and not (etype == "visit" and m.actor.kind == "state"
                                       and m.form in ("name", "variant", "capital", "seat"))]
                if subj_after:
                    k = after.index(subj_after[0])
                    grp = self._group(after, k, text, forward=True)
                    src = [m.actor for m in grp]
                    after = [m for m in after if m not in grp]
                elif etype in SYMMETRIC:  # "اتفاق بين البحرين وإسرائيل": the parties between
                    grp = self._group(after, 0, text, forward=True)
                    src = [m.actor for m in grp]
                    after = [m for m in after if m not in grp]
                elif mem.last_subject is not None and voice == "active":
                    src = [mem.last_subject]  # "وكان قد زار ... بمصر": the subject named before
            elif self._in("pronoun", region, s) and \
                    (mem.last_subject or mem.last_person or mem.last_speaker) is not None:
                # "the minister ... urged"; "she called on": a statement is the last speaker's
                if etype in STATEMENT_TYPES and mem.last_person_speaker is not None:
                    src = [mem.last_person_speaker]
                else:
                    src = [a for a in (mem.last_subject or mem.last_person or mem.last_speaker,)
                           if a is not None]
            elif speaker is None and mem.last_speaker is not None and s <= 2:
                src = [mem.last_speaker]
            elif frame and speaker is not None:
                src = [speaker]
            elif etype in SYMMETRIC and after:
                grp = self._group(after, 0, text, forward=True)  # "brokered an agreement between A and B"
                src = [m.actor for m in grp]
                after = after[len(grp):]
            elif voice == "noun" and self.lang == "en" and after and \
                    not self._is_object(after[0], tokens, mentions):
                src = [after[0].actor]  # "one of the key demands the Armenian minister raised"
                after = after[1:]
            if voice == "noun":
                agent_at = self._first("agent", e, min(hi, e + 6))
                agents = [m for m in after if agent_at is not None and m.start >= tokens[agent_at].end]
                if agents and self.lang == "en":  # "a transit to the U.S. by Tsai": Tsai acts
                    src = [agents[0].actor]
                    after = [m for m in after if m is not agents[0]]
                else:  # "an invitation from Algeria's president", "دعوة رسمية من الرئيس الجزائري"
                    origin = next((m for m in after if m.start - t_end <= 60 and self._from(tokens, m)), None)
                    received = self._in("receive", max(region, s - 4), s)
                    if origin is not None:
                        grp = self._group(after, after.index(origin), text, forward=True)
                        if subjects and (received or not objs and not [m for m in after if m not in grp]):
                            objs = subjects  # "Sudan received an invitation from Algeria"
                            after = [m for m in after if m in grp]
                        src = [m.actor for m in grp]
                        after = [m for m in after if m not in grp]
                    elif received and subjects:  # "Argentina had received an invitation": not the inviter
                        objs, src = subjects, []
            tgt = [m.actor for m in after] or [m.actor for m in objs]
            if voice == "noun" and not tgt and src and selfs and speaker_state is not None:
                tgt = [speaker_state]  # "his country was considering India's demand": the speaker's own state
        elif voice == "passive":
            agent_at = self._first("agent", e, hi)
            if agent_at is not None:
                agents = [m for m in after if m.start >= tokens[agent_at].end]
                if agents:
                    src = [agents[0].actor]
                    after = [m for m in after if m.start < tokens[agent_at].start]
                    agentive = True
            if self.lang == "ar":
                tgt = [m.actor for m in after] or [m.actor for m in before[-1:]]
            else:
                tgt = [m.actor for m in before[-1:]] or [m.actor for m in after]
            if agentive and not tgt and speaker is not None:
                tgt = [speaker]  # "Iran said it was being threatened by Israel": Iran suffers it
            prev = self._recent[-1] if self._recent else None
            if not src and prev is not None and prev.trigger.voice == "passive" and prev.source \
                    and not after:
                src, tgt = list(prev.source), list(prev.target)  # "was summoned by X and given ..."
            if not src:
                if speaker is not None and etype not in ("rejection",):
                    src = [speaker]
                elif etype in ("sanction", "invitation") and mem.candidates and mem.candidates[-1].source \
                        and tgt and mem.candidates[-1].source[0].kind != "person":
                    # "Niger and Guinea were suspended", "was invited to the summit": by the
                    # body that acted last before (an organisation or state, not a person)
                    src = [mem.candidates[-1].source[0]]
                elif etype == "rejection":
                    unresolved = True  # "تم رفضها": resolved from the rejected act before it
        elif voice == "agent":
            if after:
                src = [after[0].actor]
            subj = [m for m in mentions if m.end <= t_start and (not frame or
                    m.start >= (tokens[frame.complement].start if frame.complement < len(tokens) else 0))]
            if subj:
                tgt = [subj[0].actor]
        if not tgt and e < len(tokens) and self._has(tokens[e], "object") and self._recent:
            prev = self._recent[-1]  # "welcomed the deal signed by X and urged them"
            tgt = [a for a in prev.target if a.code not in _codes(src)] or \
                [a for a in prev.source if a.code not in _codes(src)]
        if not tgt and etype != "talks" and any(w in self.cues["possessive"] for w in trig.tokens):
            # "the Arab League suspended its membership": "its" is the sentence's other party
            others = [m.actor for m in pool if m.actor.code not in _codes(src)]
            if others:
                tgt = [others[0]]
        latter = self._first("latter", e, hi)
        if latter is not None:  # "بزعم أن الأخيرة ...": the actor named last before the act
            before_act = [m for m in mentions if m.end <= t_start]
            if before_act:
                src = [a for a in src if a.code != before_act[-1].actor.code]
                tgt = [before_act[-1].actor]
        tgt = [a for a in tgt if a.code not in _codes(src)]
        if not tgt and etype == "sanction":  # "recalled its ambassador in Abuja": where the envoy serves
            tgt = [m.actor for m in mentions if t_end <= m.start and m.end <= hi_pos
                   and self._is_venue(m, tokens) and m.actor.code not in _codes(src)][:1]
        duals = self._at("dual", lo, hi)
        if duals:
            if any(k > s for k in duals) and not tgt and (mem.pair_target or mem.pair_parties):
                tgt = [a for a in (mem.pair_target or mem.pair_parties) if a.code not in _codes(src)]
            elif etype in SYMMETRIC and len(_codes(src + tgt)) < 2 and mem.pair_parties:
                src = src + mem.pair_parties
        if frame and speaker is not None and etype in STATEMENT_TYPES and voice != "agent" and not agentive and \
                not (named and etype != "accusation" and speaker_state is not None and speaker_state.code not in _codes(src)):
            if etype in SPEAKER_JOINS:
                src = src + [speaker]
            else:
                extra = [a for a in src if a.code != speaker.code]
                src = [speaker]
                tgt = tgt + extra
        if etype in ("talks",):
            src = src + tgt + ([speaker] if speaker is not None and frame and not before else [])
            tgt = []
        src = _dedupe(src)
        tgt = [a for a in _dedupe(tgt) if a.code not in _codes(src)]
        if not src and not unresolved:
            self._why = "no-source"
            return None
        if voice == "noun" and s > 0 and self._has(tokens[s - 1], "anaphor") and (
                not after or etype in mem.types):
            self._why = "anaphor-told-before"
            return None  # "confirming the visit", "هذه الزيارة": an act reported before
        if etype == "talks" and len(_codes(src)) < 2 and voice == "noun" and \
                not self._in("hold", lo, s) and not self._in("hold", e, min(hi, e + 6)):
            self._why = "talks-one-party"
            return None  # "the talks" with one known party is background, not an act
        conf = trig.weight * (0.9 if tgt or etype in SYMMETRIC else 0.75)
        if src and src[0].kind == "person":
            mem.last_subject = src[0]
        if len(_codes(tgt)) >= 2:
            mem.pair_target = list(tgt)
        if len(_codes(src + tgt)) >= 2:
            mem.pair_parties = _dedupe(src + tgt)
        comp = -1
        if frame is not None:
            comp = tokens[frame.complement].start if frame.complement < len(tokens) else t_start
        vague = self._in("vague", max(lo, s - 6), min(hi, e + 6))
        same_day = self._in("sameday", lo, hi)
        return Candidate(etype, trig, t_start, t_end, src, tgt, planned, round(conf, 3),
                         (0, 0), speaker, unresolved, complement=comp, vague=vague,
                         same_day=same_day)
