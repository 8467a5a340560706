"""Size sweep: does the time to ingest one file grow in step with its size?

    python bench/sizes.py [--sizes 0.25,0.5,1,2,4] [--limit 30]

One file per size and language: an Arabic and an English article of 0.25, 0.5, 1, 2 and
4 MB (UTF-8), made of the synthetic paragraphs of ``bench/corpus.py`` (every actor,
trigger and date word from ``data/``); then one 1 MB sentence without any punctuation
(Arabic) and one HTML page whose single tag carries 200,000 attributes (about 2 MB).
Each file is ingested on its own into a fresh store (``timeline.ingest.ingest``: read,
extract, store), in this process, once the language data is loaded, three times (the best run
counts). Printed per file: CPU and wall seconds, CPU seconds per MB and that figure as
a ratio to the smallest file of its language, and whether the file was stored or
refused (a refusal is one line naming the file).
Targets: time per MB within 1.5x from the smallest to the largest file, no file over
30 s.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import corpus

from timeline.ingest import ingest
from timeline.pipeline import resources
from timeline.store import Store

TARGET_RATIO, TARGET_SECONDS = 1.5, 30.0
MB = 1_000_000


def article_text(lang: str, size: int, seed: int = 5) -> str:
    """Paragraphs of synthetic ``lang`` articles, joined until ``size`` bytes (UTF-8)."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    i = 0
    while length < size:
        text = corpus.article(i, lang, rng).text
        parts.append(text)
        length += len(text.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(parts)


def unpunctuated(size: int) -> str:
    """One Arabic sentence of ``size`` bytes: the words of the articles, no punctuation."""
    words = re.sub(r"[.!?؟،,:;\"'()«»\n]+", " ", article_text("ar", size)).split()
    out: list[str] = []
    length = 0
    for w in words:
        out.append(w)
        length += len(w.encode("utf-8")) + 1
        if length >= size:
            break
    return " ".join(out)


def many_attributes(n: int = 200_000) -> str:
    attrs = " ".join(f'a{i}="x"' for i in range(n))
    return (f"<html><head><title>t</title></head><body><p {attrs}>The foreign minister "
            "met his counterpart.</p></body></html>")


def files(folder: Path, sizes: list[float]) -> list[tuple[str, str, Path]]:
    """(group, label, path) of every file of the sweep, written into ``folder``."""
    out = []
    for lang in ("ar", "en"):
        for mb in sizes:
            path = folder / f"{lang}-{mb:g}mb.txt"
            path.write_text(article_text(lang, int(mb * MB)), encoding="utf-8")
            out.append((lang, f"{lang} article {mb:g} MB", path))
    path = folder / "ar-sentence-1mb.txt"
    path.write_text(unpunctuated(MB), encoding="utf-8")
    out.append(("sentence", "ar sentence 1 MB, no punctuation", path))
    path = folder / "attributes.html"
    path.write_text(many_attributes(), encoding="utf-8")
    out.append(("html", "HTML, one tag of 200,000 attributes", path))
    return out


def run(path: Path, folder: Path, repeat: int) -> tuple[float, float, str]:
    """(CPU seconds, wall seconds, result) of ingesting ``path`` into a fresh store: the
    best of ``repeat`` runs (other work on the machine only ever adds time)."""
    best_cpu = best_wall = float("inf")
    result = ""
    for k in range(repeat):
        db = folder / f"{path.name}.{k}.db"
        errors: list[str] = []
        store = Store(db)
        c0, t0 = time.process_time(), time.perf_counter()
        summary = ingest([path], store, quiet=True, report=errors.append)
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - t0)
        store.close()
        result = "refused: " + (errors[0] if errors else "?") if summary.failed \
            else f"stored, {summary.events} events"
    return best_cpu, best_wall, result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="0.25,0.5,1,2,4", help="article sizes in MB")
    ap.add_argument("--only", help="groups to run: ar,en,sentence,html")
    ap.add_argument("--repeat", type=int, default=3, help="runs per file, the best counts")
    args = ap.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",")]
    resources("ar")
    resources("en")
    ok = True
    print(f"{'file':38} {'MB':>5} {'CPU s':>6} {'wall s':>6} {'CPU s/MB':>8} {'ratio':>5}  result")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base: dict[str, float] = {}
        worst = 0.0
        for group, label, path in files(folder, sizes):
            if args.only and group not in args.only.split(","):
                continue
            mb = path.stat().st_size / MB
            cpu, wall, result = run(path, folder, args.repeat)
            per_mb = cpu / mb
            ratio = per_mb / base.setdefault(group, per_mb)
            if group in ("ar", "en"):
                ok &= ratio <= TARGET_RATIO
            ok &= wall <= TARGET_SECONDS
            worst = max(worst, wall)
            print(f"{label:38} {mb:5.2f} {cpu:6.2f} {wall:6.2f} {per_mb:8.2f} {ratio:5.2f}  {result}",
                  flush=True)
    print(f"slowest file {worst:.1f} s wall clock (target <= {TARGET_SECONDS:g} s); CPU time per "
          f"MB from the smallest to the largest article within {TARGET_RATIO}x: "
          + ("met" if ok else "NOT MET"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
