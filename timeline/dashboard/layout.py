"""The component tree: a shell for ``app.layout`` and the page built for a URL query.

No data access and no callbacks here: ``page`` receives the interface labels, the
filters read from the URL and the options computed by the caller.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from timeline.dashboard import downloads, forms, ids
from timeline.dashboard.views import month_index, slider_marks
from timeline.filters import Filters


@dataclass(frozen=True)
class PageState:
    """What the URL says beyond the filters, plus the options of the controls."""

    ui_lang: str = "en"
    lanes: str = "actor"
    period: str = "month"
    reports: str = "merged"  # reports of one act merged into one event, or "apart"
    detail: Any = None  # the detail panel of the event named in the URL, if any
    actor_options: list[dict[str, Any]] = field(default_factory=list)
    type_options: list[dict[str, str]] = field(default_factory=list)
    lang_options: list[dict[str, str]] = field(default_factory=list)
    outlet_options: list[dict[str, str]] = field(default_factory=list)
    bounds: tuple[date, date] | None = None


#: Shown while the first page is prepared (the interface language is not known yet).
PREPARING = "Preparing the events… · جارٍ تجهيز الأحداث…"


def shell(built: Any = None, ui_lang: str | None = None, search: str | None = None
          ) -> html.Div:
    """``app.layout``: the URL, the page slot, and two small stores. The slot holds the
    page ``built`` for the URL query ``search`` in ``ui_lang`` (then the page is not
    built again), or says that the page is being prepared until a callback builds it."""
    waiting = html.Div(className="tl-preparing", role="status", children=[
        html.Div(PREPARING, id=ids.PREPARE_PROGRESS),
        dcc.Interval(id=ids.PREPARE_POLL, interval=500)])
    return html.Div([
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.RENDERED, data=ui_lang if built is not None else None),
        dcc.Store(id=ids.WRITTEN, data=search if built is not None else None),
        dcc.Store(id=ids.HTML_DIR, data=None),
        dcc.Download(id=ids.DOWNLOAD),
        # until the page is built (the events read, counted and drawn), it says so
        html.Div(id=ids.PAGE, className="tl-page-slot",
                 children=waiting if built is None else built),
    ])


def page(ui: Mapping[str, str], filters: Filters, state: PageState) -> html.Div:
    """The whole page for one interface language, controls set from ``filters``."""
    rtl = state.ui_lang == "ar"
    return html.Div(
        id=ids.WRAPPER, dir="rtl" if rtl else "ltr", lang=state.ui_lang,
        className="tl-page" + (" tl-rtl" if rtl else ""),
        children=[
            _header(ui, state),
            dbc.Row(className="g-3", children=[
                dbc.Col(_filters(ui, filters, state), lg=3, className="tl-filters-col"),
                dbc.Col(_views(ui, state), lg=9, xl=6),
                dbc.Col(_detail(ui, state.detail), lg=12, xl=3, className="tl-detail-col"),
            ]),
            dbc.Row(className="g-3 mt-0", children=[dbc.Col(_table(ui, state), lg=12)]),
        ])


def _header(ui: Mapping[str, str], state: PageState) -> html.Header:
    return html.Header(className="tl-header", children=[
        html.Div([html.H1(ui["app_title"], id=ids.TITLE), html.P(ui["app_subtitle"])]),
        html.Div(className="tl-header-side", children=[
            html.Span(id=ids.COUNT, className="tl-count",
                      **{"aria-live": "polite"}),  # type: ignore[arg-type]
            html.Div(className="tl-ui-switch", children=[
                html.Span(ui["interface"] + ":", className="tl-label-inline"),
                dcc.RadioItems(id=ids.UI_LANG, value=state.ui_lang, inline=True,
                               options=[{"label": html.Span(ui["ui_en"], lang="en"),
                                         "value": "en"},
                                        {"label": html.Span(ui["ui_ar"], lang="ar"),
                                         "value": "ar"}]),
            ]),
        ]),
    ])


def _dropdown_labels(ui: Mapping[str, str]) -> Any:
    keys = ("select_all", "deselect_all", "selected_count", "search", "clear_search",
            "clear_selection", "no_options_found")
    return {k: ui[f"dd_{k}"] for k in keys if f"dd_{k}" in ui}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _field(label: str, control: Any, for_id: str | None = None) -> html.Div:
    return html.Div(className="tl-field", children=[
        html.Label(label, htmlFor=for_id, className="tl-label"), control])


def _dates(ui: Mapping[str, str], f: Filters, state: PageState) -> html.Div:
    """The date range: two date pickers and a slider of months over the data's dates."""
    lo, hi = (month_index(state.bounds[0]), month_index(state.bounds[1])) if state.bounds \
        else (0, 0)
    start = month_index(f.date_from) if f.date_from else lo
    end = month_index(f.date_to) if f.date_to else hi
    slider_value = [min(max(start, lo), hi), max(min(end, hi), lo)]
    return html.Div([
        dcc.DatePickerRange(
            id=ids.DATES, start_date=_iso(f.date_from), end_date=_iso(f.date_to),
            clearable=True,
            display_format="YYYY-MM-DD", start_date_placeholder_text=ui["date_from"],
            end_date_placeholder_text=ui["date_to"], is_RTL=state.ui_lang == "ar",
            first_day_of_week=1 if state.ui_lang == "en" else 6,
            min_date_allowed=_iso(state.bounds[0]) if state.bounds else None,
            max_date_allowed=_iso(state.bounds[1]) if state.bounds else None,
            initial_visible_month=_iso(f.date_from or (state.bounds[0] if state.bounds
                                                       else None))),
        dcc.RangeSlider(id=ids.DATE_SLIDER, min=lo, max=hi, step=1, value=slider_value,
                        marks=slider_marks(lo, hi) if state.bounds else {},
                        disabled=state.bounds is None, allowCross=False,
                        allow_direct_input=False, className="tl-date-slider"),
    ])


