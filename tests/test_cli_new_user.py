"""The commands a new user runs, as the README gives them (issue: the dashboard and the
command line tried as a new user would). Run as a user runs them (subprocess)."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.fixtures.demo import fill_demo_store
from timeline.model import KINDS

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "timeline", *args], check=False,
                          capture_output=True, text=True, cwd=REPO, timeout=300,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    fill_demo_store(path).close()
    return path


def _ids(path: Path) -> set[str]:
    return {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()}


# -- README ---------------------------------------------------------------------------------
def test_cli_readme_says_how_to_reach_the_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "source .venv/bin/activate" in readme and ".venv/bin/timeline" in readme


def test_cli_readme_kinds_are_the_commands_kinds():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if "timeline actors add" in x and "--kind" in x)
    shown = re.search(r"--kind ([a-z|]+)", line).group(1).split("|")
    assert tuple(shown) == KINDS == ("state", "person", "igo", "ngo", "group")
    res = run("actors", "add", "--help")
    assert all(k in res.stdout for k in KINDS)


# -- actors find / alias ----------------------------------------------------------------------
@pytest.mark.parametrize("text", ["موسكو", "روسيا", "Moscow", "RUS", "russia", "الكرملين"])
def test_cli_actors_find_lists_id_code_kind_and_names(tmp_path, text):
    res = run("actors", "find", text, "--db", str(tmp_path / "t.db"))
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].split("\t") == ["id", "code", "kind", "names"]
    first = lines[1].split("\t")
    assert first[:3] == ["russia", "RUS", "state"]
    assert "Russia" in first[3] and "روسيا" in first[3]


def test_cli_actors_find_folds_arabic_spellings(tmp_path):
    # hamza on the alef and a final taa marbuta written as haa still find the actor
    plain = run("actors", "find", "لافرنتيف", "--db", str(tmp_path / "t.db"))
    assert plain.returncode == 0 and "alexander-lavrentiev" in plain.stdout
    folded = run("actors", "find", "الامم المتحده", "--db", str(tmp_path / "t.db"))
    assert folded.returncode == 0 and folded.stdout.splitlines()[1].startswith("un\tUN\tigo")


def test_cli_actors_find_a_misspelling_finds_the_nearest(tmp_path):
    res = run("actors", "find", "Rusia", "--db", str(tmp_path / "t.db"))
    assert res.returncode == 0 and "\nrussia\tRUS\tstate\t" in res.stdout


def test_cli_actors_find_nothing_says_so(tmp_path):
    res = run("actors", "find", "Qzxvq", "--db", str(tmp_path / "t.db"))
    assert res.returncode == 1 and res.stdout.strip() == "no actor matches 'Qzxvq'"


@pytest.mark.parametrize("given", ["RUS", "Russia", "روسيا", "russia"])
def test_cli_actors_alias_takes_an_id_a_code_or_a_name(tmp_path, given):
    db = tmp_path / "t.db"
    res = run("actors", "alias", given, "Rossiya", "--lang", "en", "--db", str(db))
    assert res.returncode == 0, res.stderr
    assert "of russia (Russia, RUS) added" in res.stdout
    rows = (tmp_path / "t.aliases.en.tsv").read_text(encoding="utf-8").splitlines()
    assert "Rossiya\trussia\tvariant" in rows


def test_cli_actors_alias_of_nothing_is_exit_2_naming_the_closest(tmp_path):
    res = run("actors", "alias", "Rusia", "Rossiya", "--db", str(tmp_path / "t.db"))
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1 and "closest: Russia (RUS, id russia)" in res.stderr
    assert not (tmp_path / "t.aliases.en.tsv").exists()


# -- export --actor ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["Russia", "روسيا", "موسكو", "Moscow", "the Kremlin"])
def test_cli_export_actor_by_any_name_equals_the_code(tmp_path, demo_db, name):
    by_code, by_name = tmp_path / "code.jsonl", tmp_path / "name.jsonl"
    assert run("export", "--db", str(demo_db), "--data", "jsonl", "--out", str(by_code),
               "--actor", "RUS").returncode == 0
    res = run("export", "--db", str(demo_db), "--data", "jsonl", "--out", str(by_name),
              "--actor", name)
    assert res.returncode == 0, res.stderr
    assert _ids(by_name) == _ids(by_code) and len(_ids(by_code)) > 3


def test_cli_export_actor_person_by_name_in_either_script(tmp_path, demo_db):
    key, ar = tmp_path / "key.jsonl", tmp_path / "ar.jsonl"
    assert run("export", "--db", str(demo_db), "--data", "jsonl", "--out", str(key),
               "--actor", "RUS|person|Alexander Lavrentiev").returncode == 0
    res = run("export", "--db", str(demo_db), "--data", "jsonl", "--out", str(ar),
              "--actor", "لافرنتيف")
    assert res.returncode == 0, res.stderr
    assert _ids(ar) == _ids(key) and _ids(key)


def test_cli_export_unknown_actor_is_exit_2_and_writes_nothing(tmp_path, demo_db):
    out = tmp_path / "chart.html"
    res = run("export", "--db", str(demo_db), "--chart", "timeline", "--out", str(out),
              "--actor", "Rusia")
    assert res.returncode == 2 and not out.exists()
    assert res.stderr.count("\n") == 1
    assert "no actor named 'Rusia'" in res.stderr and "Russia (RUS, id russia)" in res.stderr


def test_cli_export_ui_ar_captions_the_chart_in_arabic(tmp_path, demo_db):
    out = tmp_path / "counts.html"
    res = run("export", "--db", str(demo_db), "--chart", "counts", "--out", str(out),
              "--actor", "RUS", "--ui", "ar")
    assert res.returncode == 0, res.stderr
    page = out.read_text(encoding="utf-8")
    assert "<title>الأحداث الدبلوماسية لكل" in page
    def shows(text: str) -> bool:  # the figure is JSON in the page: maybe escaped
        return text in page or json.dumps(text)[1:-1] in page
    assert shows("الأطراف: ") and shows("روسيا")  # the caption names the filter in Arabic
    assert shows("محادثات")  # a type in the legend


def test_cli_export_png_without_chromium_is_one_line(tmp_path, demo_db):
    out = tmp_path / "t.png"
    res = run("export", "--db", str(demo_db), "--chart", "timeline", "--out", str(out),
              env={"BROWSER_PATH": str(tmp_path / "no-browser")})
    assert res.returncode == 1 and not out.exists()
    assert res.stderr.count("\n") == 1 and "Chromium, which is not installed" in res.stderr


# -- corrections list, evaluate ---------------------------------------------------------------
def test_cli_corrections_list_on_a_store_with_none_says_so(demo_db):
    res = run("corrections", "list", "--db", str(demo_db))
    assert res.returncode == 0 and res.stdout.strip() == f"no corrections in {demo_db}"


def test_cli_evaluate_without_a_gold_folder_says_what_to_pass(tmp_path):
    res = run("evaluate", str(tmp_path / "nothing"))
    assert res.returncode == 1 and res.stderr.count("\n") == 1
    assert "timeline evaluate GOLD_DIR" in res.stderr and "--peer FILE" in res.stderr


# -- serve --------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve_and_get(db: Path, *options: str) -> str:
    """Start ``timeline serve``, fetch the page and one of its scripts, stop; its stderr."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "timeline", "serve", "--db", str(db),
                             "--port", str(port), *options], cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    assert r.status == 200
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_dash-layout", timeout=30) as r:
            assert r.status == 200
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    return err


@pytest.mark.slow
def test_cli_serve_is_quiet_without_a_development_server(demo_db):
    err = _serve_and_get(demo_db)
    assert "development server" not in err.lower() and "WARNING" not in err
    assert "GET /" not in err
    assert err.strip().splitlines()[0].startswith("Dashboard at http://127.0.0.1:")


@pytest.mark.slow
def test_cli_serve_verbose_logs_each_request(demo_db):
    err = _serve_and_get(demo_db, "--verbose")
    assert re.search(r"^GET / 200 \d+ ms$", err, re.MULTILINE), err
    assert re.search(r"^GET /_dash-layout 200 \d+ ms$", err, re.MULTILINE), err
    assert "development server" not in err.lower()
