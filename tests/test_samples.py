"""Checks on the bundled sample corpus in data/samples/.

The corpus holds the seed article (copied from the shared gold set) and short
articles written for this project about real diplomatic events, 2015-2025, in
Arabic and English, as .json, .jsonl, .txt (header block) and .html files.
Only the standard library and pytest are used here, so that the checks do not
depend on the readers they are meant to exercise.
"""
from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "samples"
SHARED = REPO.parent / "shared"
GOLD_DEV = SHARED / "gold" / "dev"
SEED_ID = "seed-lavrentiev-astana15"
SUFFIXES = {".json", ".jsonl", ".txt", ".html"}
FIRST_DAY, LAST_DAY = date(2015, 1, 1), date(2025, 12, 31)
SHINGLE = 8

ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


class _PageParser(HTMLParser):
    """Collects <html lang>, the meta properties and the <p> text inside <article>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.meta: dict[str, str] = {}
        self.paragraphs: list[str] = []
        self._article_depth = 0
        self._in_p = False
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key and attrs.get("content") is not None:
                self.meta[key] = attrs["content"]
        elif tag == "article":
            self._article_depth += 1
        elif tag == "p" and self._article_depth:
            self._in_p, self._buf = True, []

    def handle_endtag(self, tag):
        if tag == "article" and self._article_depth:
            self._article_depth -= 1
        elif tag == "p" and self._in_p:
            self._in_p = False
            self.paragraphs.append("".join(self._buf).strip())

    def handle_data(self, data):
        if self._in_p:
            self._buf.append(data)


def _read_txt(path: Path) -> dict:
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    fields = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        assert sep, f"{path.name}: header line without 'Key:' {line!r}"
        fields[key.strip().lower()] = value.strip()
    return {"id": path.stem, "lang": fields.get("lang"), "title": fields.get("title"),
            "published": fields.get("date"), "outlet": fields.get("outlet"), "text": body.strip(),
            "_file": path.name}


def _read_html(path: Path) -> dict:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    stamp = parser.meta.get("article:published_time", "")
    return {"id": path.stem, "lang": parser.lang, "title": parser.meta.get("og:title"),
            "published": stamp[:10], "outlet": parser.meta.get("og:site_name"),
            "text": "\n\n".join(p for p in parser.paragraphs if p), "_file": path.name,
            "_stamp": stamp}


def load_samples() -> list[dict]:
    """Every article in data/samples, as dicts with id/lang/title/published/text/_file."""
    records: list[dict] = []
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix == ".json":
            rec = json.loads(path.read_text(encoding="utf-8"))
            rec["_file"] = path.name
            records.append(rec)
        elif path.suffix == ".jsonl":
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if line.strip():
                    rec = json.loads(line)
                    rec["_file"] = f"{path.name}:{n}"
                    records.append(rec)
        elif path.suffix == ".txt":
            records.append(_read_txt(path))
        elif path.suffix == ".html":
            records.append(_read_html(path))
    return records


SAMPLES_LIST = load_samples()
NON_SEED = [r for r in SAMPLES_LIST if r.get("id") != SEED_ID]


def _ids(records):
    return [r["_file"] for r in records]


def test_folder_has_only_known_files():
    extra = [p.name for p in SAMPLES.iterdir()
             if p.suffix not in SUFFIXES and p.name != "README.md"]
    assert not extra, f"unexpected files in data/samples: {extra}"


def test_enough_samples_and_balanced_languages():
    assert len(NON_SEED) >= 25
    ar = sum(r.get("lang") == "ar" for r in NON_SEED)
    en = sum(r.get("lang") == "en" for r in NON_SEED)
    assert ar >= 12 and en >= 12, (ar, en)
    assert abs(ar - en) <= max(3, len(NON_SEED) // 5), (ar, en)


def test_every_input_format_is_present():
    suffixes = {p.suffix for p in SAMPLES.iterdir()}
    assert SUFFIXES <= suffixes, SUFFIXES - suffixes
    jsonl = [r for r in SAMPLES_LIST if ".jsonl:" in r["_file"]]
    assert len(jsonl) >= 2


@pytest.mark.parametrize("rec", SAMPLES_LIST, ids=_ids(SAMPLES_LIST))
def test_required_fields(rec):
    for key in ("id", "lang", "title", "published", "text"):
        assert key in rec, f"missing {key}"
    assert isinstance(rec["id"], str) and rec["id"].strip()
    assert rec["lang"] in {"ar", "en"}
    assert isinstance(rec["title"], str) and rec["title"].strip()
    assert isinstance(rec["text"], str) and rec["text"].strip()
    day = date.fromisoformat(rec["published"])
    assert FIRST_DAY <= day <= LAST_DAY, day


@pytest.mark.parametrize("rec", NON_SEED, ids=_ids(NON_SEED))
def test_written_sample_conventions(rec):
    name = rec["_file"].split(":")[0]
    if not name.endswith(".jsonl"):
        assert Path(name).stem == rec["id"], "file stem and id differ"
    assert re.fullmatch(r"(ar|en)-(\d{4})-[a-z0-9]+(?:-[a-z0-9]+)*", rec["id"]), rec["id"]
    assert rec["id"].startswith(rec["lang"] + "-")
    assert rec["id"][3:7] == rec["published"][:4], "year in id differs from published"
    assert rec.get("outlet"), "a sample names a (made-up) outlet"
    words = len(rec["text"].split())
    assert 100 <= words <= 320, words


@pytest.mark.parametrize("rec", [r for r in NON_SEED if r["_file"].endswith(".html")],
                         ids=lambda r: r["_file"])
def test_html_page_is_self_contained(rec):
    page = (SAMPLES / rec["_file"]).read_text(encoding="utf-8")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00", rec["_stamp"])
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page), "external resource"
    for tag in ("<nav", "<article", "<form", "<footer"):
        assert tag in page


def test_ids_unique_across_folder():
    ids = [r["id"] for r in SAMPLES_LIST]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, dupes


@pytest.mark.parametrize("rec", SAMPLES_LIST, ids=_ids(SAMPLES_LIST))
def test_script_matches_language(rec):
    text = rec["text"]
    arabic, latin = len(ARABIC.findall(text)), len(LATIN.findall(text))
    letters = arabic + latin
    assert letters > 0
    share = (arabic if rec["lang"] == "ar" else latin) / letters
    assert share >= 0.8, f"{rec['lang']} sample has only {share:.0%} letters in its script"


def test_readme_lists_every_file():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in SAMPLES.iterdir()
               if p.suffix in SUFFIXES and p.name not in readme]
    assert not missing, missing


# --- no copying from the shared gold texts -------------------------------------------

_TASHKEEL = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                       "ؤ": "و", "ئ": "ي",
                       **{chr(0x0660 + d): str(d) for d in range(10)},
                       **{chr(0x06F0 + d): str(d) for d in range(10)}})


def _tokens(text: str) -> list[str]:
    text = _TASHKEEL.sub("", text).translate(_FOLD).lower()
    return re.findall(r"\w+", text)


def _shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    toks = _tokens(text)
    return {tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)}


def _gold_records() -> list[dict]:
    if not GOLD_DEV.is_dir():
        pytest.skip(f"shared gold set not found at {GOLD_DEV} (../shared is absent); "
                    "cannot check the samples against it")
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DEV.glob("*.json"))]


def test_seed_matches_gold_copy():
    gold = {g["id"]: g for g in _gold_records()}
    assert SEED_ID in gold
    seed = next(r for r in SAMPLES_LIST if r["id"] == SEED_ID)
    for key in ("id", "lang", "title", "text", "published", "url"):
        assert seed[key] == gold[SEED_ID].get(key), key
    assert "outlet" in seed and seed["outlet"] is None
    assert "events" not in seed and "notes" not in seed


def test_no_eight_word_overlap_with_gold():
    gold_shingles: dict[tuple[str, ...], str] = {}
    for g in _gold_records():
        for sh in _shingles(g.get("text", "")):
            gold_shingles.setdefault(sh, g.get("id", "?"))
    hits = []
    for rec in NON_SEED:
        for sh in _shingles(rec["text"]) | _shingles(rec["title"]):
            if sh in gold_shingles:
                hits.append(f"{rec['_file']} ~ {gold_shingles[sh]}: {' '.join(sh)}")
    assert not hits, "\n".join(hits[:20])
