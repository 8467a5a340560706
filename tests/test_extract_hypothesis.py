"""Extraction never fails on arbitrary text, and its offsets always point into the text."""
from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.model import EVENT_TYPES, PRECISIONS, Article
from timeline.pipeline import extract

WORDS = ["Russia", "accused", "Turkey", "met", "yesterday", "on Monday", "the", "visited", "Moscow",
         "روسيا", "اتهمت", "تركيا", "أمس", "الثلاثاء", "التقى", "وزير الخارجية", "إن", "قال", ".",
         ",", "،", "\n", "not", "لم", "will", "سيزور", "٢٠٢١", "فبراير", "Feb. 16", "\u064b", "ـ"]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from(["ar", "en"]),
       st.one_of(st.none(), st.dates(date(1950, 1, 1), date(2090, 12, 31))))
def test_extract_hypothesis_never_fails_and_offsets_hold(text, lang, published):
    article = Article(id="h", text=text, lang=lang, published=published)
    for ev in extract(article):
        assert ev.type in EVENT_TYPES
        assert ev.when.precision in PRECISIONS
        assert (ev.when.date is None) == (ev.when.precision == "none")
        assert 0 <= ev.start <= ev.end <= len(text)
        assert text[ev.start:ev.end] == ev.evidence
        assert ev.source, "every event has someone who acts"
        for span in ev.spans:
            assert 0 <= span.start <= span.end <= len(text)
