"""Consistency checks for the actor registry (data/actors.tsv) and its alias files."""
from __future__ import annotations

import csv
import itertools
import re
import unicodedata
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
ACTORS = DATA / "actors.tsv"
ALIASES = {"en": DATA / "en" / "aliases.tsv", "ar": DATA / "ar" / "aliases.tsv"}
CODES_MD = ROOT.parent / "shared" / "spec" / "CODES.md"

ACTOR_HEADER = ["id", "name", "kind", "code", "valid_from", "valid_to"]
ALIAS_HEADER = ["alias", "actor_id", "form"]
KINDS = {"state", "person", "igo", "ngo", "group"}
FORMS = {"name", "variant", "abbr", "demonym", "capital", "seat", "surname"}

# The 193 UN member states (ISO 3166-1 alpha-3).
UN_MEMBERS = frozenset("""
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN
BOL BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD
CRI CIV HRV CUB CYP CZE DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN
FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ
IRL ISR ITA JAM JPN JOR KAZ KEN KIR PRK KOR KWT KGZ LAO LVA LBN LSO LBR LBY LIE
LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR
NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT
QAT ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM
ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV
UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split())  # noqa: SIM905
# Palestine, the Holy See, Kosovo and Taiwan, as the gold files code them.
EXTRA_STATES = frozenset({"PSE", "VAT", "XKX", "TWN"})
ALL_STATES = UN_MEMBERS | EXTRA_STATES

# Codes of shared/spec/CODES.md (kept here so the test runs without shared/).
SPEC_CODES = frozenset("""
UN EU NATO ARAB_LEAGUE GCC AU ECOWAS OIC ASEAN SCO BRICS G7 G20 OPEC OPCW IAEA ICC
ICJ WHO UNHCR IGAD OSCE SYR_OPPOSITION WHITE_HELMETS SDF HTS HAMAS PIJ HEZBOLLAH
HOUTHIS TALIBAN ISIS RSF LNA PKK
""".split())  # noqa: SIM905

PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None})
_TASHKEEL = re.compile("[\u064b-\u0652\u0670]")


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if not ln.startswith("#") and ln.strip()]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    rows = []
    for n, rec in enumerate(reader, 2):
        assert len(rec) == len(header), f"{path.name}: record {n} has {len(rec)} fields: {rec}"
        rows.append(dict(zip(header, rec)))
    return header, rows


def _fold_ar(text: str) -> str:
    return _TASHKEEL.sub("", unicodedata.normalize("NFC", text)).translate(_ARABIC_FOLD)


@pytest.fixture(scope="module")
def actors() -> list[dict[str, str]]:
    header, rows = _read(ACTORS)
    assert header == ACTOR_HEADER
    return rows


@pytest.fixture(scope="module")
def aliases() -> dict[str, list[dict[str, str]]]:
    out = {}
    for lang, path in ALIASES.items():
        header, rows = _read(path)
        assert header == ALIAS_HEADER, path
        out[lang] = rows
    return out


def test_actor_fields(actors):
    assert actors
    for row in actors:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["id"]), row
        assert row["name"].strip() == row["name"] and row["name"], row
        assert row["kind"] in KINDS, row
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", row["code"]), row
        if row["kind"] == "state":
            assert re.fullmatch(r"[A-Z]{3}", row["code"]), row
        for key in ("valid_from", "valid_to"):
            if row[key]:
                date.fromisoformat(row[key])


def test_rows_of_one_id_agree_and_do_not_overlap(actors):
    by_id = defaultdict(list)
    for row in actors:
        by_id[row["id"]].append(row)
    for aid, rows in by_id.items():
        assert len({(r["name"], r["kind"]) for r in rows}) == 1, aid
        spans = []
        for r in rows:
            start = date.fromisoformat(r["valid_from"]) if r["valid_from"] else date.min
            end = date.fromisoformat(r["valid_to"]) if r["valid_to"] else date.max
            assert start <= end, r
            spans.append((start, end))
        spans.sort()
        for (s1, e1), (s2, e2) in itertools.pairwise(spans):
            assert e1 < s2, f"{aid}: overlapping validity"


def test_alias_rows(actors, aliases):
    ids = {row["id"] for row in actors}
    for lang, rows in aliases.items():
        assert rows, lang
        for row in rows:
            assert row["actor_id"] in ids, (lang, row)
            assert row["form"] in FORMS, (lang, row)
            alias = row["alias"]
            assert alias and alias == alias.strip() and "  " not in alias, (lang, row)
            assert bool(ARABIC_LETTER.search(alias)) == (lang == "ar"), (lang, row)


def test_alias_points_to_one_actor(aliases):
    for lang, rows in aliases.items():
        seen: dict[str, str] = {}
        for row in rows:
            key = _fold_ar(row["alias"]) if lang == "ar" else row["alias"]
            other = seen.setdefault(key, row["actor_id"])
            assert other == row["actor_id"], (lang, row["alias"], other, row["actor_id"])


def test_arabic_aliases_have_no_clitic_spelling_duplicates(aliases):
    # The matcher strips و ف ب ل ك itself: an alias should not need them, and a listed
    # alias must not turn into another actor's alias once a clitic is stripped.
    folded = {_fold_ar(r["alias"]): r["actor_id"] for r in aliases["ar"]}
    for row in aliases["ar"]:
        key = _fold_ar(row["alias"])
        if key[0] in "وفبلك" and key[1:] in folded:
            assert folded[key[1:]] == row["actor_id"], row


def test_files_are_nfc_without_presentation_forms():
    for path in [ACTORS, *ALIASES.values()]:
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path
        assert not PRESENTATION_FORMS.search(text), path
        assert "\r" not in text, path


def test_every_state_is_covered(actors, aliases):
    assert len(UN_MEMBERS) == 193
    state_ids = defaultdict(set)
    for row in actors:
        if row["kind"] == "state":
            state_ids[row["code"]].add(row["id"])
    missing = sorted(ALL_STATES - set(state_ids))
    assert not missing, missing
    for lang, rows in aliases.items():
        named = {r["actor_id"] for r in rows if r["form"] == "name"}
        lacking = sorted(code for code in ALL_STATES if not state_ids[code] & named)
        assert not lacking, (lang, lacking)


def test_spec_codes_are_used(actors):
    codes = {row["code"] for row in actors}
    wanted = set(SPEC_CODES)
    if CODES_MD.exists():
        wanted |= set(re.findall(r"^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|", CODES_MD.read_text(encoding="utf-8"), re.MULTILINE))
    assert not sorted(wanted - codes), sorted(wanted - codes)


def test_taliban_code_changes_on_2021_08_15(actors):
    rows = sorted((r for r in actors if r["id"] == "taliban"), key=lambda r: r["valid_from"])
    assert [(r["code"], r["valid_from"], r["valid_to"]) for r in rows] == [
        ("TALIBAN", "", "2021-08-14"),
        ("AFG", "2021-08-15", ""),
    ]


@pytest.mark.parametrize(
    ("lang", "alias", "code"),
    [
        ("en", "Russia", "RUS"),
        ("en", "Kremlin", "RUS"),
        ("en", "U.S.", "USA"),
        ("en", "White House", "USA"),
        ("en", "Emirati", "ARE"),
        ("en", "UN Security Council", "UN"),
        ("en", "White Helmets", "WHITE_HELMETS"),
        ("ar", "الولايات المتحدة", "USA"),
        ("ar", "الأميركيين", "USA"),
        ("ar", "الأمريكية", "USA"),
        ("ar", "الروس", "RUS"),
        ("ar", "الخوذ البيضاء", "WHITE_HELMETS"),
        ("ar", "الدفاع المدني السوري", "WHITE_HELMETS"),
        ("ar", "مجلس الأمن", "UN"),
        ("ar", "الإمارات", "ARE"),
    ],
)
def test_known_aliases(actors, aliases, lang, alias, code):
    codes = {r["id"]: r["code"] for r in actors}
    hits = [r for r in aliases[lang] if _fold_ar(r["alias"]) == _fold_ar(alias)]
    assert hits, alias
    assert codes[hits[0]["actor_id"]] == code


def test_ambiguous_words_are_not_aliases(aliases):
    banned_ar = {"عمان", "المملكة", "الدولة", "الجمهورية", "سلام", "عباس", "علي", "أمل", "نصر", "القاعدة",
                 "مالي", "المالية", "كيف", "رئيسي", "المعلم", "الأوروبي"}
    listed = {_fold_ar(r["alias"]) for r in aliases["ar"]}
    assert not {_fold_ar(w) for w in banned_ar} & listed
    banned_en = {"May", "Johnson", "Ali", "Khan", "Kim", "Congo", "Korea", "Male"}
    assert not banned_en & {r["alias"] for r in aliases["en"]}
