"""The command line, run as a user runs it (subprocess)."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "samples"


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "timeline", *args], check=False, capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def test_cli_ingest_twice_adds_nothing_the_second_time(tmp_path):
    db = tmp_path / "t.db"
    first = run("ingest", str(SAMPLES), "--db", str(db), "--quiet")
    assert first.returncode == 0, first.stderr
    con = sqlite3.connect(db)
    counts = [con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles", "events")]
    con.close()
    assert counts[0] >= 25 and counts[1] > 0
    second = run("ingest", str(SAMPLES), "--db", str(db), "--quiet")
    assert second.returncode == 0, second.stderr
    assert f"0 new, {counts[0]} unchanged, 0 updated, 0 failed; events added: 0" in second.stdout
    con = sqlite3.connect(db)
    again = [con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles", "events")]
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert again == counts


def test_cli_txt_without_date_keeps_relative_dates_unresolved(tmp_path):
    art = tmp_path / "undated.txt"
    art.write_text("Russian Foreign Minister Sergey Lavrov met his Turkish counterpart "
                   "Mevlut Cavusoglu in Moscow yesterday, the ministry said.\n", encoding="utf-8")
    db = tmp_path / "t.db"
    res = run("ingest", str(art), "--db", str(db), "--quiet")
    assert res.returncode == 0, res.stderr
    assert "no publication date" in res.stdout and "undated.txt" in res.stdout
    con = sqlite3.connect(db)
    assert con.execute("SELECT published FROM articles").fetchone()[0] is None
    rows = con.execute("SELECT type, date, precision, date_note FROM events").fetchall()
    con.close()
    assert rows, "the talks are still found"
    for typ, date, precision, note in rows:
        assert date is None and precision == "none", (typ, date, precision, note)


def test_cli_extract_writes_events_jsonl_with_article_ids(tmp_path):
    out = tmp_path / "e.jsonl"
    res = run("extract", str(SAMPLES / "seed-lavrentiev-astana15.json"), "--out", str(out))
    assert res.returncode == 0, res.stderr
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert events and {e["article_id"] for e in events} == {"seed-lavrentiev-astana15"}
    for e in events:
        assert set(e) >= {"type", "source", "target", "date", "precision", "end_date", "status",
                          "evidence", "start", "end", "confidence"}
        text = json.loads((SAMPLES / "seed-lavrentiev-astana15.json").read_text("utf-8"))["text"]
        assert text[e["start"]:e["end"]] == e["evidence"]


def test_cli_bad_published_is_one_line_error(tmp_path):
    res = run("ingest", str(SAMPLES), "--db", str(tmp_path / "t.db"), "--published", "2021-02-31")
    assert res.returncode != 0
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "2021-02-31" in lines[0]


def test_cli_every_command_is_documented_and_has_help():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for cmd in ("ingest", "extract", "serve", "evaluate"):
        assert f"timeline {cmd}" in readme
        res = run(cmd, "--help")
        assert res.returncode == 0 and "usage" in res.stdout
