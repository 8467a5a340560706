"""Exports checked as files: image signatures, XML, PDF pages, spreadsheets, JSON.

One store (Arabic and English articles, people and states, day- and month-precise,
multi-day and undated events, one hostile article) is shared by the module; the
static images are drawn once each (kaleido takes 3-4 s for the first one).
"""
from __future__ import annotations

import codecs
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from timeline import export
from timeline.errors import TimelineError
from timeline.filters import Filters
from timeline.model import Actor, Article, Event, EventDate, Span
from timeline.store import Store

REPO = Path(__file__).resolve().parents[1]

RUS = Actor("Russia", "RUS", "state")
LAVRENTIEV = Actor("Alexander Lavrentiev", "RUS", "person")
LAVROV = Actor("Sergey Lavrov", "RUS", "person")
USA = Actor("United States", "USA", "state")
BLINKEN = Actor("Antony Blinken", "USA", "person")
TUR = Actor("Turkey", "TUR", "state")
IRN = Actor("Iran", "IRN", "state")
OPPOSITION = Actor("Syrian opposition", "SYROPP", "group")

XSS_EVIDENCE = "Turkey rejected <script>alert(1)</script> the offer <img src=x onerror=alert(1)>."
FORMULA_TITLE = '=HYPERLINK("http://evil.example","click")'
EVENTS_MD_FIELDS = {"article_id", "type", "source", "target", "date", "precision", "end_date",
                    "status", "evidence", "start", "end", "confidence"}


def _event(article: Article, type_: str, source: tuple[Actor, ...], target: tuple[Actor, ...],
           evidence: str, when: EventDate, status: str = "occurred") -> Event:
    start = article.text.index(evidence)
    end = start + len(evidence)
    return Event(article_id=article.id, type=type_, source=source, target=target, when=when,
                 status=status, evidence=evidence, start=start, end=end, confidence=0.8,
                 spans=(Span(start, end),), trigger=type_)


def _day(y: int, m: int, d: int, end: date | None = None) -> EventDate:
    return EventDate(date(y, m, d), "day", end, "test")


def corpus() -> list[tuple[Article, list[Event]]]:
    ar1 = "أكد المبعوث الروسي ألكسندر لافرنتييف أمس استعداد موسكو لاستقبال المعارضة السورية."
    ar2 = "وكانت روسيا وتركيا وإيران قد عقدت محادثات في سوتشي في فبراير."
    ar3 = "ودعا لافرنتييف المعارضة إلى زيارة موسكو في وقت لاحق."
    a = Article(id="ar-1", lang="ar", published=date(2021, 2, 18), title="لافرنتييف: مستعدون",
                outlet="شبكة المثال", text=f"{ar1}\n{ar2}\n{ar3}\n")
    en1 = "Secretary of State Antony Blinken condemned Russia on Tuesday."
    en2 = "Washington will impose new sanctions on Moscow."
    en3 = "Foreign Minister Sergey Lavrov visited Ankara from May 30 to June 1."
    b = Article(id="en-1", lang="en", published=date(2021, 6, 2), title="Blinken and Lavrov",
                outlet="Example Wire", text=f"{en1} {en2} {en3}\n")
    c = Article(id="en-2", lang="en", published=date(2022, 9, 1), title=FORMULA_TITLE,
                outlet="<b>Bad Outlet</b>", text=f"ANKARA - {XSS_EVIDENCE}\n")
    return [
        (a, [_event(a, "offer", (LAVRENTIEV,), (OPPOSITION,), ar1, _day(2021, 2, 17)),
             _event(a, "talks", (RUS, TUR, IRN), (), ar2,
                    EventDate(date(2021, 2, 1), "month", None, "February")),
             _event(a, "invitation", (LAVRENTIEV,), (OPPOSITION,), ar3, EventDate.unknown(),
                    status="planned")]),
        (b, [_event(b, "condemnation", (BLINKEN,), (RUS,), en1, _day(2021, 3, 9)),
             _event(b, "sanction", (USA,), (RUS,), en2, EventDate.unknown(), status="planned"),
             _event(b, "visit", (LAVROV,), (TUR,), en3, _day(2021, 5, 30, date(2021, 6, 1)))]),
        (c, [_event(c, "rejection", (TUR,), (IRN,), XSS_EVIDENCE, _day(2022, 8, 30))]),
    ]


