"""Charts and filtered events written to files: the command line and the dashboard share it.

``chart`` draws one of the dashboard's figures (``figures.py``) with a title and a
caption naming the filters and the date range it shows. ``write_chart`` writes a
figure as PNG, SVG or PDF (static, through plotly's kaleido engine and the system
Chromium) or as a standalone HTML file that works offline. ``write_data`` writes
events frame rows (``eventframe.FRAME_COLUMNS``) as CSV, JSON lines, Excel or TimelineJS
JSON. Writers never overwrite a file unless asked to, and never leave a
half-written file: they write a temporary file in the same folder and rename it.
"""
from __future__ import annotations

import html
import io
import json
import logging
import os
import threading
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from timeline import __version__, safefile, tallies, timechart
from timeline.errors import TimelineError
from timeline.filters import Filters

CHARTS = ("timeline", "counts", "matrix")
CHART_FORMATS = ("png", "svg", "pdf", "html")
DATA_FORMATS = ("csv", "jsonl", "xlsx", "timelinejs")
#: File name suffix of each format.
SUFFIXES = {"png": ".png", "svg": ".svg", "pdf": ".pdf", "html": ".html", "csv": ".csv",
            "jsonl": ".jsonl", "xlsx": ".xlsx", "timelinejs": ".json"}
MIME_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf",
              "html": "text/html", "csv": "text/csv", "jsonl": "application/jsonl",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "timelinejs": "application/json"}
TITLES = {"timeline": "Diplomatic events: timeline",
          "counts": "Diplomatic events per {period}",
          "matrix": "Diplomatic events: who does what to whom"}
#: Width of static images in CSS pixels (PNG is drawn at twice this for sharp print).
STATIC_WIDTH = 1200
PNG_SCALE = 2
#: Longest wait for one static image before giving up.
STATIC_TIMEOUT_S = 120.0

