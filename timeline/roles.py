"""Which named actor of its sentence an act is aimed at: weights learnt from annotated articles.

The rules (``timeline.frames``) fill an act's source and target; a linear model fitted by
``timeline train`` (``timeline/train.py``) then weighs each actor named in the sentence
as the act's target, and "no target", from what sets them apart in any article: the side
of the trigger the name stands on, how many words lie between, a clitic preposition
written on it, the actor's kind and form, the trigger's
voice, type and language, whether the name is in reported speech, whether the rules
chose it. When another option outscores the rules' choice by the model's margin, it
becomes the target. The source stays the rules' own.

Run time needs no training library: the model is a small JSON file of named weights
(the ``roles`` part of ``data/models/keep.json``). Without that file the rules' targets stand.
"""
from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from timeline import config
from timeline.actors import Mention
from timeline.events import Candidate

MODEL_FILE = "models/keep.json"  # its "roles" part, fitted with the keep weights
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class RoleModel:
    weights: dict[str, float]
    bias: float
    margin: float

    def score(self, feats: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def options(cand: Candidate, mentions: list[Mention]) -> list[Mention | None]:
    """The target's options: none, or one actor named in the sentence that is not a source
    (one option per actor code, the first naming)."""
    src = {a.code for a in cand.source}
    out: list[Mention | None] = [None]
    seen: set[str] = set()
    s0, s1 = cand.sentence
    for m in mentions:
        if s0 <= m.start and m.end <= s1 and m.actor.code not in src and m.actor.code not in seen:
            seen.add(m.actor.code)
            out.append(m)
    return out


def option_features(lang: str, cand: Candidate, m: Mention | None, text: str) -> dict[str, float]:
    """What the model reads of one option (the same function at training and at run time)."""
    if m is None:
        return {"option=none": 1.0, f"{lang}:{cand.type}:option=none": 1.0,
                "is_rule": float(not cand.target)}
    side = "after" if m.start >= cand.end else "before"
    words = min(len(_WORD.findall(text[min(cand.end, m.end):max(cand.start, m.start)])), 20) / 10.0
    out = {
        f"side={side}": 1.0,
        f"{lang}:{cand.trigger.voice}:side={side}": 1.0,
        f"{cand.type}:side={side}": 1.0,
        "distance": words,
        f"{side}:distance": words,
        f"kind={m.actor.kind}": 1.0,
        f"form={m.form}": 1.0,
        "is_rule": float(m.actor.code in {a.code for a in cand.target}),
        "reported": float(0 <= cand.complement <= cand.start),
        "in_speech": float(0 <= cand.complement <= m.start),
    }
    if m.prefix:  # a clitic preposition written on the name ("بموسكو", "لإيران")
        out[f"{lang}:{side}:clitic={m.prefix}"] = 1.0
    return out


@lru_cache(maxsize=4)
def _load(path: str, _mtime: float) -> RoleModel | None:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))["roles"]
        return RoleModel({str(k): float(v) for k, v in raw["weights"].items()},
                         float(raw["bias"]), float(raw["margin"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a damaged model file leaves the rules' targets, as having none does


def model(path: Path | None = None) -> RoleModel | None:
    where = str(path) if path is not None else _data_file(str(config.DATA_DIR))
    try:
        mtime = os.stat(where).st_mtime
    except OSError:
        return None
    return _load(where, mtime)


@lru_cache(maxsize=4)
def _data_file(data_dir: str) -> str:
    return str(Path(data_dir) / MODEL_FILE)


class _Use:
    """Which role model extraction uses: the data file's (the default), a given one, or
    none (the rules alone); and, while training, where to record what the rules chose."""

    def __init__(self) -> None:
        self.fixed = False
        self.model: RoleModel | None = None
        self.record: list[tuple[str, Candidate, list[Mention], str]] | None = None


USE = _Use()


def retarget(cand: Candidate, mentions: list[Mention], text: str, lang: str) -> Candidate:
    """``cand`` with the target the model prefers, when it outscores the rules' by the margin."""
    if USE.record is not None:
        USE.record.append((lang, cand, list(mentions), text))
    rm = USE.model if USE.fixed else model(None)
    if rm is None or not cand.source:
        return cand
    opts = options(cand, mentions)
    if len(opts) < 2:
        return cand
    scored = [(rm.score(option_features(lang, cand, m, text)), k) for k, m in enumerate(opts)]
    rule = [p for p, k in scored if is_rule(cand, opts[k])]
    best_p, best_k = max(scored, key=lambda x: (x[0], -x[1]))
    if not rule or best_p - max(rule) <= rm.margin or is_rule(cand, opts[best_k]):
        return cand
    m = opts[best_k]
    return cand.with_roles(list(cand.source), [] if m is None else [m.actor])


def is_rule(cand: Candidate, m: Mention | None) -> bool:
    """``m`` (None: no target) is the target the rules chose."""
    if m is None:
        return not cand.target
    return m.actor.code in {a.code for a in cand.target}
