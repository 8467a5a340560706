"""Synthetic material for the benchmarks: bilingual articles and stores of N events.

    python bench/corpus.py articles N OUT.jsonl [--seed S]
    python bench/corpus.py store N OUT.db

Articles look like the news the tool reads: about 1,500 characters (1,000 to 2,000),
paragraphs of one to three sentences, about half of them telling a diplomatic act.
Every word that matters comes from ``data/``: actor names, demonyms and capitals from
``data/<lang>/aliases.tsv``, role phrases from ``roles.tsv``, trigger words (active
voice, plain patterns) from ``triggers.tsv``, month, weekday and Hijri month names
from ``dates.toml``. Arabic articles carry the odd diacritic (tanween, shadda) and
Eastern Arabic digits in some dates, as printed news does.

Stores are the dashboard benchmark's synthetic events (``bench_dashboard``) written
with one ``executemany`` per table in one transaction: a million events in well
under a minute, rows identical to what ``Store.save`` writes.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timeline import lexicon as lx
from timeline.model import Article

_EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_TYPES = ("talks", "visit", "invitation", "rejection", "accusation", "condemnation", "offer",
          "support", "agreement", "appeal", "sanction", "threat")
_TYPE_WEIGHTS = (10, 6, 3, 2, 4, 4, 2, 4, 3, 2, 2, 2)
_ROLES = ("foreign minister", "prime minister", "president", "special envoy", "ambassador",
          "crown prince", "defence minister")

# Connective tissue only; every actor, trigger and date word is drawn from data/.
_EN = {
    "with": {"talks": "with", "agreement": "with"},
    "tails": ["over the ceasefire and the return of refugees",
              "during a meeting in the capital", "in a statement on the ministry's website",
              "on the sidelines of the summit", "after weeks of tension along the border",
              "regarding the prisoner exchange", "to discuss bilateral relations",
              "amid efforts to revive the negotiations"],
    "filler": [("The talks come amid rising tension in the region and repeated warnings "
                "from humanitarian agencies."),
               "Observers said the outcome would depend on the positions of the main parties.",
               "The two sides have had strained relations for several years.",
               "No details were given about the timetable or the expected outcome.",
               "Officials said further consultations would follow at the technical level.",
               "The statement did not mention the economic measures discussed earlier.",
               "Analysts expect little change before the end of the negotiating round."],
    "quote": '"We are ready to work with all parties," {subj} told reporters {date}.',
    "titles": ["Talks between {a} and {b}", "{a} and {b}: a new round", "Diplomacy: {a}, {b}"],
}
_AR = {
    "with": {"talks": "مع", "agreement": "مع"},
    "tails": ["بشأن وقف إطلاق النار وعودة اللاجئين", "خلال اجتماع في العاصمة",
              "في بيان نشر على موقع الوزارة", "على هامش القمة",
              "بعد أسابيع من التوتر على الحدود", "لبحث العلاقات الثنائية",
              "في إطار الجهود المبذولة لإحياء المفاوضات", "وذلك في زيارة رسميةٍ تستمر يومين"],
    "filler": [("وتأتي هذه الخطوة في ظل تصاعد التوتر في المنطقة وتحذيرات متكررة من المنظمات "
                "الإنسانية."),
               "ويرى مراقبون أن النتائج ستتوقف على مواقف الأطراف الرئيسية.",
               "وتشهد العلاقات بين البلدين توتراً منذ عدة سنوات.",
               "ولم تُكشف تفاصيل عن الجدول الزمني أو النتائج المتوقعة.",
               "وأكد مسؤولون أن مشاورات أخرى ستُعقد على المستوى الفني أيضاً.",
               "ولم يتطرق البيان إلى الإجراءات الاقتصادية التي نوقشت سابقاً.",
               "ويتوقع محللون ألا يتغير شيء قبل نهاية جولة التفاوض الحالية."],
    "quote": "وقال {subj} للصحفيين {date} إن بلاده مستعدة للعمل مع جميع الأطراف.",
    "titles": ["مباحثات بين {a} و{b}", "{a} و{b}: جولة جديدة", "دبلوماسية: {a} و{b}"],
}


@dataclass
class Vocab:
    """The words of one language that the generator draws from ``data/``."""

    lang: str
    states: list[tuple[str, str]]        # (name, demonym) of states with both
    persons: list[str]
    capitals: list[str]
    roles: list[str]
    triggers: dict[str, list[str]]       # event type -> plain active trigger patterns
    months: list[str]
    weekdays: list[str]
    hijri: list[str]
    relday: list[str]                    # yesterday / أمس
    past_markers: list[str]


@lru_cache(maxsize=2)
def vocab(lang: str) -> Vocab:
    """Read the words of ``lang`` from ``data/`` (through ``timeline.lexicon``)."""
    registry = lx.load_registry()
    kind = {aid: rows[-1].kind for aid, rows in registry.rows.items()}
    by: dict[str, dict[str, list[str]]] = {}
    for alias, aid, form in lx.load_aliases(lang, registry):
        by.setdefault(form, {}).setdefault(aid, []).append(alias)
    names, demonyms = by.get("name", {}), by.get("demonym", {})
    def demonym(forms: list[str]) -> str | None:  # "Turkish"; Arabic: "التركي"
        if lang == "en":
            return forms[0]
        return next((f for f in forms if f.startswith("ال") and f.endswith("ي")), None)

    states = [(names[a][0], dem) for a in names if kind.get(a) == "state" and a in demonyms
              and (dem := demonym(demonyms[a]))]
    persons = [v[0] for a, v in names.items() if kind.get(a) == "person" and " " in v[0]]
    capitals = [v[0] for v in by.get("capital", {}).values()]
    roles = [r["phrase"] for _, r in lx.read_tsv(lx.data_dir() / lang / "roles.tsv",
                                                  lx.ROLE_COLUMNS)
             if r["role"] in _ROLES and (r["phrase"] == r["role"] if lang == "en"
                                         else " ال" in f" {r['phrase']}")]
    triggers: dict[str, list[str]] = {}
    for t in lx.load_triggers(lang):
        if t.voice == "active" and t.status != "planned" and not any(
                "*" in w or w == "~" for w in t.tokens):
            triggers.setdefault(t.type, []).append(t.pattern)
    d = lx.load_toml(lx.data_dir() / lang / "dates.toml")
    series = next(v for k, v in d["months"].items() if isinstance(v, list) and len(v) == 12)
    rel = {int(e["offset"]): e["words"] for e in d["relative"]["days"]}
    return Vocab(lang, states, persons, capitals, roles, triggers,
                 [e[0] for e in series], [e[0] for e in d["weekdays"]["names"]],
                 [e[0] for e in d["hijri"]["months"]], rel[-1],
                 d.get("markers", {}).get("before" if lang == "en" else "after", {}
                                          ).get("past", []))


def _date_phrase(v: Vocab, rng: random.Random, published: date) -> str:
    """A date phrase as news writes it, or nothing (a quarter of acts are undated)."""
    r = rng.random()
    day = published - timedelta(days=rng.randrange(0, 40))
    wd = v.weekdays[day.weekday()]
    mon = v.months[day.month - 1]
    if v.lang == "en":
        choices = [f"on {wd}", f"on {day.day} {mon} {day.year}", f"on {mon} {day.day}",
                   v.relday[0], f"{v.past_markers[0] if v.past_markers else 'last'} {wd}",
                   f"in {mon} {day.year}", "last week"]
    else:
        digits = f"{day.day} {mon} {day.year}"
        if rng.random() < 0.3:
            digits = digits.translate(_EASTERN)
        choices = [f"يوم {wd}", f"{v.relday[0]} {wd}", f"في {digits}",
                   f"{wd} {v.past_markers[0] if v.past_markers else ''}".strip(),
                   f"في {mon} {day.year}", "الأسبوع الماضي",
                   f"{wd} {rng.randint(1, 28)} {rng.choice(v.hijri)} 1443 هـ"]
    if r < 0.25:
        return ""
    return rng.choice(choices)


def _actor(v: Vocab, rng: random.Random) -> str:
    """A subject or object: a person with a role, a person, a state or a capital."""
    r = rng.random()
    state, demonym = rng.choice(v.states)
    if r < 0.30:
        role = rng.choice(v.roles)
        if v.lang == "en":
            return f"{demonym} {role.title()} {rng.choice(v.persons)}"
        return f"{role} {demonym} {rng.choice(v.persons)}"
    if r < 0.50:
        return rng.choice(v.persons)
    if r < 0.85:
        return state
    return rng.choice(v.capitals)


def _event_sentence(v: Vocab, rng: random.Random, published: date) -> tuple[str, str]:
    typ = rng.choices(_TYPES, _TYPE_WEIGHTS)[0]
    while typ not in v.triggers:
        typ = rng.choice(list(v.triggers))
    trig = rng.choice(v.triggers[typ])
    words = _EN if v.lang == "en" else _AR
    subj, obj = _actor(v, rng), _actor(v, rng)
    joint = words["with"].get(typ, "")
    if joint and joint not in trig.split():
        obj = f"{joint} {obj}"
    when = _date_phrase(v, rng, published)
    tail = rng.choice(words["tails"]) if rng.random() < 0.7 else ""
    if v.lang == "en":
        parts = [subj, trig, obj, when, tail]
    elif rng.random() < 0.5:
        parts = [trig, subj, obj, when, tail]   # verb first, as Arabic news mostly writes
    else:
        parts = [subj, trig, obj, when, tail]
    return " ".join(p for p in parts if p) + ".", typ


def article(i: int, lang: str, rng: random.Random) -> Article:
    """One synthetic article (deterministic for a given ``rng`` state)."""
    v, words = vocab(lang), (_EN if lang == "en" else _AR)
    published = date(2015, 1, 1) + timedelta(days=rng.randrange(10 * 365))
    size = rng.randint(1000, 2000)
    paragraphs: list[str] = []
    length = 0
    while length < size:
        sents = []
        for _ in range(rng.randint(1, 3)):
            r = rng.random()
            if r < 0.22:
                s, _typ = _event_sentence(v, rng, published)
            elif r < 0.30:
                s = words["quote"].format(subj=_actor(v, rng),
                                          date=_date_phrase(v, rng, published) or "")
                s = s.replace("  ", " ").replace(" .", ".")
            else:
                s = rng.choice(words["filler"])
            sents.append(s)
        para = " ".join(sents)
        paragraphs.append(para)
        length += len(para) + 2
    a, b = rng.choice(v.states)[0], rng.choice(v.states)[0]
    title = rng.choice(words["titles"]).format(a=a, b=b)
    return Article(id=f"synth-{lang}-{i:07d}", text="\n\n".join(paragraphs), lang=lang,
                   published=published, title=title, url=f"https://synthetic.example.org/{i}",
                   outlet="Synthetic Wire", published_from="json")


def articles(n: int, seed: int = 11, ar_share: float = 0.5) -> list[Article]:
    """``n`` articles, about ``ar_share`` of them Arabic, the same for the same seed."""
    rng = random.Random(seed)
    return [article(i, "ar" if rng.random() < ar_share else "en", rng) for i in range(n)]


def write_jsonl(items: list[Article], path: Path) -> Path:
    """Articles as JSON lines, the form ``timeline ingest`` reads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for a in items:
            fh.write(json.dumps({"id": a.id, "lang": a.lang, "title": a.title,
                                 "published": a.published.isoformat() if a.published else None,
                                 "url": a.url, "outlet": a.outlet, "text": a.text},
                                ensure_ascii=False) + "\n")
    return path


