"""The dashboard's state: the URL query, and the events it puts on screen.

The URL query is the state: ``Filters.to_query_string`` plus the view settings
``ui``, ``lanes``, ``period``, ``reports`` (merged into one event per act, or apart)
and ``event`` (the one open in the detail panel). The callbacks, the downloads and
the correction forms all read it here, so a download holds what the screen shows.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode

import pandas as pd

from timeline.crossmerge import group_reports
from timeline.dashboard import views
from timeline.filters import Filters, index_of, indexed
from timeline.store import Store

UI_LANGS = ("en", "ar")
EXTRA_DEFAULTS = {"ui": "en", "lanes": "actor", "period": "auto", "reports": "merged",
                  "event": ""}
_EVENT_ID = re.compile(r"[\w.:-]{1,128}")


def read_query(search: str | None) -> tuple[Filters, dict[str, str]]:
    """Filters and the extra view settings (ui, lanes, period, reports, event) of a URL query."""
    search = (search or "").lstrip("?")
    parsed = parse_qs(search)
    extras = {k: (parsed.get(k) or [v])[-1] for k, v in EXTRA_DEFAULTS.items()}
    if extras["ui"] not in UI_LANGS:
        extras["ui"] = "en"
    if extras["lanes"] not in views.LANES:
        extras["lanes"] = "actor"
    if extras["period"] not in views.PERIODS:
        extras["period"] = "auto"
    if not _EVENT_ID.fullmatch(extras["event"] or ""):
        extras["event"] = ""
    if extras["reports"] not in ("merged", "apart"):
        extras["reports"] = "merged"
    return Filters.from_query_string(search), extras


def write_query(filters: Filters, extras: dict[str, str]) -> str:
    """The URL query (with its ``?``, or empty) for ``filters`` and the view settings."""
    query = filters.to_query_string()
    rest = urlencode([(k, v) for k, v in extras.items() if v and v != EXTRA_DEFAULTS.get(k)])
    joined = "&".join(q for q in (query, rest) if q)
    return f"?{joined}" if joined else ""


def merged(extras: dict[str, str]) -> bool:
    """Whether the reports of one act are shown merged (the default) or apart."""
    return extras.get("reports") != "apart"


def on_screen(store: Store, merged: bool) -> pd.DataFrame:
    """The events shown, before filtering: one row per act (its reports merged,
    ``crossmerge``) or per report.

    The store's frames are never changed in place, so their filter index is kept with them."""
    frame = store.derived(group_reports) if merged else store.events_frame()
    indexed(frame)
    return frame


def shown(store: Store, search: str | None) -> tuple[pd.DataFrame, Filters, dict[str, str]]:
    """The events the screen shows for the URL query ``search`` (every row the table and
    charts draw from), with the query's filters and view settings."""
    filters, extras = read_query(search)
    frame = on_screen(store, merged(extras))
    return filters.apply(frame, index=index_of(frame)), filters, extras
