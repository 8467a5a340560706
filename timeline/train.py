"""``timeline train``: fit the keep-or-drop weights of ``timeline.rescore`` on annotated articles.

Every annotated folder (gold format) is extracted with the rules alone; each event the
rules propose is labelled right when a maximum matching with the annotated events of its
article pairs it by type, actors and date (the full event, as the scorer counts it). A
logistic regression (scikit-learn, the optional ``train`` extra) is fitted on the
features of ``rescore.features``, which name no trigger word: what is learnt holds for
triggers and articles not seen. The threshold is chosen on predictions made out of fold
(five folds by article): the lowest whose full F1 is within ``TOLERANCE`` of the best,
as the curve is flat at its top and its low end keeps more events. The gain is
estimated by language with the threshold itself chosen out of fold (``estimate``). The
result is deterministic for the same input.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from timeline.errors import TimelineError
from timeline.model import Article, Event
from timeline.rescore import features

THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(1, 13))
FOLDS = 5
TOLERANCE = 0.005  # an F1 this close to the best is as good, given the annotated events' number


def _codes(actors) -> set[str]:
    """Codes of actors given as annotated (a dict or a bare code, as the scorer reads) or extracted."""
    return {a if isinstance(a, str) else a["code"] if isinstance(a, dict) else a.code for a in actors or []}


def _actors_agree(ev: Event, g: dict) -> bool:
    if g.get("source") and not (_codes(ev.source) & _codes(g["source"])):
        return False
    return not g.get("target") or bool(_codes(ev.target) & _codes(g["target"]))


def _date_agrees(ev: Event, g: dict) -> bool:
    """The scorer's rule: a dated annotated event needs the same day (within its span), or
    month, or year, as its precision says."""
    precision = g.get("precision") or "day"
    if precision == "none" or not g.get("date"):
        return True
    want, got = date.fromisoformat(str(g["date"])[:10]), ev.when.date
    if got is None:
        return False
    if precision == "year":
        return got.year == want.year
    if precision == "month":
        return (got.year, got.month) == (want.year, want.month)
    end = date.fromisoformat(str(g["end_date"])[:10]) if g.get("end_date") else want
    return ev.when.precision == "day" and want <= got <= end


def agrees(ev: Event, g: dict, level: str = "full") -> bool:
    """``ev`` is annotated event ``g`` by type and actors ("type+actors") and date ("full")."""
    if ev.type not in {g["type"], *g.get("alt_types", [])} or not _actors_agree(ev, g):
        return False
    return level != "full" or _date_agrees(ev, g)


def label(events: list[Event], gold: list[dict], level: str = "full") -> list[int]:
    """1 for each event a maximum matching with the annotated events pairs (each annotated
    event paired once, as the scorer does), 0 for the others."""
    owner: dict[int, int] = {}  # event -> annotated event

    def augment(g: int, seen: set[int]) -> bool:
        for s, ev in enumerate(events):
            if s in seen or not agrees(ev, gold[g], level):
                continue
            seen.add(s)
            if s not in owner or augment(owner[s], seen):
                owner[s] = g
                return True
        return False

    for g in range(len(gold)):
        augment(g, set())
    return [int(s in owner) for s in range(len(events))]


def read_gold(folders: list[Path]) -> list[tuple[Article, list[dict]]]:
    out = []
    for folder in folders:
        files = sorted(folder.glob("*.json")) if folder.is_dir() else []
        if not files:
            raise TimelineError("no annotated articles (*.json) here", str(folder))
        for path in files:
            doc = json.loads(path.read_text(encoding="utf-8"))
            published = date.fromisoformat(doc["published"]) if doc.get("published") else None
            art = Article(id=doc["id"], text=doc["text"], lang=doc.get("lang", "en"),
                          published=published, title=doc.get("title") or "", path=str(path))
            out.append((art, doc.get("events", [])))
    return out


@dataclass
class Examples:
    """Every event the rules propose: its features, its label, its article and language."""

    feats: list[dict[str, float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    annotated: dict[str, int] = field(default_factory=dict)  # annotated events by language
    by_article: list[int] = field(default_factory=list)  # annotated events of article k


def examples(folders: list[Path]) -> Examples:
    """The rules' events of the annotated articles of ``folders``, labelled full-event right
    (type, actors and date) or not."""
    from timeline.pipeline import extract
    ex = Examples()
    for k, (art, gold) in enumerate(read_gold(folders)):
        events = extract(art, rescore=False)
        ex.feats += [features(ev, art) for ev in events]
        ex.labels += label(events, gold)
        ex.groups += [k] * len(events)
        ex.langs += [art.lang] * len(events)
        ex.annotated[art.lang] = ex.annotated.get(art.lang, 0) + len(gold)
        ex.by_article.append(len(gold))
    return ex


def _f1(kept: list[int], n_gold: int) -> float:
    return 2 * sum(kept) / (len(kept) + n_gold) if kept or n_gold else 0.0


def threshold(probs, labels, n_gold: int) -> float:
    """The lowest threshold whose F1 is within ``TOLERANCE`` of the best: the F1 curve is
    flat at its top, and its low end keeps more of what the rules found."""
    f1s = [(thr, _f1([y for p, y in zip(probs, labels) if p >= thr], n_gold)) for thr in THRESHOLDS]
    best = max(f for _thr, f in f1s)
    return min(thr for thr, f in f1s if f >= best - TOLERANCE)


def _learner(c: float):
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as err:
        raise TimelineError("training needs scikit-learn: pip install -e '.[train]'") from err
    return LogisticRegression(C=c, max_iter=5000)


def _out_of_fold(x, labels: list[int], groups: list[int], rows: list[int], c: float) -> dict[int, float]:
    """Probabilities of ``rows``, each from weights fitted on the other articles' rows."""
    from sklearn.model_selection import GroupKFold
    probs: dict[int, float] = {}
    folds = min(FOLDS, len({groups[i] for i in rows}))
    sub_y, sub_g = [labels[i] for i in rows], [groups[i] for i in rows]
    for tr, te in GroupKFold(n_splits=folds).split(rows, sub_y, sub_g):
        m = _learner(c).fit(x[[rows[i] for i in tr]], [sub_y[i] for i in tr])
        for i, p in zip(te, m.predict_proba(x[[rows[i] for i in te]])[:, 1]):
            probs[rows[i]] = float(p)
    return probs


