"""Why annotated events whose sentence holds a trigger of their type give no event.

    python scripts/why_missed.py GOLD_DIR [GOLD_DIR...] [--model PATH] [--all] [--list REASON]

Each article is extracted as the pipeline does, watching each step: the sentence reader
(which notes why a trigger gives no candidate: a cue blocked it and which kind, no source
found, "this visit" told before, ...), dating (an unresolved passive dropped), merging and,
with ``--model`` (a keep model file), the learnt keep/drop model. For each annotated event
that no system event of its type (``--all``: no system event at all) overlaps and whose
evidence holds a trigger of its type, the first reason found is tallied per language:

- ``debris``: no sentence the reader read overlaps the evidence (dropped as debris, dateline);
- a reader reason (``negation``, ``denial``, ``no-source``, ...): the right-type trigger
  of an overlapping sentence gave no candidate, for that reason;
- ``other-type``: the trigger gave a candidate of another type (a longer pattern won);
- ``not-matched``: the trigger matches the evidence alone but not in the sentence as read
  (sentence split, a name covering it, the evidence spans two sentences);
- ``dating``: a candidate was dropped when dated (an unresolved passive);
- ``merged``: the candidate was merged into another event;
- ``model``: the keep model dropped it.

``--list REASON`` prints those events' evidence: use it on train folders only.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from timeline import pipeline
from timeline.events import match_triggers, tokenize
from timeline.normalize import normalize
from timeline.rescore import keep, model
from timeline.train import read_gold


def right_type_trigger(evidence: str, lang: str, types: set[str]) -> bool:
    res = pipeline.resources(lang)
    norm = normalize(evidence, lang)
    tokens = tokenize(norm.text, 0, len(norm.text), lang, res.cues)
    return any(t.type in types for _s, _e, t in match_triggers(tokens, res.reader.index))


class Watch:
    """Records what the pipeline's steps give for one article."""

    def __init__(self) -> None:
        self.reads: list[tuple[tuple[int, int], list, list]] = []  # span, candidates, notes
        self.premerge: list = []
        self.merged: list = []

    def install(self, reader) -> None:
        orig_read = type(reader).read

        def read(text, span, tokens, mentions, mem):
            reader.trace = []
            got = orig_read(reader, text, span, tokens, mentions, mem)
            self.reads.append((span, list(got.candidates), list(reader.trace)))
            reader.trace = None
            return got

        reader.read = read

        def merge(events):
            self.premerge = list(events)
            self.merged = orig_merge(events)
            return self.merged

        pipeline.merge = merge


orig_merge = pipeline.merge


def overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def reason(g: dict, text: str, norm, watch: Watch, kept: list, types: set[str],
           any_type: bool) -> str | None:
    """The first reason the annotated event ``g`` gets no event; None when it gets one."""
    gs = text.find(g["evidence"])
    if gs < 0:
        return "evidence-not-found"
    ge = gs + len(g["evidence"])

    def near(events, typed=True):
        return [e for e in events if any(overlap(sp.start, sp.end, gs, ge) for sp in e.spans)
                and (not typed or any_type or e.type in types)]

    if near(kept):
        return None
    reads = [(span, cands, notes) for span, cands, notes in watch.reads
             if overlap(norm.to_original(span[0]), norm.to_original_end(span[1]), gs, ge)]
    if not reads:
        return "debris"
    cands = [c for _sp, cs, _n in reads for c in cs if any_type or c.type in types]
    if not cands:
        notes = [n for _sp, _c, ns in reads for n in ns if n[2] in types
                 and overlap(norm.to_original(n[0]), norm.to_original_end(n[1]), gs, ge)]
        if notes:
            return notes[0][3]
        if [c for _sp, cs, _n in reads for c in cs]:
            return "other-type"
        return "not-matched"
    if not near(watch.premerge, not any_type):
        return "dating"
    if not near(watch.merged, not any_type):
        return "merged"
    return "model"


def main(argv: list[str]) -> int:
    any_type = "--all" in argv
    show = argv[argv.index("--list") + 1] if "--list" in argv else None
    km = model(Path(argv[argv.index("--model") + 1])) if "--model" in argv else None
    skip = {argv.index(f) + 1 for f in ("--list", "--model") if f in argv}
    dirs = [Path(a) for i, a in enumerate(argv) if not a.startswith("--") and i not in skip]
    tally: Counter = Counter()
    totals: Counter = Counter()
    for art, gold in read_gold(dirs):
        res = pipeline.resources(art.lang)
        watch = Watch()
        watch.install(res.reader)
        try:
            merged = pipeline.extract(art, res, rescore=False)
        finally:
            del res.reader.read
            pipeline.merge = orig_merge
        kept = keep(merged, art, km) if km is not None else merged
        norm = normalize(art.text, art.lang)
        for g in gold:
            types = {g["type"], *g.get("alt_types", [])}
            totals[art.lang] += 1
            if not right_type_trigger(g["evidence"], art.lang, types):
                tally[(art.lang, "(no trigger of its type)")] += 1
                continue
            why = reason(g, art.text, norm, watch, kept, types, any_type)
            tally[(art.lang, why or "(found)")] += 1
            if show is not None and why == show:
                print(f"{art.lang} {g['type']} {art.id}: {g['evidence'][:200]}")
    for lang in ("ar", "en"):
        rows = sorted(((k, v) for (la, k), v in tally.items() if la == lang), key=lambda kv: -kv[1])
        print(f"{lang}: {totals[lang]} annotated events")
        for k, v in rows:
            print(f"  {k:<28} {v:>4} ({v / max(totals[lang], 1):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
