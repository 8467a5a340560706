"""Charts and filtered events written to files: the command line and the dashboard share it.

``chart`` draws one of the dashboard's figures (``figures.py``) with a title and a
caption naming the filters and the date range it shows. ``write_chart`` writes a
figure as PNG, SVG or PDF (static, through plotly's kaleido engine and the system
Chromium) or as a standalone HTML file that works offline. ``write_data`` writes
events frame rows (``eventframe.FRAME_COLUMNS``) as CSV, JSON lines, Excel or TimelineJS
JSON (made by ``datafiles``). ``target_format`` checks a request before anything is read,
``write_file`` writes what it asks for. Writers never overwrite a file unless asked to, and never leave a
half-written file: they write a temporary file in the same folder and rename it.
"""
from __future__ import annotations

import html
import logging
import os
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from timeline import safefile, tallies, timechart
from timeline.datafiles import (  # noqa: F401 - the data formats and columns, named here too
    DATA_FORMATS,
    TABLE_COLUMNS,
    data_bytes,
    date_range,
    plural,
)
from timeline.errors import TimelineError
from timeline.filters import Filters

CHARTS = ("timeline", "counts", "matrix")
CHART_FORMATS = ("png", "svg", "pdf", "html")
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

_STATIC_LOCK = threading.Lock()  # one kaleido request at a time (its server is process-wide)


# -- charts ---------------------------------------------------------------------
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
        parts.append(plural(len(df), "event"))
    else:
        parts.append(f"{plural(len(df) - n_undated, 'dated event')} "
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


# -- data ---------------------------------------------------------------------
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


# -- one request: a chart or the data, to a file --------------------------------
def target_format(out: Path, *, chart: str | None, data: str | None, fmt: str | None,
                  force: bool) -> str:
    """The format of a chart (``fmt``, else the suffix of ``out``) or of the ``data`` to
    write to ``out``, checked with ``out`` itself before anything is read or drawn."""
    if chart and fmt is None:
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in CHART_FORMATS:
            raise TimelineError("give --format png|svg|pdf|html (or an --out ending in one)")
    if data and fmt:
        raise TimelineError("--format is for charts; --data names the data format")
    _check_target(out, force)  # a folder, a device, an existing file without force ...
    return str(fmt or data)


def write_file(df: pd.DataFrame, filters: Filters, out: Path, fmt: str, *,
               kind: str | None = None, force: bool = False, lanes: str = "actor",
               period: str = "auto", ui: str = "en") -> str:
    """Write the chart ``kind`` (or, with none, the data) of the filtered frame ``df`` to
    ``out`` in ``fmt`` (see ``target_format``); returns what was written, in words."""
    if kind:
        fig = chart(kind, df, filters, lanes=lanes, period=period, ui=ui)
        write_chart(fig, fmt, out, force=force)
        return f"{kind} chart ({fmt})"
    write_data(df, fmt, out, force=force, caption=filters.describe())
    return f"{fmt} data"


# -- files ----------------------------------------------------------------------
def _check_target(path: str | os.PathLike[str], force: bool) -> Path:
    return safefile.check_target(path, force)


def _write_atomic(target: Path, payload: bytes, force: bool) -> Path:
    """Write ``payload`` to a temporary file beside ``target``, then move it into place.

    Without ``force`` the move is a hard link, which fails if ``target`` appeared
    meanwhile (see ``timeline.safefile``)."""
    return safefile.write_bytes(target, payload, force=force)
