"""The learnt keep-or-drop weights: fitted reproducibly, read without the training library."""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from timeline import rescore
from timeline.model import Article
from timeline.pipeline import extract

TRAIN = Path(__file__).resolve().parents[1] / "data" / "corpus" / "train"


@pytest.fixture(scope="module")
def subset(tmp_path_factory):
    files = sorted(TRAIN.glob("*.json"))[:14]
    if len(files) < 14:
        pytest.skip("the corpus train split is not here")
    folder = tmp_path_factory.mktemp("subset")
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def test_train_refit_on_a_fixed_subset_is_reproducible(subset, tmp_path):
    pytest.importorskip("sklearn")
    from timeline.train import fit, write
    first, second = fit([subset]), fit([subset])
    write(first, tmp_path / "a.json")
    write(second, tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert first["weights"] and 0 < first["threshold"] < 1
    assert first["fitted_on"]["events_proposed"] > first["fitted_on"]["events_right"] > 0


def test_train_model_drops_events_under_its_threshold_and_sets_confidence(tmp_path):
    art = Article(id="a", lang="en", published=date(2021, 3, 3),
                  text="Egypt condemned Ethiopia on Monday. Kenya urged Somalia to hold talks on Tuesday.")
    events = extract(art, rescore=False)
    assert {e.type for e in events} >= {"condemnation", "appeal"}
    path = tmp_path / "keep.json"
    path.write_text(json.dumps({"bias": -5.0, "threshold": 0.5,
                                "weights": {"type=condemnation": 10.0}}), encoding="utf-8")
    km = rescore.model(path)
    kept = rescore.keep(events, art, km)
    assert [e.type for e in kept] == ["condemnation"]
    assert kept[0].confidence == pytest.approx(1 / (1 + 2.718281828 ** -5), abs=1e-3)


def test_train_missing_or_damaged_model_keeps_every_event(tmp_path):
    art = Article(id="a", lang="en", published=date(2021, 3, 3), text="Egypt condemned Ethiopia on Monday.")
    events = extract(art, rescore=False)
    assert rescore.keep(events, art, rescore.model(tmp_path / "none.json")) == events
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert rescore.model(bad) is None