def estimate(ex: Examples, x, c: float) -> dict[str, dict[str, float]]:
    """Full-event F1 by language of the rules alone and of the model, estimated out of fold:
    for each fifth of the articles, weights and threshold (the threshold out of fold itself,
    within the other four fifths) chosen without it. Annotated events no rule proposed
    count as missed (the articles' annotated totals)."""
    from sklearn.model_selection import GroupKFold
    everything = list(range(len(ex.labels)))
    kept = [0] * len(ex.labels)
    folds = min(FOLDS, len(set(ex.groups)))
    for tr, te in GroupKFold(n_splits=folds).split(everything, ex.labels, ex.groups):
        rows = [int(i) for i in tr]
        inner = _out_of_fold(x, ex.labels, ex.groups, rows, c)
        n_gold = sum(ex.by_article[a] for a in {ex.groups[i] for i in rows})
        thr = threshold([inner[i] for i in rows], [ex.labels[i] for i in rows], n_gold)
        m = _learner(c).fit(x[rows], [ex.labels[i] for i in rows])
        for i, p in zip(te, m.predict_proba(x[[int(i) for i in te]])[:, 1]):
            kept[int(i)] = int(p >= thr)
    out: dict[str, dict[str, float]] = {"rules": {}, "with_model": {}}
    for lang, n_gold in sorted(ex.annotated.items()):
        rows = [i for i in everything if ex.langs[i] == lang]
        out["rules"][lang] = round(_f1([ex.labels[i] for i in rows], n_gold), 4)
        out["with_model"][lang] = round(_f1([ex.labels[i] for i in rows if kept[i]], n_gold), 4)
    return out


def fit(folders: list[Path], c: float = 0.5) -> dict:
    """The model as written to ``data/models/keep.json``."""
    _learner(c)  # scikit-learn is here, or say so before extracting anything
    from sklearn.feature_extraction import DictVectorizer

    from timeline import roletrain
    targets = roletrain.fit(read_gold(folders), c)
    roletrain.use(targets)  # the keep weights learn on the acts as the targets' weights leave them
    try:
        ex = examples(folders)
    finally:
        roletrain.use(None)
    if len(set(ex.labels)) < 2:
        raise TimelineError("the rules' events are all right or all wrong here: nothing to learn")
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(ex.feats)
    everything = list(range(len(ex.labels)))
    probs = _out_of_fold(x, ex.labels, ex.groups, everything, c)
    thr = threshold([probs[i] for i in everything], ex.labels, sum(ex.annotated.values()))
    final = _learner(c).fit(x, ex.labels)
    weights = {name: round(float(w), 5) for name, w in zip(vec.get_feature_names_out(), final.coef_[0])
               if abs(w) >= 1e-5}
    return {"bias": round(float(final.intercept_[0]), 5), "threshold": thr, "weights": weights,
            "fitted_on": {"folders": [str(f) for f in folders], "events_proposed": len(ex.labels),
                          "events_right": int(sum(ex.labels)), "annotated": sum(ex.annotated.values()),
                          "label": "full event right: type, actors and date"},
            "out_of_fold_full_f1": estimate(ex, x, c), "roles": targets}


def summary(model: dict) -> str:
    """One line: the weights, the threshold, what they were fitted on and what they gain."""
    info, oof, roles = model["fitted_on"], model["out_of_fold_full_f1"], model.get("roles")
    gain = ", ".join(f"{lang} {oof['rules'][lang]} -> {oof['with_model'][lang]}" for lang in oof["rules"])
    return (f"{len(model['weights'])} weights, threshold {model['threshold']}; "
            f"{info['events_proposed']} events proposed, {info['events_right']} right, "
            f"{info['annotated']} annotated; full F1 out of fold (rules -> with the model): {gain}"
            + (f"; targets: {len(roles['weights'])} weights, margin {roles['margin']}, acts right out of "
               f"fold {roles['out_of_fold_acts_right']['rules']} -> {roles['out_of_fold_acts_right']['with_model']}"
               f" of {roles['acts']}" if roles else ""))


def write(model: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(model, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(out)
