"""The annotated corpus under ``data/corpus/``: its split, its checks and its counts.

Standard library only, so that it also runs as a plain script while the corpus is
being written (``python3 timeline/corpus.py check FILE...``).

- ``split_of(name)``: ``test`` or ``train``, from a hash of the file name alone, so a
  file's split is known before anyone reads it and never changes.
- ``check_file(path)``: every problem of one corpus file, one line each.
- ``counts(files)``: articles, outlets, regions, years and events per type and language.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
SPLIT_FILE = CORPUS / "split.tsv"
# the names of timeline.eventtypes.TABLE, written out: this file runs without the package
TYPES = ("talks", "visit", "invitation", "rejection", "accusation", "condemnation",
         "offer", "support", "agreement", "appeal", "sanction", "threat")
KINDS = ("state", "person", "igo", "ngo", "group")
PRECISIONS = ("day", "month", "year", "none")
STATUSES = ("occurred", "planned")
REGIONS = ("gulf", "levant", "maghreb", "nile-horn", "west-africa", "east-africa",
           "southern-africa", "central-africa", "europe", "russia-central-asia",
           "south-asia", "east-asia", "south-east-asia", "americas", "pacific",
           "middle-east-other")
FIRST_YEAR, LAST_YEAR = 2000, 2026
REQUIRED = ("id", "lang", "based_on", "published", "title", "text", "events",
            "outlet", "region")


def split_of(name: str) -> str:
    """``test`` for about one file name in four, ``train`` for the rest (SHA-1 of the stem)."""
    stem = Path(name).stem
    return "test" if int(hashlib.sha1(stem.encode("utf-8")).hexdigest(), 16) % 4 == 0 else "train"


def known_codes(root: Path = ROOT) -> set[str]:
    """Codes of the actor registry and of the shared CODES.md (when it is beside the project)."""
    codes: set[str] = set()
    reg = root / "data" / "actors.tsv"
    for line in reg.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) >= 4 and not line.startswith("#"):
            codes.add(parts[3])
    spec = root.parent / "shared" / "spec" / "CODES.md"
    if spec.exists():
        codes.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", spec.read_text(encoding="utf-8")))
    # codes proposed by annotators while the corpus is being written (merged into actors.tsv after)
    for extra in sorted((root / "data" / "corpus" / "incoming").glob("*/codes.tsv")):
        for line in extra.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 4 and not line.startswith(("#", "id\t")):
                codes.add(parts[3])
    return codes


def _is_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _check_actor(where: str, actor: object, codes: set[str]) -> list[str]:
    if not isinstance(actor, dict):
        return [f"{where}: an actor must be an object with name, code and kind"]
    errs = []
    if not isinstance(actor.get("name"), str) or not actor["name"].strip():
        errs.append(f"{where}: actor without a name")
    if actor.get("kind") not in KINDS:
        errs.append(f"{where}: kind {actor.get('kind')!r} is not one of {', '.join(KINDS)}")
    code = actor.get("code")
    if not isinstance(code, str) or code not in codes:
        errs.append(f"{where}: code {code!r} is in neither data/actors.tsv nor CODES.md")
    return errs


def _check_dates(where: str, ev: dict) -> list[str]:
    prec, raw = ev.get("precision"), ev.get("date")
    if prec not in PRECISIONS:
        return [f"{where}: precision {prec!r} is not one of {', '.join(PRECISIONS)}"]
    if prec == "none":
        return [] if raw is None else [f"{where}: precision none needs date null"]
    when = _is_date(raw)
    if when is None:
        return [f"{where}: date {raw!r} is not an ISO date"]
    errs = []
    if prec == "month" and when.day != 1:
        errs.append(f"{where}: a month date is the first of the month")
    if prec == "year" and (when.month, when.day) != (1, 1):
        errs.append(f"{where}: a year date is the first of January")
    end = ev.get("end_date")
    if end is not None:
        last = _is_date(end)
        if last is None or last <= when:
            errs.append(f"{where}: end_date {end!r} must be an ISO date after date")
    return errs


def check_event(where: str, ev: object, text: str, codes: set[str]) -> list[str]:
    if not isinstance(ev, dict):
        return [f"{where}: an event must be an object"]
    errs = []
    if ev.get("type") not in TYPES:
        errs.append(f"{where}: type {ev.get('type')!r} is not an event type")
    alts = ev.get("alt_types", [])
    if not isinstance(alts, list) or any(a not in TYPES or a == ev.get("type") for a in alts):
        errs.append(f"{where}: alt_types must list other event types")
    for role in ("source", "target"):
        actors = ev.get(role)
        if not isinstance(actors, list) or (role == "source" and not actors):
            errs.append(f"{where}: {role} must be a list" + (" with an actor" if role == "source" else ""))
            continue
        for actor in actors:
            errs += _check_actor(f"{where} {role}", actor, codes)
    if ev.get("status") not in STATUSES:
        errs.append(f"{where}: status {ev.get('status')!r} is not occurred or planned")
    errs += _check_dates(where, ev)
    evidence = ev.get("evidence")
    if not isinstance(evidence, str) or not evidence.strip():
        errs.append(f"{where}: no evidence")
    elif evidence not in text:
        errs.append(f"{where}: evidence is not a substring of the text: {evidence[:60]!r}")
    return errs


def check_file(path: Path, codes: set[str] | None = None) -> list[str]:
    """Every problem of one corpus file, each a line naming the file."""
    codes = known_codes() if codes is None else codes
    name = path.name
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        return [f"{name}: cannot be read as JSON: {err}"]
    if not isinstance(doc, dict):
        return [f"{name}: not a JSON object"]
    errs = [f"{name}: no field {key!r}" for key in REQUIRED if key not in doc]
    if errs:
        return errs
    errs = _check_fields(path, doc)
    text = doc["text"] if isinstance(doc["text"], str) else ""
    if len(text) < 400:
        errs.append(f"{name}: text shorter than 400 characters")
    events = doc["events"] if isinstance(doc["events"], list) else []
    if not events:
        errs.append(f"{name}: no events")
    for n, ev in enumerate(events, 1):
        errs += check_event(f"{name} event {n}", ev, text, codes)
    return errs


def _check_fields(path: Path, doc: dict) -> list[str]:
    """The problems of a corpus file's fields other than its text and events."""
    name, errs = path.name, []
    if doc["id"] != path.stem:
        errs.append(f"{name}: id {doc['id']!r} differs from the file name")
    if doc["lang"] not in ("ar", "en"):
        errs.append(f"{name}: lang {doc['lang']!r} is not ar or en")
    elif not path.stem.startswith(doc["lang"] + "-"):
        errs.append(f"{name}: the file name starts with its language (ar- or en-)")
    if not str(doc["based_on"]).startswith(("http://", "https://")):
        errs.append(f"{name}: based_on is not an address")
    pub = _is_date(doc["published"])
    if pub is None or not FIRST_YEAR <= pub.year <= LAST_YEAR:
        errs.append(f"{name}: published {doc['published']!r} is not a date in {FIRST_YEAR}-{LAST_YEAR}")
    if doc["region"] not in REGIONS:
        errs.append(f"{name}: region {doc['region']!r} is not one of {', '.join(REGIONS)}")
    if not isinstance(doc["outlet"], str) or not doc["outlet"].strip():
        errs.append(f"{name}: no outlet")
    return errs


