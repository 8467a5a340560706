"""No traceback on the inputs of the issue, a "Date:" header read without a blank line,
and error lines that no file name can split, colour or reverse."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_reliability import EN, error_lines, run_cli
from timeline import cli


@pytest.fixture
def db(tmp_path: Path) -> Path:
    article = tmp_path / "a.txt"
    article.write_text("Date: 2021-03-01\n\n" + EN, encoding="utf-8")
    path = tmp_path / "s.db"
    assert cli.main(["ingest", str(article), "--db", str(path), "--quiet"]) == 0
    return path


def _one_line(res, starts: str = "timeline: ") -> str:
    assert "Traceback" not in res.stderr, res.stderr
    lines = error_lines(res.stderr)
    assert len(lines) == 1 and lines[0].startswith(starts), lines
    return lines[0]


def test_edges_corrections_import_of_bad_files_is_one_line(db: Path, tmp_path: Path) -> None:
    cases = {
        "binary.jsonl": b"\xff\xfe\x00\x81binary\x00\n",
        "latin1.jsonl": '{"action": "add", "note": "caf\xe9"}\n'.encode("latin-1"),
        "huge.jsonl": b'{"action": "edit", "created_at": "2021-01-01", "payload": '
                      b'{"anchor": {"article_id": "a", "start": 1e400}}}\n',
        "nan.jsonl": b'{"action": "edit", "created_at": "x", "payload": {"anchor": NaN}}\n',
        "deep.jsonl": b"[" * 100_000 + b"]" * 100_000 + b"\n",
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        res = run_cli("corrections", "import", path, "--db", db)
        assert res.returncode == 1, name
        assert _one_line(res).startswith(f"timeline: {path}:1: "), name


def test_edges_quotes_in_names_are_kept_and_read_back(db: Path) -> None:
    res = run_cli("actors", "add", "--db", db, "--name", 'Foo "Bar"', "--code", "FOO",
                  "--kind", "state", "--alias", '"Foo" Land')
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    res = run_cli("actors", "alias", "russia", 'The "Bear"', "--db", db)
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    assert 'Foo "Bar"' in db.with_name("s.actors.tsv").read_text(encoding="utf-8")
    from timeline import userdata
    assert userdata.registry(db)  # read back without an error


def test_edges_size_limit_beyond_any_number_is_one_warning(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(EN, encoding="utf-8")
    res = run_cli("ingest", article, "--db", tmp_path / "s.db", "--quiet",
                  env={"TIMELINE_MAX_BYTES": "99999999999999999999999"})
    assert res.returncode == 0, res.stderr
    assert error_lines(res.stderr) == [(
        "timeline: warning: TIMELINE_MAX_BYTES='99999999999999999999999' is more than any "
        "file; using 1125899906842624")]


def test_edges_date_header_followed_directly_by_text(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Date: 2021-03-01\nRussia imposed sanctions on Turkey yesterday.\n",
                    encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("Date: 2021-02-31\nRussia imposed sanctions on Turkey yesterday.\n",
                   encoding="utf-8")
    plain = tmp_path / "plain.txt"  # one "Key: value" line alone stays text
    plain.write_text("Source: Russia imposed sanctions on Turkey on 5 March 2021.\n"
                     "Turkey said it would respond.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = run_cli("extract", good, bad, plain, "--out", out)
    assert res.returncode == 1
    assert _one_line(res, str(bad)).endswith("not a valid publication date: '2021-02-31'")
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    dated = [e for e in events if e["article_id"].startswith("good-")]
    assert [e["date"] for e in dated] == ["2021-02-28"]  # "yesterday", from the header
    assert "Date:" not in dated[0]["evidence"]
    assert any(e["article_id"].startswith("plain-") for e in events)


def test_edges_file_names_cannot_split_colour_or_reverse_an_error_line(tmp_path: Path) -> None:
    names = ["new\nline.txt", "esc\x1b[31mred.txt", "rlo\u202etxt.exe.txt"]
    for name in names:
        (tmp_path / name).write_bytes(b"")  # empty: one error line each
    res = run_cli("ingest", tmp_path, "--db", tmp_path / "s.db", "--quiet")
    lines = error_lines(res.stderr)
    assert len(lines) == 3, lines
    text = res.stderr
    assert "\x1b" not in text and "\u202e" not in text
    assert any("new\\nline.txt" in ln for ln in lines)
    assert any("esc\\x1b[31mred.txt" in ln for ln in lines)
    assert any("rlo\\u202etxt.exe.txt" in ln for ln in lines)


def test_edges_right_to_left_override_in_titles_is_shown(tmp_path: Path) -> None:
    from timeline.errors import marked
    assert marked("Report \u202eTXT.exe") == "Report [U+202E]TXT.exe"
    assert marked("وزير الخارجية") == "وزير الخارجية"  # Arabic text as it is
    from timeline.dashboard import detail
    source = Path(detail.__file__).read_text(encoding="utf-8")
    assert source.count("marked(") >= 4  # title, outlet, evidence, reports


def test_edges_out_folder_is_named_as_a_folder(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "dir"
    folder.mkdir()
    for args in (["export", "--db", str(db), "--data", "csv", "--out", str(folder)],
                 ["corrections", "export", str(folder), "--db", str(db)],
                 ["extract", str(tmp_path / "a.txt"), "--out", str(folder)]):
        res = run_cli(*args)
        assert res.returncode == 1
        assert _one_line(res).endswith("is a folder, not a file"), args
