"""Callbacks: URL → page, controls → URL and views, clicks → pair filter and detail.

The URL query is the state, read and written by ``state`` (the downloads and the
correction forms read it there too). Every callback reads the store through
``state.on_screen`` (the store's frames are cached until the store changes), so new
ingests show without a restart. The callbacks keep nothing between calls.
"""
from __future__ import annotations

import html as html_text
from typing import Any

import pandas as pd
from dash import ALL, Dash, Input, Output, Patch, State, ctx, html, no_update

from timeline.dashboard import detail, downloads, editing, ids, views, zoom
from timeline.dashboard.layout import PageState, page
from timeline.dashboard.state import UI_LANGS, merged, on_screen, read_query, write_query
from timeline.filters import Filters
from timeline.labels import Labels, labels
from timeline.store import Store


def page_state(store: Store, lb: Labels, extras: dict[str, str]) -> PageState:
    """The controls' options and settings for the page of ``extras``: counted on the
    events the view shows (reports of one act merged, or apart), so an option's count
    is the count the view gives when it is chosen."""
    frame = on_screen(store, merged(extras))  # counted once per frame, kept with its index
    ui = dict(lb.ui)
    shown = None
    if extras.get("event"):  # the event named in the URL opens in the detail panel
        shown = detail.render(store, extras["event"], ui, on_screen(
            store, merged(extras)), labels=lb)
    return PageState(
        ui_lang=extras["ui"], lanes=extras["lanes"], period=extras["period"],
        reports=extras.get("reports", "merged"), detail=shown,
        actor_options=actor_choices(frame, lb),
        type_options=views.type_options(ui),
        lang_options=views.lang_options(frame, ui), outlet_options=views.outlet_options(frame),
        bounds=views.date_bounds(frame))


def actor_choices(frame: pd.DataFrame, lb: Labels) -> list[dict[str, Any]]:
    """The actor options of ``frame``, named in the interface language."""
    return views.with_names(views.actor_options(frame, dict(lb.ui)), lb)


def _undated_list(ui: dict[str, str], items: list[dict[str, str]], total: int) -> Any:
    if not total:
        return None
    entries = [html.Li(html.Button(
        id={"type": ids.UNDATED_ITEM, "index": it["id"]}, className="tl-undated-item",
        n_clicks=0, children=[
            html.Span(it["type"], className="tl-type-tag"), " ",
            html.Span(f"{it['source']} → {it['target']}", className="tl-pair"), " ",
            html.Span(it["evidence"], lang=it["lang"], dir="rtl" if it["lang"] == "ar" else "ltr",
                      className="tl-undated-evidence")]))
        for it in items]
    if total > len(items):
        entries.append(html.Li(ui["undated_more"].format(n=total - len(items)),
                               className="tl-hint"))
    return html.Details(open=True, className="tl-undated-box", children=[
        html.Summary(ui["undated"].format(n=total)),
        html.P(ui["undated_hint"], className="tl-hint"),
        html.Ul(entries, className="tl-undated-list")])


def register(app: Dash, store: Store) -> None:
    """Attach every callback of the dashboard to ``app``, reading from ``store``."""
    downloads.register(app, store)
    editing.register(app, store)
    zoom.register(app, store)
    _register_page(app, store)
    _register_controls(app, store)
    _register_views(app, store)
    _register_detail(app, store)
    _register_browser_side(app)


def _register_page(app: Dash, store: Store) -> None:
    """The page built from the URL, the language switch and "clear"."""
    @app.callback(Output(ids.PAGE, "children"), Output(ids.RENDERED, "data"),
                  Input(ids.URL, "search"), State(ids.RENDERED, "data"),
                  State(ids.WRITTEN, "data"))
    def render_page(search: str | None, rendered: str | None,
                    written: str | None) -> tuple[Any, Any]:
        """Build the page for the URL: on load, on a language switch, after "clear", and
        when the URL changed by itself (back/forward), not when the controls wrote it."""
        filters, extras = read_query(search)
        if rendered == extras["ui"] and (search or "") == (written or ""):
            return no_update, no_update
        lb = labels(extras["ui"], store.path)
        return page(lb.ui, filters, page_state(store, lb, extras)), extras["ui"]

    app.clientside_callback(
        """function(lang) {
            if (!lang) { return window.dash_clientside.no_update; }
            document.documentElement.lang = lang;
            document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
            return lang;
        }""",
        Output(ids.HTML_DIR, "data"), Input(ids.RENDERED, "data"))

    @app.callback(Output(ids.URL, "search", allow_duplicate=True),
                  Input(ids.UI_LANG, "value"), State(ids.URL, "search"),
                  prevent_initial_call=True)
    def switch_language(lang: str, search: str | None) -> Any:
        filters, extras = read_query(search)
        if lang == extras["ui"]:
            return no_update
        return write_query(filters, {**extras, "ui": lang if lang in UI_LANGS else "en"})

    @app.callback(Output(ids.URL, "search", allow_duplicate=True),
                  Output(ids.RENDERED, "data", allow_duplicate=True),
                  Input(ids.CLEAR, "n_clicks"), State(ids.URL, "search"),
                  prevent_initial_call=True)
    def clear_filters(n: int | None, search: str | None) -> tuple[Any, Any]:
        if not n:
            return no_update, no_update
        _, extras = read_query(search)
        return write_query(Filters(), extras), None  # None: rebuild the page from the URL



