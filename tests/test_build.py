"""Compiled and plain extraction modules: same events; stale builds are never run."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from timeline import build

REPO = Path(__file__).resolve().parent.parent

# events of the bundled samples and of made-up sentences, as JSON, plus which form ran
_PROBE = """
import json, sys
from timeline import build
from timeline.model import Article
from timeline.pipeline import extract
from timeline.readers import read_paths
out = []
arts = [a for a in read_paths([sys.argv[1]]) if isinstance(a, Article)]
arts.append(Article(id="x", lang="en", text="Russia invited the United States to the talks on Monday. "
                    "Washington rejected the invitation, the State Department said.", published=None))
for a in arts:
    for e in extract(a):
        out.append([a.id, e.type, [x.code for x in e.source], [x.code for x in e.target],
                    str(e.when.date), e.when.precision, e.start, e.end])
print(json.dumps({"compiled": build.running_compiled(), "events": out}))
"""


def _probe(env_extra: dict[str, str], cwd: Path = REPO, pythonpath: Path | None = None) -> dict:
    env = dict(os.environ, **env_extra)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    done = subprocess.run([sys.executable, "-c", _PROBE, str(REPO / "data" / "samples")],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return {"stderr": done.stderr, **json.loads(done.stdout)}


@pytest.mark.skipif(not build.compiled_modules(), reason="installed without compiling (plain Python)")
def test_compiled_and_plain_modules_extract_the_same_events():
    compiled = _probe({"TIMELINE_PURE_PYTHON": "0"})
    plain = _probe({"TIMELINE_PURE_PYTHON": "1"})
    assert compiled["compiled"] and not plain["compiled"]
    assert len(plain["events"]) > 50
    assert compiled["events"] == plain["events"]


@pytest.mark.skipif(not build.compiled_modules(), reason="installed without compiling (plain Python)")
def test_the_compiled_modules_are_current():
    """The build is newer than every source it compiled (else `make test` rebuilds)."""
    assert build.stale_modules() == []
    assert build.plain_wanted() in (None, "TIMELINE_PURE_PYTHON is set")


def test_an_edited_source_runs_as_plain_python_with_a_warning(tmp_path):
    """A copy of the package whose compiled module is older than its source: every
    module loads as plain Python and a warning names the edited file."""
    if not build.compiled_modules():
        pytest.skip("installed without compiling (plain Python)")
    root = tmp_path / "copy"
    shutil.copytree(REPO / "timeline", root / "timeline",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for lib in REPO.glob("*__mypyc*"):  # the compiled modules' shared library
        shutil.copy2(lib, root / lib.name)
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("*.db*", "samples"))
    fresh = _probe({"TIMELINE_PURE_PYTHON": "0"}, cwd=root, pythonpath=root)
    assert fresh["compiled"], fresh["stderr"]
    edited = root / "timeline" / "frames.py"
    later = time.time() + 60
    os.utime(edited, (later, later))
    stale = _probe({"TIMELINE_PURE_PYTHON": "0"}, cwd=root, pythonpath=root)
    assert not stale["compiled"]
    assert "timeline/frames.py" in stale["stderr"] and "plain Python" in stale["stderr"]
    assert stale["events"] == fresh["events"]


def test_the_plain_finder_loads_only_sources():
    spec = build.PlainFinder.find_spec("timeline.frames", [str(REPO / "timeline")])
    assert spec is not None and spec.origin.endswith("frames.py")
    assert build.PlainFinder.find_spec("json", None) is None
