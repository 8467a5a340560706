"""Shared fixtures: paths, a fresh store, an article builder."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from timeline.model import Article
from timeline.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLD = SHARED / "gold" / "dev"
SCORER = SHARED / "eval" / "score.py"


def extract_and_score(folder: Path, out: Path) -> dict:
    """``timeline extract`` of ``folder`` into ``out``, scored by the shared scorer (its JSON)."""
    import json
    import subprocess
    import sys
    run = subprocess.run([sys.executable, "-m", "timeline", "extract", str(folder), "--out", str(out)],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    score = subprocess.run([sys.executable, str(SCORER), str(folder), str(out), "--json"],
                           capture_output=True, text=True, timeout=120, check=False)
    assert score.returncode == 0, score.stderr
    return json.loads(score.stdout)


def needs_shared() -> None:
    if not (GOLD.is_dir() and SCORER.exists()):
        pytest.skip("../shared (gold articles and scorer) is not beside this clone")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "t.db")
    yield s
    s.close()


@pytest.fixture
def article():
    def make(text: str, lang: str = "en", published: date | None = date(2021, 2, 18),
             id: str = "a1", title: str = "") -> Article:
        return Article(id=id, text=text, lang=lang, published=published, title=title)
    return make
