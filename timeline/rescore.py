"""Which extracted events to keep, and their confidence: weights learnt from annotated articles.

The rules propose events; a logistic model fitted by ``timeline train`` (see
``timeline/train.py``) on annotated articles scores each one from what the rules saw:
its type and language, the trigger's length in words and base weight, how many
actors of which kinds fill its roles, its date's precision, its status, where it
stands in the article. An event scoring under the model's threshold is dropped; the
others take the score as their confidence.

Run time needs no training library: the model is a small JSON file of named weights
(``data/models/keep.json``). Without that file every event is kept as the rules made it.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from timeline import config
from timeline.model import Article, Event

MODEL_FILE = "models/keep.json"


@dataclass(frozen=True)
class KeepModel:
    weights: dict[str, float]
    bias: float
    threshold: float

    def score(self, feats: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def features(ev: Event, article: Article) -> dict[str, float]:
    """What the model reads of one event (the same function at training and at run time)."""
    lang = article.lang if article.lang in ("ar", "en") else "en"
    src = {a.code for a in ev.source}
    tgt = {a.code for a in ev.target}
    trig_words = len(ev.trigger.split())
    f: dict[str, float] = {
        f"type={ev.type}": 1.0,
        f"lang_type={lang}:{ev.type}": 1.0,
        f"type_trigger_words={ev.type}:{min(trig_words, 3)}": 1.0,
        "rule_confidence": ev.confidence,
        "sources": float(min(len(ev.source), 4)),
        "targets": float(min(len(ev.target), 4)),
        "no_target": float(not ev.target),
        "source_is_target": float(bool(src & tgt)),
        f"precision={ev.when.precision}": 1.0,
        f"status={ev.status}": 1.0,
        "evidence_length": min(len(ev.evidence) / 300.0, 2.0),
        "position": min(ev.start / max(len(article.text), 1), 1.0),
    }
    for a in ev.source:
        f[f"source_kind={a.kind}"] = 1.0
    for a in ev.target:
        f[f"target_kind={a.kind}"] = 1.0
    return f


@lru_cache(maxsize=4)
def _load(path: str, _mtime: float) -> KeepModel | None:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        return KeepModel({str(k): float(v) for k, v in raw["weights"].items()},
                         float(raw["bias"]), float(raw["threshold"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a damaged model file keeps every event, as having none does


def model(path: Path | None = None) -> KeepModel | None:
    path = path or (config.DATA_DIR / MODEL_FILE)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    return _load(str(path), mtime)


_DATA_MODEL = KeepModel({}, 0.0, 0.0)  # stands for "the model in data/", read when used


def keep(events: list[Event], article: Article, km: KeepModel | None = _DATA_MODEL) -> list[Event]:
    """The events the model keeps, each with the model's score as its confidence.
    ``km`` None keeps every event as the rules made it."""
    if km is _DATA_MODEL:
        km = model()
    if km is None:
        return events
    out = []
    for ev in events:
        p = km.score(features(ev, article))
        if p >= km.threshold:
            out.append(replace(ev, confidence=round(p, 3)))
    return out