ALL_EVENTS = [ev for _, events in corpus() for ev in events]
RUS_EVENTS = [ev for ev in ALL_EVENTS if any(a.code == "RUS" for a in ev.source + ev.target)]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = Store(tmp_path_factory.mktemp("store") / "t.db")
    for article, events in corpus():
        s.save(article, events)
    yield s
    s.close()


@pytest.fixture(scope="module")
def frame(store: Store) -> pd.DataFrame:
    return store.events_frame()


@pytest.fixture(scope="module")
def static(tmp_path_factory: pytest.TempPathFactory, frame: pd.DataFrame) -> dict[str, Path]:
    """The timeline chart of every event, drawn once as PNG, SVG and PDF."""
    folder = tmp_path_factory.mktemp("static")
    fig = export.chart("timeline", frame, Filters())
    return {fmt: export.write_chart(fig, fmt, folder / f"timeline.{fmt}")
            for fmt in ("png", "svg", "pdf")}


def _dated(events: list[Event]) -> list[Event]:
    return [ev for ev in events if ev.when.date is not None]


# -- charts -----------------------------------------------------------------------
def test_export_png_has_signature_and_plausible_size(static):
    data = static["png"].read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width == export.STATIC_WIDTH * export.PNG_SCALE and height > 600
    assert 20_000 < len(data) < 5_000_000


def test_export_svg_holds_one_marker_per_dated_event(static):
    root = ET.parse(static["svg"]).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    points = [el for el in root.iter("{http://www.w3.org/2000/svg}path")
              if "point" in (el.get("class") or "").split()]
    assert len(points) == len(_dated(ALL_EVENTS))
    texts = " ".join(t for el in root.iter() if el.text for t in [el.text])
    assert "Diplomatic events: timeline" in texts
    assert "all events · 2021-02-01 to 2022-08-30" in texts
    assert f"({len(ALL_EVENTS) - len(_dated(ALL_EVENTS))} undated not shown)" in texts


def test_export_pdf_has_a_page(static):
    data = static["pdf"].read_bytes()
    assert data.startswith(b"%PDF-")
    assert re.search(rb"/Type\s*/Page\b", data)
    assert data.rstrip().endswith(b"%%EOF")


def test_export_static_writes_only_the_file_asked_for(static):
    assert sorted(p.name for p in static["png"].parent.iterdir()) == [
        "timeline.pdf", "timeline.png", "timeline.svg"]


def test_export_chart_caption_names_filters_and_dates(frame):
    filters = Filters.from_mapping({"actors": ["RUS"], "date_from": "2021-01-01",
                                    "date_to": "2021-12-31"})
    df = filters.apply(frame)
    fig = export.chart("timeline", df, filters)
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "actors: RUS" in notes and "dates: 2021-01-01 to 2021-12-31" in notes
    assert "2021-02-01 to 2021-06-01" in notes  # the events' own span (visit ends June 1)
    assert fig.layout.title.text == "Diplomatic events: timeline"
    shown = {row[0] for trace in fig.data if trace.type == "scatter" for row in trace.customdata}
    assert shown == {ev.id for ev in _dated(RUS_EVENTS)}
    counts = export.chart("counts", df, filters, period="year")
    assert counts.layout.title.text == "Diplomatic events per year"
    assert sum(sum(t.y) for t in counts.data) == len(_dated(RUS_EVENTS))
    matrix = export.chart("matrix", df, filters)
    # a date range keeps dated events only (all of Russia's dated events are in 2021)
    assert f"· {len(_dated(RUS_EVENTS))} events" in " ".join(
        a.text for a in matrix.layout.annotations)


