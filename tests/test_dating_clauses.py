"""Dates that belong to another clause, or another statement, do not reach an act: a lead
told in the present perfect names acts done at no time the text gives (its nouns too)."""
from __future__ import annotations

from datetime import date

from timeline.model import Article
from timeline.pipeline import extract

THU = date(2021, 4, 8)  # a Thursday: "Tuesday" is 2021-04-06


def _events(text: str, lang: str = "en", published: date = THU):
    return extract(Article(id="t", text=text, lang=lang, published=published), rescore=False)


def _of(text: str, kind: str, lang: str = "en"):
    found = [e for e in _events(text, lang) if e.type == kind]
    assert found, [(e.type, e.when) for e in _events(text, lang)]
    return found


# -- a lead told in the present perfect --------------------------------------------------
def test_lead_in_the_present_perfect_dates_neither_its_verb_nor_its_nouns():
    text = ("After two days of negotiations in Geneva, Armenia and Azerbaijan have agreed on "
            "a lasting truce. The foreign ministers met again on Tuesday.")
    assert all(e.when.date is None for e in _of(text, "agreement"))
    assert all(e.when.date is None for e in _of(text, "talks") if "negotiations" in e.evidence)


def test_lead_in_the_simple_past_is_dated_by_publication():
    text = "Armenia and Azerbaijan agreed on a lasting truce after two days of negotiations in Geneva."
    assert _of(text, "agreement")[0].when.date == THU
