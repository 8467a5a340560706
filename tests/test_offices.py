"""A role with no name beside it is the office's holder on the article's day (#13, item 4):
"the Iranian president" in 2015 is Rouhani, in 2025 Pezeshkian; "the former ..." is nobody
in particular. Expected holders are read from data/offices.tsv, not written here."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from timeline import config
from timeline.errors import DataFileError
from timeline.lexicon import load_registry, read_tsv
from timeline.normalize import normalize
from timeline.offices import OFFICE_COLUMNS, load_offices
from timeline.pipeline import resources

DATA = Path(config.DATA_DIR)


def people(text: str, lang: str, when: date | None) -> list[tuple[str, str]]:
    norm = normalize(text, lang).text
    return [(m.actor.id, m.actor.code) for m in resources(lang).matcher.find(norm, when)
            if m.actor.kind == "person"]


def holders(code: str, office: str, when: date) -> set[str]:
    """The office's holders on ``when`` by the data file (full ISO dates only)."""
    out = set()
    for _n, row in read_tsv(DATA / "offices.tsv", OFFICE_COLUMNS):
        if (row["code"], row["office"]) != (code, office) or len(row["from"]) != 10:
            continue
        if date.fromisoformat(row["from"]) <= when and \
                (not row["to"] or when <= date.fromisoformat(row["to"])):
            out.add(row["actor_id"])
    return out


@pytest.mark.parametrize("when", [date(2015, 6, 1), date(2025, 6, 1)])
def test_the_iranian_president_is_who_held_the_office_that_day(when):
    (expected,) = holders("IRN", "head_of_government", when)  # Iran's president heads the government
    assert people("The Iranian president said on Monday that the talks went well.", "en",
                  when) == [(expected, "IRN")]
    assert people("وقال الرئيس الإيراني إن المحادثات كانت جيدة.", "ar", when) == [(expected, "IRN")]


def test_foreign_minister_and_prime_minister_follow_the_date():
    early, late = date(2012, 3, 1), date(2023, 3, 1)
    for when in (early, late):
        (fm,) = holders("EGY", "foreign_minister", when)
        (pm,) = holders("GBR", "head_of_government", when)
        got = people("The Egyptian foreign minister met the British prime minister.", "en", when)
        assert got == [(fm, "EGY"), (pm, "GBR")]
    assert people("The Egyptian foreign minister spoke.", "en", early) != \
        people("The Egyptian foreign minister spoke.", "en", late)


def test_former_elect_or_an_unknown_day_name_nobody():
    when = date(2015, 6, 1)
    assert people("The former Iranian president criticised the deal.", "en", when) == [("", "IRN")]
    assert people("Iran's president-elect spoke.", "en", when) in ([], [("", "IRN")])
    assert people("وانتقد الرئيس الإيراني السابق الاتفاق.", "ar", when) == [("", "IRN")]
    assert people("The Iranian president criticised the deal.", "en", None) == [("", "IRN")]


def test_a_name_beside_the_role_wins_over_the_office():
    got = people("Iranian President Ruhollah Examplezadeh spoke.", "en", date(2015, 6, 1))
    assert ("hassan-rouhani", "IRN") not in got


def test_a_handover_day_names_nobody(tmp_path, monkeypatch):
    registry = load_registry()
    (tmp_path / "offices.tsv").write_text(
        "code\toffice\tactor_id\tfrom\tto\n"
        "IRN\thead_of_government\thassan-rouhani\t2013\t2021-08-03\n"
        "IRN\thead_of_government\tebrahim-raisi\t2021-08-03\t\n", encoding="utf-8")
    (tmp_path / "office_roles.tsv").write_text(
        "role\toffice\tcode\npresident\thead_of_government\t\n", encoding="utf-8")
    monkeypatch.setattr(config, "DATA_DIR", tmp_path)
    offices = load_offices(registry)
    assert offices.holder("president", "IRN", date(2013, 1, 1)) == "hassan-rouhani"  # a year: from its first day
    assert offices.holder("president", "IRN", date(2021, 8, 3)) is None  # two people that day
    assert offices.holder("president", "IRN", date(2021, 8, 4)) == "ebrahim-raisi"
    assert offices.holder("president", "IRN", date(2012, 12, 31)) is None
    assert offices.holder("king", "IRN", date(2015, 1, 1)) is None  # no office for the role


@pytest.mark.parametrize("row, problem", [
    ("IRN\thead_of_government\tnobody-known\t2013\t\n", "unknown actor 'nobody-known'"),
    ("IRN\thead_of_government\thassan-rouhani\t2013-13\t\n", "not a year, month or ISO date"),
])
def test_a_bad_row_names_its_file_and_line(tmp_path, monkeypatch, row, problem):
    (tmp_path / "offices.tsv").write_text("code\toffice\tactor_id\tfrom\tto\n" + row,
                                          encoding="utf-8")
    (tmp_path / "office_roles.tsv").write_text("role\toffice\tcode\n", encoding="utf-8")
    registry = load_registry()
    monkeypatch.setattr(config, "DATA_DIR", tmp_path)
    with pytest.raises(DataFileError) as err:
        load_offices(registry)
    assert problem in str(err.value) and "offices.tsv" in str(err.value) and ":2" in str(err.value)


def test_every_office_role_is_a_role_of_both_languages_and_names_a_held_office():
    roles = {lang: {row["role"] for _n, row in read_tsv(DATA / lang / "roles.tsv",
                                                          ("phrase", "role", "kind"))}
             for lang in ("en", "ar")}
    offices = load_offices(load_registry())
    for role, _code in offices.roles:
        assert role in roles["en"] and (role in roles["ar"] or role == "secretary of state"
                                        or role == "foreign secretary"), role
