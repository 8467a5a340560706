"""Why annotated events are missed: a breakdown by the first thing that goes wrong.

    python scripts/diagnose.py GOLD_DIR EVENTS_JSONL [--list KIND]

For each annotated event, the system events whose evidence overlaps its evidence are
looked at: none (no event from the sentence), wrong type, wrong source, wrong target,
wrong date, or found. Use ``--list`` on train folders only.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path


def codes(actors):
    return {a["code"] for a in actors or []}


def overlaps(g, s, text):
    gs = text.find(g["evidence"])
    if gs < 0:
        return False
    ge = gs + len(g["evidence"])
    return s["start"] < ge and gs < s["end"]


def date_ok(g, s):
    if g["precision"] == "none":
        return True
    if not s.get("date"):
        return False
    n = {"day": 10, "month": 7, "year": 4}[g["precision"]]
    return s["date"][:n] == g["date"][:n]


def main(argv):
    gold_dir, events = Path(argv[0]), Path(argv[1])
    show = argv[argv.index("--list") + 1] if "--list" in argv else None
    sys_by = {}
    for line in events.read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        sys_by.setdefault(e["article_id"], []).append(e)
    tally = Counter()
    for path in sorted(gold_dir.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for g in doc["events"]:
            types = {g["type"], *g.get("alt_types", [])}
            near = [s for s in sys_by.get(doc["id"], []) if overlaps(g, s, doc["text"])]
            steps = [("none", lambda s: True),
                     ("type", lambda s: s["type"] in types),
                     ("source", lambda s: codes(s["source"]) & codes(g["source"])),
                     ("target", lambda s: not g["target"] or codes(s["target"]) & codes(g["target"])),
                     ("date", lambda s: date_ok(g, s))]
            kind = "found"
            for name, test in steps:
                keep = [s for s in near if test(s)]
                if not keep:
                    kind = name
                    break
                near = keep
            tally[(doc["lang"], kind)] += 1
            if show == kind:
                print(f"{doc['lang']} {g['type']} {sorted(codes(g['source']))}->{sorted(codes(g['target']))} "
                      f"{g['date']}/{g['precision']}: {g['evidence'][:160]}")
                for s in [s for s in sys_by.get(doc["id"], []) if overlaps(g, s, doc["text"])]:
                    print(f"    got {s['type']} {sorted(codes(s['source']))}->{sorted(codes(s['target']))} {s.get('date')}/{s['precision']}")
    for lang in ("ar", "en"):
        total = sum(v for (l, _k), v in tally.items() if l == lang)
        row = ", ".join(f"{k} {tally[(lang, k)]} ({tally[(lang, k)] / max(total, 1):.0%})"
                        for k in ("none", "type", "source", "target", "date", "found"))
        print(f"{lang}: {total} annotated; first failure: {row}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
