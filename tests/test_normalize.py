from hypothesis import given
from hypothesis import strategies as st

from timeline.normalize import fold, normalize


def test_normalize_folds_hamza_alef_forms():
    assert fold("أإآا") == "اااا"


def test_normalize_folds_ta_marbuta_and_alef_maqsura():
    assert fold("مستعدة") == "مستعده"
    assert fold("إلى") == "الي"


def test_normalize_removes_diacritics_and_tatweel_keeping_offsets():
    text = "وصلَ الوفدُ الـــروسي"
    n = normalize(text)
    assert n.text == "وصل الوفد الروسي"
    i = n.text.index("الروسي")
    start, end = n.to_original(i), n.to_original_end(i + len("الروسي"))
    assert text[start:end] == "الـــروسي"


def test_normalize_spelling_variants_become_equal():
    assert fold("الأمريكية") == fold("الامريكيه")
    assert fold("لافرينتييف") != fold("لافرنتيف")  # letter variants are listed as aliases


def test_normalize_eastern_arabic_digits():
    assert fold("١٥ سبتمبر ٢٠٢٠") == "15 سبتمبر 2020"


@given(st.text(max_size=200))
def test_normalize_is_idempotent_and_offsets_stay_in_bounds(text):
    n = normalize(text)
    assert normalize(n.text).text == n.text
    for i in range(len(n.text)):
        assert 0 <= n.to_original(i) < max(len(text), 1)
        assert n.to_original(i) <= n.to_original_end(i + 1) <= len(text)
