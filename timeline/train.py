"""``timeline train``: fit the keep-or-drop weights of ``timeline.rescore`` on annotated articles.

Every annotated folder (gold format) is extracted with the rules alone; each event the
rules propose is labelled kept when it matches an annotated event of its article by type
and actors (each annotated event matched once, as the scorer does). A logistic
regression (scikit-learn, the optional ``train`` extra) is fitted on the features of
``rescore.features``. The threshold is the one that gives the best type+actor F1 on
predictions made out of fold (five folds by article), so it is chosen on articles the
weights were not fitted on. The result is deterministic for the same input.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from timeline.errors import TimelineError
from timeline.model import Article, Event
from timeline.rescore import features

THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(1, 13))
FOLDS = 5


def _codes(actors) -> set[str]:
    return {a["code"] if isinstance(a, dict) else a.code for a in actors or []}


def label(events: list[Event], gold: list[dict]) -> list[int]:
    """1 for an event matching a not yet matched annotated event by type and actors."""
    used: set[int] = set()
    out = []
    for ev in events:
        hit = 0
        for i, g in enumerate(gold):
            if i in used or ev.type not in {g["type"], *g.get("alt_types", [])}:
                continue
            if not (_codes(ev.source) & _codes(g["source"])):
                continue
            if g["target"] and not (_codes(ev.target) & _codes(g["target"])):
                continue
            used.add(i)
            hit = 1
            break
        out.append(hit)
    return out


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


def examples(folders: list[Path]) -> tuple[list[dict], list[int], list[int], int]:
    """Features, labels and article numbers of every proposed event; annotated events in all."""
    from timeline.pipeline import extract
    feats, labels, groups, n_gold = [], [], [], 0
    for k, (art, gold) in enumerate(read_gold(folders)):
        events = extract(art, rescore=False)
        feats += [features(ev, art) for ev in events]
        labels += label(events, gold)
        groups += [k] * len(events)
        n_gold += len(gold)
    return feats, labels, groups, n_gold


def _best_threshold(probs, labels, n_gold: int) -> tuple[float, float]:
    best = (0.0, 0.0)
    for thr in THRESHOLDS:
        kept = [y for p, y in zip(probs, labels) if p >= thr]
        f1 = 2 * sum(kept) / (len(kept) + n_gold) if kept else 0.0
        if f1 > best[1] + 1e-9:
            best = (thr, f1)
    return best


def fit(folders: list[Path], c: float = 0.5) -> dict:
    """The model as written to ``data/models/keep.json``."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import GroupKFold
    except ImportError as err:
        raise TimelineError("training needs scikit-learn: pip install -e '.[train]'") from err
    feats, labels, groups, n_gold = examples(folders)
    if len(set(labels)) < 2:
        raise TimelineError("the rules' events are all right or all wrong here: nothing to learn")
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(feats)

    def model():
        return LogisticRegression(C=c, max_iter=5000)

    probs = [0.0] * len(labels)
    folds = min(FOLDS, len(set(groups)))
    for tr, te in GroupKFold(n_splits=folds).split(x, labels, groups):
        m = model().fit(x[tr], [labels[i] for i in tr])
        for i, p in zip(te, m.predict_proba(x[te])[:, 1]):
            probs[i] = float(p)
    threshold, f1 = _best_threshold(probs, labels, n_gold)
    base_f1 = 2 * sum(labels) / (len(labels) + n_gold)
    final = model().fit(x, labels)
    weights = {name: round(float(w), 5) for name, w in zip(vec.get_feature_names_out(), final.coef_[0])
               if abs(w) >= 1e-5}
    return {"bias": round(float(final.intercept_[0]), 5), "threshold": threshold, "weights": weights,
            "fitted_on": {"folders": [str(f) for f in folders], "events_proposed": len(labels),
                          "events_right": int(sum(labels)), "annotated": n_gold},
            "out_of_fold_type_actor_f1": {"rules": round(base_f1, 4), "with_model": round(f1, 4)}}


def summary(model: dict) -> str:
    """One line: the weights, the threshold, what they were fitted on and what they gain."""
    info, oof = model["fitted_on"], model["out_of_fold_type_actor_f1"]
    return (f"{len(model['weights'])} weights, threshold {model['threshold']}; "
            f"{info['events_proposed']} events proposed, {info['events_right']} right, "
            f"{info['annotated']} annotated; type+actor F1 out of fold {oof['rules']} -> "
            f"{oof['with_model']}")


def write(model: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(model, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(out)
