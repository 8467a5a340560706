"""Linear time on any input: a long article, a sentence without punctuation, an HTML page
with a tag of 200,000 attributes. Each runs in a child process with a time limit, so
that quadratic work fails the test instead of stalling the suite."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_reliability import REPO, error_lines, run_cli

_TIMER = """
import json, sys, time
from datetime import date
sys.path[:0] = [{repo!r}, {bench!r}]
import sizes
from timeline.model import Article
from timeline.pipeline import extract, resources
out = []
for kind, mb in {jobs!r}:
    lang = "ar" if kind == "sentence" else kind
    text = sizes.unpunctuated(int(mb * 1e6)) if kind == "sentence" else \\
        sizes.article_text(lang, int(mb * 1e6))
    resources(lang)
    article = Article(id="x", text=text, lang=lang, published=date(2021, 3, 1), title="t")
    t0 = time.process_time()
    events = extract(article)
    out.append([kind, mb, time.process_time() - t0, len(events)])
print(json.dumps(out))
"""


def _timed(jobs: list[tuple[str, float]], limit: float) -> list[tuple[str, float, float, int]]:
    """(kind, MB, CPU seconds, events) of extracting each job's text, in a child process
    stopped after ``limit`` seconds (the test fails then)."""
    code = _TIMER.format(repo=str(REPO), bench=str(REPO / "bench"), jobs=jobs)
    try:
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"extraction of {jobs} took over {limit:g} s")
    assert res.returncode == 0, res.stderr
    return [tuple(row) for row in json.loads(res.stdout)]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_edges_time_per_mb_stays_flat_as_an_article_grows(lang: str) -> None:
    # before: ar 0.5 MB 6 s, 1 MB 34 s, 2 MB 407 s (the role check read every mention)
    (_, small, t_small, n_small), (_, big, t_big, n_big) = _timed(
        [(lang, 0.1), (lang, 0.1), (lang, 0.8)], limit=90)[1:]
    assert n_big > 6 * n_small  # the big article is read to its end
    per_mb = (t_big / big) / (t_small / small)
    assert per_mb < 2.0, (t_small, t_big)  # quadratic work would give 8


def test_edges_time_a_sentence_without_punctuation_is_read_in_bounded_pieces() -> None:
    # before: 0.5 MB 83 s (every trigger against every date and mention of the sentence)
    [(_, _, seconds, _)] = _timed([("sentence", 0.5)], limit=60)
    assert seconds < 20


def test_edges_time_sentence_cap_keeps_normal_sentences_whole() -> None:
    from timeline.segment import MAX_SENTENCE, Span, sentences
    text = ("word " * 1000).strip() + "."
    spans = sentences(text, [Span(0, len(text))], set())
    assert len(spans) == 3 and all(s.end - s.start <= MAX_SENTENCE for s in spans)
    assert " ".join(text[s.start:s.end] for s in spans) == text
    short = "Russia met Turkey on Monday. Iran said so."
    assert len(sentences(short, [Span(0, len(short))], set())) == 2


def test_edges_time_html_tag_with_200000_attributes_is_one_line(tmp_path: Path) -> None:
    # before: over 11 minutes in the HTML parser
    page = tmp_path / "bomb.html"
    attrs = " ".join(f'a{i}="x"' for i in range(200_000))
    page.write_text(f"<html><body><p {attrs}>The foreign minister met his counterpart.</p>"
                    "</body></html>", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Date: 2021-03-01\n\nRussia imposed sanctions on Turkey on Friday.\n",
                    encoding="utf-8")
    try:
        res = run_cli("ingest", page, good, "--db", tmp_path / "s.db", "--quiet", timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the HTML page stalled the batch")
    assert res.returncode == 1
    lines = error_lines(res.stderr)
    assert len(lines) == 1 and lines[0].startswith(f"{page}: ") \
        and "attributes" in lines[0], lines