def _filters(ui: Mapping[str, str], f: Filters, state: PageState) -> html.Aside:
    known_actors = {o["value"] for o in state.actor_options}
    actor_options = state.actor_options + [  # keep URL values even if no longer in the data
        {"label": a, "value": a} for a in f.actors if a not in known_actors]
    known_outlets = {o["value"] for o in state.outlet_options}
    outlet_options = state.outlet_options + [
        {"label": o, "value": o} for o in f.outlets if o not in known_outlets]
    labels = _dropdown_labels(ui)
    body = [
        html.H2(ui["filters"], className="h5"),
        _field(ui["actors"], dcc.Dropdown(
            id=ids.ACTORS, labels=labels, options=actor_options, value=list(f.actors), multi=True,
            searchable=True, search_order="original", placeholder=ui["actors_placeholder"],
            maxHeight=320, closeOnSelect=True), ids.ACTORS),
        _field(ui["role"], dcc.RadioItems(
            id=ids.ROLE, value=f.role, inline=True, className="tl-radio",
            options=[{"label": ui[f"role_{r}"], "value": r}
                     for r in ("either", "source", "target")])),
        _field(ui["types"], dcc.Dropdown(
            id=ids.TYPES, labels=labels, options=state.type_options, value=list(f.types),
            multi=True, placeholder=ui["types_placeholder"]), ids.TYPES),
        _field(ui["dates"], _dates(ui, f, state)),
        _field(ui["langs"], dcc.Checklist(
            id=ids.LANGS, options=state.lang_options, value=list(f.langs), inline=True,
            className="tl-radio")),
        _field(ui["outlets"], dcc.Dropdown(
            id=ids.OUTLETS, labels=labels, options=outlet_options, value=list(f.outlets),
            multi=True, placeholder=ui["outlets_placeholder"]), ids.OUTLETS),
        _field(ui["text"], dcc.Input(
            id=ids.TEXT, type="search", value=f.text, debounce=True,
            placeholder=ui["text_placeholder"], className="form-control"), ids.TEXT),
        _field(ui["min_confidence"], dcc.Slider(
            id=ids.CONFIDENCE, min=0, max=1, step=0.05, value=f.min_confidence,
            marks={0: "0", 0.25: "0.25", 0.5: "0.5", 0.75: "0.75", 1: "1"})),
        dbc.Switch(id=ids.REPORTS, label=ui["merge_reports"], value=state.reports != "apart",
                   className="tl-reports-switch"),
        html.Div(id=ids.PAIR_CHIP, hidden=not f.pair, className="tl-chip", children=[
            html.Span(ui["pair"] + ": "), html.Span(id=ids.PAIR_LABEL,
                                                     children=" → ".join(f.pair)),
            html.Button("×", id=ids.PAIR_REMOVE, title=ui["remove"], className="tl-chip-remove",
                        **{"aria-label": ui["remove"]}),  # type: ignore[arg-type]
        ]),
        dcc.Store(id=ids.PAIR, data=list(f.pair)),
        html.Button(ui["clear_filters"], id=ids.CLEAR, className="btn btn-outline-secondary w-100"),
    ]
    return html.Aside(html.Div(body, className="card-body"), className="tl-filters card")


