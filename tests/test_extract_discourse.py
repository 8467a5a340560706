"""Dates from the discourse: acts of one visit share its date; a week that spans two months
is not replaced by the publication date; an act dated after publication is planned."""
from __future__ import annotations

from datetime import date

from tests.fixtures.rules import rule_events

_events = rule_events


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


# --------------------------------------------------------------- acts told as background

def _dated(events, kind):
    return [e for e in events if e.type == kind]


def test_extract_pluperfect_act_takes_no_date_of_the_statement_reporting_it():
    # the statement is Tuesday's; the meeting it recalls came before, at no written time
    events = _events("Kenya's foreign minister said on Tuesday that he had met "
                     "Uganda's foreign minister.", published=date(2021, 4, 8))
    talks = _dated(events, "talks")
    assert talks and all(e.when.date is None for e in talks)


def test_extract_pluperfect_act_takes_no_carried_date():
    text = ("Egypt's foreign minister visited Sudan on Sunday. "
            "Egypt had accused Ethiopia of stalling the talks.")
    acc = _dated(_events(text), "accusation")
    assert acc and all(e.when.date is None for e in acc)


def test_extract_arabic_pluperfect_with_kana_qad_is_background():
    text = ("زار وزير الخارجية المصري السودان يوم الأحد. "
            "وكانت مصر قد اتهمت إثيوبيا بعرقلة المفاوضات.")
    acc = _dated(_events(text, lang="ar"), "accusation")
    assert acc and all(e.when.date is None for e in acc)


def test_extract_pluperfect_act_keeps_a_date_of_its_own():
    events = _events("Egypt had accused Ethiopia on Monday of stalling the negotiations.",
                     published=date(2021, 4, 8))
    acc = _dated(events, "accusation")
    assert acc and acc[0].when.date == date(2021, 4, 5)


def test_extract_planned_visit_announced_on_a_day_takes_no_date_of_the_announcement():
    events = _events("Egypt's foreign ministry announced on Tuesday that the minister "
                     "would visit Sudan.", published=date(2021, 4, 8))
    visits = _dated(events, "visit")
    assert visits and all(e.when.date is None for e in visits)


def test_extract_planned_visit_soon_has_no_date():
    events = _events("Egypt's foreign minister said on Tuesday that he will visit Sudan soon.",
                     published=date(2021, 4, 8))
    visits = _dated(events, "visit")
    assert visits and visits[0].when.date is None and "soon" in visits[0].when.note


def test_extract_arabic_planned_visit_qariban_has_no_date():
    events = _events("أعلن وزير الخارجية المصري، الثلاثاء، أنه سيزور السودان قريبا.", lang="ar",
                     published=date(2021, 4, 8))
    visits = _dated(events, "visit")
    assert visits and visits[0].when.date is None


def test_extract_soon_after_is_not_an_unfixed_time():
    events = _events("Kenya's foreign minister met Uganda's foreign minister on Monday, "
                     "soon after the summit.", published=date(2021, 4, 8))
    talks = _dated(events, "talks")
    assert talks and talks[0].when.date == date(2021, 4, 5)


def test_extract_recent_act_has_no_date():
    text = ("Egypt's foreign minister visited Sudan on Sunday. "
            "Egypt recently accused Ethiopia of stalling the talks.")
    acc = _dated(_events(text), "accusation")
    assert acc and all(e.when.date is None for e in acc)
    assert "no fixed time" in acc[0].when.note


def test_extract_earlier_on_a_day_is_that_day():
    events = _events("Egypt earlier on Monday accused Ethiopia of stalling the talks.",
                     published=date(2021, 4, 8))
    acc = _dated(events, "accusation")
    assert acc and acc[0].when.date == date(2021, 4, 5)


def test_extract_an_expulsion_announced_keeps_the_statement_date():
    # expelling is done by announcing it: the statement's date is the act's
    events = _events("Britain said on Wednesday that 23 Russian diplomats would be expelled.",
                     published=date(2021, 4, 8))
    sanctions = _dated(events, "sanction")
    assert sanctions and sanctions[0].when.date == date(2021, 4, 7)


