"""The sentence reader's general rules: denials, passive agents, "by", datelines."""
from __future__ import annotations

from datetime import date

import pytest

from timeline.model import Article, Span
from timeline.pipeline import extract
from timeline.segment import dateline_end

THU = date(2021, 2, 18)


def read(text: str, lang: str) -> list[tuple[str, set[str], set[str]]]:
    evs = extract(Article(id="t", text=text, lang=lang, published=THU), rescore=False)
    return [(e.type, {a.code for a in e.source}, {a.code for a in e.target}) for e in evs]


@pytest.mark.parametrize("text,lang", [
    ("Iran rejected the accusations made by Morocco on Tuesday.", "en"),
    ("Pakistan rejected the allegations by India.", "en"),
    ("Russia denied it had threatened Ukraine.", "en"),
    ("رفضت إيران الاتهامات المغربية.", "ar"),
    ("نفت قطر أن تكون قد وافقت على مطالب السعودية.", "ar"),
])
def test_a_denial_gives_no_event(text, lang):
    assert [t for t, _s, _t in read(text, lang) if t != "accusation"] == []


def test_the_charge_a_denial_answers_was_made_all_the_same():
    got = read("ونفت الخارجية الإيرانية اتهامات المغرب لطهران بدعم الجبهة.", "ar")
    assert [(t, s) for t, s, _ in got] == [("accusation", {"MAR"})], got


def test_an_act_after_the_reporting_verb_that_follows_a_denial_stands():
    # the denial covers what it denies, not what is said after a new reporting verb
    got = read("Iran denied the report and said it rejected the invitation from Egypt.", "en")
    assert ("rejection", {"IRN"}, {"EGY"}) in got


def test_a_rejected_invitation_is_still_a_rejection():
    assert ("rejection", {"IRN"}, {"EGY"}) in read("Iran rejected the invitation from Egypt.", "en")


@pytest.mark.parametrize("text", [
    "Iran said on Monday it was being threatened by Israel.",
    "Iran said it was threatened by Israel.",
])
def test_a_passive_agent_outranks_the_speaker(text):
    assert read(text, "en") == [("threat", {"ISR"}, {"IRN"})]


def test_a_named_passive_agent_with_a_named_target_under_a_speaker():
    got = read("Egypt said Qatar was accused by Saudi Arabia of supporting terrorism.", "en")
    assert ("accusation", {"SAU"}, {"QAT"}) in got


def test_by_before_a_gerund_keeps_an_act_active():
    got = read("Russia retaliated by expelling ten diplomats from Latvia.", "en")
    assert ("sanction", {"RUS"}, {"LVA"}) in got


def test_by_before_an_actor_makes_an_act_passive():
    assert ("rejection", {"CHN"}, {"JPN"}) in read("Japan's protest was rejected by China.", "en")


def test_a_noun_act_takes_its_source_from_a_near_by():
    got = read("The President announced a visit to Russia by Xi Jinping.", "en")
    assert any(t == "visit" and s == {"CHN"} for t, s, _ in got), got


def test_a_by_far_after_a_noun_act_is_not_its_agent():
    # "by" belongs to the later verb, six words and more past the noun
    got = read("The summit between Egypt and Jordan in the capital last month was praised by France.", "en")
    assert not any(t == "talks" and s == {"FRA"} for t, s, _ in got), got


@pytest.mark.parametrize("text,head", [
    ("دبي، الإمارات العربية المتحدة (CNN)- استدعت البحرين السفير", "دبي، الإمارات العربية المتحدة (CNN)- "),
    ("Nov. 21 (UPI) -- Kim Jong Un has declined", "Nov. 21 (UPI) -- "),
    ("QUITO, Ecuador (AP) — Rafael Correa will", "QUITO, Ecuador (AP) — "),
    ("الإيطالية نيوز، الأربعاء 13 أبريل 2022 - أعلن", "الإيطالية نيوز، الأربعاء 13 أبريل 2022 - "),
])
def test_a_dateline_at_the_head_of_a_paragraph_is_skipped(text, head):
    assert dateline_end(text, Span(0, len(text))) == len(head)


@pytest.mark.parametrize("text", [
    "Iran and Iraq signed a deal in 2004 - the first since the war.",
    "Russia (and Iran) - said nothing.",
])
def test_a_clause_with_a_dash_is_not_a_dateline(text):
    assert dateline_end(text, Span(0, len(text))) == 0


def test_a_dateline_mid_paragraph_is_not_skipped():
    text = "Egypt spoke. Cairo, Egypt (AP) — Iran"
    assert dateline_end(text, Span(13, len(text))) == 13


def test_a_dateline_place_is_not_the_subject():
    got = read("دبي، الإمارات العربية المتحدة (CNN)- استدعت وزارة الخارجية البحرينية القائم بالأعمال الإيراني.", "ar")
    assert ("sanction", {"BHR"}, {"IRN"}) in got, got


def test_a_noun_act_aimed_at_the_speakers_own_state():
    got = read("Pakistan's foreign minister said his country was still considering India's demand"
               " that it surrender the suspects.", "en")
    assert ("appeal", {"IND"}, {"PAK"}) in got, got