def _radio(id_: str, value: str, options: list[tuple[str, str]]) -> dcc.RadioItems:
    return dcc.RadioItems(id=id_, value=value, inline=True, className="tl-radio",
                          options=[{"label": label, "value": v} for v, label in options])


def _card(title: str, body: list[Any], tools: Any = None, class_name: str = "") -> html.Section:
    return html.Section(className=f"card tl-card {class_name}", children=[
        html.Div(className="card-header tl-card-header",
                 children=[html.H2(title, className="h6 mb-0"), tools]),
        html.Div(className="card-body", children=body)])


def _graph(id_: str, ui: Mapping[str, str], **config: Any) -> dcc.Graph:
    """A chart that says it is being drawn until its figure arrives (never empty axes)."""
    waiting = {"data": [], "layout": {
        "height": 300, "xaxis": {"visible": False}, "yaxis": {"visible": False},
        "annotations": [{"text": ui["drawing"], "showarrow": False, "xref": "paper",
                         "yref": "paper", "x": 0.5, "y": 0.5,
                         "font": {"size": 14, "color": "#777"}}]}}
    return dcc.Graph(id=id_, figure=waiting, config={  # type: ignore[arg-type]
        "displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "svg"},
        **config})


#: The event table's columns: (field, width; 0 = takes the room left, wrapped).
TABLE_COLUMNS = (("date", 106), ("type", 128), ("source", 156), ("target", 156),
                 ("evidence", 0), ("outlet", 118), ("lang", 72), ("precision", 104),
                 ("reports", 80), ("confidence", 66))
_GRID_TEXT = ("page", "of", "to", "more", "page_size", "first", "previous", "next", "last",
              "no_rows", "loading", "filter", "contains", "equals", "aria_select",
              "aria_deselect", "aria_toggle")
_GRID_KEYS = ("page", "of", "to", "more", "pageSizeSelectorLabel", "firstPage", "previousPage",
              "nextPage", "lastPage", "noRowsToShow", "loadingOoo", "filterOoo", "contains",
              "equals", "ariaRowSelect", "ariaRowDeselect", "ariaRowToggleSelection")


def grid_locale(ui: Mapping[str, str]) -> dict[str, str]:
    """The grid's own words (pager, filters) in the interface language."""
    return {k: ui[f"grid_{t}"] for t, k in zip(_GRID_TEXT, _GRID_KEYS) if f"grid_{t}" in ui}