#: Columns of the CSV and Excel files, in order.
TABLE_COLUMNS = ["id", "date", "end_date", "precision", "type", "status", "source", "target",
                 "source_codes", "target_codes", "evidence", "confidence", "lang", "outlet",
                 "title", "url", "published", "article_id", "start", "end", "trigger",
                 "date_note"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_STATIC_LOCK = threading.Lock()  # one kaleido request at a time (its server is process-wide)


# -- charts ---------------------------------------------------------------------
def date_range(df: pd.DataFrame) -> tuple[str, str] | None:
    """First and last day covered by the dated events of ``df`` (ISO), or None.

    A month- or year-precise event covers its whole month or year.
    """
    dated = df[df["date"].notna()]
    if dated.empty:
        return None
    last = dated["date"].where(dated["precision"] != "month",
                               dated["date"] + pd.offsets.MonthEnd(0))
    last = last.where(dated["precision"] != "year", dated["date"] + pd.offsets.YearEnd(0))
    last = dated["end_date"].where(dated["end_date"].notna() & (dated["end_date"] > last), last)
    return f"{dated['date'].min():%Y-%m-%d}", f"{last.max():%Y-%m-%d}"


def chart_caption(df: pd.DataFrame, filters: Filters, *, undated_shown: bool = False,
                  ui: str = "en") -> str:
    """The caption of an exported chart: filters, dates covered, events shown.

    ``df`` is the filtered frame; with ``undated_shown`` False the caption says how
    many undated events the chart leaves out. ``ui``: the language of the caption.
    """
    if ui == "ar":
        return _caption_ar(df, filters, undated_shown)
    n_undated = int(df["date"].isna().sum())
    span = date_range(df)
    parts = [filters.describe(), f"{span[0]} to {span[1]}" if span else "no dated events"]
    if undated_shown or not n_undated:
        parts.append(_plural(len(df), "event"))
    else:
        parts.append(f"{_plural(len(df) - n_undated, 'dated event')} "
                     f"({n_undated} undated not shown)")
    return " · ".join(parts)


def _caption_ar(df: pd.DataFrame, filters: Filters, undated_shown: bool) -> str:
    from timeline.labels import labels
    lb = labels("ar")
    ui = lb.ui
    n_undated = int(df["date"].isna().sum())
    span = date_range(df)
    parts = [lb.describe(filters),
             ui["cap_span"].format(start=span[0], end=span[1]) if span else ui["cap_no_dated"]]
    if undated_shown or not n_undated:
        parts.append(ui["cap_event"] if len(df) == 1 else ui["cap_events"].format(n=len(df)))
    else:
        parts.append(ui["cap_dated_undated"].format(n=len(df) - n_undated, undated=n_undated))
    return " · ".join(parts)


def chart(kind: str, df: pd.DataFrame, filters: Filters, *, lanes: str = "actor",
          period: str = "auto", title: str | None = None,
          note: str | None = None, ui: str = "en") -> go.Figure:
    """The dashboard's ``kind`` chart of the filtered frame ``df``, titled and captioned.

    Needs the frame already filtered with ``filters`` (the caption describes them).
    The same function serves ``timeline export --chart`` and the dashboard's
    download buttons, so both files show the same events.
    """
    from timeline.labels import labels
    if kind not in CHARTS:
        raise TimelineError(f"unknown chart {kind!r} (one of {', '.join(CHARTS)})")
    lb = labels(ui)
    words = lb.words()
    titles = TITLES if lb.lang == "en" else {k: lb.ui[f"title_{k}"] for k in TITLES}
    if kind == "timeline":
        fig = timechart.timeline(df, lanes=lanes, title=title or titles["timeline"],
                               caption=chart_caption(df, filters, ui=lb.lang),
                               note=note or lb.ui["timeline_note"], words=words)
    elif kind == "counts":
        period = period if period in ("auto", "day", "week", "month", "year") else "auto"
        if period == "auto":
            dated = df["date"].dropna()
            period = tallies.auto_period(dated.min(), dated.max()) if len(dated) else "month"
        fig = tallies.counts(df, period=period, title=title or titles["counts"].format(
            period=words.t(period)), caption=chart_caption(df, filters, ui=lb.lang),
            words=words)
    else:
        fig = tallies.matrix(df, title=title or titles["matrix"], words=words,
                             caption=chart_caption(df, filters, undated_shown=True, ui=lb.lang))
    if fig.layout.title.text:  # the title above its caption, both over the plot area
        fig.layout.title.xref = "paper"
    return fig


def chart_bytes(fig: go.Figure, fmt: str) -> bytes:
    """``fig`` as a PNG, SVG or PDF image or a standalone offline HTML page."""
    if fmt not in CHART_FORMATS:
        raise TimelineError(f"unknown chart format {fmt!r} (one of {', '.join(CHART_FORMATS)})")
    if fmt == "html":
        return _html(fig).encode("utf-8")
    return _static(fig, fmt)


def write_chart(fig: go.Figure, fmt: str, path: str | os.PathLike[str], *,
                force: bool = False) -> Path:
    """Write ``fig`` to ``path`` as png, svg, pdf or html; returns the path written.

    Refuses to replace an existing file unless ``force``. Static formats need
    Chromium (found by kaleido; ``BROWSER_PATH`` overrides it).
    """
    target = _check_target(path, force)
    return _write_atomic(target, chart_bytes(fig, fmt), force)


def _html(fig: go.Figure) -> str:
    title = html.escape(html.unescape(fig.layout.title.text or "Chart"))
    page = fig.to_html(include_plotlyjs=True, full_html=True, validate=False,
                       default_width="100%", default_height=f"{fig.layout.height or 500}px",
                       config={"displaylogo": False, "responsive": True})
    charset = '<meta charset="utf-8" />'
    return page.replace(charset, f"{charset}\n    <title>{title}</title>", 1)


BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_browser() -> str | None:
    """The Chromium that static images are drawn in: ``$BROWSER_PATH``, else one on PATH."""
    import shutil
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def _static(fig: go.Figure, fmt: str) -> bytes:
    """Render through a kaleido server started on first use (later images take ~0.4 s).

    If the server's browser cannot start, the server thread dies and a request would
    wait for ever: the request runs in a watcher thread, and on such a failure the
    image is tried once without the server, which raises the real error.
    """
    if find_browser() is None:
        raise TimelineError(f"a {fmt.upper()} image is drawn in Chromium, which is not installed "
                            "here: run 'make system-deps' (apt-get install chromium) or set "
                            "BROWSER_PATH; HTML needs no browser")
    import kaleido
    import plotly.io as pio

    options: dict[str, Any] = {"format": fmt, "width": STATIC_WIDTH,
                               "height": fig.layout.height or 500,
                               "scale": PNG_SCALE if fmt == "png" else 1}
    with _STATIC_LOCK:
        warnings.filterwarnings("ignore", message="The kopts argument is ignored",
                                category=UserWarning)
        # the browser driver logs (with a traceback) pipe messages it ignores; real
        # failures still reach us as exceptions
        quiet = logging.getLogger("choreographer")
        if quiet.level == logging.NOTSET:
            quiet.setLevel(logging.CRITICAL)
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        result: dict[str, Any] = {}

        def run() -> None:
            try:
                result["image"] = pio.to_image(fig, validate=False, **options)
            except BaseException as err:  # noqa: BLE001 - handed to the caller below
                result["error"] = err

        worker = threading.Thread(target=run, name="timeline-export", daemon=True)
        worker.start()
        deadline = time.monotonic() + STATIC_TIMEOUT_S
        while worker.is_alive():
            worker.join(0.2)
            server = getattr(getattr(kaleido, "_global_server", None), "_thread", None)
            if worker.is_alive() and server is not None and not server.is_alive():
                kaleido.stop_sync_server(silence_warnings=True)
                try:
                    return pio.to_image(fig, validate=False, **options)
                except Exception as err:
                    raise TimelineError(f"cannot draw a {fmt.upper()} image: {err}") from err
            if time.monotonic() > deadline:
                kaleido.stop_sync_server(silence_warnings=True)
                raise TimelineError(f"drawing a {fmt.upper()} image took longer than "
                                    f"{STATIC_TIMEOUT_S:.0f} s")
    if "error" in result:
        failure = result["error"]
        raise TimelineError(f"cannot draw a {fmt.upper()} image: {failure}") from failure
    return bytes(result["image"])


# -- data -----------------------------------------------------------------------
def data_bytes(df: pd.DataFrame, fmt: str, *, caption: str = "") -> bytes:
    """Frame rows as csv, jsonl, xlsx or timelinejs bytes (see ``write_data``)."""
    if fmt == "csv":
        return _csv(df)
    if fmt == "jsonl":
        return "".join(json.dumps(rec, ensure_ascii=False) + "\n"
                       for rec in event_records(df)).encode("utf-8")
    if fmt == "xlsx":
        return _xlsx(df, caption)
    if fmt == "timelinejs":
        return json.dumps(timelinejs(df, caption), ensure_ascii=False, indent=1).encode("utf-8")
    raise TimelineError(f"unknown data format {fmt!r} (one of {', '.join(DATA_FORMATS)})")


def write_data(df: pd.DataFrame, fmt: str, path: str | os.PathLike[str], *,
               force: bool = False, caption: str = "") -> Path:
    """Write the events of ``df`` (``eventframe.FRAME_COLUMNS``) to ``path``; returns the path.

    csv: UTF-8 with a byte order mark, so spreadsheet programs read Arabic; jsonl:
    one event a line in the EVENTS.md form; xlsx: an Events sheet and an About
    sheet with ``caption`` and the export time; timelinejs: TimelineJS 3 JSON
    (undated events left out, and the title says so). Text that a spreadsheet
    would run as a formula is kept as text (xlsx) or prefixed with ``'`` (csv).
    """
    target = _check_target(path, force)
    return _write_atomic(target, data_bytes(df, fmt, caption=caption), force)


def _day(value: Any) -> str | None:
    return None if pd.isna(value) else f"{value:%Y-%m-%d}"


def _codes(value: str) -> str:
    return "; ".join(c for c in str(value).split("|") if c)


def table(df: pd.DataFrame) -> pd.DataFrame:
    """The frame as the CSV and Excel files show it (TABLE_COLUMNS, dates as ISO text)."""
    out = pd.DataFrame({
        "id": df["id"], "date": df["date"].dt.strftime("%Y-%m-%d"),
        "end_date": df["end_date"].dt.strftime("%Y-%m-%d"), "precision": df["precision"],
        "type": df["type"], "status": df["status"], "source": df["source_names"],
        "target": df["target_names"], "source_codes": df["source_codes"].map(_codes),
        "target_codes": df["target_codes"].map(_codes), "evidence": df["evidence"],
        "confidence": df["confidence"].round(3), "lang": df["lang"], "outlet": df["outlet"],
        "title": df["title"], "url": df["url"], "published": df["published"],
        "article_id": df["article_id"], "start": df["start"], "end": df["end"],
        "trigger": df["trigger"], "date_note": df["date_note"]}, columns=TABLE_COLUMNS)
    return out.reset_index(drop=True)


def _csv(df: pd.DataFrame) -> bytes:
    t = table(df)
    for col in t.columns:  # every text cell, whatever its column: ids and codes too
        if pd.api.types.is_numeric_dtype(t[col]):
            continue  # numbers, written as numbers
        cells = t[col]
        text = cells.map(lambda v: v if isinstance(v, str) else "")
        risky = text.str.startswith(_FORMULA_START)
        t[col] = text.mask(risky, "'" + text).where(cells.map(lambda v: isinstance(v, str)), cells)
    buf = io.StringIO()
    t.to_csv(buf, index=False, lineterminator="\r\n")
    return buf.getvalue().encode("utf-8-sig")


def _xlsx(df: pd.DataFrame, caption: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Events")
    ws.freeze_panes = "A2"
    t = table(df)
    widths = {"id": 18, "date": 11, "end_date": 11, "evidence": 80, "source": 28,
              "target": 28, "title": 40, "url": 30}
    for i, col in enumerate(TABLE_COLUMNS):
        ws.column_dimensions[_column_letter(i)].width = widths.get(col, 12)
    ws.append(TABLE_COLUMNS)
    columns = []
    for col in TABLE_COLUMNS:
        values = _values(t[col])
        values = [_text_cell(ws, v) if isinstance(v, str) and v.startswith("=") else v
                  for v in values]  # every text cell, whatever its column
        columns.append(values)
    for row in zip(*columns):
        ws.append(row)
    about = wb.create_sheet("About")
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 90
    span = date_range(df)
    for key, value in (("Title", "Diplomatic events"),
                       ("Filters", caption or "all events"),
                       ("Events", len(df)),
                       ("Undated", int(df["date"].isna().sum())),
                       ("Dates", f"{span[0]} to {span[1]}" if span else "no dated events"),
                       ("Exported at", datetime.now(UTC).isoformat(timespec="seconds")),
                       ("Exported by", f"timeline {__version__}")):
        about.append([key, _text_cell(about, value) if isinstance(value, str) else value])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _values(series: pd.Series) -> list[Any]:
    """A column as plain Python values, None where missing."""
    return series.astype(object).where(series.notna(), None).tolist()


def _text_cell(ws: Any, value: str) -> Any:
    """A cell that holds ``value`` as text, even if it starts with ``=``."""
    from openpyxl.cell import WriteOnlyCell
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(index + 1)


def event_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Each row as an event in the EVENTS.md form (plus ``date_note``, ``trigger``, ``id``).

    Records with the same actors share their ``source``/``target`` lists: serialise
    them, do not change them.
    """
    cols = ["article_id", "type", "source", "target", "date", "precision", "end_date", "status",
            "evidence", "start", "end", "confidence", "date_note", "trigger", "id"]
    if df.empty:
        return []
    values = {c: _values(df[c]) for c in cols}
    values["date"] = _values(df["date"].dt.strftime("%Y-%m-%d"))
    values["end_date"] = _values(df["end_date"].dt.strftime("%Y-%m-%d"))
    values["confidence"] = [round(float(c), 3) for c in df["confidence"].tolist()]
    actors: dict[str, Any] = {}  # parsed once per distinct list (events share them)

    def parse(text: str | None) -> Any:
        text = text or "[]"
        if text not in actors:
            actors[text] = json.loads(text)
        return actors[text]

    records = []
    for row in zip(*(values[c] for c in cols)):
        rec = dict(zip(cols, row))
        rec["source"], rec["target"] = parse(rec["source"]), parse(rec["target"])
        rec["start"], rec["end"] = int(rec["start"]), int(rec["end"])
        rec["date_note"], rec["trigger"] = rec["date_note"] or "", rec["trigger"] or ""
        records.append(rec)
    return records


def _tl_date(year: int, month: int, day: int, precision: str) -> dict[str, str]:
    """A TimelineJS date: month and day left out when the date is not known to them."""
    out = {"year": str(year)}
    if precision != "year":
        out["month"] = str(month)
        if precision != "month":
            out["day"] = str(day)
    return out


def timelinejs(df: pd.DataFrame, caption: str = "") -> dict[str, Any]:
    """A TimelineJS 3 story of the dated events; every text HTML-escaped.

    TimelineJS needs a date on every slide, so undated events are left out and the
    title slide says how many.
    """
    dated = df[df["date"].notna()]
    n_undated = len(df) - len(dated)
    start = [_tl_date(y, m, d, p) for y, m, d, p in zip(
        dated["date"].dt.year.tolist(), dated["date"].dt.month.tolist(),
        dated["date"].dt.day.tolist(), dated["precision"].tolist())]
    multi = (dated["end_date"].notna() & (dated["end_date"] != dated["date"])).tolist()
    end = dated["end_date"].where(dated["end_date"].notna(), dated["date"])
    ends = zip(end.dt.year.tolist(), end.dt.month.tolist(), end.dt.day.tolist())
    events = []
    for first, (y, m, d), has_end, typ, src, tgt, evidence, eid in zip(
            start, ends, multi, *(dated[c].tolist() for c in (
                "type", "source_names", "target_names", "evidence", "id"))):
        event: dict[str, Any] = {
            "start_date": first,
            "text": {"headline": html.escape(f"{typ}: {src or '?'} → {tgt or '?'}"),
                     "text": html.escape(evidence or "")},
            "group": html.escape(typ), "unique_id": str(eid)}
        if has_end:
            event["end_date"] = _tl_date(y, m, d, "day")
        events.append(event)
    span = date_range(df)
    lines = [f"{_plural(len(events), 'dated event')}"
             + (f", {span[0]} to {span[1]}" if span else ""), caption or "all events"]
    if n_undated:
        lines.append(f"{_plural(n_undated, 'undated event')} left out "
                     "(a timeline slide needs a date).")
    return {"title": {"text": {"headline": "Diplomatic events",
                               "text": "<br>".join(html.escape(line) for line in lines)}},
            "events": events}


# -- files ----------------------------------------------------------------------
def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _check_target(path: str | os.PathLike[str], force: bool) -> Path:
    return safefile.check_target(path, force)


def _write_atomic(target: Path, payload: bytes, force: bool) -> Path:
    """Write ``payload`` to a temporary file beside ``target``, then move it into place.

    Without ``force`` the move is a hard link, which fails if ``target`` appeared
    meanwhile (see ``timeline.safefile``)."""
    return safefile.write_bytes(target, payload, force=force)
