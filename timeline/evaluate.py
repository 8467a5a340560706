"""``timeline evaluate``: extract a gold folder (or a peer suite) and print the scorer's report.

The scorer is the shared ``eval/score.py`` beside the gold folder; it is run as a
separate program so its figures are exactly the ones anyone else gets.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from timeline.errors import TimelineError
from timeline.model import Article


def find_scorer(gold: Path) -> Path:
    """``eval/score.py`` above the gold folder, or the shared one beside the project."""
    from timeline.config import PROJECT_DIR
    for base in [gold.resolve(), *gold.resolve().parents, PROJECT_DIR.parent / "shared"]:
        cand = base / "eval" / "score.py"
        if cand.exists():
            return cand
    raise TimelineError("cannot find eval/score.py above the gold folder or in ../shared", str(gold))


def peer_articles(path: Path) -> list[Article]:
    """Each peer record's sentence as a one-sentence article published on its date."""
    out: list[Article] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            raise TimelineError(f"not JSON: {err.msg}", str(path), n) from err
        published = None
        if rec.get("date"):
            try:
                published = date.fromisoformat(str(rec["date"])[:10])
            except ValueError:
                published = None
        out.append(Article(id=str(rec["id"]), text=str(rec.get("sentence") or ""),
                           lang=str(rec.get("lang") or "en"), published=published,
                           path=f"{path}:{n}"))
    return out


def print_corpus_counts(gold: Path) -> None:
    """What the folder holds (articles, outlets, regions, years, events per type and language)."""
    from timeline.corpus import counts, format_counts
    files = sorted(gold.glob("*.json"))
    try:
        print(format_counts(counts(files)))
    except (KeyError, TypeError, ValueError, OSError) as err:
        print(f"(no corpus counts for {gold}: {err})", file=sys.stderr)
    sys.stdout.flush()


def write_events(articles_events, out: Path) -> int:
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        for _a, events in articles_events:
            for ev in events:
                fh.write(ev.to_json_line() + "\n")
                count += 1
    return count


def evaluate(gold: str | Path, *, peer: str | Path | None = None, show_errors: bool = False) -> int:
    """Extract and score; prints the report and returns the scorer's exit status."""
    from timeline.ingest import extract_all
    from timeline.pipeline import extract
    gold = Path(gold)
    with tempfile.TemporaryDirectory() as tmp:
        events_file = Path(tmp) / "events.jsonl"
        if peer:
            peer = Path(peer)
            scorer = find_scorer(peer.parent)
            write_events(((a, extract(a)) for a in peer_articles(peer)), events_file)
            cmd = [sys.executable, str(scorer), "--peer", str(peer), str(events_file)]
        else:
            if not gold.is_dir():
                raise TimelineError(
                    "no folder of annotated articles here; pass one: 'timeline evaluate "
                    "GOLD_DIR' (articles with their expected events, such as the corpus's "
                    "data/corpus/test or the shared gold set), or score one-sentence records "
                    "with 'timeline evaluate --peer FILE.jsonl'", str(gold))
            scorer = find_scorer(gold)
            print_corpus_counts(gold)
            errors: list[str] = []
            write_events(extract_all([gold], on_error=lambda e: errors.append(str(e))), events_file)
            for e in errors:
                print(e, file=sys.stderr)
            cmd = [sys.executable, str(scorer), str(gold), str(events_file)]
            if show_errors:
                cmd.append("--show-errors")
        return subprocess.run(cmd, check=False).returncode