def _table(ui: Mapping[str, str], state: PageState) -> html.Section:
    rtl = state.ui_lang == "ar"
    data_cells = {"tl-data": "params.data.article_lang !== '" + state.ui_lang + "'"}
    column_defs = []
    for c, w in TABLE_COLUMNS:
        col: dict[str, Any] = {"field": c, "headerName": ui[f"col_{c}"],
                               "filter": c not in ("evidence",)}
        if w:
            col["width"] = w
        else:
            col.update(flex=1, minWidth=300)
        if c in ("evidence", "outlet"):
            col["cellClassRules"] = data_cells
        column_defs.append(col)
    column_defs[0]["cellDataType"] = "text"  # "2021-05" and "2021" are dates as precise as known
    return _card(ui["view_table"], [
        dcc.Input(id=ids.TABLE_SEARCH, type="search", placeholder=ui["table_search"],
                  className="form-control form-control-sm mb-2", debounce=0.3),
        dag.AgGrid(
            id=ids.TABLE, rowData=[], columnDefs=column_defs,
            getRowId="params.data.id",
            # text wraps, never cut: a row is as tall as its longest cell
            defaultColDef={"sortable": True, "resizable": True, "wrapText": True,
                           "autoHeight": True},
            dashGridOptions={"pagination": True, "paginationPageSize": 20,
                             "paginationPageSizeSelector": [20, 50, 100],
                             "domLayout": "autoHeight", "localeText": grid_locale(ui),
                             "enableRtl": rtl, "tooltipShowDelay": 300,
                             "animateRows": False,
                             "rowSelection": {"mode": "singleRow", "checkboxes": False,
                                              "enableClickSelection": True}},
            style={"height": None}, className="tl-grid"),
        html.P(id=ids.TABLE_NOTE, className="tl-hint"),
    ], tools=html.Div(downloads.menu(ui, "data"), className="tl-tools"), class_name="tl-table")


def _views(ui: Mapping[str, str], state: PageState) -> html.Main:
    from timeline.dashboard.worldmap import TOPOJSON_URL
    return html.Main(className="tl-views", children=[
        html.Div(id=ids.EMPTY, hidden=True, className="alert alert-warning tl-empty",
                 role="status"),
        html.Div(id=ids.DOWNLOAD_NOTE, hidden=True, className="alert alert-danger",
                 role="alert"),
        _card(ui["view_timeline"], [
            _graph(ids.TIMELINE, ui), dcc.Store(id=ids.ZOOM),
            html.Div(id=ids.UNDATED, className="tl-undated"),
        ], tools=html.Div(className="tl-tools", children=[
            html.Span(ui["lanes"] + ":", className="tl-label-inline"),
            _radio(ids.LANES, state.lanes, [("actor", ui["lanes_actor"]),
                                            ("type", ui["lanes_type"])]),
            downloads.menu(ui, "timeline")])),
        _card(ui["view_counts"], [_graph(ids.COUNTS, ui)], tools=html.Div(
            className="tl-tools", children=[
                html.Span(ui["period"] + ":", className="tl-label-inline"),
                _radio(ids.PERIOD, state.period, [(p, ui[f"period_{p}"]) for p in
                                                  ("auto", "day", "week", "month", "year")]),
                downloads.menu(ui, "counts")])),
        _card(ui["view_matrix"], [html.P(ui["matrix_hint"], className="tl-hint"),
                                  _graph(ids.MATRIX, ui)],
              tools=html.Div(downloads.menu(ui, "matrix"), className="tl-tools")),
        _card(ui["view_map"], [html.P(ui["map_hint"], className="tl-hint"),
                               _graph(ids.MAP, ui, topojsonURL=TOPOJSON_URL)]),
    ])


def _detail(ui: Mapping[str, str], shown: Any = None) -> html.Aside:
    return html.Aside(className="card tl-detail", children=[
        html.Div(className="card-header", children=html.H2(ui["detail"], className="h6 mb-0")),
        dcc.Store(id=ids.MERGE_PENDING, data=None),
        dcc.Store(id=ids.REVISION, data=None),
        html.Div(id=ids.MERGE_BANNER, hidden=True, className="alert alert-info tl-merge-banner",
                 role="status", children=[
                     html.Span(ui["merge_banner"].split("{event}")[0]),
                     html.Strong(id=ids.MERGE_LABEL),
                     html.Span(ui["merge_banner"].split("{event}")[-1]),
                     html.Div(className="tl-form-buttons", children=[
                         html.Button(ui["merge_do"], id=ids.MERGE_DO, n_clicks=0,
                                     className="btn btn-primary btn-sm"),
                         html.Button(ui["merge_cancel"], id=ids.MERGE_CANCEL, n_clicks=0,
                                     className="btn btn-outline-secondary btn-sm")])]),
        html.P(id=ids.CORRECT_NOTE, className="tl-hint tl-correct-note", role="status"),
        html.Div(id=ids.DETAIL, className="card-body", children=shown or html.P(
            ui["detail_hint"], className="tl-hint")),
        html.Div(forms.actor_form(ui), className="card-footer"),
    ])