# --------------------------------------------------------------------------- stores

def _rows(n_events: int, seed: int) -> Iterator[tuple[tuple, list[tuple], list[tuple],
                                                       list[tuple]]]:
    """Article, event, actor and link rows of ``bench_dashboard.synthetic_articles``."""
    from bench_dashboard import synthetic_articles

    from timeline.store import actor_key
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for a, events in synthetic_articles(n_events, seed):
        art = (a.id, a.url, a.title, a.outlet, a.lang, a.published.isoformat()
               if a.published else None, a.published_from, a.path, a.text, a.text_hash, now)
        evs, actors, links = [], [], []
        for ev in events:
            w = ev.when
            eid = ev.id
            evs.append((eid, ev.article_id, ev.type, ev.status,
                        w.date.isoformat() if w.date else None,
                        w.end_date.isoformat() if w.end_date else None, w.precision, w.note,
                        ev.evidence, ev.start, ev.end,
                        json.dumps([[s.start, s.end] for s in ev.spans]), ev.confidence,
                        ev.trigger))
            for role, group in (("source", ev.source), ("target", ev.target)):
                for pos, actor in enumerate(group):
                    key = actor_key(actor)
                    actors.append((key, actor.name, actor.code, actor.kind))
                    links.append((eid, key, role, pos))
        yield art, evs, actors, links


