"""Readers: text, HTML, JSON and JSON lines files in, Articles (or one-line errors) out."""
from __future__ import annotations

import builtins
import json
import os
import time
from datetime import date
from pathlib import Path

import pytest

from timeline.errors import InputError, TimelineError
from timeline.model import Article
from timeline.readers import detect_lang, parse_published, read_paths

FIXTURES = Path(__file__).parent / "fixtures" / "readers"

AR_SENTENCES = (
    "التقى وزير الخارجية الروسي سيرغي لافروف نظيره المصري سامح شكري في القاهرة يوم "
    "الأربعاء، وبحثا الأوضاع في ليبيا وسوريا.\n"
    "وأعلنت المملكة العربية السعودية قطع علاقاتها الدبلوماسية مع قطر، وإغلاق المنافذ "
    "البرية والبحرية والجوية؟\n"
)
EN_TEXT = "Russian Foreign Minister Sergei Lavrov met Sameh Shoukry in Cairo on Wednesday.\n"


def read_all(*paths: str | os.PathLike[str], **kwargs: object) -> list[Article | TimelineError]:
    return list(read_paths(list(paths), **kwargs))  # type: ignore[arg-type]


def only_article(*paths: str | os.PathLike[str], **kwargs: object) -> Article:
    results = read_all(*paths, **kwargs)
    assert len(results) == 1, results
    assert isinstance(results[0], Article), str(results[0])
    return results[0]


def only_error(*paths: str | os.PathLike[str], **kwargs: object) -> InputError:
    results = read_all(*paths, **kwargs)
    assert len(results) == 1, results
    assert isinstance(results[0], InputError), results[0]
    assert "\n" not in str(results[0])
    return results[0]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- plain text ---------------------------------------------------------------------

def test_readers_txt_date_header() -> None:
    a = only_article(FIXTURES / "header.txt")
    assert a.published == date(2021, 2, 18)
    assert a.published_from == "text"
    assert a.title == "Lavrov meets Shoukry in Cairo"
    assert a.url == "https://example.org/2021/02/18/lavrov-shoukry"
    assert a.outlet == "Example News"
    assert a.lang == "en"
    assert a.text.startswith("Russian Foreign Minister")
    assert a.text.endswith("The two ministers discussed Libya and Syria.\n")
    assert a.id.startswith("url-") and len(a.id) == 4 + 16
    assert a.path == str(FIXTURES / "header.txt")


def test_readers_txt_front_matter() -> None:
    a = only_article(FIXTURES / "front_matter.txt")
    assert a.published == date(2021, 2, 18)
    assert a.published_from == "text"
    assert a.title == "لافرنتيف: مستعدون لاستقبال المعارضة السورية"
    assert a.outlet == "شبكة أخبار المثال"
    assert a.lang == "ar"
    assert a.text.startswith("قال المبعوث الروسي")
    assert "---" not in a.text and "tags" not in a.text
    assert a.id.startswith("front_matter-") and len(a.id) == len("front_matter-") + 8


def test_readers_txt_without_date(tmp_path: Path) -> None:
    text = "Moscow: Russia said on Monday it would send a delegation.\n"
    a = only_article(write(tmp_path / "plain.txt", text))
    assert a.published is None
    assert a.published_from is None
    assert a.url is None and a.title == ""
    assert a.text == text


def test_readers_txt_newlines_normalised_and_nfc(tmp_path: Path) -> None:
    path = write(tmp_path / "crlf.txt", "Cafe\u0301 talks.\r\nSecond line.\rThird.".encode())
    assert only_article(path).text == "Caf\u00e9 talks.\nSecond line.\nThird."


