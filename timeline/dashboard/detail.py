"""The event detail panel: the article around one event, evidence highlighted.

Article text is always handed to Dash as text children (``str`` and ``html.Mark``),
never as markup, so whatever an article contains is shown, not run.
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from dash import html

from timeline.dashboard import forms
from timeline.errors import marked
from timeline.labels import Labels
from timeline.labels import labels as labels_of
from timeline.model import Article
from timeline.store import Store

SAFE_SCHEMES = ("http://", "https://")


def merge_spans(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans clipped to ``[0, length]``; empty ones dropped."""
    clipped = sorted((max(0, s), min(length, e)) for s, e in spans)
    out: list[tuple[int, int]] = []
    for s, e in clipped:
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> list[Any]:
    """``text`` as children with each span wrapped in ``html.Mark`` (plain strings elsewhere)."""
    children: list[Any] = []
    pos = 0
    for s, e in merge_spans(spans, len(text)):
        if s > pos:
            children.append(text[pos:s])
        children.append(html.Mark(text[s:e], className="tl-evidence"))
        pos = e
    if pos < len(text):
        children.append(text[pos:])
    return children


def evidence_spans(store: Store, row: Mapping[str, Any], text: str) -> list[tuple[int, int]]:
    """Where the event's evidence sits in ``text``: its stored spans, else ``start``/``end``,
    else the first place the evidence sentence occurs."""
    spans: list[tuple[int, int]] = []
    for ev in store.iter_events(row["article_id"]):
        if ev.id == row["id"]:
            spans = [(s.start, s.end) for s in ev.spans]
            break
    start, end = int(row["start"]), int(row["end"])
    if not spans and 0 <= start < end <= len(text):
        spans = [(start, end)]
    evidence = str(row["evidence"] or "")
    if evidence and not any(evidence in text[s:e] or text[s:e] in evidence for s, e in spans):
        found = text.find(evidence)
        if found >= 0:
            spans = [(found, found + len(evidence))]
    return spans


def _link(url: str | None) -> Any:
    if not url:
        return "—"
    if url.lower().startswith(SAFE_SCHEMES):
        return html.A(url, href=url, target="_blank", rel="noopener noreferrer",
                      className="tl-url tl-data", dir="ltr")
    return html.Span(url, className="tl-url tl-data")  # not a web link: shown, never followed


def render(store: Store, event_id: str, ui: Mapping[str, str],
           frame: pd.DataFrame | None = None, *, labels: Labels | None = None) -> list[Any]:
    """Children of the detail panel for ``event_id`` (a plain message if it is gone): the
    article around the event, every report of the act, and the forms to correct it.
    ``frame``: the frame on screen (reports merged or not), else the store's. Types,
    statuses, precisions and actor names are shown in the interface language."""
    lb = labels or labels_of(ui.get("ui_lang", "en"), store.path)
    match = frame[frame["id"] == event_id] if frame is not None else frame
    if match is None or match.empty:
        full = store.events_frame()
        match = full[full["id"] == event_id]
    if match.empty:
        return [html.P(ui["detail_missing"], className="tl-hint")]
    row = match.iloc[0].to_dict()
    article = _fields(store.article(row["article_id"]))
    text = str(article.get("text") or "")
    lang = str(article.get("lang") or row["lang"] or "en")
    direction = "rtl" if lang == "ar" else "ltr"
    precision = str(row["precision"])
    if precision == "none" or row["date"] is None or str(row["date"]) == "NaT":
        when = ui["precision_none"]
    else:
        when = f"{row['date']:%Y-%m-%d}"
        if row["end_date"] is not None and str(row["end_date"]) != "NaT":
            when += f" – {row['end_date']:%Y-%m-%d}"
        when += f" ({lb.precision(precision)})"
    outlet = article.get("outlet") or row["outlet"]
    meta = [
        (ui["col_type"], f"{lb.type(row['type'])} · {lb.status(str(row['status']))}"),
        (ui["col_source"] + " → " + ui["col_target"],
         html.Span([html.Bdi(lb.names(row["source_names"])), " → ",
                    html.Bdi(lb.names(row["target_names"]))])),
        (ui["date"], when),
        (ui["date_note"], _note(lb, row["date_note"])),
        (ui["outlet"], html.Bdi(marked(str(outlet)), className="tl-data") if outlet else None),
        (ui["published"], article.get("published") or ui["unknown"]),
        (ui["url"], _link(article.get("url")) if article.get("url") else None),
        (ui["confidence"], f"{float(row['confidence']):.2f}"),
    ]
    meta = [(label, value) for label, value in meta if value is not None]
    spans = evidence_spans(store, row, text)
    reports = _reports(row, ui, article, lang)
    title = str(article.get("title") or row["title"] or "").strip()
    return [
        html.H3(marked(title) if title else "—", className="h6 tl-detail-title", lang=lang,
                dir=direction),
        html.Dl(className="tl-meta", children=[
            part for label, value in meta for part in (html.Dt(label), html.Dd(value))]),
        html.H4(ui["evidence"], className="tl-subhead"),
        html.Blockquote(marked(str(row["evidence"])), className="tl-evidence-quote", lang=lang,
                        dir=direction),
        html.H4(ui["article_text"], className="tl-subhead"),
        html.Div(highlight(text, spans), className="tl-article", lang=lang, dir=direction),
        *reports,
        forms.event_form(row, ui, text, forms.codes_list(store.events_frame())),
    ]


def _note(lb: Labels, note: str | None) -> Any:
    """The date note in the interface language; a part not translated keeps its language."""
    if not note:
        return None
    text, whole = lb.date_note(note)
    return html.Span(text, className="tl-date-note",
                     **({} if whole else {"lang": "en", "dir": "auto"}))  # type: ignore[arg-type]


def _fields(article: Article | None) -> dict[str, Any]:
    """A stored article's fields as shown (its date as ISO text); none for no article."""
    if article is None:
        return {}
    return {**dataclasses.asdict(article),
            "published": article.published.isoformat() if article.published else None}


def _reports(row: Mapping[str, Any], ui: Mapping[str, str], article: Mapping[str, Any],
             lang: str) -> list[Any]:
    """Each report of an act told by several articles: outlet, date, title, its sentence."""
    others = json.loads(row["reports"]) if row.get("reports") else []
    if not others:
        return []
    first = {**row, "outlet": article.get("outlet") or row.get("outlet"),
             "title": article.get("title") or row.get("title"), "lang": lang,
             "published": article.get("published") or row.get("published")}
    items = []
    for n, r in enumerate([first, *others]):
        r_lang = str(r.get("lang") or "en")
        where = " · ".join(str(x) for x in (r.get("outlet"), r.get("published"),
                                             ui["report_this"] if n == 0 else None) if x)
        items.append(html.Li(className="tl-report", children=[
            html.Div(marked(where or "—"), className="tl-report-source"),
            html.Div(marked(str(r.get("title") or "")), className="tl-report-title", lang=r_lang,
                     dir="rtl" if r_lang == "ar" else "ltr") if n else None,  # shown above
            html.Blockquote(marked(str(r.get("evidence") or "")), className="tl-evidence-quote",
                            lang=r_lang, dir="rtl" if r_lang == "ar" else "ltr")]))
    return [html.H4(ui["reports_title"].format(n=len(items)), className="tl-subhead"),
            html.Ol(items, className="tl-reports")]
