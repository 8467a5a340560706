"""Extraction on the shared gold articles, scored by the shared scorer (skipped without ../shared)."""
from __future__ import annotations

import json

import pytest

from tests.conftest import GOLD, extract_and_score, needs_shared

pytestmark = pytest.mark.gold

#: Regression floors, not targets: full F1 (type, actors and date all right) in each
#: language and date accuracy on type+actor matches. The dev set grew from 21 to 53
#: articles; on it, 2026-12-07: full F1 ar 0.61, en 0.52, date accuracy 0.76 (the weights
#: of data/models are fitted on it too). The target (0.75 per language) is the extraction
#: issue's and is not met yet.
FLOOR_FULL_F1_PER_LANG = {"ar": 0.56, "en": 0.47}
FLOOR_DATE_ACCURACY = 0.72


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    needs_shared()
    out = tmp_path_factory.mktemp("gold") / "events.jsonl"
    return out, extract_and_score(GOLD, out)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_gold_full_f1_per_language_does_not_regress(report, lang):
    _, rep = report
    assert rep["per_lang"][lang]["f1"] >= FLOOR_FULL_F1_PER_LANG[lang], rep["per_lang"][lang]


def test_gold_date_accuracy_does_not_regress(report):
    _, rep = report
    assert rep["date_accuracy"]["accuracy"] >= FLOOR_DATE_ACCURACY


def test_gold_seed_talks_invitation_and_rejection_are_found(report):
    events_file, _ = report
    seed = [json.loads(line) for line in events_file.read_text(encoding="utf-8").splitlines()
            if json.loads(line)["article_id"] == "seed-lavrentiev-astana15"]
    codes = lambda side: {a["code"] for a in side}
    talks = [e for e in seed if e["type"] == "talks" and e["date"] == "2021-02-16"
             and {"RUS", "IRN", "TUR"} <= codes(e["source"])]
    invitation = [e for e in seed if e["type"] == "invitation" and "RUS" in codes(e["source"])
                  and "USA" in codes(e["target"])]
    rejection = [e for e in seed if e["type"] == "rejection" and "USA" in codes(e["source"])
                 and "RUS" in codes(e["target"])]
    assert talks and invitation and rejection, seed


def test_gold_no_event_comes_from_page_debris(report):
    events_file, _ = report
    debris = ("اترك رد", "لن يتم نشر", "اقرأ أيضاً", "Related Coverage", "comments powered",
              "Поделиться", "Читайте также", "Search Trends", "Sign up")
    for line in events_file.read_text(encoding="utf-8").splitlines():
        ev = json.loads(line)
        assert not any(d in ev["evidence"] for d in debris), ev["evidence"]
        doc = json.loads((GOLD / f"{ev['article_id']}.json").read_text(encoding="utf-8"))
        assert ev["evidence"] != doc["title"], "a title line is not an event"
