"""Data lint: every data file is well formed, folded consistently, and documented."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from timeline import lexicon as lx
from timeline.model import EVENT_TYPES

DATA = Path(__file__).resolve().parents[1] / "data"
LANGS = ("ar", "en")
PRESENTATION = [(0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]


def _data_files():
    return sorted(p for p in DATA.rglob("*") if p.is_file() and "samples" not in p.parts and "corpus" not in p.parts
                  and p.suffix in (".tsv", ".toml", ".json", ".md"))


@pytest.mark.parametrize("path", _data_files(), ids=lambda p: str(p.relative_to(DATA)))
def test_data_files_are_nfc_without_presentation_forms(path):
    text = path.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    bad = [ch for ch in text if any(lo <= ord(ch) <= hi for lo, hi in PRESENTATION)]
    assert not bad, f"presentation forms {bad[:5]} can never match folded text"


@pytest.mark.parametrize("lang", LANGS)
def test_data_files_triggers_are_valid(lang):
    triggers = lx.load_triggers(lang)
    assert triggers
    assert {t.type for t in triggers} == set(EVENT_TYPES), "every event type has triggers"


@pytest.mark.parametrize("lang", LANGS)
def test_data_files_cues_roles_debris_load(lang):
    cues = lx.load_cues(lang)
    for kind in ("negation", "speech", "future", "break", "coord"):
        assert cues[kind], f"{lang} has no {kind} cues"
    assert lx.load_roles(lang)
    assert lx.load_debris(lang)
    assert lx.load_ui(lang)


def test_data_files_every_file_is_documented():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for path in _data_files():
        rel = path.relative_to(DATA)
        if rel.name == "README.md":
            continue
        name = str(rel)
        generic = str(rel).replace("ar/", "").replace("en/", "")
        assert name in readme or f"ar/{generic}" in readme, f"{name} is not described in data/README.md"


def test_data_files_bad_row_names_file_and_line(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "triggers.tsv").write_text(
        "pattern\ttype\tvoice\tstatus\tweight\nmet\tmeeting\tactive\t\t0.5\n", encoding="utf-8")
    monkeypatch.setattr(lx, "data_dir", lambda: tmp_path)
    with pytest.raises(lx.DataFileError) as err:
        lx.load_triggers("en")
    assert str(err.value).endswith("triggers.tsv:2: unknown event type 'meeting'")
