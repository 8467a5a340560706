"""Dates from the discourse, told apart from background: an act said in the pluperfect, one
joined to a pluperfect verb, one named as someone's ("his threat"), one in the present
perfect with an adverb ("has time and again backed"), one told after the name of a dated
statement, takes neither the statement's date nor a carried one; a dated expulsion or recall
dates its maker's later statements as a dated statement does."""
from __future__ import annotations

from datetime import date

from tests.fixtures.rules import of_type, rule_events

WED = date(2021, 4, 7)


_events, _of = rule_events, of_type  # the rules alone


# -- an act said in the pluperfect inside a dated statement -----------------------------
def test_pluperfect_offer_takes_not_the_date_of_the_statement_that_tells_it():
    offers = _of("Kazakhstan's former president said on Tuesday that he had offered to host "
                 "talks between Russia and Ukraine.", "offer")
    assert all(e.when.date is None for e in offers)


def test_offer_in_the_simple_past_keeps_the_statement_date():
    offers = _of("Kazakhstan's former president said on Tuesday that he offered to host "
                 "talks between Russia and Ukraine.", "offer")
    assert offers[0].when.date == date(2021, 4, 6)


def test_arabic_pluperfect_offer_takes_not_the_date_of_the_statement():
    offers = _of("أعلن وزير الخارجية الكازاخستاني الثلاثاء أنه كان قد عرض استضافة محادثات بين "
                 "روسيا وأوكرانيا.", "offer", "ar")
    assert all(e.when.date is None for e in offers)


def test_pluperfect_statement_keeps_a_date_written_after_its_verb():
    offers = _of("Kazakhstan's former president had offered on Tuesday to host talks between "
                 "Russia and Ukraine.", "offer")
    assert offers[0].when.date == date(2021, 4, 6)


# -- a verb joined to a pluperfect one ----------------------------------------------------
def test_verb_joined_to_a_pluperfect_one_is_background():
    text = ("On Wednesday Japan's foreign minister said that China had protested to Japan "
            "and demanded that Japan end its patrols.")
    assert all(e.when.date is None for e in _of(text, "appeal"))


def test_arabic_verb_joined_to_a_pluperfect_one_is_background():
    text = ("قال وزير الخارجية الياباني الأربعاء إن الصين كانت قد احتجت لدى اليابان وطالبت "
            "طوكيو بوقف الدوريات.")
    assert all(e.when.date is None for e in _of(text, "appeal", "ar"))


def test_arabic_verb_joined_to_a_simple_past_keeps_the_statement_date():
    text = ("قال وزير الخارجية الياباني الأربعاء إن الصين احتجت لدى اليابان وطالبت طوكيو "
            "بوقف الدوريات.")
    assert all(e.when.date == WED for e in _of(text, "appeal", "ar"))


def test_verb_after_a_new_reporting_verb_is_not_joined_to_the_pluperfect():
    text = ("Japan's minister said China had protested to Japan on Wednesday, and said "
            "that Japan urged China to end its patrols.")
    assert [e.when.date for e in _of(text, "appeal")] != [None]


# -- the present perfect with an adverb -------------------------------------------------
def test_present_perfect_with_adverbs_is_not_dated_by_publication():
    for text in ("Argentina's president has time and again backed Ukraine against Russia.",
                 "Argentina's president has repeatedly backed Ukraine against Russia.",
                 "Argentina's president has long backed Ukraine against Russia."):
        assert all(e.when.date is None for e in _of(text, "support")), text


def test_present_perfect_with_adverbs_takes_no_carried_date():
    text = ("Argentina's president condemned Russia on Wednesday. "
            "Argentina's president has consistently backed Ukraine.")
    assert all(e.when.date is None for e in _of(text, "support"))


# -- an act named as someone's ----------------------------------------------------------
def test_threat_named_as_someones_takes_no_carried_date():
    text = ("Zimbabwe's president condemned Britain on Wednesday. "
            "Zimbabwe's government carried out its threat to leave the Commonwealth.")
    assert all(e.when.date is None for e in _of(text, "threat"))


def test_threat_made_in_a_later_sentence_takes_the_speakers_date():
    text = ("Zimbabwe's president condemned Britain on Wednesday. "
            "Zimbabwe's government threatened to leave the Commonwealth.")
    threats = _of(text, "threat")
    assert threats[0].when.date == WED and "speaker" in threats[0].when.note


# -- a dated statement named by a noun --------------------------------------------------
def test_date_next_to_a_statement_noun_is_the_statements():
    text = ("In a statement on Wednesday, the office of South Africa's president Cyril "
            "Ramaphosa said the South African president had spoken by phone with Russia's "
            "president.")
    assert all(e.when.date is None for e in _of(text, "talks"))


def test_arabic_date_next_to_a_statement_noun_is_the_statements():
    text = ("وفي بيان أصدرته الأربعاء، قال مكتب الرئيس الجنوب أفريقي سيريل رامافوزا عبر موقعه "
            "الرسمي إن الرئيس كان قد بحث هاتفيا مع الرئيس الروسي فلاديمير بوتين.")
    assert all(e.when.date is None for e in _of(text, "talks", "ar"))


# -- a dated act made by saying it dates its maker's later statements -------------------
def test_dated_recall_dates_the_same_makers_later_statement():
    text = ("Cambodia recalled its ambassador from Thailand on Wednesday. "
            "Cambodia urged Thailand to be open minded.")
    appeals = _of(text, "appeal")
    assert appeals[0].when.date == WED and "speaker" in appeals[0].when.note