def corpus_files(root: Path = CORPUS) -> list[Path]:
    return sorted(p for part in ("train", "test") for p in (root / part).glob("*.json"))


def recorded_split(path: Path = SPLIT_FILE) -> dict[str, str]:
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            name, part = line.split("\t")[:2]
            rows[name] = part
    return rows


def check_corpus(root: Path = CORPUS, gold: Path | None = None) -> list[str]:
    """Every file's problems, plus duplicates of stories and the split as recorded."""
    codes = known_codes()
    files = corpus_files(root)
    errs: list[str] = []
    seen: dict[str, str] = {}
    if gold is not None and gold.is_dir():
        for g in gold.glob("*.json"):
            seen[json.loads(g.read_text(encoding="utf-8")).get("based_on", "")] = f"gold {g.name}"
    split = recorded_split(root / "split.tsv") if (root / "split.tsv").exists() else {}
    for path in files:
        errs += check_file(path, codes)
        if split.get(path.name) != path.parent.name or split_of(path.name) != path.parent.name:
            errs.append(f"{path.name}: in {path.parent.name}/, but the recorded split is "
                        f"{split.get(path.name)} and the hash says {split_of(path.name)}")
        try:
            based = json.loads(path.read_text(encoding="utf-8")).get("based_on", "")
        except (OSError, json.JSONDecodeError, AttributeError):
            continue
        key = str(based).rstrip("/")
        if key in seen:
            errs.append(f"{path.name}: tells the story of {seen[key]} ({based})")
        seen[key] = path.name
    missing = set(split) - {p.name for p in files}
    errs += [f"{name}: recorded in split.tsv but not in the corpus" for name in sorted(missing)]
    return errs


