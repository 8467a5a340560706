"""Annotated acts the reader used to miss although a trigger of their type stood in the
sentence (sentences written for these tests)."""
from __future__ import annotations

from datetime import date

from timeline.model import Article
from timeline.pipeline import extract, resources
from timeline.segment import body_lines

DAY = date(2019, 5, 14)


def read(text: str, lang: str) -> list[tuple[str, set[str], set[str]]]:
    evs = extract(Article(id="t", text=text, lang=lang, published=DAY), rescore=False)
    return [(e.type, {a.code for a in e.source}, {a.code for a in e.target}) for e in evs]


def test_an_end_marker_above_the_article_drops_only_its_line():
    text = ("Read more\n\nFloods hit the north\n\nRead more\n\n"
            "On Monday Kenya expelled the ambassador of Somalia, the foreign ministry said.\n\n"
            "Read more\n\nAn unrelated story that should not be read.")
    lines = body_lines(text, "", resources("en").debris)
    assert [text[s.start:s.end] for s in lines] == [
        "On Monday Kenya expelled the ambassador of Somalia, the foreign ministry said."]


def test_an_article_under_a_teaser_list_gives_its_events():
    text = "Read more\n\nOn Monday Kenya expelled the ambassador of Somalia over the border dispute."
    assert ("sanction", {"KEN"}, {"SOM"}) in read(text, "en")


def test_a_source_line_above_an_arabic_article_drops_only_its_line():
    text = "المصدر: وكالات\n\nاستدعت وزارة الخارجية الكويتية السفير العراقي احتجاجا على الهجمات."
    got = read(text, "ar")
    assert any(t == "sanction" for t, _s, _t in got), got


def test_an_agentless_passive_sanction_is_the_act_of_the_body_that_acted_before():
    text = ("The African Union suspended Mali's membership on Monday over the coup. "
            "Niger and Guinea were suspended after military coups.")
    got = read(text, "en")
    assert [g for g in got if g[0] == "sanction" and g[1] == {"AU"} and "GIN" in g[2]], got


def test_an_agentless_passive_is_not_given_to_a_person_acting_before():
    text = ("President Macron visited Algeria on Monday. "
            "Niger was suspended after the coup.")
    assert not [g for g in read(text, "en") if g[0] == "sanction" and "FRA" in g[1]]


def test_a_meeting_said_to_be_held_after_its_noun_is_an_act_with_one_party_named():
    got = read("An emergency meeting of the Arab League was held in Cairo on Sunday.", "en")
    assert [g for g in got if g[0] == "talks" and "ARAB_LEAGUE" in g[1]], got


def test_the_talks_alone_stay_background():
    got = read("Egypt said the talks were useful.", "en")
    assert not [g for g in got if g[0] == "talks"], got
