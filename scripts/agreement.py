"""Inter-annotator agreement: the second annotations of data/corpus/agreement/second scored
against the corpus files (the first annotations), with the shared scorer, per language.

    python scripts/agreement.py [--lang ar|en] [scorer options, e.g. --show-errors]

Prints the scorer's report (full F1, type F1, date accuracy, per language). The first
annotation is taken as gold; F1 is symmetric in the two, precision and recall swap.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def main(argv: list[str]) -> int:
    lang = None
    if "--lang" in argv:
        k = argv.index("--lang")
        lang, argv = argv[k + 1], argv[:k] + argv[k + 2:]
    seconds = sorted(p for p in (CORPUS / "agreement" / "second").glob("*.json")
                     if lang is None or p.name.startswith(lang + "-"))
    with tempfile.TemporaryDirectory() as tmp:
        gold, events = Path(tmp) / "gold", Path(tmp) / "events.jsonl"
        gold.mkdir()
        with events.open("w", encoding="utf-8") as out:
            for path in seconds:
                second = json.loads(path.read_text(encoding="utf-8"))
                first = next((p for part in ("train", "test", "incoming/*")
                              for p in CORPUS.glob(f"{part}/{path.name}")), None)
                if first is None:
                    print(f"{path.name}: no first annotation in the corpus", file=sys.stderr)
                    continue
                (gold / path.name).write_bytes(first.read_bytes())
                text = json.loads(first.read_text(encoding="utf-8"))["text"]
                for ev in second["events"]:
                    start = max(text.find(ev["evidence"]), 0)
                    out.write(json.dumps({**ev, "article_id": second["id"], "end_date": ev.get("end_date"),
                                          "start": start, "end": start + len(ev["evidence"]),
                                          "confidence": 1.0}, ensure_ascii=False) + "\n")
        cmd = [sys.executable, str(SCORER), str(gold), str(events), *argv]
        return subprocess.run(cmd, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
