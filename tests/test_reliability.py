"""Bad input, unusable stores, crashes and hostile options, run as a user runs them (#6).

Every bad file gives one line on stderr naming it (and its line) and the problem, the
good articles are stored, the exit status is non-zero and the store stays intact. The
helpers at the top (a corpus generator, a store dump) are shared with test_concurrency.
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline import cli
from timeline.ingest import ingest
from timeline.store import Store

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "timeline"

AR = "قال وزير الخارجية الروسي سيرغي لافروف إنه التقى نظيره التركي في موسكو أمس الثلاثاء."
EN = ("Russian Foreign Minister Sergey Lavrov met his Turkish counterpart Mevlut Cavusoglu "
      "in Moscow on Tuesday, the ministry said.")

# -- helpers shared with test_concurrency ------------------------------------------------
PLACES = ["Russia", "Turkey", "Iran", "France", "Egypt", "China", "Japan", "Germany",
          "Brazil", "India", "Qatar", "Jordan"]
SENTENCES = [
    "{a} Foreign Minister met his {b} counterpart on Tuesday to discuss trade.",
    "{a} condemned the missile test carried out by {b} on Monday, the ministry said.",
    "{a} and {b} signed an agreement on energy cooperation on Wednesday.",
    "{a} accused {b} of violating the ceasefire yesterday.",
    "{a} imposed sanctions on {b} on Friday.",
]


def corpus_text(i: int, sentences: int = 3) -> str:
    """The text of synthetic article ``i``: ``sentences`` sentences about two countries."""
    a = PLACES[i % len(PLACES)]
    b = PLACES[(i // len(PLACES) + i + 1) % len(PLACES)]
    if a == b:
        b = PLACES[(PLACES.index(a) + 5) % len(PLACES)]
    body = " ".join(SENTENCES[(i + k) % len(SENTENCES)].format(a=a, b=b)
                    for k in range(sentences))
    return f"Report {i}. {body}\n"


def write_corpus(folder: Path, n: int, start: int = 0) -> Path:
    """``n`` small dated articles (two .txt for one .json) in ``folder``, numbered from ``start``."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        day = f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}"
        if i % 3 == 0:
            record = {"id": f"art-{i}", "text": corpus_text(i), "published": day}
            (folder / f"a{i:04d}.json").write_text(json.dumps(record), encoding="utf-8")
        else:
            (folder / f"a{i:04d}.txt").write_text(f"Date: {day}\n\n{corpus_text(i)}",
                                                  encoding="utf-8")
    return folder