def test_export_html_is_standalone_and_escaped(tmp_path, frame):
    path = export.write_chart(export.chart("timeline", frame, Filters()), "html",
                              tmp_path / "t.html")
    page = path.read_text(encoding="utf-8")
    assert "<title>Diplomatic events: timeline</title>" in page
    assert len(page) > 3_000_000  # plotly.js is inside
    assert not re.search(r"<script[^>]+src=", page)  # nothing fetched from anywhere
    assert "<script>alert" not in page and "<img" not in page


# -- data ---------------------------------------------------------------------------
def test_export_csv_has_bom_round_trips_arabic_and_the_filtered_rows(tmp_path, frame):
    filters = Filters.from_mapping({"actors": ["RUS"]})
    path = export.write_data(filters.apply(frame), "csv", tmp_path / "e.csv")
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert len(back) == len(RUS_EVENTS)
    assert set(back["id"]) == {ev.id for ev in RUS_EVENTS}
    assert set(back["evidence"]) == {ev.evidence for ev in RUS_EVENTS}
    assert "ألكسندر لافرنتييف" in " ".join(back["evidence"])
    assert list(back.columns) == export.TABLE_COLUMNS


def test_export_csv_keeps_formulas_from_running(tmp_path, frame):
    path = export.write_data(frame, "csv", tmp_path / "e.csv")
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert "'" + FORMULA_TITLE in set(back["title"])
    assert FORMULA_TITLE not in set(back["title"])


def test_export_xlsx_round_trips_arabic_and_the_filtered_rows(tmp_path, frame):
    filters = Filters.from_mapping({"actors": ["RUS"], "lang": "ar"})
    expected = [ev for ev in RUS_EVENTS if ev.article_id == "ar-1"]
    path = export.write_data(filters.apply(frame), "xlsx", tmp_path / "e.xlsx",
                             caption=filters.describe())
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == ["Events", "About"]
    events = sheets["Events"]
    assert len(events) == len(expected) == 3
    assert set(events["evidence"]) == {ev.evidence for ev in expected}
    assert set(events["outlet"]) == {"شبكة المثال"}
    about = dict(pd.read_excel(path, sheet_name="About", header=None).values.tolist())
    assert about["Filters"] == "actors: RUS; languages: ar"
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", about["Exported at"])


def test_export_xlsx_keeps_formula_text_as_text(tmp_path, frame):
    from openpyxl import load_workbook
    path = export.write_data(frame, "xlsx", tmp_path / "e.xlsx")
    sheet = load_workbook(path)["Events"]
    column = export.TABLE_COLUMNS.index("title") + 1
    cells = [row[column - 1] for row in sheet.iter_rows(min_row=2)]
    hostile = [c for c in cells if c.value == FORMULA_TITLE]
    assert hostile and all(c.data_type == "s" for c in hostile)


def test_export_jsonl_lines_are_events_md_events(tmp_path, store, frame):
    path = export.write_data(frame, "jsonl", tmp_path / "e.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(ALL_EVENTS)
    stored = {ev.id: ev.to_json() for ev in store.iter_events()}
    texts = {article.id: article.text for article, _ in corpus()}
    for line in lines:
        record = json.loads(line)
        assert set(record) >= EVENTS_MD_FIELDS
        expected = stored[record["id"]]
        assert {k: record[k] for k in EVENTS_MD_FIELDS} == {k: expected[k] for k in
                                                             EVENTS_MD_FIELDS}
        assert texts[record["article_id"]][record["start"]:record["end"]] == record["evidence"]


def test_export_timelinejs_has_what_timelinejs_reads(tmp_path, frame):
    path = export.write_data(frame, "timelinejs", tmp_path / "t.json", caption="all events")
    story = json.loads(path.read_text(encoding="utf-8"))
    assert story["title"]["text"]["headline"]
    assert "2 undated events left out" in story["title"]["text"]["text"]
    by_id = {e["unique_id"]: e for e in story["events"]}
    assert set(by_id) == {ev.id for ev in _dated(ALL_EVENTS)}
    for ev in _dated(ALL_EVENTS):
        item = by_id[ev.id]
        assert item["start_date"]["year"] == str(ev.when.date.year)
        assert item["text"]["headline"].startswith(ev.type + ": ")
        assert item["group"] == ev.type
        assert ("day" in item["start_date"]) == (ev.when.precision == "day")
        assert ("end_date" in item) == (ev.when.end_date is not None)
    visit = next(ev for ev in ALL_EVENTS if ev.type == "visit")
    assert by_id[visit.id]["end_date"] == {"year": "2021", "month": "6", "day": "1"}
    hostile = next(e for e in story["events"] if e["group"] == "rejection")
    assert "<" not in hostile["text"]["text"] and "&lt;script&gt;" in hostile["text"]["text"]


# -- files ----------------------------------------------------------------------------
def test_export_refuses_to_overwrite_without_force(tmp_path, frame):
    path = tmp_path / "e.csv"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(TimelineError) as err:
        export.write_data(frame, "csv", path)
    assert str(err.value) == f"{path}: file exists (use --force to overwrite)"
    assert path.read_text(encoding="utf-8") == "keep me"
    export.write_data(frame, "csv", path, force=True)
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    assert [p.name for p in tmp_path.iterdir()] == ["e.csv"]


def test_export_failure_leaves_no_file(tmp_path, frame):
    with pytest.raises(TimelineError):
        export.write_data(frame, "parquet", tmp_path / "e.parquet")
    with pytest.raises(TimelineError):
        export.write_data(frame, "csv", tmp_path / "missing" / "e.csv")
    assert list(tmp_path.iterdir()) == []


# -- command line -------------------------------------------------------------------
def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "timeline", *args], check=False,
                          capture_output=True, text=True, cwd=REPO, timeout=300)