def test_readers_txt_bad_header_date_is_error(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.txt", "Date: 18 February 2021\n\nBody text here.\n")
    err = only_error(path)
    assert "not a valid publication date" in str(err) and str(path) in str(err)


# --- JSON ---------------------------------------------------------------------------

def test_readers_json_gold_like() -> None:
    a = only_article(FIXTURES / "gold_like.json")
    assert a.id == "en-gold-like-1"
    assert a.url is None  # based_on is not the article's URL
    assert a.published == date(2023, 3, 2) and a.published_from == "json"
    assert a.lang == "en" and a.title == "Lavrov blames West at G20"
    assert a.text.startswith("Russian Foreign Minister")
    assert not hasattr(a, "events")


def test_readers_json_id_from_url(tmp_path: Path) -> None:
    record = {"url": "https://example.org/a", "text": EN_TEXT, "source": "Example"}
    a = only_article(write(tmp_path / "a.json", json.dumps(record)))
    assert a.id.startswith("url-") and len(a.id) == 20
    assert a.url == "https://example.org/a" and a.outlet == "Example"
    b = only_article(write(tmp_path / "b.json", json.dumps(record)))
    assert a.id == b.id  # same URL, same id, wherever the file is


def test_readers_jsonl_broken_line(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "one", "text": EN_TEXT}), '{"id": "two", "text": ',
             json.dumps({"text": AR_SENTENCES, "published": "2021-02-18"})]
    path = write(tmp_path / "file.jsonl", "\n".join(lines) + "\n")
    results = read_all(path)
    articles = [r for r in results if isinstance(r, Article)]
    errors = [r for r in results if isinstance(r, InputError)]
    assert articles[0].id == "one"
    assert len(articles) == 2 and len(errors) == 1
    assert f"{path}:2:" in str(errors[0]) and "file.jsonl:2:" in str(errors[0])
    assert "malformed JSON" in str(errors[0])
    third = articles[1]
    assert third.path == f"{path}:3" and third.lang == "ar"
    assert third.id.startswith("file-") and third.id.endswith("-L3")


def test_readers_json_missing_text(tmp_path: Path) -> None:
    err = only_error(write(tmp_path / "a.json", json.dumps({"id": "x", "title": "t"})))
    assert "missing 'text' field" in str(err) and str(tmp_path / "a.json") in str(err)
    err = only_error(write(tmp_path / "b.json", json.dumps({"id": "x", "text": "   "})))
    assert "missing 'text' field" in str(err)


def test_readers_jsonl_missing_text_names_line(tmp_path: Path) -> None:
    path = write(tmp_path / "m.jsonl", json.dumps({"text": EN_TEXT}) + "\n\n" + '{"id": 1}\n')
    results = read_all(path)
    assert isinstance(results[0], Article)
    assert str(results[1]) == f"{path}:3: missing 'text' field"


def test_readers_json_malformed(tmp_path: Path) -> None:
    err = only_error(write(tmp_path / "bad.json", '{\n  "text": "x",\n  "id" "y"\n}\n'))
    assert "malformed JSON" in str(err)
    assert "line 3 column 8" in str(err)


def test_readers_json_list_is_error(tmp_path: Path) -> None:
    err = only_error(write(tmp_path / "list.json", json.dumps([{"text": EN_TEXT}])))
    assert "expected one JSON object" in str(err)


@pytest.mark.parametrize("value", ["2021-02-31", "30000-01-01", "not a date", "1899-12-31", 2021])
def test_readers_json_impossible_date(tmp_path: Path, value: object) -> None:
    path = write(tmp_path / "d.json", json.dumps({"text": EN_TEXT, "published": value}))
    err = only_error(path)
    assert str(err).startswith(f"{path}: not a valid publication date: ")


def test_readers_json_date_field_and_datetime(tmp_path: Path) -> None:
    record = {"text": EN_TEXT, "date": "2021-02-18T23:30:00-05:00"}
    path = write(tmp_path / "d.json", json.dumps(record))
    a = only_article(path)
    assert a.published == date(2021, 2, 18) and a.published_from == "json"


def test_readers_published_override_wins(tmp_path: Path) -> None:
    good = write(tmp_path / "a.json", json.dumps({"text": EN_TEXT, "published": "2020-01-01"}))
    bad = write(tmp_path / "b.json", json.dumps({"text": EN_TEXT, "published": "garbage"}))
    for a in read_all(good, bad, FIXTURES / "header.txt", published=date(2024, 5, 6)):
        assert isinstance(a, Article), str(a)
        assert a.published == date(2024, 5, 6) and a.published_from == "cli"


def test_readers_lang_override_and_json_lang(tmp_path: Path) -> None:
    wrong = write(tmp_path / "w.json", json.dumps({"text": EN_TEXT, "lang": "xx"}))
    stated = write(tmp_path / "s.json", json.dumps({"text": EN_TEXT, "lang": "AR"}))
    assert only_article(wrong).lang == "en"  # invalid lang: detected instead
    assert only_article(stated).lang == "ar"
    assert only_article(wrong, lang="ar").lang == "ar"
    with pytest.raises(InputError, match="unknown language"):
        read_paths([wrong], lang="fr")