def run_cli(*args: str | Path, env: dict[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m timeline ARGS`` in a subprocess, with ``env`` added to the environment."""
    return subprocess.run([sys.executable, "-m", "timeline", *map(str, args)], check=False,
                          capture_output=True, text=True, cwd=REPO, timeout=timeout,
                          env={**os.environ, **(env or {})})


def start_cli(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "timeline", *map(str, args)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def dump(db: Path) -> dict[str, list[tuple]]:
    """Everything a store holds, in a fixed order (``ingested_at`` left out)."""
    con = sqlite3.connect(db)
    try:
        return {
            "articles": con.execute(
                "SELECT id, url, title, outlet, lang, published, published_from, path, text,"
                " text_hash FROM articles ORDER BY id").fetchall(),
            "events": con.execute("SELECT * FROM events ORDER BY id").fetchall(),
            "links": con.execute(
                "SELECT * FROM event_actors ORDER BY event_id, role, actor_id").fetchall(),
            "actors": con.execute("SELECT * FROM actors ORDER BY id").fetchall(),
        }
    finally:
        con.close()


def ingest_once(paths: list[Path], db: Path) -> None:
    """A clean run in this process (the reference the subprocess runs are compared with)."""
    store = Store(db)
    try:
        summary = ingest(paths, store, quiet=True)
    finally:
        store.close()
    assert summary.failed == 0, summary.errors


def integrity(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def count_rows(db: Path, table: str = "articles") -> int:
    """Rows in ``table``, 0 while the store does not exist yet (read-only, never creates it)."""
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def events_per_article(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        return dict(con.execute(
            "SELECT a.id, COUNT(e.id) FROM articles a LEFT JOIN events e ON e.article_id = a.id"
            " GROUP BY a.id").fetchall())
    finally:
        con.close()


def folder_state(folder: Path) -> dict[str, str]:
    """Name -> SHA-256 of every file in ``folder`` (what must not change)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


# -- every bad input of the issue, in one folder with good articles -----------------------
def _bad_input_folder(root: Path) -> tuple[Path, list[tuple[str, int | None, str]], set[str]]:
    """A folder of good and bad files: (folder, expected errors, paths of good articles).

    Expected errors are (file name, line or None, part of the message).
    """
    f = root / "in"
    f.mkdir()
    good: set[str] = set()
    errors: list[tuple[str, int | None, str]] = []

    def put(name: str, data: str | bytes, error: str | None = None,
            line: int | None = None) -> Path:
        path = f / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if error is None:
            good.add(str(path))
        else:
            errors.append((name, line, error))
        return path

    put("good.txt", f"Date: 2021-02-18\n\n{EN}\n")
    put("good.json", json.dumps({"id": "good-ar", "text": AR, "published": "2021-02-18"},
                                ensure_ascii=False))
    for name, encoding in (("cp1256.txt", "cp1256"), ("iso8859-6.txt", "iso8859_6"),
                           ("utf16-bom.txt", "utf-16")):
        put(name, AR.encode(encoding))
    put("hostile.html", "<html><head><title>t</title></head><body><div><p onclick=alert(1) "
        f"onmouseover='alert(2)'>{EN}<script>alert(3)</script><p>Second <b>unclosed <i>tags"
        "</div></span></body>")
    put("absurd-dates.txt", "Date: 2021-02-18\n\nRussia and Turkey signed an agreement on "
        "31 February. Russia condemned Turkey in the year 30000.\n")
    put("empty.txt", b"", "empty file")
    put("blank.txt", " \n\t\r\n  \n", "empty file")
    put("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4,
        "binary file (looks like PDF), not a text article")
    put("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "binary file (looks like PNG), not a text article")
    put("garbled.txt", b"\xff\xfe\xfa\x80\x81\xc3\x28\xa0\xa1\xe2\x82\xf0\x90\x8c\xbc\xfe\xff"
        * 7, "cannot decode text")
    put("broken.json", '{"id": "b", "text": "Russia met Turkey.", ', "malformed JSON")
    lines = [json.dumps({"id": "line-1", "text": EN}), '{"id": "line-2", "text": ',
             json.dumps({"id": "line-3", "text": AR}, ensure_ascii=False)]
    put("mixed.jsonl", "\n".join(lines) + "\n", "malformed JSON", line=2)
    good |= {f"{f / 'mixed.jsonl'}:1", f"{f / 'mixed.jsonl'}:3"}
    put("notext.json", json.dumps({"id": "n", "title": "No text"}), "missing 'text' field")
    put("huge.txt", EN * 100, "larger than the limit of 4 kB (set TIMELINE_MAX_BYTES")
    put("feb31.json", json.dumps({"text": EN, "published": "2021-02-31"}),
        "not a valid publication date: '2021-02-31'")
    put("year30000.json", json.dumps({"text": EN, "published": "30000-01-01"}),
        "not a valid publication date: '30000-01-01'")
    put("same-id-1.json", json.dumps({"id": "dup", "text": EN}))
    put("same-id-2.json", json.dumps({"id": "dup", "text": AR}, ensure_ascii=False),
        f"id 'dup' was already read from {f / 'same-id-1.json'} with different text")
    os.mkfifo(f / "pipe.txt")  # cannot be read as a file (chmod 000 does not stop root)
    errors.append(("pipe.txt", None, "not a regular file"))
    os.symlink("self.txt", f / "self.txt")  # a link that points at itself
    errors.append(("self.txt", None, "too many levels of symbolic links"))
    (f / "sub").mkdir()
    os.symlink("..", f / "sub" / "up")  # a folder loop: walked once, not an error
    put("sub/deeper.txt", f"Date: 2021-03-01\n\n{corpus_text(7)}")
    try:  # a file name that is not UTF-8
        raw = os.path.join(os.fsencode(f), b"\xff\xfe-report.txt")
        with open(raw, "wb") as fh:
            fh.write(corpus_text(8).encode("utf-8"))
        good.add(str(f / "\ufffd\ufffd-report.txt"))
    except OSError:
        pass
    return f, errors, good


def test_reliability_every_bad_input_end_to_end(tmp_path: Path) -> None:
    folder, expected, good = _bad_input_folder(tmp_path)
    db = tmp_path / "store.db"
    env = {"TIMELINE_MAX_BYTES": "4096"}
    res = run_cli("ingest", folder, "--db", db, "--quiet", env=env)
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr
    lines = error_lines(res.stderr)
    assert len(lines) == len(expected), "\n".join(lines)
    for name, line, message in expected:
        where = f"{folder / name}:" + (f"{line}:" if line else "") + " "
        mine = [x for x in lines if x.startswith(where)]
        assert len(mine) == 1 and message in mine[0], (name, lines)
    assert f"{len(good)} new, 0 unchanged, 0 updated, {len(expected)} failed" in res.stdout

    con = sqlite3.connect(db)
    stored = dict(con.execute("SELECT path, text FROM articles").fetchall())
    dates = [d for (d,) in con.execute("SELECT date FROM events WHERE date IS NOT NULL")]
    con.close()
    assert set(stored) == good
    for name in ("cp1256.txt", "iso8859-6.txt", "utf16-bom.txt"):
        assert stored[str(folder / name)] == AR, name  # decoded, not failed
    hostile = stored[str(folder / "hostile.html")]
    assert "Lavrov" in hostile and "unclosed" in hostile
    assert "alert" not in hostile and "<" not in hostile and "onclick" not in hostile
    assert stored[str(folder / "same-id-1.json")] == EN  # the first of two same ids is kept
    assert all("1900" <= d[:4] <= "2100" for d in dates), dates
    assert integrity(db) == "ok"

    before = dump(db)
    again = run_cli("ingest", folder, "--db", db, "--quiet", env=env)
    assert again.returncode == 1
    assert error_lines(again.stderr) == lines
    assert f"0 new, {len(good)} unchanged, 0 updated, {len(expected)} failed" in again.stdout
    assert dump(db) == before and integrity(db) == "ok"


def test_reliability_published_not_a_date_writes_nothing(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(EN, encoding="utf-8")
    db = tmp_path / "new" / "store.db"
    res = run_cli("ingest", article, "--db", db, "--published", "notadate")
    assert res.returncode == 1
    assert error_lines(res.stderr) == ["timeline: not a valid publication date: 'notadate'"]
    assert not db.parent.exists()

    ingest_once([article], tmp_path / "store.db")
    before = folder_state(tmp_path)
    assert cli.main(["ingest", str(article), "--db", str(tmp_path / "store.db"),
                     "--published", "2021-13-01"]) == 1
    assert folder_state(tmp_path) == before


def test_reliability_bad_size_limit_setting_is_one_warning(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(EN, encoding="utf-8")
    res = run_cli("ingest", article, "--db", tmp_path / "s.db", "--quiet",
                  env={"TIMELINE_MAX_BYTES": "5MB"})
    assert res.returncode == 0, res.stderr
    assert error_lines(res.stderr) == [
        "timeline: warning: TIMELINE_MAX_BYTES='5MB' is not a number of bytes; using 5242880"]


# -- stores that cannot be used -------------------------------------------------------------
def _foreign_sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE bookmarks (url TEXT, title TEXT)")
    con.execute("INSERT INTO bookmarks VALUES ('https://example.org', 'x')")
    con.commit()
    con.close()


def _no_server(monkeypatch: pytest.MonkeyPatch) -> dict:
    """Replace the servers so that ``timeline serve`` run in this process returns at once;
    the dict gets the host, whether the debug server ran, and the app (``"app"``)."""
    import dash

    from timeline import server
    seen: dict = {}
    monkeypatch.setattr(dash.Dash, "run", lambda self, **kw: seen.update(kw, app=self))
    monkeypatch.setattr(server, "serve_wsgi", lambda app, host, port: seen.update(
        host=host, port=port, debug=False, dev_tools_ui=False, wsgi=app))
    real_run = server.run

    def run(app, host, port, **kw):
        seen["app"] = app
        real_run(app, host, port, **kw)
    monkeypatch.setattr(server, "run", run)
    return seen


def _one_error(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    lines = error_lines(capsys.readouterr().err)
    assert len(lines) == 1 and lines[0].startswith(f"timeline: {db}: "), lines


@pytest.mark.parametrize("kind", ["text", "binary", "pdf", "other-sqlite"])
def test_reliability_unusable_store_file_is_left_untouched(
        tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text(EN, encoding="utf-8")
    db = tmp_path / "store.db"
    if kind == "text":
        db.write_text("these are my notes, not a database\n" * 50, encoding="utf-8")
    elif kind == "binary":
        db.write_bytes(random.Random(6).randbytes(8192))
    elif kind == "pdf":
        db.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 16)
    else:
        _foreign_sqlite(db)
    before = folder_state(tmp_path)
    if kind == "text":  # once as a user runs it
        res = run_cli("ingest", article, "--db", db)
        assert res.returncode == 1
        assert len(error_lines(res.stderr)) == 1
        assert res.stderr.startswith(f"timeline: {db}: ")
        assert res.stderr.rstrip().endswith("file is not a database")
    assert cli.main(["ingest", str(article), "--db", str(db), "--quiet"]) == 1
    _one_error(capsys, db)
    seen = _no_server(monkeypatch)
    assert cli.main(["serve", "--db", str(db)]) == 1 and not seen
    _one_error(capsys, db)
    assert folder_state(tmp_path) == before  # same bytes, no -wal or -shm beside it


def test_reliability_store_where_no_file_can_be_made(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text(EN, encoding="utf-8")
    places = [article / "store.db",                  # a "folder" that is a file
              Path("/proc/timeline-test.db"),        # a file system nobody may write to
              Path("/proc/timeline-test/store.db")]  # a folder that cannot be made
    if os.geteuid() != 0:  # chmod stops everyone but root
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
        places.append(locked / "store.db")
    before = folder_state(tmp_path)
    for db in places:
        assert cli.main(["ingest", str(article), "--db", str(db), "--quiet"]) == 1
        _one_error(capsys, db)
        assert not db.exists()
    assert folder_state(tmp_path) == before


def test_reliability_serve_refuses_a_missing_store_and_creates_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "typo" / "store.db"
    seen = _no_server(monkeypatch)
    assert cli.main(["serve", "--db", str(db)]) == 1 and not seen
    assert error_lines(capsys.readouterr().err) == [
        f"timeline: {db}: no store here (run 'timeline ingest' first)"]
    assert list(tmp_path.iterdir()) == []


# -- crashes --------------------------------------------------------------------------------
def _children(pid: int) -> set[int]:
    """Live processes whose parent is ``pid`` (from /proc; zombies count as gone)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            alive.add(pid)
    return alive


@pytest.mark.parametrize("workers", ["1", pytest.param("2", marks=pytest.mark.slow)])
def test_reliability_sigkill_then_rerun_equals_one_clean_run(tmp_path: Path,
                                                             workers: str) -> None:
    folder = write_corpus(tmp_path / "news", 300)
    clean, db = tmp_path / "clean.db", tmp_path / "killed.db"
    ingest_once([folder], clean)
    expected = dump(clean)
    per_article = events_per_article(clean)

    for at_least in (3, 60):  # kill twice, at different depths
        proc = start_cli("ingest", folder, "--db", db, "--quiet", "--workers", workers)
        deadline = time.monotonic() + 60
        while (count_rows(db) < at_least or (workers != "1" and len(_children(proc.pid)) < 2)) \
                and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # on a loaded machine the pool may start after the first rows
        helpers = _children(proc.pid)
        assert workers == "1" or len(helpers) >= 2, "the worker pool is running"
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, "ingest ended before it could be killed"
        assert integrity(db) == "ok"
        got = events_per_article(db)
        assert 0 < len(got) < len(per_article)
        assert got == {aid: per_article[aid] for aid in got}  # every stored article is whole
        deadline = time.monotonic() + 15
        while _alive(helpers) and time.monotonic() < deadline:  # worker processes end too
            time.sleep(0.1)
        assert not _alive(helpers)

    res = run_cli("ingest", folder, "--db", db, "--quiet", "--workers", workers)
    assert res.returncode == 0, res.stderr
    assert "0 updated, 0 failed" in res.stdout
    assert integrity(db) == "ok"
    assert dump(db) == expected


def test_reliability_extractor_failure_does_not_stop_the_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import timeline.pipeline
    real = timeline.pipeline.extract

    def flaky(article, *args, **kwargs):
        if "Report 1." in article.text:
            raise IndexError("list index out of range")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(timeline.pipeline, "extract", flaky)
    folder = write_corpus(tmp_path / "news", 3)
    store = Store(tmp_path / "s.db")
    reported: list[str] = []
    summary = ingest([folder], store, quiet=True, report=reported.append)
    assert (summary.new, summary.failed) == (2, 1)
    assert reported == [(f"{folder / 'a0001.txt'}: internal error while extracting events: "
                         "IndexError: list index out of range")]
    store.close()


# -- security -------------------------------------------------------------------------------
def _served(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
            db: Path, *options: str) -> tuple[dict, str]:
    """What ``timeline serve`` hands to ``Dash.run``, and what it printed, without serving."""
    seen = _no_server(monkeypatch)
    assert cli.main(["serve", "--db", str(db), *options]) == 0
    return seen, capsys.readouterr().err


def test_reliability_serve_is_local_and_without_debugger_unless_asked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.db"
    Store(db).close()
    seen, err = _served(monkeypatch, capsys, db)
    assert seen["host"] == "127.0.0.1" and "warning" not in err
    assert seen["debug"] is False and seen["dev_tools_ui"] is False
    app = seen["app"]
    assert app._dev_tools.ui is False and app.server.debug is False
    page = app.server.test_client().get("/").get_data(as_text=True)
    assert '"ui":false' in page and "dev_tools" not in page

    for host in ("0.0.0.0", "::", "192.168.1.20"):
        seen, err = _served(monkeypatch, capsys, db, "--host", host)
        assert seen["host"] == host
        assert err.startswith(f"warning: serving on {host}: anyone who can reach this machine")

    seen, _ = _served(monkeypatch, capsys, db, "--debug")
    assert seen["debug"] is True and seen["app"]._dev_tools.ui is True


_SQL_CALLS = {"execute", "executemany", "executescript", "read_sql_query", "read_sql"}


def _assigned(name: str, nodes: list[ast.AST]) -> list[ast.expr | None]:
    """The values assigned to ``name`` (``=``, ``+=``, ``: T =``) among ``nodes``."""
    return [n.value for n in nodes if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign))
            and any(isinstance(t, ast.Name) and t.id == name
                    for t in (n.targets if isinstance(n, ast.Assign) else [n.target]))]


def _name_values(name: str, scope: ast.AST, module: ast.Module) -> tuple[list, ast.AST]:
    """What ``name`` is assigned in ``scope``, else at the top of ``module``, else at the
    top of the package module it is imported from (``from timeline.x import NAME``); and
    where."""
    values = _assigned(name, list(ast.walk(scope))) if scope is not module else []
    if values:
        return values, scope
    values = _assigned(name, list(module.body))
    if values:
        return values, module
    for node in module.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("timeline.") \
                and any((a.asname or a.name) == name for a in node.names):
            source = PACKAGE.joinpath(*node.module.split(".")[1:]).with_suffix(".py")
            if source.is_file():
                other = ast.parse(source.read_text(encoding="utf-8"))
                return _assigned(name, list(other.body)), other
    return [], module


def _placeholders(node: ast.expr, scope: ast.AST, module: ast.Module) -> bool:
    """Whether ``node`` makes a list of ``?`` marks (``",".join("?" * len(ids))``), or is a
    name only ever assigned one: parameters still bound, only their number varies."""
    if isinstance(node, ast.Name):
        values, where = _name_values(node.id, scope, module)
        return bool(values) and all(v is not None and _placeholders(v, where, module)
                                    for v in values)
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "join" and isinstance(node.func.value, ast.Constant)):
        return False
    marks = [n.value for arg in node.args for n in ast.walk(arg)
             if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return "?" in "".join(marks) and all(set(m) <= set("?, ") for m in marks)


def _literal_sql(node: ast.expr, scope: ast.AST, module: ast.Module) -> bool:
    """Whether ``node`` is SQL written in the code: string literals joined with ``+`` or
    with lists of ``?`` marks in an f-string, or a name (local, else module-level) only
    ever assigned such SQL."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literal_sql(node.left, scope, module) and _literal_sql(node.right, scope, module)
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(part, ast.Constant) or (
            isinstance(part, ast.FormattedValue) and _placeholders(part.value, scope, module))
            for part in node.values)
    if isinstance(node, ast.Name):
        values, where = _name_values(node.id, scope, module)
        return bool(values) and all(v is not None and _literal_sql(v, where, module)
                                    for v in values)
    return False


def _calls_by_scope(tree: ast.Module) -> list[tuple[ast.Call, ast.AST]]:
    """Every call in ``tree`` with its innermost enclosing function (or the module)."""
    found: list[tuple[ast.Call, ast.AST]] = []

    def visit(node: ast.AST, scope: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else scope
            if isinstance(child, ast.Call):
                found.append((child, scope))
            visit(child, inner)

    visit(tree, tree)
    return found


def sql_offenders(source: str, name: str) -> list[str]:
    """The SQL calls in ``source`` built from anything but literals and ``?`` marks.

    The one f-string allowed is the schema version setter of ``store.py`` (a constant)."""
    tree = ast.parse(source)
    offenders = []
    for call, scope in _calls_by_scope(tree):
        called = getattr(call.func, "attr", getattr(call.func, "id", None))
        if called not in _SQL_CALLS or not call.args:
            continue
        sql = call.args[0]
        if _literal_sql(sql, scope, tree) or (
                Path(name).name == "store.py"
                and ast.unparse(sql) == "f'PRAGMA user_version = {SCHEMA_VERSION}'"):
            continue
        offenders.append(f"{name}:{call.lineno}: {ast.unparse(sql)}")
    return offenders


def test_reliability_sql_only_with_bound_parameters() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)
                    for a in n.names}
        imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree)
                     if isinstance(n, ast.ImportFrom)}
        if path.name != "store.py":
            assert "sqlite3" not in imported, f"{path}: only store.py talks to SQLite"
        offenders += sql_offenders(source, str(path.relative_to(REPO)))
    assert offenders == []


def test_reliability_sql_check_catches_built_queries() -> None:
    bad = """
def f(conn, name, ids, table):
    conn.execute(f"SELECT * FROM articles WHERE id = '{name}'")
    conn.execute("SELECT * FROM articles WHERE id = '%s'" % name)
    conn.execute("SELECT * FROM {}".format(table))
    conn.execute("SELECT * FROM articles WHERE id = '" + name + "'")
    sql = "SELECT * FROM articles"
    sql += " WHERE title = " + name
    conn.execute(sql)
    conn.execute(f"SELECT * FROM t WHERE id IN ({', '.join(ids)})")
    conn.execute(f"PRAGMA user_version = {name}")
"""
    good = """
QUERY = "SELECT id FROM articles"
def f(conn, ids):
    conn.execute("SELECT * FROM articles WHERE id = ?", (ids[0],))
    conn.execute(QUERY + " WHERE id = ?", ids[:1])
    marks = ",".join("?" * len(ids))
    sql = "SELECT * FROM events"
    sql += f" WHERE article_id IN ({marks})"
    conn.execute(sql, ids)
    conn.execute(f"SELECT 1 FROM t WHERE id IN ({', '.join('?' for _ in ids)})", ids)
"""
    assert [o.split(":")[1] for o in sql_offenders(bad, "store.py")] == [
        "3", "4", "5", "6", "9", "10", "11"]
    assert sql_offenders(good, "x.py") == []


def test_reliability_export_writes_only_the_file_asked_for(tmp_path: Path) -> None:
    from timeline import export
    from timeline.filters import Filters
    store = Store(tmp_path / "s.db")
    ingest([write_corpus(tmp_path / "news", 6)], store, quiet=True)
    frame = store.events_frame()
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    expected = {"keep.txt"}
    for fmt in export.DATA_FORMATS:
        export.write_data(frame, fmt, out / f"events.{fmt}")
        expected.add(f"events.{fmt}")
        assert {p.name for p in out.iterdir()} == expected
    export.write_chart(export.chart("timeline", frame, Filters()), "html", out / "chart.html")
    assert {p.name for p in out.iterdir()} == expected | {"chart.html"}

    # A symbolic link as --out: refused, and with --force replaced, never followed.
    victim = tmp_path / "victim.txt"
    victim.write_text("do not overwrite", encoding="utf-8")
    link = out / "link.csv"
    os.symlink(victim, link)
    with pytest.raises(Exception, match="file exists"):
        export.write_data(frame, "csv", link)
    export.write_data(frame, "csv", link, force=True)
    assert victim.read_text(encoding="utf-8") == "do not overwrite"
    assert not link.is_symlink() and link.read_bytes().startswith(b"\xef\xbb\xbf")
    store.close()


# -- property tests --------------------------------------------------------------------------
_PREFIXES = [b"", b"{", b'{"text": "', b"<html><body><p>", b"Date: 2021-02-31\n\n", b"\xff\xfe",
             b"%PDF", b'{"text": "Russia met Turkey.", "published": "']
fuzz_files = st.lists(st.tuples(st.sampled_from([".txt", ".json", ".jsonl", ".html"]),
                                st.sampled_from(_PREFIXES), st.binary(max_size=300)),
                      min_size=1, max_size=4)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=fuzz_files)
def test_reliability_ingest_command_never_crashes_on_any_bytes(
        tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str],
        files: list[tuple[str, bytes, bytes]]) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    for n, (suffix, prefix, rest) in enumerate(files):
        (folder / f"f{n}{suffix}").write_bytes(prefix + rest)
    status = cli.main(["ingest", str(folder), "--db", str(folder / "s.db"), "--quiet"])
    err = capsys.readouterr().err
    assert status in (0, 1)
    for line in error_lines(err):  # one line per problem, naming the file
        assert line.startswith(str(folder / "f")), line
        assert "internal error" not in line, line


def test_reliability_ingest_subprocess_never_prints_a_traceback(tmp_path: Path) -> None:
    rng = random.Random(6)
    folder = tmp_path / "junk"
    folder.mkdir()
    for n in range(60):
        prefix = _PREFIXES[n % len(_PREFIXES)]
        suffix = (".txt", ".json", ".jsonl", ".html")[n % 4]
        (folder / f"j{n:02d}{suffix}").write_bytes(prefix + rng.randbytes(rng.randrange(400)))
    res = run_cli("ingest", folder, "--db", tmp_path / "s.db", "--quiet")
    assert res.returncode in (0, 1)
    assert "Traceback" not in res.stderr
    assert all(line.startswith(str(folder / "j")) for line in error_lines(res.stderr))
    assert integrity(tmp_path / "s.db") == "ok"


records = st.fixed_dictionaries(
    {"kind": st.sampled_from(["txt", "json", "jsonl"]), "text": st.integers(0, 40)},
    optional={"id": st.sampled_from(["a", "b", "c"]),
              "url": st.sampled_from(["https://x.example/1", "https://x.example/2"]),
              "published": st.sampled_from(["2021-02-18", "2021-02-31", "2022-07-01"])})


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(records, min_size=1, max_size=6))
def test_reliability_ingesting_twice_leaves_the_store_equal(
        tmp_path_factory: pytest.TempPathFactory, batch: list[dict]) -> None:
    folder = tmp_path_factory.mktemp("batch")
    jsonl = []
    for n, rec in enumerate(batch):
        record = {k: v for k, v in rec.items() if k != "kind"} | {"text": corpus_text(rec["text"])}
        if rec["kind"] == "jsonl":
            jsonl.append(json.dumps(record))
        elif rec["kind"] == "json":
            (folder / f"r{n}.json").write_text(json.dumps(record), encoding="utf-8")
        else:
            head = "".join(f"{k.title()}: {v}\n" for k, v in record.items() if k != "text")
            (folder / f"r{n}.txt").write_text(f"{head}\n{record['text']}", encoding="utf-8")
    if jsonl:
        (folder / "lines.jsonl").write_text("\n".join(jsonl), encoding="utf-8")
    db = folder / "s.db"
    store = Store(db)
    first = ingest([folder], store, quiet=True)
    once = dump(db)
    second = ingest([folder], store, quiet=True)
    store.close()
    assert dump(db) == once and integrity(db) == "ok"
    assert (second.new, second.updated) == (0, 0)
    assert second.unchanged == first.new + first.updated + first.unchanged
    assert second.failed == first.failed
