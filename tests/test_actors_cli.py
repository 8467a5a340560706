"""`timeline actors add|alias` and `timeline reextract`: the user file beside the store."""
from __future__ import annotations

import json

import pytest

from timeline import config
from timeline import lexicon as lx
from timeline.cli import main
from timeline.store import Store

# Made-up names: no file under data/ knows them.
ARTICLE = {"id": "q1", "lang": "en", "published": "2023-05-08", "title": "Ceasefire",
           "text": "The Zorvathi Brigades rejected the United Nations ceasefire proposal on "
                   "Monday, their spokesman said."}


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "t.db"
    src = tmp_path / "q.json"
    src.write_text(json.dumps(ARTICLE), encoding="utf-8")
    assert main(["ingest", str(src), "--db", str(path), "--quiet"]) == 0
    return path


def _codes(db) -> set[str]:
    frame = Store(db).events_frame()
    return {c for col in ("source_codes", "target_codes") for v in frame[col] for c in v.split("|")
            if c}


def test_actors_cli_alias_makes_reextract_find_the_actor(db, capsys):
    assert "Zorvathi" not in (lx.data_dir() / "en" / "aliases.tsv").read_text(encoding="utf-8")
    assert "QMBF" not in _codes(db)
    assert main(["actors", "add", "--name", "Quimbly Front", "--code", "QMBF", "--kind", "group",
                 "--alias", "جبهة كويمبلي", "--lang", "ar", "--db", str(db)]) == 0
    assert main(["reextract", "--db", str(db)]) == 0
    assert "QMBF" not in _codes(db)  # the article names it by another name
    assert main(["actors", "alias", "quimbly-front", "Zorvathi Brigades", "--lang", "en",
                 "--db", str(db)]) == 0
    assert main(["reextract", "--db", str(db)]) == 0
    assert "1 changed" in capsys.readouterr().out
    assert "QMBF" in _codes(db)
    frame = Store(db).events_frame()
    assert frame["source_names"].tolist() == ["Quimbly Front"]


def test_actors_cli_files_have_the_data_columns(db):
    assert main(["actors", "add", "--name", "Zorvath Quimbly", "--code", "rus", "--kind",
                 "person", "--alias", "زورفاث كويمبلي", "--db", str(db)]) == 0
    user = config.user_data_file(db)
    assert user.read_text(encoding="utf-8").splitlines()[0].split("\t") == list(lx.ACTOR_COLUMNS)
    reg = lx.load_registry(user)
    assert reg.rows["zorvath-quimbly"][0].code == "RUS"
    ar = lx.load_aliases("ar", reg, config.user_aliases_file(user, "ar"))
    en = lx.load_aliases("en", reg, config.user_aliases_file(user, "en"))
    assert ("زورفاث كويمبلي", "zorvath-quimbly", "variant") in ar  # language from the script
    assert ("Zorvath Quimbly", "zorvath-quimbly", "name") in en


@pytest.mark.parametrize("argv, message, status", [
    (["actors", "add", "--name", "Russia", "--code", "RUS", "--kind", "state"], "exists already",
     1),
    (["actors", "add", "--name", "Zed", "--code", "R-1", "--kind", "group"], "code must be", 1),
    (["actors", "alias", "no-such-actor", "Zed"], "no actor named 'no-such-actor'", 2),
    (["actors", "alias", "sergey-lavrov", "Blinken", "--lang", "en"], "names 'antony-blinken'",
     1),
])
def test_actors_cli_refusals_are_one_line(db, capsys, argv, message, status):
    assert main(argv + ["--db", str(db)]) == status
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_actors_cli_same_alias_twice_adds_nothing(db, capsys):
    argv = ["actors", "alias", "sergey-lavrov", "Lavrovski", "--db", str(db)]
    assert main(argv) == 0 and main(argv) == 0
    assert "was there already" in capsys.readouterr().out
    aliases = config.user_aliases_file(config.user_data_file(db), "en")
    assert aliases.read_text(encoding="utf-8").count("Lavrovski") == 1


def test_actors_cli_commands_are_documented():
    readme = (config.PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    for cmd in ("timeline corrections", "timeline actors", "timeline reextract"):
        assert f"### `{cmd}" in readme
    data_readme = (config.PROJECT_DIR / "data" / "README.md").read_text(encoding="utf-8")
    assert "User extension file" in data_readme


def test_actors_cli_new_alias_is_found_by_the_next_ingest(tmp_path):
    """An alias added by command applies to later ingests too, not only to reextract."""
    import subprocess
    import sys
    db = tmp_path / "t.db"
    run = lambda *a: subprocess.run([sys.executable, "-m", "timeline", *a], check=False, capture_output=True,
                                    text=True, timeout=300)
    res = run("actors", "add", "--name", "Velmar Accord Council", "--code", "VAC", "--kind", "group",
              "--alias", "Velmar Council", "--lang", "en", "--db", str(db))
    assert res.returncode == 0, res.stderr
    art = tmp_path / "a.txt"
    art.write_text("Date: 2021-02-18\n\nThe Velmar Council condemned Russia on Tuesday.\n",
                   encoding="utf-8")
    res = run("ingest", str(art), "--db", str(db), "--quiet")
    assert res.returncode == 0, res.stderr
    import sqlite3
    con = sqlite3.connect(db)
    codes = {r[0] for r in con.execute("SELECT a.code FROM actors a JOIN event_actors ea"
                                       " ON ea.actor_id = a.id")}
    con.close()
    assert "VAC" in codes
