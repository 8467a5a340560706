"""Lemma patterns (``word+``) in trigger data expand to every inflected form."""
from __future__ import annotations

from datetime import date

from timeline import lexicon as lx
from timeline.inflect import arabic_forms, english_forms, expand
from timeline.model import Article
from timeline.normalize import fold
from timeline.pipeline import extract


def test_inflect_english_regular_and_irregular_forms():
    irregular = {"meet": ("meets", "met", "met", "meeting")}
    assert english_forms("condemn", irregular) == ("condemn", "condemns", "condemned", "condemning")
    assert english_forms("denounce", irregular) == ("denounce", "denounces", "denounced", "denouncing")
    assert english_forms("decry", irregular) == ("decry", "decries", "decried", "decrying")
    assert english_forms("veto", {}) [:2] == ("veto", "vetoes")
    assert english_forms("meet", irregular) == ("meet", "meets", "met", "meeting")
    assert english_forms("agree", {}) == ("agree", "agrees", "agreed", "agreeing")


def test_inflect_arabic_persons_present_noun_and_object_pronouns():
    forms = arabic_forms(fold("أدان"), {fold("أدان"): (fold("يدين"), fold("إدانة"))})
    for word in ("أدان", "أدانت", "أدانوا", "يدين", "تدين", "ندين", "يدينون", "إدانة", "إدانات", "أدانه"):
        assert fold(word) in forms, word


def test_inflect_pattern_expands_only_the_lemma_word():
    out = expand(("expel+", "~", "ambassador"), "en", {"expel": ("expels", "expelled", "expelled", "expelling")}, {})
    assert ("expelled", "~", "ambassador") in out and ("expelling", "~", "ambassador") in out
    assert all(p[1:] == ("~", "ambassador") for p in out)
    assert expand(("talks",), "en", {}, {}) == [("talks",)]


def test_inflect_loaded_triggers_hold_generated_forms_once():
    triggers = lx.load_triggers("en")
    keys = [(t.tokens, t.type) for t in triggers]
    assert len(keys) == len(set(keys))
    assert (("rebuffing",), "rejection") in keys  # only "rebuff+" is written in the data


def test_inflect_generated_form_finds_an_event_in_text():
    art = Article(id="a", text="Egypt strongly decries the attack by Ethiopia on Sudan, the ministry said on Monday.",
                  lang="en", published=date(2021, 3, 3))
    types = {e.type for e in extract(art)}
    assert "condemnation" in types


def test_inflect_arabic_more_pronouns_participle_and_no_false_first_persons():
    verbs = {fold("اتهم"): (fold("يتهم"), fold("اتهام"), fold("متهم")),
             fold("لبى"): (fold("يلبي"), "", "")}
    forms = arabic_forms(fold("اتهم"), verbs)
    for word in ("اتهموه", "يتهمونه", "اتهمهما", "يتهمنا", "اتهاماً", "متهماً", "متهمين", "متهمة"):
        assert fold(word) in forms, word
    assert fold("اتهمواه") not in forms
    # the first persons take no ending, and أـ before ل would read as the article
    assert fold("البيان") not in arabic_forms(fold("لبى"), verbs)
    assert fold("نلبي") in arabic_forms(fold("لبى"), verbs)


def test_inflect_arabic_final_weak_letter_drops_before_endings():
    verbs = {fold("أبدى"): (fold("يبدي"), "", ""), fold("دعا"): (fold("يدعو"), "", "")}
    for word in ("أبدت", "أبدوا", "يبدون"):
        assert fold(word) in arabic_forms(fold("أبدى"), verbs), word
    for word in ("دعت", "دعوا", "يدعون", "دعته"):
        assert fold(word) in arabic_forms(fold("دعا"), verbs), word


def test_inflect_arabic_left_out_forms_and_noun_voice():
    verbs = {fold("زار"): (fold("يزور"), fold("زيارة"), "", fold("زاره"))}
    forms = arabic_forms(fold("زار"), verbs)
    assert fold("زاره") not in forms and fold("زارها") in forms
    triggers = lx.load_triggers("ar")
    voices = {(t.tokens, t.type): t.voice for t in triggers}
    assert voices[((fold("إدانات"),), "condemnation")] == "noun"
    assert voices[((fold("أدانت"),), "condemnation")] == "active"


def test_inflect_arabic_plural_noun_takes_a_possessive():
    verbs = {fold("زار"): (fold("يزور"), fold("زيارة"), "", "")}
    forms = arabic_forms(fold("زار"), verbs)
    for word in ("زيارات", "زيارته", "زياراته", "زياراتها", "زياراتهم"):
        assert fold(word) in forms, word


def _ar_trigger_types(sentence: str) -> set[str]:
    from timeline.events import Tokenizer, match_triggers
    from timeline.pipeline import resources
    res = resources("ar")
    text = fold(sentence)
    tokens = Tokenizer("ar", res.cues, res.reader.words, res.reader.index)(text, 0, len(text))
    return {t.type for _s, _e, t in match_triggers(tokens, res.reader.index)}


def test_inflect_arabic_lemmas_open_the_act_in_sentences_of_each_type():
    """Sentences written for the test (no corpus text): each states one act the way
    Arabic news does, through a lemma's inflected form or a set phrase."""
    cases = {
        "threat": ("وتنذر الحكومة جارتها بأنها لن تسكت عن أي اعتداء",
                   "وقال الوزير إن بلاده ستلجأ إلى كل الوسائل لحماية حدودها"),
        "accusation": ("وقال المتحدث إن القوات انتهكت الهدنة مرارا",
                       "وأضاف أن الطرف الآخر يعرقل وصول المساعدات ويفتعل الأزمات"),
        "condemnation": ("وأعرب الوزير عن انزعاجه الشديد من التصريحات",
                         "واستغربت الخارجية القرار الصادر أمس"),
        "support": ("ونوّه الرئيس بجهود الوساطة التي بذلتها الدوحة",
                    "وأثنى الوزير في كلمته على الدور الذي تؤديه المنظمة"),
        "rejection": ("وانسحب الوفد الحكومي من المفاوضات مساء السبت",),
        "appeal": ("وتشترط الحكومة انسحاب القوات قبل أي حوار",
                   "وقال إنه ينبغي على الأطراف كافة التحلي بضبط النفس"),
        "visit": ("ووصل الرئيس إلى العاصمة على رأس وفد رفيع",
                  "ويبدأ الوزير غدا جولة أوروبية تشمل ثلاث دول"),
        "talks": ("وتنعقد الجولة المقبلة في العاصمة العمانية",),
    }
    for kind, sentences in cases.items():
        for sentence in sentences:
            assert kind in _ar_trigger_types(sentence), (kind, sentence)


def test_inflect_arabic_verb_lemma_reaches_its_object_past_a_long_subject():
    """Verb first, then the subject with its title and name, then the object: a verb
    lemma's wide gap ("~~") reaches the object six to eight words on."""
    sentence = "وعلّقت المنظمة الإقليمية في اجتماعها الطارئ أمس عضوية البلد"
    assert "sanction" in _ar_trigger_types(sentence)
    assert "sanction" not in _ar_trigger_types("وعلّقت المنظمة الإقليمية في اجتماعها الطارئ أمس الأول والثاني والثالث عضوية البلد")