def _domain(url: str) -> str:
    host = re.sub(r"^https?://", "", str(url)).split("/")[0].lower()
    return host.removeprefix("www.")


def place(incoming: Path, root: Path = CORPUS) -> list[str]:
    """Move each checked file of ``incoming/*/`` to the split its name hashes to; record it.

    A file with problems stays where it is and its problems are returned. The split is
    appended to ``split.tsv`` (never rewritten), so a file's split is fixed once placed.
    """
    codes = known_codes()
    problems: list[str] = []
    recorded = recorded_split(root / "split.tsv") if (root / "split.tsv").exists() else {}
    rows = []
    for path in sorted(incoming.glob("*/*.json")):
        errs = check_file(path, codes)
        if path.name in recorded:
            errs.append(f"{path.name}: a file of that name is in the corpus already")
        if errs:
            problems += errs
            continue
        part = split_of(path.name)
        (root / part).mkdir(parents=True, exist_ok=True)
        path.replace(root / part / path.name)
        rows.append(f"{path.name}\t{part}\n")
    if rows:
        new = not (root / "split.tsv").exists()
        with (root / "split.tsv").open("a", encoding="utf-8") as fh:
            if new:
                fh.write("# file\tsplit (test when int(sha1(stem), 16) % 4 == 0; fixed once recorded)\n")
            fh.writelines(rows)
    return problems


def counts(files: list[Path]) -> dict:
    """Articles, outlets, regions, years, and events per type and language."""
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in files]
    per_type: dict[str, Counter] = {t: Counter() for t in TYPES}
    for d in docs:
        for ev in d.get("events", []):
            per_type.setdefault(ev["type"], Counter())[d["lang"]] += 1
    return {
        "articles": Counter(d["lang"] for d in docs),
        "events": Counter(d["lang"] for d in docs for _ in d.get("events", [])),
        "outlets": len({d.get("outlet") or _domain(d.get("based_on", "")) for d in docs}),
        "regions": Counter(d.get("region") for d in docs),
        "years": Counter(str(d.get("published", ""))[:4] for d in docs),
        "per_type": per_type,
    }


def format_counts(c: dict) -> str:
    arts, evs = c["articles"], c["events"]
    lines = [(f"articles: {sum(arts.values())} (ar {arts['ar']}, en {arts['en']}); "
              f"events: {sum(evs.values())} (ar {evs['ar']}, en {evs['en']}); outlets: {c['outlets']}"),
             "regions: " + ", ".join(f"{k} {v}" for k, v in sorted(c["regions"].items())),
             "years: " + ", ".join(f"{k} {v}" for k, v in sorted(c["years"].items())),
             "events per type (ar / en / all):"]
    for t, n in c["per_type"].items():
        lines.append(f"  {t:<13} {n['ar']:>4} {n['en']:>4} {n['ar'] + n['en']:>5}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "check":
        codes = known_codes()
        errs = [e for p in argv[1:] for e in check_file(Path(p), codes)]
        print("\n".join(errs) if errs else f"ok: {len(argv) - 1} file(s)")
        return 1 if errs else 0
    if argv[:1] == ["place"] and len(argv) == 2:
        problems = place(Path(argv[1]))
        print("\n".join(problems) if problems else "all placed")
        return 1 if problems else 0
    if argv[:1] == ["split"]:
        for p in argv[1:]:
            print(f"{Path(p).name}\t{split_of(p)}")
        return 0
    print("usage: corpus.py check FILE... | split FILE... | place INCOMING_DIR", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
