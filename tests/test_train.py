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


def test_train_labels_pair_each_annotated_event_once_by_type_actors_and_date():
    from timeline.train import label
    art = Article(id="a", lang="en", published=date(2021, 3, 3),
                  text="Egypt condemned Ethiopia on Monday. Egypt condemned Ethiopia again on Tuesday.")
    events = extract(art, rescore=False)
    assert [e.type for e in events] == ["condemnation", "condemnation"]
    gold = {"type": "condemnation", "source": ["EGY"], "target": ["ETH"], "date": str(events[1].when.date),
            "precision": "day"}
    assert label(events, [gold]) == [0, 1]  # the date decides which one is right
    assert sum(label(events, [gold], "type+actors")) == 1  # one annotated event, paired once
    assert label(events, [dict(gold, target=["SDN"])]) == [0, 0]


def test_train_threshold_is_the_lowest_within_tolerance_of_the_best():
    from timeline.train import TOLERANCE, threshold
    probs = [0.9, 0.8, 0.12, 0.11, 0.07]
    labels = [1, 1, 1, 0, 0]
    # 0.05 keeps all (F1 6/8), 0.1 keeps four (6/7), 0.15 keeps two (4/5, best 0.857 at 0.1)
    assert threshold(probs, labels, 3) == 0.1
    assert TOLERANCE < 0.05


def test_train_features_name_no_trigger_word():
    art = Article(id="a", lang="en", published=date(2021, 3, 3), text="Egypt condemned Ethiopia on Monday.")
    ev = extract(art, rescore=False)[0]
    assert not [k for k in rescore.features(ev, art) if "condemned" in k]


def test_train_fit_estimates_the_gain_out_of_fold_by_language(subset):
    pytest.importorskip("sklearn")
    from timeline.train import fit, summary
    model = fit([subset])
    oof = model["out_of_fold_full_f1"]
    assert set(oof) == {"rules", "with_model"} and set(oof["rules"]) <= {"ar", "en"}
    assert all(0 <= v <= 1 for side in oof.values() for v in side.values())
    assert "full F1 out of fold" in summary(model)


def test_train_target_weights_replace_the_rules_target_only_past_their_margin(tmp_path):
    from timeline import roles, roletrain
    art = Article(id="a", lang="en", published=date(2021, 3, 3), text="Egypt condemned Ethiopia on Monday.")
    roletrain.use(None)
    rules = extract(art, rescore=False)
    assert [a.code for a in rules[0].target] == ["ETH"]
    none_wins = {"bias": 0.0, "margin": 0.2, "weights": {"option=none": 5.0}}
    try:
        roletrain.use(none_wins)
        assert extract(art, rescore=False)[0].target == ()
        roletrain.use(dict(none_wins, margin=1.0))  # never past a margin of 1
        assert [a.code for a in extract(art, rescore=False)[0].target] == ["ETH"]
    finally:
        roletrain.use(None)
    path = tmp_path / "keep.json"
    path.write_text(json.dumps({"roles": none_wins}), encoding="utf-8")
    assert roles.model(path) == roles.RoleModel({"option=none": 5.0}, 0.0, 0.2)
    assert roles.model(tmp_path / "none.json") is None


def test_train_fit_holds_the_target_weights_with_their_out_of_fold_effect(subset):
    pytest.importorskip("sklearn")
    from timeline.train import fit
    targets = fit([subset])["roles"]
    assert targets["weights"] and targets["margin"] >= 0
    assert targets["out_of_fold_acts_right"]["rules"] <= targets["acts"]