def test_readers_same_id_both_yielded(tmp_path: Path) -> None:
    write(tmp_path / "a.json", json.dumps({"id": "same", "text": "First version."}))
    write(tmp_path / "b.json", json.dumps({"id": "same", "text": "Second version."}))
    results = read_all(tmp_path)
    assert [(r.id, r.text) for r in results if isinstance(r, Article)] == [
        ("same", "First version."), ("same", "Second version.")]


# --- HTML ---------------------------------------------------------------------------

BODY = "".join(
    f"<p>{sentence}</p>" for sentence in (
        ("Russian Foreign Minister Sergei Lavrov met his Egyptian counterpart in Cairo on "
         "Wednesday, the two ministries said in statements released after the talks."),
        "The ministers discussed the situation in Libya and Syria and agreed to meet again.",
    )
)


def page(head: str = "", body: str = BODY) -> str:
    return f"<html><head><title>T</title>{head}</head><body><article>{body}</article></body></html>"


def test_readers_html_og_published_time(tmp_path: Path) -> None:
    head = ('<meta property="article:published_time" content="2021-02-18T09:41:27+00:00">'
            '<meta name="date" content="2019-01-01">'
            '<meta property="og:url" content="https://example.org/x">')
    body = '<time datetime="2020-05-05">5 May</time>' + BODY
    a = only_article(write(tmp_path / "og.html", page(head, body)))
    assert a.published == date(2021, 2, 18) and a.published_from == "html"
    assert a.url == "https://example.org/x"


