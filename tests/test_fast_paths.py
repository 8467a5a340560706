"""The remembered and indexed paths of extraction give what the plain paths give.

Extraction remembers per word its forms, cue kinds and trigger heads, indexes a
sentence's cue kinds by position and the registry's rows by code. Each shortcut is
checked here against the plain computation it replaces, on the bundled sample articles
and on made-up words.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.events import _TOKEN, Tokenizer, match_triggers, tokenize
from timeline.model import Article
from timeline.normalize import normalize
from timeline.pipeline import resources
from timeline.readers import read_paths
from timeline.segment import _word_before, body_lines, sentences

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def _sample_sentences(lang: str):
    res = resources(lang)
    for art in read_paths([SAMPLES]):
        if not isinstance(art, Article) or art.lang != lang:
            continue
        text = normalize(art.text, lang).text
        lines = body_lines(text, normalize(art.title or "").text, res.debris)
        for sent in sentences(text, lines, res.cues["abbrev"]):
            yield res, text, sent, res.matcher.find(text, art.published)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_reader_tokens_carry_the_cues_and_triggers_the_plain_path_finds(lang):
    """Tokens from the reader's tokenizer (kinds and trigger heads remembered per word)
    are marked and matched exactly as tokens from the plain ``tokenize``."""
    checked = 0
    for res, text, sent, mentions in _sample_sentences(lang):
        reader = res.reader
        inside = [m for m in mentions if sent.start <= m.start and m.end <= sent.end]
        fast = reader.tokenize(text, sent.start, sent.end)
        plain = tokenize(text, sent.start, sent.end, lang, res.cues)
        assert [(t.start, t.end, t.forms) for t in fast] == [(t.start, t.end, t.forms) for t in plain]
        assert all(t.base is not None and t.heads is not None for t in fast)
        assert all(t.base is None and t.heads is None for t in plain)
        reader._mark(fast, inside)
        fast_kinds = [t.kinds for t in fast]
        fast_pos = dict(reader._pos)
        reader._mark(plain, inside)
        assert fast_kinds == [t.kinds for t in plain]
        assert fast_pos == reader._pos
        fast_matches = [(s, e, t.pattern) for s, e, t in match_triggers(fast, reader.index)]
        assert fast_matches == [(s, e, t.pattern) for s, e, t in match_triggers(plain, reader.index)]
        checked += len(fast_matches)
    assert checked > 20  # the samples do contain triggers


def test_a_capitalised_word_after_the_first_is_a_name_not_a_cue():
    """"May" opening a sentence is the modal; inside it, the name."""
    reader = resources("en").reader
    text = "May said it may not attend. Officials met May on Monday."
    first = reader.tokenize(text, 0, 27)
    second = reader.tokenize(text, 28, len(text))
    reader._mark(first)
    assert "modal" in first[0].kinds and "modal" in first[3].kinds
    reader._mark(second)
    may = next(t for t in second if t.text == "may")
    assert may.capital and may.kinds == frozenset()


def test_the_word_memory_starts_again_past_its_limit_and_stays_right():
    from timeline.memo import remember
    memo: dict[int, int] = {}
    for i in range(10):
        assert remember(memo, i, i * i, limit=3) == i * i
        assert len(memo) <= 4 and memo[i] == i * i
    res = resources("ar")
    tok = Tokenizer("ar", res.cues, res.reader.words, res.reader.index)
    text = "وقال الوزير إن بلاده ستستضيف المحادثات والمفاوضات الأسبوع المقبل"
    once = [(t.start, t.end, t.forms, t.base, t.heads) for t in tok(text, 0, len(text))]
    tok._words.clear()  # what a memo past its limit does
    again = [(t.start, t.end, t.forms, t.base, t.heads) for t in tok(text, 0, len(text))]
    assert once == again
    assert len(tok._words) <= len(text.split())


def test_clause_bounds_and_cue_positions_follow_the_tokens():
    """``_clause`` stops at ";" and at break cues; ``_in``/``_at``/``_first`` look only
    inside the range they are given."""
    reader = resources("en").reader
    text = "Russia did not invite Iran; Turkey invited Syria and Iraq"
    tokens = reader.tokenize(text, 0, len(text))
    reader._mark(tokens)
    semi = next(i for i, t in enumerate(tokens) if t.text == ";")
    invited = next(i for i, t in enumerate(tokens) if t.text == "invited")
    assert reader._clause(tokens, invited, invited + 1) == (semi + 1, len(tokens))
    assert reader._clause(tokens, 3, 4) == (0, semi)
    neg = [i for i, t in enumerate(tokens) if "negation" in (t.kinds or ())]
    assert neg and reader._in("negation", 0, semi) and not reader._in("negation", semi, len(tokens))
    assert reader._at("negation", 0, len(tokens)) == neg
    assert reader._first("negation", neg[-1] + 1, len(tokens)) is None


def test_registry_by_code_is_the_first_row_in_file_order():
    reg = resources("en").registry
    for code in ("RUS", "USA", "IRN", "UN", "SYR"):
        scan = next(row for rows in reg.rows.values() for row in rows
                    if row.code == code and row.kind != "person")
        assert reg.by_code(code) is scan
    assert reg.by_code("NO-SUCH-CODE") is None


_LAST_WORD = re.compile(r"[\w.]+$")


@pytest.mark.parametrize("before", ["Dr", "U.S", "x" * 200, "a.b." + "c" * 100, "", "word word.x",
                                    "snake_case", "م.ع", "قال\u064b", "٢٠٢١", "x-y", "(a.b"])
def test_word_before_a_full_stop_is_the_whole_word(before):
    text = "Talks " + before
    stop = len(text)
    m = _LAST_WORD.search(text[:stop])
    assert _word_before(text, 0, stop) == (m.group(0) if m else "")
    assert _word_before(text, stop - 1, stop) == (m.group(0)[-1:] if m else "")


_CHARS = st.sampled_from(list("ab Z_'’-.,،:;\"()\n\t\u00a0") + ["م", "ق", "\u064b", "٢", "3", "é"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHARS, max_size=60).map("".join), st.integers(0, 5), st.integers(0, 5))
def test_tokens_are_the_token_pattern_matches(text, cut_start, cut_end):
    """Splitting at white space and cutting each piece once gives the same tokens, at the
    same offsets, as running the token pattern over the text."""
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    for lang in ("en", "ar"):
        res = resources(lang)
        tok = Tokenizer(lang, res.cues, res.reader.words, res.reader.index)
        for _ in range(2):  # the second time from the remembered pieces
            got = [(t.start, t.end) for t in tok(text, start, end)]
            assert got == [m.span() for m in _TOKEN.finditer(text, start, end)]


def test_a_sentence_is_skipped_only_when_no_word_can_open_an_act_or_a_frame():
    """Sentences without a trigger word or reporting verb are not read word by word; a
    multi-word reporting verb added to the cue data still opens a frame."""
    from timeline.frames import Memory, SentenceReader
    res = resources("en")
    cues = {k: set(v) for k, v in res.cues.items()}
    cues["speech"] |= {"spelt out"}
    reader = SentenceReader("en", cues, res.reader.index, res.registry)
    text = "Russia spelt out its position on the weather."
    tokens = reader.tokenize(text, 0, len(text))
    assert reader._may_act(tokens)
    mem = Memory()
    reader.read(text, (0, len(text)), tokens, res.matcher.find(text, None), mem)
    assert mem.last_speaker is not None and mem.last_speaker.code == "RUS"
    plain = res.reader.tokenize(text, 0, len(text))
    assert not res.reader._may_act(plain)
    mem = Memory()
    reading = res.reader.read(text, (0, len(text)), plain, res.matcher.find(text, None), mem)
    assert reading.candidates == () and reading.speaker is None
    assert mem.last_speaker is None


_FOLDED = st.sampled_from(list("ab .إأآاىيةه") + ["\u064b", "\u0651", "\u0640", "\u0670", "ـ", "é", "\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_FOLDED, max_size=50).map("".join), st.integers(0, 50), st.integers(0, 50))
def test_a_part_of_a_folded_text_is_the_folded_part(text, a, b):
    """A sentence cut out of the article's folded text is what folding the sentence gives:
    the same text, the same original text and the same offsets back into it."""
    norm = normalize(text)
    start, end = sorted((min(a, len(norm.text)), min(b, len(norm.text))))
    part = norm.part(start, end)
    alone = normalize(part.original)
    assert part.original == text[norm.to_original(start):norm.to_original_end(end)]
    assert part.text == alone.text == norm.text[start:end]
    for i in range(len(part.text) + 1):
        assert part.to_original(i) == alone.to_original(i)
        assert part.to_original_end(i) == alone.to_original_end(i)


def _starts_whole_text(r, t):
    """Where date patterns may start, read from the whole text at once (the reference)."""
    from timeline.dates import _DIGITS, _WORD, _word_starts
    out = [(m.start(), r.every) for m in _DIGITS.finditer(t)]
    low = t.lower()
    if len(low) != len(t):
        low = t
    for m in _WORD.finditer(low):
        w = m.group() if low is not t else m.group().lower()
        out.extend((m.start() + d, which) for d, which in _word_starts(r, w))
    return sorted(out, key=lambda s: s[0])


_DATE_CHARS = st.sampled_from(["الأربعاء", "وبالأمس", "أمس", "Monday", "march", "12", "٢٠٢١", "2021/3/4",
                               " ", "\n", ",", "،", "(", "x", "رمضان", "yesterday", "-"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_DATE_CHARS, max_size=25).map("".join))
def test_date_starts_read_piece_by_piece_are_those_of_the_whole_text(text):
    from timeline.dates import _starts
    for lang in ("ar", "en"):
        rules = resources(lang).dates
        t = normalize(text, lang).text
        for _ in range(2):  # the second time from the remembered pieces
            assert _starts(rules, t) == _starts_whole_text(rules, t)
