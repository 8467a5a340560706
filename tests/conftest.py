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
