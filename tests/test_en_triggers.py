"""English trigger senses: how news states each act, by the rules alone (no keep model)."""
from __future__ import annotations

from datetime import date

import pytest

from timeline import rescore
from timeline.model import Article
from timeline.pipeline import extract

THU = date(2021, 2, 18)


@pytest.fixture(autouse=True)
def _rules_alone(monkeypatch):
    monkeypatch.setattr(rescore, "model", lambda path=None: None)


def found(text: str) -> set[tuple[str, frozenset, frozenset]]:
    return {(e.type, frozenset(a.code for a in e.source), frozenset(a.code for a in e.target))
            for e in extract(Article(id="t", text=text, lang="en", published=THU))}


@pytest.mark.parametrize("text, expected", [
    ("Egypt did not attend the summit in Addis Ababa on Monday.", ("rejection", {"EGY"}, set())),
    ("Turkey decided not to attend the NATO meeting on Friday.", ("rejection", {"TUR"}, {"NATO"})),
    ("Poland said the Russian ambassador had been summoned over the incident.", ("sanction", {"POL"}, {"RUS"})),
    ("Beijing said on Monday that Manila had violated the agreement.", ("accusation", {"CHN"}, {"PHL"})),
    ("Iran's foreign minister voiced support for Syria on Tuesday.", ("support", {"IRN"}, {"SYR"})),
    ("Japan lodged a formal protest with China on Tuesday.", ("condemnation", {"JPN"}, {"CHN"})),
    ("Algeria called its ambassador home on Wednesday.", ("sanction", {"DZA"}, set())),
    ("The EU said Russia would face new sanctions.", ("threat", {"EU"}, {"RUS"})),
    ("Kenya expressed deep regret over Somalia's decision on Monday.", ("condemnation", {"KEN"}, {"SOM"})),
    ("Turkey put the blame on Greece for the collapse of the talks.", ("accusation", {"TUR"}, {"GRC"})),
])
def test_en_trigger_senses(text, expected):
    typ, src, tgt = expected
    assert (typ, frozenset(src), frozenset(tgt)) in found(text), found(text)


def test_en_noun_senses_that_name_no_act():
    assert not any(t == "talks" for t, _s, _g in found("Fiji wrote to the host country's prime minister."))
    assert not any(t == "support" for t, _s, _g in found("India gave Nepal a warm welcome on Monday."))
