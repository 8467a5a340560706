"""The analyst's forms: correct the event in the detail panel, add an actor or alias.

Component builders only (``editing.py`` holds their callbacks). The event forms use
pattern-matching ids ``{"type": ids.C_..., "id": event id}``, so a callback always
knows which event a click was about; article text is only ever passed as text.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
from dash import dcc, html

from timeline.dashboard import ids
from timeline.model import EVENT_TYPES, KINDS, PRECISIONS

#: Longest sentence label offered in the "add an event" list.
SENTENCE_LABEL = 140


def codes_text(actors_json: str) -> str:
    """``RUS USA`` from a frame's ``source``/``target`` JSON column."""
    try:
        actors = json.loads(actors_json or "[]")
    except json.JSONDecodeError:
        return ""
    return " ".join(dict.fromkeys(str(a.get("code", "")) for a in actors if a.get("code")))


def date_text(row: Mapping[str, Any]) -> str:
    """The event's date as typed in the form: as precise as it is known."""
    day, precision = row.get("date"), str(row.get("precision") or "none")
    if precision == "none" or day is None or pd.isna(day):
        return ""
    fmt = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}.get(precision, "%Y-%m-%d")
    return pd.Timestamp(day).strftime(fmt)


def _field(label: str, control: Any) -> html.Div:
    return html.Div(className="tl-field tl-form-field", children=[
        html.Label(label, className="tl-label"), control])


def _type_dropdown(id_: dict[str, str], value: str, ui: Mapping[str, str], cls: str) -> Any:
    return dcc.Dropdown(id=id_, value=value, clearable=False, searchable=True,
                        className=cls, options=[{"label": ui.get(f"type_{t}", t), "value": t}
                                                for t in EVENT_TYPES])


def _precision(id_: dict[str, str], value: str, ui: Mapping[str, str], cls: str) -> Any:
    return dcc.RadioItems(id=id_, value=value, inline=True, className=f"tl-radio {cls}",
                          options=[{"label": ui.get(f"precision_{p}", p), "value": p}
                                   for p in PRECISIONS])


def _codes(id_: dict[str, str], value: str, ui: Mapping[str, str], cls: str) -> Any:
    return dcc.Input(id=id_, type="text", value=value, list=ids.CODES, debounce=False,
                     placeholder="RUS USA",
                     className=f"form-control form-control-sm {cls}", autoComplete="off")


def _date(id_: dict[str, str], value: str, cls: str) -> Any:
    return dcc.Input(id=id_, type="text", value=value, placeholder="YYYY-MM-DD",
                     className=f"form-control form-control-sm {cls}", autoComplete="off")


def codes_list(frame: pd.DataFrame) -> html.Datalist:
    """Every actor code of the store, offered while typing codes."""
    codes: set[str] = set()
    for col in ("source_codes", "target_codes"):
        for value in frame[col].unique().tolist() if not frame.empty else []:
            codes.update(c for c in str(value).split("|") if c)
    return html.Datalist(id=ids.CODES, children=[html.Option(value=c) for c in sorted(codes)])


