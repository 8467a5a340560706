"""Readers never raise on bad input: whatever the bytes, only Articles and TimelineErrors."""
from __future__ import annotations

import itertools
import json
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.errors import InputError, TimelineError
from timeline.model import Article
from timeline.readers import detect_lang, parse_published, read_paths

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
_counter = itertools.count()


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="readers-hyp-") as name:
        yield Path(name)


def check_all(results: list[Article | TimelineError]) -> None:
    assert results, "every file gives at least one article or error"
    for result in results:
        assert isinstance(result, (Article, TimelineError)), result
        if isinstance(result, Article):
            assert result.text.strip()
            assert result.lang in ("ar", "en")
            assert result.published is None or 1900 <= result.published.year <= 2100
            result.text.encode("utf-8")  # storable and printable
        else:
            assert isinstance(result, InputError)
            assert "\n" not in str(result)
            assert "internal error" not in str(result), str(result)


# Bytes that look a little like the formats, so the deeper code paths run too.
_PREFIXES = [b"", b"{", b'{"text": "', b"<html><body><p>", b"---\n", b"Date: ", b"\xef\xbb\xbf",
             b"\xff\xfe", b"%PDF", b'{"text": "a", "published": "']
fuzz_bytes = st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(_PREFIXES),
                       st.binary(max_size=600))


@SETTINGS
@given(data=fuzz_bytes, suffix=st.sampled_from([".txt", ".json", ".jsonl", ".html", ".htm"]))
def test_readers_arbitrary_bytes_never_raise(workdir: Path, data: bytes, suffix: str) -> None:
    path = workdir / f"f{next(_counter)}{suffix}"
    path.write_bytes(data)
    check_all(list(read_paths([path], max_bytes=400)))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
records = st.fixed_dictionaries({}, optional={
    key: json_values | st.text(max_size=80)
    for key in ("id", "text", "lang", "published", "date", "title", "url", "outlet", "source")
})


@SETTINGS
@given(lines=st.lists(records | json_values, min_size=1, max_size=5), ascii_only=st.booleans())
def test_readers_arbitrary_json_records_never_raise(workdir: Path, lines: list[object],
                                                   ascii_only: bool) -> None:
    n = next(_counter)
    single = workdir / f"r{n}.json"
    single.write_text(json.dumps(lines[0], ensure_ascii=ascii_only), encoding="utf-8")
    many = workdir / f"r{n}.jsonl"
    many.write_text("\n".join(json.dumps(v, ensure_ascii=ascii_only) for v in lines),
                    encoding="utf-8")
    check_all(list(read_paths([single])))
    results = list(read_paths([many]))
    check_all(results)
    assert len(results) == len(lines)  # one article or one error per line


@SETTINGS
@given(text=st.text(max_size=200))
def test_readers_arbitrary_text_files_never_raise(workdir: Path, text: str) -> None:
    path = workdir / f"t{next(_counter)}.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    check_all(list(read_paths([path])))


@settings(max_examples=150, deadline=None)
@given(value=st.text(max_size=40) | st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T.{0,12})?",
                                                   fullmatch=True))
def test_readers_parse_published_only_input_error(value: str) -> None:
    try:
        result = parse_published(value, "x")
    except InputError as exc:
        assert str(exc).startswith("x: not a valid publication date: ")
    else:
        assert isinstance(result, date) and 1900 <= result.year <= 2100


@settings(max_examples=150, deadline=None)
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_readers_parse_published_round_trip(day: date) -> None:
    assert parse_published(day.isoformat()) == day
    assert parse_published(f"{day.isoformat()}T12:00:00+05:30") == day


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300))
def test_readers_detect_lang_never_raises(text: str) -> None:
    assert detect_lang(text) in ("ar", "en")
