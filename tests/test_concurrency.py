"""Two writers at once, and the dashboard answering while an ingest writes (#6)."""
from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
from pathlib import Path

from tests.test_reliability import dump, ingest_once, integrity, start_cli, write_corpus
from timeline.store import Store

#: Slowest acceptable dashboard answer while an ingest writes (seconds; generous for busy CI).
SLOW_S = 3.0


def test_concurrency_two_ingests_of_overlapping_folders(tmp_path: Path) -> None:
    a = write_corpus(tmp_path / "a", 60, start=0)
    b = write_corpus(tmp_path / "b", 90, start=60)
    c = write_corpus(tmp_path / "c", 60, start=150)
    db, clean = tmp_path / "shared.db", tmp_path / "clean.db"
    # Both start on the shared folder, so they race for the same articles from the start.
    first = start_cli("ingest", b, a, "--db", db, "--quiet")
    second = start_cli("ingest", b, c, "--db", db, "--quiet")
    ingest_once([a, b, c], clean)
    for proc in (first, second):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and err == "", err
        assert "0 updated, 0 failed" in out, out
    assert integrity(db) == "ok"
    assert dump(db) == dump(clean)  # no duplicates, nothing missing, nothing different


def _post_json(url: str, payload: dict) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=json.dumps(payload).encode("utf-8"),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read()


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read()


def _page_callback(base: str) -> dict:
    """The request the browser sends for the page callback (URL -> page), which reads the store."""
    _, body = _get(base + "_dash-dependencies")
    dep = next(d for d in json.loads(body)
               if [(i["id"], i["property"]) for i in d["inputs"]] == [("url", "search")]
               and ".page.children" in "." + d["output"])
    outputs = [dict(zip(("id", "property"), o.split("."))) for o in
               dep["output"].strip(".").split("...")]
    return {"output": dep["output"], "outputs": outputs,
            "inputs": [{"id": "url", "property": "search", "value": ""}],
            "state": [{**s, "value": None} for s in dep["state"]],
            "changedPropIds": ["url.search"]}


def test_concurrency_dashboard_answers_while_ingest_writes(tmp_path: Path) -> None:
    from werkzeug.serving import make_server

    from timeline.dashboard import create_app
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    db = tmp_path / "live.db"
    ingest_once([write_corpus(tmp_path / "first", 20)], db)
    store = Store(db)
    server = make_server("127.0.0.1", 0, create_app(store).server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    try:
        callback = _page_callback(base)
        writer = start_cli("ingest", write_corpus(tmp_path / "more", 300, start=20),
                           "--db", db, "--quiet")
        timings: list[tuple[str, int, float]] = []
        during = 0  # rounds of requests made while the ingest was still writing
        while writer.poll() is None or len(timings) < 30:
            during += writer.poll() is None
            for what, ask in (("layout", lambda: _get(base + "_dash-layout")),
                              ("page", lambda: _get(base)),
                              ("callback", lambda: _post_json(base + "_dash-update-component",
                                                              callback))):
                t0 = time.monotonic()
                status, body = ask()
                timings.append((what, status, time.monotonic() - t0))
                assert body
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0 and err == "", err
    finally:
        server.shutdown()
        store.close()
    assert during >= 3, "the ingest ended before the dashboard was asked anything"
    assert all(status == 200 for _, status, _ in timings)
    slowest = max(timings, key=lambda t: t[2])
    assert slowest[2] < SLOW_S, slowest
    assert integrity(db) == "ok"
    assert len(dump(db)["articles"]) == 320
