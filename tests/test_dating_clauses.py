"""Dates that belong to another clause, or another statement, do not reach an act: a lead
told in the present perfect names acts done at no time the text gives (its nouns too)."""
from __future__ import annotations

from datetime import date

from tests.fixtures.rules import THU, of_type, rule_events

_events, _of = rule_events, of_type  # the rules alone


# -- a lead told in the present perfect --------------------------------------------------
def test_lead_in_the_present_perfect_dates_neither_its_verb_nor_its_nouns():
    text = ("After two days of negotiations in Geneva, Armenia and Azerbaijan have agreed on "
            "a lasting truce. The foreign ministers met again on Tuesday.")
    assert all(e.when.date is None for e in _of(text, "agreement"))
    assert all(e.when.date is None for e in _of(text, "talks") if "negotiations" in e.evidence)


def test_lead_in_the_simple_past_is_dated_by_publication():
    text = "Armenia and Azerbaijan agreed on a lasting truce after two days of negotiations in Geneva."
    assert _of(text, "agreement")[0].when.date == THU


# -- a statement or thread apart from the dated one --------------------------------------
def test_separate_statement_takes_not_the_date_of_the_statement_before():
    text = ("Ghana's foreign minister condemned the coup in Niger on Tuesday. Ghana also said "
            "in a separate statement that it urged the junta to free the president.")
    appeals = [e for e in _of(text, "appeal") if "separate" in e.evidence]
    assert appeals and all(e.when.date is None for e in appeals)


def test_meanwhile_opens_a_thread_apart_from_the_dated_statement():
    text = ("Ghana's foreign minister condemned the coup in Niger on Tuesday. Meanwhile, Ghana "
            "urged the junta to free the president.")
    appeals = [e for e in _of(text, "appeal") if "Meanwhile" in e.evidence]
    assert appeals and all(e.when.date is None for e in appeals)


def test_a_later_statement_of_the_same_speaker_keeps_the_carried_date():
    text = ("Ghana's foreign minister condemned the coup in Niger on Tuesday. Ghana also "
            "urged the junta to free the president.")
    appeals = [e for e in _of(text, "appeal") if "also" in e.evidence]
    assert appeals and appeals[0].when.date == date(2021, 4, 6)


def test_arabic_separate_statement_takes_not_the_date_of_the_statement_before():
    text = ("أدان وزير الخارجية الغاني الانقلاب في النيجر يوم الثلاثاء. وطالبت غانا في بيان منفصل "
            "المجلس العسكري بالإفراج عن الرئيس.")
    appeals = [e for e in _of(text, "appeal", "ar") if "منفصل" in e.evidence]
    assert appeals and all(e.when.date is None for e in appeals)


# -- background told after a pluperfect act, or tied to another time ---------------------
def test_act_after_a_pluperfect_one_in_its_sentence_takes_no_carried_date():
    text = ("Peru's foreign minister condemned the raid on the embassy on Tuesday. Bolivia had "
            "asked Peru to hand over the former minister, a request Peru rejected.")
    rejections = [e for e in _of(text, "rejection") if "had asked" in e.evidence]
    assert rejections and all(e.when.date is None for e in rejections)


# -- a date in a relative clause ---------------------------------------------------------
def test_date_in_a_relative_clause_after_a_verb_is_not_the_acts():
    text = ("Kenya's president invited Ethiopia's prime minister to the regional summit, which "
            "opens on 12 June in Nairobi.")
    invitations = _of(text, "invitation")
    assert all(e.when.date != date(2021, 6, 12) for e in invitations)


def test_relative_clause_right_after_the_act_tells_of_that_act():
    text = "Ethiopia's prime minister will pay a visit, which starts on 12 June, to Kenya."
    assert _of(text, "visit")[0].when.date == date(2021, 6, 12)


def test_arabic_date_in_a_relative_clause_is_not_the_acts():
    text = ("وجّه الرئيس الكيني دعوة إلى رئيس الوزراء الإثيوبي لحضور القمة الإقليمية التي "
            "تستضيفها نيروبي في 12 يونيو.")
    assert all(e.when.date != date(2021, 6, 12) for e in _of(text, "invitation", "ar"))


def test_date_in_a_clause_of_time_after_the_act_is_that_clauses():
    text = "Venezuela rejected the Colombian plan a month after the border was closed on 2 March."
    assert all(e.when.date != date(2021, 3, 2) for e in _of(text, "rejection"))


# -- a date that is a meeting's, named past the act --------------------------------------
def test_date_written_before_a_meeting_noun_is_the_meetings():
    text = "ASEAN barred Myanmar's junta leader from the June 14-16 summit, its chair said in a statement."
    assert all(e.when.date != date(2021, 6, 14) for e in _of(text, "sanction"))


def test_date_of_a_summit_due_later_is_not_the_refusals():
    text = ("Belarus's president will stay away from the regional summit due in Brussels on "
            "12 June, his office said.")
    assert all(e.when.date != date(2021, 6, 12) for e in _of(text, "rejection"))


# -- an act named as the cause of the main one -------------------------------------------
def test_accusation_named_as_the_cause_takes_not_the_main_acts_date():
    text = ("Norway expelled a Russian diplomat on Tuesday over accusations that he had spied "
            "on its navy.")
    assert all(e.when.date is None for e in _of(text, "accusation"))


def test_arabic_accusation_named_as_the_cause_takes_not_the_main_acts_date():
    text = "فرضت الولايات المتحدة أمس عقوبات جديدة على روسيا بسبب اتهامها بالتدخل في الانتخابات."
    accusations = _of(text, "accusation", "ar")
    assert all(e.when.date is None for e in accusations)