def build_store(path: Path, n_events: int, seed: int = 7):
    """A store of ``n_events`` synthetic events, written in bulk (one transaction).

    The schema, ids and rows are the store's own; only the per-article transactions of
    ``Store.save`` are replaced by batched ``executemany`` calls."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from timeline.store import Store
    path = Path(path)
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    store = Store(path)
    conn = store._conn()
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("BEGIN IMMEDIATE")
    batch: tuple[list, list, list, list] = ([], [], [], [])

    def flush() -> None:
        conn.executemany("INSERT INTO articles (id, url, title, outlet, lang, published,"
                         " published_from, path, text, text_hash, ingested_at)"
                         " VALUES (?,?,?,?,?,?,?,?,?,?,?)", batch[0])
        conn.executemany("INSERT OR IGNORE INTO events (id, article_id, type, status, date,"
                         " end_date, precision, date_note, evidence, start, \"end\", spans,"
                         " confidence, trigger) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch[1])
        conn.executemany("INSERT OR IGNORE INTO actors (id, name, code, kind) VALUES (?,?,?,?)",
                         batch[2])
        conn.executemany("INSERT OR IGNORE INTO event_actors (event_id, actor_id, role,"
                         " position) VALUES (?,?,?,?)", batch[3])
        for b in batch:
            b.clear()

    for art, evs, actors, links in _rows(n_events, seed):
        batch[0].append(art)
        batch[1].extend(evs)
        batch[2].extend(actors)
        batch[3].extend(links)
        if len(batch[1]) >= 20_000:
            flush()
    flush()
    store._bump(conn)
    conn.execute("COMMIT")
    conn.execute("PRAGMA synchronous=NORMAL")
    return store


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("articles", "store"))
    ap.add_argument("n", type=int, help="articles, or events for a store")
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)
    if args.what == "articles":
        write_jsonl(articles(args.n, args.seed), args.out)
    else:
        build_store(args.out, args.n, args.seed).close()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
