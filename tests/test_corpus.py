"""The annotated corpus (data/corpus): every file valid, the split as recorded and as hashed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import GOLD
from timeline import corpus

FILES = corpus.corpus_files()


def _good_doc() -> dict:
    text = ("Title line\n\nOn Monday the foreign minister of Egypt met his Jordanian counterpart "
            "in Cairo, the ministry said. " + "Filler sentence about the weather. " * 12)
    return {"id": "en-test-egypt-jordan-2020", "lang": "en", "based_on": "https://example.org/x",
            "published": "2020-03-04", "outlet": "example.org", "region": "levant",
            "title": "Title line", "text": text,
            "events": [{"type": "talks", "alt_types": [],
                        "source": [{"name": "Egypt", "code": "EGY", "kind": "state"},
                                   {"name": "Jordan", "code": "JOR", "kind": "state"}],
                        "target": [], "date": "2020-03-02", "precision": "day",
                        "status": "occurred",
                        "evidence": "the foreign minister of Egypt met his Jordanian counterpart"}]}


def _write(tmp_path: Path, doc: dict) -> Path:
    path = tmp_path / f"{doc['id']}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_corpus_types_are_the_event_type_table():
    """The corpus checker runs without the package, so it writes the type names out."""
    from timeline.eventtypes import EVENT_TYPES
    assert corpus.TYPES == EVENT_TYPES


def test_corpus_checker_accepts_a_valid_file(tmp_path):
    assert corpus.check_file(_write(tmp_path, _good_doc())) == []


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["events"][0].update(evidence="not in the text at all"), "not a substring"),
    (lambda d: d["events"][0]["source"][0].update(code="XXQ"), "code 'XXQ'"),
    (lambda d: d["events"][0].update(precision="month"), "first of the month"),
    (lambda d: d["events"][0].update(precision="none"), "needs date null"),
    (lambda d: d["events"][0].update(type="meeting"), "not an event type"),
    (lambda d: d["events"][0].update(end_date="2020-03-01"), "end_date"),
    (lambda d: d.update(published="1999-05-01"), "published"),
    (lambda d: d.update(region="atlantis"), "region"),
    (lambda d: d.pop("based_on"), "based_on"),
    (lambda d: d["events"][0].update(alt_types=["talks"]), "alt_types"),
])
def test_corpus_checker_names_each_problem(tmp_path, change, expected):
    doc = _good_doc()
    change(doc)
    errs = corpus.check_file(_write(tmp_path, doc))
    assert errs and any(expected in e for e in errs), errs
    assert all(e.startswith(f"{doc['id']}.json") for e in errs)


def test_corpus_split_is_a_hash_of_the_name_about_one_in_four():
    names = [f"en-outlet-story-{n}.json" for n in range(2000)]
    share = sum(corpus.split_of(n) == "test" for n in names) / len(names)
    assert 0.22 < share < 0.28
    assert corpus.split_of("ar-x-y-2020.json") == corpus.split_of("/other/dir/ar-x-y-2020.json")


def test_corpus_place_moves_checked_files_and_records_the_split(tmp_path):
    incoming = tmp_path / "incoming" / "batch"
    incoming.mkdir(parents=True)
    good = _write(incoming, _good_doc())
    bad_doc = _good_doc()
    bad_doc["id"] = "en-test-bad-2020"
    bad_doc["events"][0]["evidence"] = "nowhere"
    bad = _write(incoming, bad_doc)
    problems = corpus.place(tmp_path / "incoming", tmp_path)
    assert len(problems) == 1 and "en-test-bad-2020.json" in problems[0]
    assert bad.exists() and not good.exists()
    part = corpus.split_of(good.name)
    assert (tmp_path / part / good.name).exists()
    assert corpus.recorded_split(tmp_path / "split.tsv") == {good.name: part}


@pytest.mark.skipif(not FILES, reason="no corpus files yet")
def test_corpus_every_file_is_valid_and_split_as_recorded():
    gold = GOLD if GOLD.is_dir() else None
    assert corpus.check_corpus(gold=gold) == []


@pytest.mark.skipif(not FILES, reason="no corpus files yet")
def test_corpus_has_both_splits_in_both_languages():
    langs = {(p.parent.name, p.name[:2]) for p in FILES}
    assert langs == {("train", "ar"), ("train", "en"), ("test", "ar"), ("test", "en")}