def event_form(row: Mapping[str, Any], ui: Mapping[str, str], text: str,
               codes: html.Datalist) -> html.Div:
    """Correct this event (type, actors, date, precision), reject it, merge it with
    another; add an event from a sentence of the same article."""
    eid = str(row["id"])

    def pid(kind: str) -> dict[str, str]:
        return {"type": kind, "id": eid}

    sentences = [{"label": _label(text[s:e]), "value": f"{s}:{e}"}
                 for s, e in sentence_spans(text)]
    precision = str(row.get("precision") or "none")
    edit = html.Div(className="tl-correct", children=[
        html.H4(ui["correct"], className="tl-subhead"),
        _field(ui["col_type"], _type_dropdown(pid(ids.C_TYPE), str(row["type"]), ui,
                                              "tl-c-type")),
        _field(ui["c_source"], _codes(pid(ids.C_SOURCE), codes_text(row.get("source", "[]")),
                                      ui, "tl-c-source")),
        _field(ui["c_target"], _codes(pid(ids.C_TARGET), codes_text(row.get("target", "[]")),
                                      ui, "tl-c-target")),
        html.P(ui["c_codes_hint"], className="tl-hint"),
        _field(ui["c_date"], _date(pid(ids.C_DATE), date_text(row), "tl-c-date")),
        _field(ui["c_precision"], _precision(pid(ids.C_PRECISION), precision, ui,
                                             "tl-c-precision")),
        html.Div(className="tl-form-buttons", children=[
            html.Button(ui["c_save"], id=pid(ids.C_SAVE), n_clicks=0,
                        className="btn btn-primary btn-sm tl-c-save"),
            html.Button(ui["c_reject"], id=pid(ids.C_REJECT), n_clicks=0,
                        className="btn btn-outline-danger btn-sm tl-c-reject"),
            html.Button(ui["c_merge"], id=pid(ids.C_MERGE), n_clicks=0,
                        className="btn btn-outline-secondary btn-sm tl-c-merge"),
        ]),
    ])
    add = html.Details(className="tl-add-event", children=[
        html.Summary(ui["c_add_title"]),
        _field(ui["c_sentence"], dcc.Dropdown(
            id=pid(ids.C_SENTENCE), options=sentences, clearable=False, searchable=True,
            className="tl-c-sentence", optionHeight=60, maxHeight=300)),
        _field(ui["col_type"], _type_dropdown(pid(ids.C_ADD_TYPE), str(row["type"]), ui,
                                              "tl-c-add-type")),
        _field(ui["c_source"], _codes(pid(ids.C_ADD_SOURCE), "", ui, "tl-c-add-source")),
        _field(ui["c_target"], _codes(pid(ids.C_ADD_TARGET), "", ui, "tl-c-add-target")),
        _field(ui["c_date"], _date(pid(ids.C_ADD_DATE), "", "tl-c-add-date")),
        _field(ui["c_precision"], _precision(pid(ids.C_ADD_PRECISION), "day", ui,
                                             "tl-c-add-precision")),
        html.Button(ui["c_add"], id=pid(ids.C_ADD), n_clicks=0,
                    className="btn btn-primary btn-sm tl-c-add"),
    ])
    return html.Div(className="tl-forms", children=[codes, edit, add])


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of an article for the analyst to pick from: spans into ``text``, cut at
    line breaks and after . ! ? ؟ followed by a space and anything but a lower-case letter
    (a rough cut: the analyst reads what is offered)."""
    spans: list[tuple[int, int]] = []
    cuts = [m.end() for m in re.finditer(r"\n|[.!?؟]+(?=\s+[^a-z\s])", text)]
    start = 0
    for end in cuts + [len(text)]:
        s, e = start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s >= 3:
            spans.append((s, e))
        start = end
    return spans


def _label(sentence: str) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= SENTENCE_LABEL else sentence[:SENTENCE_LABEL - 1] + "…"


def actor_form(ui: Mapping[str, str]) -> html.Details:
    """Add a person, group, organisation or state, or an alias of a known actor, to the
    user file beside the store."""
    def text_input(id_: str, placeholder: str = "") -> dcc.Input:
        return dcc.Input(id=id_, type="text", value="", placeholder=placeholder,
                         className="form-control form-control-sm", autoComplete="off")

    return html.Details(className="tl-actor-form", children=[
        html.Summary(ui["actor_form"]),
        html.P(ui["actor_hint"], className="tl-hint"),
        dcc.RadioItems(id=ids.ACTOR_MODE, value="new", inline=True, className="tl-radio",
                       options=[{"label": ui["actor_mode_new"], "value": "new"},
                                {"label": ui["actor_mode_alias"], "value": "alias"}]),
        _field(ui["actor_name"], text_input(ids.ACTOR_NAME)),
        _field(ui["actor_code"], text_input(ids.ACTOR_CODE, "RUS")),
        _field(ui["actor_kind"], dcc.RadioItems(
            id=ids.ACTOR_KIND, value="person", inline=True, className="tl-radio",
            options=[{"label": ui.get(f"kind_{k}", k), "value": k} for k in KINDS])),
        _field(ui["actor_id"], text_input(ids.ACTOR_ID, "sergey-lavrov")),
        _field(ui["actor_alias"], text_input(ids.ACTOR_ALIAS)),
        _field(ui["actor_lang"], dcc.RadioItems(
            id=ids.ACTOR_LANG, value="en", inline=True, className="tl-radio",
            options=[{"label": ui["lang_en"], "value": "en"},
                     {"label": ui["lang_ar"], "value": "ar"}])),
        html.Button(ui["actor_add"], id=ids.ACTOR_ADD, n_clicks=0,
                    className="btn btn-outline-primary btn-sm"),
        html.P(id=ids.ACTOR_NOTE, className="tl-hint", role="status"),
    ])