def test_readers_html_json_ld_date(tmp_path: Path) -> None:
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "x"},
        {"@type": "NewsArticle", "headline": "h", "datePublished": "2019-06-11T10:00:00+02:00"}]}
    head = ('<meta property="article:published_time" content="yesterday">'
            f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    body = '<time datetime="2020-05-05">5 May</time>' + BODY
    a = only_article(write(tmp_path / "ld.htm", page(head, body)))
    assert a.published == date(2019, 6, 11) and a.published_from == "html"


def test_readers_html_time_element(tmp_path: Path) -> None:
    body = '<p>Posted <time datetime="2022-10-03T08:00">3 October</time></p>' + BODY
    a = only_article(write(tmp_path / "time.html", page(body=body)))
    assert a.published == date(2022, 10, 3)


def test_readers_html_no_date_is_none(tmp_path: Path) -> None:
    body = "<p>On 18 February 2021 the minister said talks would resume.</p>" + BODY
    a = only_article(write(tmp_path / "nodate.html", page(body=body)))
    assert a.published is None and a.published_from is None  # never guessed from text


def test_readers_html_debris_and_script_removed() -> None:
    a = only_article(FIXTURES / "messy.html")
    assert "Sergei Lavrov met his Egyptian counterpart" in a.text
    assert "accepted the invitation" in a.text
    assert "\n\n" in a.text  # paragraphs kept apart
    for debris in ("Share on", "Leave a Reply", "email address", "Post Comment", "Related articles",
                   "wheat deal", "World News Menu", "Copyright", "alert", "SECRET", "tracker",
                   "color: red", "<", "onerror"):
        assert debris not in a.text, debris
    assert a.title == "Lavrov meets Shoukry in Cairo"
    assert a.outlet == "Example News"
    assert a.url == "https://example.org/2021/02/18/lavrov-shoukry"
    assert a.published is None


def test_readers_html_arabic_wordpress_page() -> None:
    a = only_article(FIXTURES / "wordpress_ar.html")
    assert a.lang == "ar" and a.published == date(2025, 12, 10)  # from JSON-LD
    assert a.title == "لبنان يدعو إيران إلى الحوار" and a.outlet == "شبكة أخبار المثال"
    assert a.text.startswith("وجّه وزير الخارجية اللبناني دعوة رسمية")
    assert a.text.count("\n\n") == 2
    for debris in ("اترك رد", "لن يتم نشر", "إرسال التعليق", "مقالات ذات صلة", "أحدث المقالات",
                   "جميع الحقوق", "شارك هذا", "عاجل", "الرئيسية", "الوسوم", "فيسبوك"):
        assert debris not in a.text, debris


def test_readers_html_page_wrapped_in_form(tmp_path: Path) -> None:
    # ASP.NET pages put the whole page inside one <form>: it must not be dropped as furniture
    html = ('<html><body><form id="aspnetForm" action="x.aspx"><div class="post-comments-wrap">'
            f"{BODY}</div><footer>Footer text</footer></form></body></html>")
    a = only_article(write(tmp_path / "aspx.html", html))
    assert a.text.startswith("Russian Foreign Minister") and "Footer text" not in a.text


def test_readers_html_short_page_fallback(tmp_path: Path) -> None:
    html = ("<html><body><nav>Home News</nav><div class='share'>Share</div>"
            "<p>Lavrov met Shoukry.<script>alert(1)</script></p><form>Reply</form>")
    a = only_article(write(tmp_path / "short.html", html))
    assert "Lavrov met Shoukry." in a.text
    assert "alert" not in a.text and "Reply" not in a.text and "Share" not in a.text


def test_readers_html_without_text_is_error(tmp_path: Path) -> None:
    html = "<html><head><script>alert(1)</script></head><body><nav>Menu</nav></body></html>"
    err = only_error(write(tmp_path / "empty.html", html))
    assert "no article text found in HTML" in str(err)


def test_readers_html_declared_cp1256(tmp_path: Path) -> None:
    html = ('<html><head><meta charset="windows-1256"></head><body><p>'
            + AR_SENTENCES + "</p></body></html>")
    a = only_article(write(tmp_path / "ar.html", html.encode("cp1256")))
    assert a.lang == "ar"
    assert " ".join(AR_SENTENCES.split()) in " ".join(a.text.split())


# --- decoding, binary, sizes ---------------------------------------------------------

def test_readers_empty_file(tmp_path: Path) -> None:
    for name in ("e.txt", "e.json", "e.jsonl", "e.html"):
        err = only_error(write(tmp_path / name, b""))
        assert str(err) == f"{tmp_path / name}: empty file"


def test_readers_whitespace_only(tmp_path: Path) -> None:
    err = only_error(write(tmp_path / "w.txt", " \n\t\r\n  \n"))
    assert str(err).endswith("empty file")


@pytest.mark.parametrize("magic, kind", [(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
                                         (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG")])
def test_readers_binary_renamed_txt(tmp_path: Path, magic: bytes, kind: str) -> None:
    err = only_error(write(tmp_path / "doc.txt", magic + bytes(range(256)) * 4))
    assert f"binary file (looks like {kind}), not a text article" in str(err)


def test_readers_nul_bytes_are_binary(tmp_path: Path) -> None:
    err = only_error(write(tmp_path / "x.txt", b"abc\x00\x01\x02\x03\xff\xfe\x00\x00defg" * 20))
    assert "binary file" in str(err)


def test_readers_invalid_utf8_never_crashes(tmp_path: Path) -> None:
    data = b"\xff\xfe\xfa\x80\x81\xc3\x28\xa0\xa1\xe2\x82\xf0\x90\x8c\xbc\xfe\xff" * 7
    for name in ("r.txt", "r.json", "r.jsonl", "r.html"):
        for result in read_all(write(tmp_path / name, data)):
            assert isinstance(result, (Article, InputError))
            assert "internal error" not in str(result)


@pytest.mark.parametrize("encoding", ["cp1256", "iso8859_6", "utf-16", "utf-8-sig"])
def test_readers_arabic_encodings(tmp_path: Path, encoding: str) -> None:
    a = only_article(write(tmp_path / f"ar-{encoding}.txt", AR_SENTENCES.encode(encoding)))
    assert a.text == AR_SENTENCES
    assert a.lang == "ar"


def test_readers_arabic_json_in_cp1256(tmp_path: Path) -> None:
    record = json.dumps({"text": AR_SENTENCES, "lang": "ar"}, ensure_ascii=False)
    a = only_article(write(tmp_path / "ar.json", record.encode("cp1256")))
    assert a.text == AR_SENTENCES


def test_readers_too_large_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: no disk space, no data
    opened: list[str] = []
    real_open = builtins.open

    def spy(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", spy)
    start = time.monotonic()
    err = only_error(big, max_bytes=1024)
    assert time.monotonic() - start < 2
    assert str(big) not in opened
    assert "file is 200 MB, larger than the limit of 1 kB" in str(err)
    assert "TIMELINE_MAX_BYTES" in str(err)


def test_readers_jsonl_long_line_skipped(tmp_path: Path) -> None:
    long_line = json.dumps({"text": "x" * 5000})
    path = write(tmp_path / "l.jsonl", "\n".join([json.dumps({"id": "a", "text": "one"}), long_line,
                                                   json.dumps({"id": "c", "text": "three"})]))
    results = read_all(path, max_bytes=1000)
    assert [r.id for r in results if isinstance(r, Article)] == ["a", "c"]
    errors = [str(r) for r in results if isinstance(r, InputError)]
    assert len(errors) == 1 and errors[0].startswith(f"{path}:2: line is ")


# --- paths, folders, files that cannot be read ---------------------------------------

def test_readers_missing_path(tmp_path: Path) -> None:
    err = only_error(tmp_path / "nope.txt")
    assert str(err) == f"{tmp_path / 'nope.txt'}: no such file or directory"


def test_readers_explicit_unsupported_suffix(tmp_path: Path) -> None:
    err = only_error(write(tmp_path / "a.pdf", "text"))
    assert "unsupported file type '.pdf'" in str(err)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="running as root: chmod 000 does not stop root from reading")
def test_readers_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", EN_TEXT)
    path.chmod(0)
    try:
        err = only_error(path)
    finally:
        path.chmod(0o644)
    assert str(err) == f"{path}: permission denied"


def test_readers_permission_error_is_reported(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "locked.txt", EN_TEXT)
    real_open = builtins.open

    def deny(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", deny)
    assert str(only_error(path)) == f"{path}: permission denied"


def test_readers_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "dir" / "gone.txt"
    link.parent.mkdir()
    os.symlink(tmp_path / "does-not-exist.txt", link)
    assert "broken symbolic link" in str(only_error(link))
    assert "broken symbolic link" in str(only_error(link.parent))  # also inside a folder


def test_readers_fifo_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in str(only_error(fifo))  # and does not block


def test_readers_symlink_loop(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    write(folder / "a.txt", EN_TEXT)
    write(folder / "sub" / "b.txt", AR_SENTENCES)
    os.symlink(folder, folder / "loop")
    os.symlink(folder, folder / "sub" / "back")
    results = read_all(folder)
    assert all(isinstance(r, Article) for r in results), results
    assert sorted(Path(r.path).name for r in results) == ["a.txt", "b.txt"]


def test_readers_folder_order_and_skips(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "b.json", json.dumps({"id": "b", "text": "B text."}))
    write(folder / "a.txt", "A text.")
    write(folder / "c" / "d.html", page())
    write(folder / "c" / "e.jsonl", json.dumps({"id": "e1", "text": "E1."}) + "\n"
          + json.dumps({"id": "e2", "text": "E2."}))
    write(folder / "notes.md", "skipped")
    write(folder / "image.PNG", b"\x89PNG\r\n\x1a\n")
    write(folder / ".hidden.txt", "skipped")
    write(folder / ".git" / "x.txt", "skipped")
    write(folder / "Z.TXT", "Upper-case suffix.")
    first = [r.path for r in read_all(folder)]
    second = [r.path for r in read_all(folder)]
    assert first == second
    names = [os.path.relpath(str(p), folder) for p in first]
    assert names == ["Z.TXT", "a.txt", "b.json", "c/d.html", "c/e.jsonl:1", "c/e.jsonl:2"]


# --- parse_published and detect_lang --------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2021-02-18", date(2021, 2, 18)),
    (" 2021-02-18 ", date(2021, 2, 18)),
    ("2021-02-18T09:41:27+00:00", date(2021, 2, 18)),
    ("2021-02-18T23:59:59-11:00", date(2021, 2, 18)),  # the date as written, no zone shift
    ("2021-02-18 09:41", date(2021, 2, 18)),
    ("2021-02-18T09:41:27.123Z", date(2021, 2, 18)),
    ("1900-01-01", date(1900, 1, 1)),
    ("2100-12-31", date(2100, 12, 31)),
])
def test_readers_parse_published_accepts(value: str, expected: date) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["2021-02-31", "30000-01-01", "not a date", "", "2021-2-18",
                                   "18/02/2021", "2021-02-18T25:00", "1899-12-31", "2101-01-01",
                                   "٢٠٢١-٠٢-١٨", "2021-02-18garbage", "2021-W07-4"])
def test_readers_parse_published_rejects(value: str) -> None:
    with pytest.raises(InputError) as info:
        parse_published(value, "cli.txt")
    assert str(info.value) == f"cli.txt: not a valid publication date: {value!r}"
    with pytest.raises(InputError) as info:
        parse_published(value)
    assert str(info.value).startswith("not a valid publication date: ")


def test_readers_detect_lang() -> None:
    assert detect_lang(AR_SENTENCES) == "ar"
    assert detect_lang(EN_TEXT) == "en"
    assert detect_lang("قال Sergei Lavrov في موسكو إن روسيا مستعدة") == "ar"
    assert detect_lang("The envoy said: «روسيا» is ready to talk to everyone") == "en"
    assert detect_lang("") == "en" and detect_lang("2021 - 123 !") == "en"