def _register_controls(app: Dash, store: Store) -> None:
    """Controls that set other controls: dates and slider, matrix click, map click, the
    merge switch (option counts follow it)."""
    @app.callback(Output(ids.ACTORS, "options", allow_duplicate=True),
                  Input(ids.REPORTS, "value"), State(ids.UI_LANG, "value"),
                  prevent_initial_call=True)
    def count_options(reports: bool | None, ui_lang: str | None) -> Any:
        """Option counts follow the merge switch: merged acts, or every report."""
        return actor_choices(on_screen(store, reports is not False),
                             labels(ui_lang or "en", store.path))

    @app.callback(Output(ids.DATES, "start_date"), Output(ids.DATES, "end_date"),
                  Output(ids.DATE_SLIDER, "value"),
                  Input(ids.DATES, "start_date"), Input(ids.DATES, "end_date"),
                  Input(ids.DATE_SLIDER, "value"),
                  State(ids.DATE_SLIDER, "min"), State(ids.DATE_SLIDER, "max"),
                  prevent_initial_call=True)
    def sync_dates(start: str | None, end: str | None, value: list[int] | None,
                   lo: int, hi: int) -> tuple[Any, Any, Any]:
        if ctx.triggered_id == ids.DATE_SLIDER:
            if not value or lo == hi:
                return no_update, no_update, no_update
            a, b = sorted(value)
            return (None if a <= lo else views.month_start(a).isoformat(),
                    None if b >= hi else views.month_end(b).isoformat(), no_update)
        f = Filters.from_mapping({"date_from": start, "date_to": end})
        a = views.month_index(f.date_from) if f.date_from else lo
        b = views.month_index(f.date_to) if f.date_to else hi
        return no_update, no_update, [min(max(a, lo), hi), max(min(b, hi), lo)]

    @app.callback(Output(ids.PAIR, "data"),
                  Input(ids.MATRIX, "clickData"), Input(ids.PAIR_REMOVE, "n_clicks"),
                  prevent_initial_call=True)
    def choose_pair(click: dict | None, removed: int | None) -> Any:
        if ctx.triggered_id == ids.PAIR_REMOVE:
            return []
        point = (click or {}).get("points", [{}])[0]
        if not point.get("z"):
            return no_update
        return [html_text.unescape(str(point["y"])), html_text.unescape(str(point["x"]))]



def _register_views(app: Dash, store: Store) -> None:
    """The main callback: every filter and view setting -> URL, count, charts, table."""
    @app.callback(
        Output(ids.URL, "search"), Output(ids.WRITTEN, "data"), Output(ids.COUNT, "children"),
        Output(ids.EMPTY, "children"), Output(ids.EMPTY, "hidden"),
        Output(ids.TIMELINE, "figure"), Output(ids.UNDATED, "children"),
        Output(ids.COUNTS, "figure"), Output(ids.MATRIX, "figure"), Output(ids.MAP, "figure"),
        Output(ids.TABLE, "rowData"), Output(ids.TABLE_NOTE, "children"),
        Output(ids.PAIR_CHIP, "hidden"), Output(ids.PAIR_LABEL, "children"),
        Input(ids.ACTORS, "value"), Input(ids.ROLE, "value"), Input(ids.TYPES, "value"),
        Input(ids.DATES, "start_date"), Input(ids.DATES, "end_date"),
        Input(ids.LANGS, "value"), Input(ids.OUTLETS, "value"), Input(ids.TEXT, "value"),
        Input(ids.CONFIDENCE, "value"), Input(ids.PAIR, "data"),
        Input(ids.LANES, "value"), Input(ids.PERIOD, "value"),
        Input(ids.REPORTS, "value"), Input(ids.REVISION, "data"),
        State(ids.UI_LANG, "value"), State(ids.URL, "search"))
    def update(actors, role, types, date_from, date_to, langs, outlets, text, confidence,
               pair, lanes, period, reports, _revision, ui_lang,
               search):  # type: ignore[no-untyped-def]
        filters = Filters.from_mapping({
            "actors": actors, "role": role, "types": types, "date_from": date_from,
            "date_to": date_to, "langs": langs, "outlets": outlets, "text": text,
            "min_confidence": confidence, "pair": pair})
        extras = {"ui": ui_lang or "en", "lanes": lanes or "actor", "period": period or "auto",
                  "reports": "apart" if reports is False else "merged",
                  "event": read_query(search)[1]["event"]}
        lb = labels(extras["ui"], store.path)
        ui = lb.ui
        frame = on_screen(store, merged(extras))
        v = views.compute(frame, filters, lanes=extras["lanes"], period=extras["period"], ui=ui,
                          labels=lb)
        query = write_query(filters, extras)
        empty = ui["empty_store"] if frame.empty else ui["no_events"]
        note = ui["table_capped"].format(shown=f"{len(v.rows):,}", n=f"{v.count:,}") \
            if v.count > len(v.rows) else ""
        return (query if query != (search or "") else no_update, query,
                views.count_label(v.count, ui), empty, v.count > 0,
                v.timeline, _undated_list(ui, v.undated, v.n_undated), v.counts, v.matrix, v.map,
                v.rows, note, not filters.pair, " → ".join(filters.pair))



