"""Download menus: each chart as PNG / SVG / PDF / HTML, the filtered events as data files.

The files are written on the server by ``timeline.export`` (the code behind
``timeline export``) for the filters and view settings on screen, read from the
query the main callback last wrote (``ids.WRITTEN``) through ``state``: a file holds
the events on screen (reports merged or apart as shown). The command line exports
reports apart: with the same filters, a chart downloaded with reports apart (or where
no reports merge) and the same chart from ``timeline export`` are one file.
"""
from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, ctx, dcc, no_update

from timeline import export
from timeline.dashboard import ids, state
from timeline.errors import TimelineError
from timeline.store import Store

#: Menu entries: format -> interface label key (labels fall back to the format's name).
CHART_ITEMS = (("png", "PNG"), ("svg", "SVG"), ("pdf", "PDF"), ("html", "HTML"))
DATA_ITEMS = (("csv", "CSV"), ("jsonl", "JSON lines"), ("xlsx", "Excel"),
              ("timelinejs", "TimelineJS"))


def file_name(what: str, fmt: str) -> str:
    """The name offered for a download: ``events-timeline.png``, ``events.csv``, ..."""
    stem = "events" if what == "data" else f"events-{what}"
    if fmt == "timelinejs":
        stem += "-timelinejs"
    return stem + export.SUFFIXES[fmt]


def menu(ui: Mapping[str, str], what: str) -> dbc.DropdownMenu:
    """A small download menu for chart ``what`` (timeline, counts, matrix) or ``"data"``."""
    items = DATA_ITEMS if what == "data" else CHART_ITEMS
    label = ui.get("download_data" if what == "data" else "download", "Download")
    return dbc.DropdownMenu(
        label=label, size="sm", color="light", align_end=True,
        className="tl-download", toggleClassName="tl-download-toggle",
        id={"type": ids.DOWNLOAD_MENU, "what": what},
        children=[dbc.DropdownMenuItem(
            ui.get(f"format_{fmt}", name), n_clicks=0,
            id={"type": ids.DOWNLOAD_ITEM, "what": what, "fmt": fmt}) for fmt, name in items])


def write(store: Store, what: str, fmt: str, search: str | None, folder: Path) -> Path:
    """Write the download ``what`` (a chart's name or ``"data"``) as ``fmt`` into ``folder``
    for the URL query ``search``: the events the screen shows (``state.shown``: the same
    filters, the reports merged or apart as on screen). Returns the file's path."""
    df, filters, extras = state.shown(store, search)
    path = folder / file_name(what, fmt)
    if what == "data":
        export.write_data(df, fmt, path, caption=filters.describe())
    else:
        fig = export.chart(what, df, filters, lanes=extras["lanes"],
                           period=extras["period"], ui=extras["ui"])
        export.write_chart(fig, fmt, path)
    return path


def register(app: Dash, store: Store) -> None:
    """The one callback behind every download menu item."""
    @app.callback(Output(ids.DOWNLOAD, "data"), Output(ids.DOWNLOAD_NOTE, "children"),
                  Output(ids.DOWNLOAD_NOTE, "hidden"),
                  Input({"type": ids.DOWNLOAD_ITEM, "what": ALL, "fmt": ALL}, "n_clicks"),
                  State(ids.WRITTEN, "data"), prevent_initial_call=True)
    def download(clicks: list[int | None], written: str | None) -> Any:
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not any(t.get("value") for t in ctx.triggered):
            return no_update, no_update, no_update  # menus built with the page, no click
        what, fmt = str(trigger["what"]), str(trigger["fmt"])
        name = file_name(what, fmt)
        try:
            with tempfile.TemporaryDirectory(prefix="timeline-download-") as folder:
                path = write(store, what, fmt, written, Path(folder))
                sent = dcc.send_file(str(path), filename=name, type=export.MIME_TYPES[fmt])
        except TimelineError as err:
            return no_update, f"{name}: {err.message}", False
        return sent, "", True