def test_export_cli_chart_and_data(tmp_path, store):
    chart = tmp_path / "timeline.html"
    res = run("export", "--db", str(store.path), "--chart", "timeline", "--out", str(chart),
              "--country", "RUS", "--type", "visit", "--type", "condemnation")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == (f"timeline chart (html) of 2 events (actors: RUS; types: "
                                  f"visit, condemnation) written to {chart}")
    assert "<title>Diplomatic events: timeline</title>" in chart.read_text(encoding="utf-8")

    data = tmp_path / "events.jsonl"
    res = run("export", "--db", str(store.path), "--data", "jsonl", "--out", str(data),
              "--actor", "RUS|person|Alexander Lavrentiev", "--lang", "ar")
    assert res.returncode == 0, res.stderr
    ids = {json.loads(line)["id"] for line in data.read_text(encoding="utf-8").splitlines()}
    assert ids == {ev.id for ev in ALL_EVENTS if LAVRENTIEV in ev.source + ev.target}
    assert "2 events" in res.stdout

    again = run("export", "--db", str(store.path), "--data", "jsonl", "--out", str(data))
    assert again.returncode == 1
    assert again.stderr.strip() == f"timeline: {data}: file exists (use --force to overwrite)"
    forced = run("export", "--db", str(store.path), "--data", "jsonl", "--out", str(data),
                 "--force")
    assert forced.returncode == 0, forced.stderr
    assert len(data.read_text(encoding="utf-8").splitlines()) == len(ALL_EVENTS)


def test_export_cli_rejects_bad_options(tmp_path, store):
    out = tmp_path / "x"
    bad_day = run("export", "--db", str(store.path), "--data", "csv", "--out", str(out),
                  "--from", "2021-02-30")
    assert bad_day.returncode == 2 and "2021-02-30" in bad_day.stderr
    bad_type = run("export", "--db", str(store.path), "--data", "csv", "--out", str(out),
                   "--type", "talk")
    assert bad_type.returncode == 2
    no_format = run("export", "--db", str(store.path), "--chart", "matrix", "--out", str(out))
    assert no_format.returncode == 1 and "--format" in no_format.stderr
    no_store = run("export", "--db", str(tmp_path / "none.db"), "--data", "csv", "--out",
                   str(out))
    assert no_store.returncode == 1 and len(no_store.stderr.strip().splitlines()) == 1
    assert not out.exists() and not (tmp_path / "none.db").exists()


def test_export_cli_is_documented():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "### `timeline export" in readme
    res = run("export", "--help")
    assert res.returncode == 0 and "--chart" in res.stdout and "--force" in res.stdout