def test_extract_invitation_named_as_the_cause_of_a_visit_takes_not_its_date():
    events = _events("Egypt's foreign minister will visit Sudan on Monday at the invitation of "
                     "Sudan's foreign minister.", published=date(2021, 4, 8))
    visits, invitations = _dated(events, "visit"), _dated(events, "invitation")
    assert visits and visits[0].when.date == date(2021, 4, 12)
    assert invitations and all(e.when.date is None for e in invitations)


def test_extract_arabic_invitation_named_as_the_cause_of_a_visit_takes_not_its_date():
    events = _events("يزور وزير الخارجية المصري السودان غدا، بدعوة من نظيره السوداني.", lang="ar",
                     published=date(2021, 4, 8))
    visits, invitations = _dated(events, "visit"), _dated(events, "invitation")
    assert visits and visits[0].when.date == date(2021, 4, 9)
    assert invitations and all(e.when.date is None for e in invitations)


def test_extract_present_perfect_lead_is_not_dated_by_publication():
    events = _events("Egypt has accused Ethiopia of stalling the talks on the dam.",
                     published=date(2021, 4, 8))
    acc = _dated(events, "accusation")
    assert acc and all(e.when.date is None for e in acc)


def test_extract_past_lead_is_dated_by_publication_and_says_so():
    events = _events("Egypt accused Ethiopia of stalling the talks on the dam.",
                     published=date(2021, 4, 8))
    acc = _dated(events, "accusation")
    assert acc and acc[0].when.date == date(2021, 4, 8) and "publication" in acc[0].when.note


def test_extract_planned_meeting_reads_its_weekday_forwards_before_its_word():
    events = _events("On Thursday, Kenya's foreign minister will meet Uganda's foreign minister.",
                     published=date(2021, 4, 12))
    talks = _dated(events, "talks")
    assert talks and talks[0].when.date == date(2021, 4, 15)


def test_extract_invitation_at_whose_call_a_stay_came_is_undated():
    events = _events("Kenya's foreign minister was in Uganda from 3 to 5 April at the invitation "
                     "of Uganda's foreign minister.", published=date(2021, 4, 8))
    invitations = _dated(events, "invitation")
    assert invitations and all(e.when.date is None for e in invitations)
    assert all("another act" in e.when.note for e in invitations)


def test_date_notes_of_dating_read_in_arabic():
    from timeline.labels import labels
    lab = labels("ar")
    for note in ("during the visit or talks of the same parties reported before it",
                 "the dates in the sentence are another act's",
                 "undated act in the lead sentence: dated by publication",
                 "'قريبا': no fixed time",
                 "no year: the 2021 one, whose weekday is written (published 2021-02-18)"):
        text, whole = lab.date_note(note)
        assert whole and not any("a" <= ch <= "z" for ch in text), note


def test_extract_statement_takes_the_day_of_its_speakers_dated_statement():
    text = ("Russia's president condemned Georgia on Tuesday. "
            "Russia's president urged the United States to rethink its ties with Georgia.")
    appeals = _dated(_events(text), "appeal")
    assert appeals and appeals[0].when.date == date(2021, 4, 6)
    assert "speaker" in appeals[0].when.note


def test_extract_statement_takes_no_date_from_its_speakers_other_acts():
    # a dated agreement is no statement frame: the appeal told after it has no date (a dated
    # expulsion or recall, announced by saying it, is one: see test_dating_background.py)
    text = ("Russia signed a trade agreement with Armenia on Tuesday. "
            "Russia's president urged the United States to rethink its ties with Georgia.")
    appeals = _dated(_events(text), "appeal")
    assert appeals and appeals[0].when.date is None


def test_extract_background_statement_dates_no_later_statement():
    text = ("Russia had condemned Georgia on Tuesday. "
            "Russia's president urged the United States to rethink its ties with Georgia.")
    appeals = _dated(_events(text), "appeal")
    assert appeals and appeals[0].when.date is None


def test_extract_arabic_recalled_background_sentence_takes_no_carried_date():
    text = ("استدعت مصر سفير إثيوبيا يوم الأحد. "
            "يذكر أن مصر اتهمت إثيوبيا بعرقلة المفاوضات.")
    acc = _dated(_events(text, lang="ar"), "accusation")
    assert acc and all(e.when.date is None for e in acc)
