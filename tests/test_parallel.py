"""Extraction in several processes stores exactly what one process stores."""
from __future__ import annotations

import shutil
from pathlib import Path

from timeline import parallel
from timeline.ingest import extract_all, ingest
from timeline.store import Store

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "samples"


def dump(store: Store) -> tuple:
    """Everything a store holds that does not depend on when it was written."""
    return (store.articles(), [e.to_json() for e in store.iter_events()], store.counts())


def inputs(tmp_path: Path) -> Path:
    """The sample articles plus a bad line, an unreadable file and a duplicate id with
    other text, so that errors and 'first kept' have their place in the order."""
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder)
    (folder / "zz-bad.jsonl").write_text(
        '{"id": "x1", "text": "Russia condemned the strike on Tuesday.", "lang": "en",'
        ' "published": "2021-02-18"}\nnot json\n'
        '{"id": "x1", "text": "Other text.", "lang": "en", "published": "2021-02-18"}\n',
        encoding="utf-8")
    (folder / "zz-binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    return folder


def test_parallel_two_workers_store_the_same_as_one(tmp_path):
    folder = inputs(tmp_path)
    one, two = Store(tmp_path / "one.db"), Store(tmp_path / "two.db")
    s1 = ingest([folder], one, quiet=True)
    s2 = ingest([folder], two, quiet=True, workers=2)
    assert s1.new > 20 and s1.failed >= 3
    assert (s1.new, s1.failed, s1.events, s1.errors) == (s2.new, s2.failed, s2.events, s2.errors)
    assert dump(one) == dump(two)
    again = ingest([folder], two, quiet=True, workers=2)
    assert again.new == 0 and again.unchanged == s1.new


def test_parallel_extract_all_keeps_input_order(tmp_path):
    folder = inputs(tmp_path)
    errors1: list[str] = []
    errors2: list[str] = []
    serial = [(a.id, [e.id for e in evs])
              for a, evs in extract_all([folder], on_error=lambda e: errors1.append(str(e)))]
    pooled = [(a.id, [e.id for e in evs])
              for a, evs in parallel.extract_all([folder], workers=2,
                                                 on_error=lambda e: errors2.append(str(e)))]
    assert serial == pooled
    assert errors1 == errors2


def test_parallel_stopping_early_shuts_the_pool_down(tmp_path):
    stream = parallel.extract_all([SAMPLES], workers=2)
    first = next(stream)
    stream.close()  # the pool is terminated; nothing hangs
    assert first[0].id


def test_parallel_extract_one_reports_internal_errors_as_one_line(monkeypatch):
    from timeline import pipeline
    from timeline.model import Article

    def boom(article):
        raise RuntimeError("broken\nrule")
    monkeypatch.setattr(pipeline, "extract", boom)
    err = parallel.extract_one(Article(id="a", text="x", lang="en", path="in.json"))
    assert str(err) == "in.json: internal error while extracting events: RuntimeError: broken rule"


def test_parallel_cli_ingest_with_workers(tmp_path):
    from timeline.cli import main
    db1, db2 = tmp_path / "a.db", tmp_path / "b.db"
    assert main(["ingest", str(SAMPLES), "--db", str(db1), "--quiet"]) == 0
    assert main(["ingest", str(SAMPLES), "--db", str(db2), "--quiet", "--workers", "2"]) == 0
    assert dump(Store(db1)) == dump(Store(db2))