def test_dated_recall_dates_not_another_makers_statement():
    text = ("Cambodia recalled its ambassador from Thailand on Wednesday. "
            "Vietnam urged Thailand to be open minded.")
    assert all(e.when.date is None for e in _of(text, "appeal"))


def test_pluperfect_verb_that_opens_a_quotation_is_background():
    text = ('On Wednesday the president of Indonesia said his government had "protested '
            'strongly" to Australia about the spying.')
    assert all(e.when.date is None for e in _of(text, "condemnation"))


# -- a visit told as ending is dated by its last day --------------------------------------
def test_talks_during_a_visit_told_as_ending_take_not_its_last_day():
    text = ("Ethiopia's prime minister concluded a visit to Eritrea on Sunday. "
            "The visiting prime minister held talks with Eritrea's president on ways to end the war.")
    talks = [e for e in _of(text, "talks") if "Eritrea" in e.evidence and "held talks" in e.evidence]
    assert talks and all(e.when.date is None for e in talks)


def test_arabic_talks_during_a_visit_told_as_ending_take_not_its_last_day():
    text = ("اختتم رئيس الوزراء الإثيوبي اليوم زيارة إلى إريتريا. "
            "وخلال الزيارة، التقى رئيس الوزراء الإثيوبي الرئيس الإريتري.")
    talks = [e for e in _of(text, "talks", "ar") if "خلال الزيارة" in e.evidence]
    assert talks and all(e.when.date is None for e in talks)


# -- a page's time stamp -----------------------------------------------------------------
def test_date_written_with_a_clock_time_is_the_pages_stamp():
    text = ("Abu Dhabi, Thursday 8 April 2021 04:12 - Russia's president sent an invitation "
            "to the US president to visit Moscow.")
    assert all(e.when.date is None for e in _of(text, "invitation"))


def test_arabic_date_written_with_a_clock_time_is_the_pages_stamp():
    text = ("أبوظبي في الخميس 8 أبريل 2021 04:12 صباحاً - وجه الرئيس الروسي فلاديمير بوتين إلى "
            "نظيره الأميركي دعوة لزيارة موسكو.")
    assert all(e.when.date is None for e in _of(text, "invitation", "ar"))


def test_date_with_a_time_of_day_in_words_is_the_acts():
    text = "Russia's foreign ministry condemned Ukraine on Wednesday at 10:30 for the attack."
    assert [e.when.date for e in _of(text, "condemnation")] == [WED]


# -- a clause of time ------------------------------------------------------------------
def test_act_in_a_clause_of_time_takes_not_the_main_clauses_date():
    text = ("Venezuela broke off relations with Colombia on Wednesday, after Colombia accused "
            "Venezuela of sheltering rebels.")
    assert all(e.when.date is None for e in _of(text, "accusation"))


def test_arabic_act_in_a_clause_of_time_takes_not_the_main_clauses_date():
    text = "قطعت فنزويلا علاقاتها مع كولومبيا الأربعاء بعد أن اتهمت كولومبيا فنزويلا بإيواء المتمردين."
    assert all(e.when.date is None for e in _of(text, "accusation", "ar"))


def test_act_after_a_closed_clause_of_time_keeps_the_date():
    text = "On Wednesday, after the talks, Colombia accused Venezuela of sheltering rebels."
    assert [e.when.date for e in _of(text, "accusation")] == [WED]


# -- a later sentence that dates the remarks -------------------------------------------
def test_remarks_dated_in_a_later_sentence_date_the_statements_before():
    text = ("Kazakhstan's president said he was ready to mediate between Russia and Ukraine. "
            "Kazakhstan's president also urged Russia to respect Ukraine's borders. "
            "He made the remarks in Astana on Tuesday.")
    appeals = _of(text, "appeal")
    assert appeals[0].when.date == date(2021, 4, 6) and "remarks" in appeals[0].when.note


def test_arabic_remarks_dated_in_a_later_sentence_date_the_statements_before():
    text = ("وحث وزير الدفاع التركي خلوصي أكار ليبيا على الإفراج عن المواطنين الأتراك. "
            "وجاءت تصريحات أكار، الثلاثاء، ردا على تهديدات سابقة.")
    appeals = _of(text, "appeal", "ar")
    assert appeals[0].when.date == date(2021, 4, 6)


def test_remarks_dated_later_do_not_reach_past_a_dated_act():
    text = ("Kazakhstan's president urged Russia on Monday to respect Ukraine's borders. "
            "Belarus's president condemned the attacks. "
            "He made the remarks in Minsk on Tuesday.")
    appeals = _of(text, "appeal")
    assert appeals[0].when.date == date(2021, 4, 5)


def test_date_notes_of_remarks_read_in_arabic():
    from timeline.labels import labels
    text, whole = labels("ar").date_note("dated by the date of the remarks told after it")
    assert whole and not any("a" <= ch <= "z" for ch in text)


# -- acts told on hearsay ----------------------------------------------------------------
def test_act_told_by_unnamed_sources_takes_no_carried_date():
    text = ("Syria's president condemned Israel on Wednesday. "
            "According to diplomatic sources, Syria's president urged Russia to deploy police "
            "in the south.")
    assert all(e.when.date is None for e in _of(text, "appeal"))


def test_arabic_act_told_by_unnamed_sources_takes_no_carried_date():
    text = ("وأدان الرئيس السوري إسرائيل الأربعاء. "
            "ونقلت وكالة رويترز عن مصادر سورية أن الرئيس السوري طالب روسيا بنشر الشرطة العسكرية.")
    assert all(e.when.date is None for e in _of(text, "appeal", "ar"))