def _register_detail(app: Dash, store: Store) -> None:
    """The table's quick filter, and the detail panel of a clicked event."""
    @app.callback(Output(ids.TABLE, "dashGridOptions"), Input(ids.TABLE_SEARCH, "value"),
                  prevent_initial_call=True)
    def search_table(text: str | None) -> Patch:
        patch = Patch()
        patch["quickFilterText"] = text or ""
        return patch

    @app.callback(Output(ids.ACTORS, "value"), Input(ids.MAP, "clickData"),
                  State(ids.ACTORS, "value"), prevent_initial_call=True)
    def choose_country(click: dict | None, actors: list[str] | None) -> Any:
        """A click on a country filters to it (the country joins the actor filter)."""
        point = (click or {}).get("points", [{}])[0]
        code = point.get("location")
        if not isinstance(code, str) or not code or code in (actors or []):
            return no_update
        return [*(actors or []), code]

    @app.callback(Output(ids.DETAIL, "children"),
                  Output(ids.URL, "search", allow_duplicate=True),
                  Output(ids.WRITTEN, "data", allow_duplicate=True),
                  Input(ids.TIMELINE, "clickData"), Input(ids.TABLE, "cellClicked"),
                  Input({"type": ids.UNDATED_ITEM, "index": ALL}, "n_clicks"),
                  State(ids.UI_LANG, "value"), State(ids.REPORTS, "value"),
                  State(ids.URL, "search"), prevent_initial_call=True)
    def show_detail(click: dict | None, cell: dict | None, undated: list[int | None],
                    ui_lang: str | None, reports: bool | None, search: str | None) -> Any:
        trigger = ctx.triggered_id
        event_id = None
        if trigger == ids.TIMELINE and click:
            data = click.get("points", [{}])[0].get("customdata")
            if isinstance(data, list) and data and isinstance(data[0], str):
                event_id = data[0]
        elif trigger == ids.TABLE and cell:
            event_id = cell.get("rowId")
        elif isinstance(trigger, dict) and ctx.triggered and ctx.triggered[0].get("value"):
            event_id = trigger.get("index")
        if not event_id:
            return no_update, no_update, no_update
        lb = labels(ui_lang or "en", store.path)
        filters, extras = read_query(search)
        query = write_query(filters, {**extras, "event": str(event_id)})  # a link reopens it
        return (detail.render(store, str(event_id), lb.ui, on_screen(store, reports is not False),
                              labels=lb), query, query)



def _register_browser_side(app: Dash) -> None:
    """What runs in the browser: the actor search's folding, the article's scroll."""
    # The actor search folds what is typed as the names were folded (diacritics, tatweel,
    # hamza forms, taa marbuta, alef maqsura, letter case): an option whose names hold the
    # folded text gets the text as typed added to what the dropdown searches.
    app.clientside_callback(
        """function(text, options) {
            var no = window.dash_clientside.no_update;
            if (!options) { return no; }
            var fold = function(s) {
                return (s || '').normalize('NFC').replace(/[\u064B-\u065F\u0670\u0640]/g, '')
                    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627')
                    .replace(/\u0629/g, '\u0647').replace(/\u0649/g, '\u064A')
                    .toLowerCase();
            };
            var typed = (text || '').trim(), q = fold(typed).replace(/\\s+/g, ' ');
            var changed = false;
            var out = options.map(function(o) {
                if (o.disabled) { return o; }
                var base = (o.search || '').split(' \u2063 ')[0];
                var search = base;
                if (q && base.indexOf(typed) < 0 && fold(base).indexOf(q) >= 0) {
                    search = base + ' \u2063 ' + typed;
                }
                if (search === (o.search || '')) { return o; }
                changed = true;
                return Object.assign({}, o, {search: search});
            });
            return changed ? out : no;
        }""",
        Output(ids.ACTORS, "options"), Input(ids.ACTORS, "search_value"),
        State(ids.ACTORS, "options"), prevent_initial_call=True)

    app.clientside_callback(
        """function(children) {
            setTimeout(function() {
                var box = document.querySelector('.tl-article');
                var mark = box && box.querySelector('mark');
                if (box && mark) { box.scrollTop = mark.offsetTop - box.offsetTop - 40; }
            }, 50);
            return window.dash_clientside.no_update;
        }""",
        Output(ids.HTML_DIR, "data", allow_duplicate=True), Input(ids.DETAIL, "children"),
        prevent_initial_call=True)
