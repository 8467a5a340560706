"""Trigger coverage: the share of annotated event sentences that hold a trigger of the right type.

    python scripts/coverage.py DIR [DIR...] [--missed]

For each annotated event, the sentence (or span) of its evidence is tokenised and matched
against ``data/<lang>/triggers.tsv``; an event is covered when a trigger of its type or one
of its ``alt_types`` matches there. Prints coverage per language and per type. With
``--missed`` it also lists the evidence of uncovered events: use it on train folders only.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from timeline.events import match_triggers, tokenize
from timeline.normalize import normalize
from timeline.pipeline import resources


def covered(evidence: str, lang: str, types: set[str]) -> tuple[bool, set[str]]:
    res = resources(lang)
    norm = normalize(evidence, lang)
    tokens = tokenize(norm.text, 0, len(norm.text), lang, res.cues)
    found = {t.type for _s, _e, t in match_triggers(tokens, res.reader.index)}
    return bool(found & types), found


def main(argv: list[str]) -> int:
    show = "--missed" in argv
    dirs = [Path(a) for a in argv if not a.startswith("--")]
    tot: Counter = Counter()
    hit: Counter = Counter()
    missed = []
    for d in dirs:
        for path in sorted(d.glob("*.json")):
            doc = json.loads(path.read_text(encoding="utf-8"))
            lang = doc.get("lang", "en")
            for ev in doc.get("events", []):
                types = {ev["type"], *ev.get("alt_types", [])}
                ok, found = covered(ev["evidence"], lang, types)
                for key in (lang, f"{lang} {ev['type']}"):
                    tot[key] += 1
                    hit[key] += ok
                if not ok:
                    missed.append((lang, ev["type"], sorted(found), ev["evidence"]))
    for key in sorted(tot):
        print(f"{key:<20} {hit[key]:>4}/{tot[key]:<4} {hit[key] / tot[key]:.2f}")
    if show:
        for lang, typ, found, evidence in missed:
            print(f"MISSED {lang} {typ} (found {','.join(found) or '-'}): {evidence}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
