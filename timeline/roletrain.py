"""``timeline train``, the targets: fit the weights of ``timeline.roles`` on annotated articles.

Every annotated article is extracted with the rules alone, and each act they find is
recorded with the actors named in its sentence. For an act with a source whose type an
annotated event of its article has, each target option (none, or one named actor) is
labelled right when, with the rules' source, it makes the act that annotated event by
type and actors. A logistic regression is fitted on ``roles.option_features``. The
margin by which an option must outscore the rules' choice to replace it is the one that
makes the most acts right on predictions out of fold (five folds by article). The
result is deterministic for the same input.
"""
from __future__ import annotations

from timeline import roles
from timeline.actors import Mention
from timeline.events import Candidate

MARGINS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)
FOLDS = 5


def _codes(actors) -> set[str]:
    return {a if isinstance(a, str) else a["code"] if isinstance(a, dict) else a.code for a in actors or []}


def _right(cand: Candidate, target: set[str], gold: list[dict]) -> bool:
    src = {a.code for a in cand.source}
    return any(cand.type in {g["type"], *g.get("alt_types", [])} and bool(src & _codes(g.get("source")))
               and (bool(target & _codes(g["target"])) if g.get("target") else not target)
               for g in gold)


class Options:
    """Every target option of every act: features, labels, act, article, the rules' pick."""

    def __init__(self) -> None:
        self.feats: list[dict[str, float]] = []
        self.labels: list[int] = []
        self.acts: list[int] = []
        self.groups: list[int] = []
        self.rule: list[int] = []


def collect(articles) -> Options:
    """The options of the acts the rules find in ``articles`` ((article, annotated) pairs)."""
    from timeline.pipeline import extract
    out = Options()
    act = 0
    for k, (art, gold) in enumerate(articles):
        seen: list[tuple[str, Candidate, list[Mention], str]] = []
        roles.USE.fixed, roles.USE.model, roles.USE.record = True, None, seen
        try:
            extract(art, rescore=False)
        finally:
            roles.USE.fixed, roles.USE.record = False, None
        for lang, cand, mentions, text in seen:
            if not cand.source or not any(cand.type in {g["type"], *g.get("alt_types", [])} for g in gold):
                continue
            for m in roles.options(cand, mentions):
                target = set() if m is None else {m.actor.code}
                out.feats.append(roles.option_features(lang, cand, m, text))
                out.labels.append(int(_right(cand, target, gold)))
                out.acts.append(act)
                out.groups.append(k)
                out.rule.append(int(roles.is_rule(cand, m)))
            act += 1
    return out


def _right_acts(opts: Options, probs: list[float], margin: float) -> int:
    """How many acts end with a right target when options beat the rules' by ``margin``."""
    by_act: dict[int, list[int]] = {}
    for i, a in enumerate(opts.acts):
        by_act.setdefault(a, []).append(i)
    right = 0
    for rows in by_act.values():
        rule = [i for i in rows if opts.rule[i]]
        if not rule:
            continue  # the rules' target is named elsewhere: it stands
        best = max(rows, key=lambda i: (probs[i], -i))
        pick = best if probs[best] - max(probs[i] for i in rule) > margin else rule[0]
        right += opts.labels[pick]
    return right


def fit(articles, c: float = 0.5) -> dict:
    """The target model (``roles.RoleModel`` as a dict), with its out-of-fold effect."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    opts = collect(articles)
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(opts.feats)
    probs = [0.0] * len(opts.labels)
    folds = min(FOLDS, len(set(opts.groups)))
    for tr, te in GroupKFold(n_splits=folds).split(x, opts.labels, opts.groups):
        m = LogisticRegression(C=c, max_iter=5000).fit(x[tr], [opts.labels[i] for i in tr])
        for i, p in zip(te, m.predict_proba(x[te])[:, 1]):
            probs[int(i)] = float(p)
    rules_right = _right_acts(opts, probs, 2.0)
    gains = {mg: _right_acts(opts, probs, mg) for mg in MARGINS}
    margin = max(MARGINS, key=lambda mg: (gains[mg], mg))  # ties: the higher margin
    final = LogisticRegression(C=c, max_iter=5000).fit(x, opts.labels)
    weights = {name: round(float(w), 5) for name, w in zip(vec.get_feature_names_out(), final.coef_[0])
               if abs(w) >= 1e-5}
    return {"bias": round(float(final.intercept_[0]), 5), "margin": margin, "weights": weights,
            "acts": len(set(opts.acts)), "options": len(opts.labels),
            "out_of_fold_acts_right": {"rules": rules_right, "with_model": gains[margin]}}


def use(model: dict | None) -> None:
    """Extraction uses this target model from now on (None: the data file's)."""
    if model is None:
        roles.USE.fixed, roles.USE.model = False, None
        return
    roles.USE.fixed = True
    roles.USE.model = roles.RoleModel({str(k): float(v) for k, v in model["weights"].items()},
                                      float(model["bias"]), float(model["margin"]))
