"""Dates from the discourse: acts of one visit share its date; a week that spans two months
is not replaced by the publication date; an act dated after publication is planned."""
from __future__ import annotations

from datetime import date

from timeline.model import Article
from timeline.pipeline import extract


def _events(text: str, lang: str = "en", published: date = date(2021, 4, 8)):
    return extract(Article(id="t", text=text, lang=lang, published=published), rescore=False)


def test_extract_talks_during_a_dated_visit_take_its_date():
    text = ("Ethiopia's prime minister visited Eritrea on Sunday. "
            "The visiting prime minister held talks with Eritrea's president on ways to end the war.")
    talks = [e for e in _events(text) if e.type == "talks"]
    assert talks and talks[0].when.date == date(2021, 4, 4)
    assert "during the visit" in talks[0].when.note


def test_extract_talks_of_other_parties_do_not_take_a_visit_date():
    text = ("Ethiopia's prime minister visited Eritrea on Sunday. "
            "Kenya held talks with Uganda on trade.")
    talks = [e for e in _events(text) if e.type == "talks"]
    assert talks and all(e.when.date is None or "during the visit" not in e.when.note for e in talks)


def test_extract_week_across_months_in_the_lead_is_not_dated_by_publication():
    events = _events("Kenya's foreign minister met Uganda's foreign minister last week.",
                     published=date(2021, 4, 5))
    assert events and all(e.when.date is None for e in events if e.type == "talks")


def test_extract_act_dated_after_publication_is_planned():
    events = _events("Egypt's foreign minister visits Sudan on 20 April.", published=date(2021, 4, 8))
    visits = [e for e in events if e.type == "visit"]
    assert visits and visits[0].when.date == date(2021, 4, 20) and visits[0].status == "planned"


def test_extract_arabic_verb_subject_object_are_not_one_group():
    events = _events("اتهمت كينشاسا كيغالي بدعم المتمردين يوم الاثنين.", lang="ar")
    acc = [e for e in events if e.type == "accusation"]
    assert acc and [a.code for a in acc[0].source] == ["COD"] and [a.code for a in acc[0].target] == ["RWA"]


def test_extract_capital_metonym_stands_for_its_state():
    events = _events("Kinshasa accused Kigali of backing rebels on Monday.")
    acc = [e for e in events if e.type == "accusation"]
    assert acc and [a.code for a in acc[0].source] == ["COD"] and [a.code for a in acc[0].target] == ["RWA"]


def test_extract_name_in_a_pattern_gap_is_the_arabic_subject():
    events = _events("وجهت مصر دعوة إلى لبنان لحضور القمة.", lang="ar")
    inv = [e for e in events if e.type == "invitation"]
    assert inv and [a.code for a in inv[0].source] == ["EGY"] and [a.code for a in inv[0].target] == ["LBN"]


def test_extract_name_in_a_pattern_gap_is_the_english_object():
    events = _events("Britain held Russia responsible for the attack on Monday.")
    acc = [e for e in events if e.type == "accusation"]
    assert acc and [a.code for a in acc[0].source] == ["GBR"] and [a.code for a in acc[0].target] == ["RUS"]
