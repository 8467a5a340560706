"""Callbacks of the analyst's corrections and of the actor form.

Each writes through the store (a correction, or a line of the user file beside it),
then shows the corrected event in the detail panel and bumps ``ids.REVISION`` so that
every view is computed again. A refused input leaves nothing written and says why in
one line. The author of a correction is ``$TIMELINE_AUTHOR`` (empty if unset).
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, html, no_update

from timeline import corrections as corr
from timeline import userdata
from timeline.dashboard import detail, ids
from timeline.dashboard.state import on_screen
from timeline.errors import TimelineError
from timeline.lexicon import load_ui
from timeline.model import EVENT_TYPES, Event, EventDate, Span
from timeline.store import Store

NOTHING = (no_update, no_update, no_update)


def _author() -> str:
    return os.environ.get("TIMELINE_AUTHOR", "")


def _clicked() -> str | None:
    """The event id of the form button just pressed (None: the form was only rebuilt)."""
    trigger = ctx.triggered_id
    if isinstance(trigger, dict) and ctx.triggered and ctx.triggered[0].get("value"):
        return str(trigger.get("id"))
    return None


def _value(position: int, event_id: str) -> Any:
    """The value of the ``position``-th State for the form of ``event_id``."""
    for item in ctx.states_list[position]:
        if isinstance(item, dict) and item.get("id", {}).get("id") == event_id:
            return item.get("value")
    return None


def _when(text: str | None, precision: str | None) -> EventDate:
    day, precision = corr.parse_when(text, precision)
    return EventDate(day, precision, None, corr.NOTE)


def _summary(ev: Event, ui: Mapping[str, str]) -> str:
    pair = (", ".join(a.name for a in ev.source) or "?") + " → " + \
        (", ".join(a.name for a in ev.target) or "?")
    day = ev.when.date.isoformat() if ev.when.date else ui["precision_none"]
    return f"{ui.get('type_' + ev.type, ev.type)} · {pair} · {day}"


def edit_changes(ev: Event, values: Mapping[str, Any], store: Store) -> dict[str, Any]:
    """What the edit form changes of ``ev`` (only the fields that differ)."""
    changes: dict[str, Any] = {}
    if values["type"] and values["type"] != ev.type:
        changes["type"] = values["type"]
    keep = ev.source + ev.target
    for role in ("source", "target"):
        actors = userdata.actors_from_codes(values[role], store.path, keep)
        if actors != getattr(ev, role):
            changes[role] = [a.to_json() for a in actors]
    when = _when(values["date"], values["precision"])
    if (when.date, when.precision) != (ev.when.date, ev.when.precision):
        changes.update({"date": when.date.isoformat() if when.date else None,
                        "precision": when.precision, "end_date": None})
    return changes


def _describe(changes: Mapping[str, Any]) -> str:
    parts = []
    for key, value in changes.items():
        if key == "end_date":
            continue
        if key in ("source", "target"):
            value = " ".join(a["code"] for a in value) or "—"
        parts.append(f"{key} → {value if value is not None else '—'}")
    return ", ".join(parts)


def register(app: Dash, store: Store) -> None:
    """The callbacks of the correction forms, the merge banner and the actor form."""
    _register_correct(app, store)
    _register_add(app, store)
    _register_merge(app, store)
    _register_actor_form(app, store)


def _show(store: Store, event_id: str, ui: Mapping[str, str], reports: Any) -> list[Any]:
    return detail.render(store, event_id, ui, on_screen(store, bool(reports)))


def _panel_outputs() -> tuple[Output, Output, Output]:
    """What a correction changes on screen: the detail panel, the revision, the note."""
    return (Output(ids.DETAIL, "children", allow_duplicate=True),
            Output(ids.REVISION, "data", allow_duplicate=True),
            Output(ids.CORRECT_NOTE, "children", allow_duplicate=True))


def _form_states(*kinds: str) -> list[State]:
    """The form's fields of every event shown, then the interface language and the merge switch."""
    return [State({"type": k, "id": ALL}, "value") for k in kinds] + \
        [State(ids.UI_LANG, "value"), State(ids.REPORTS, "value")]


def _register_correct(app: Dash, store: Store) -> None:
    @app.callback(*_panel_outputs(),
                  Input({"type": ids.C_SAVE, "id": ALL}, "n_clicks"),
                  Input({"type": ids.C_REJECT, "id": ALL}, "n_clicks"),
                  *_form_states(ids.C_TYPE, ids.C_SOURCE, ids.C_TARGET, ids.C_DATE,
                                ids.C_PRECISION),
                  prevent_initial_call=True)
    def correct(_saves, _rejects, _types, _sources, _targets, _dates, _precisions, ui_lang,
                reports):  # type: ignore[no-untyped-def]
        event_id = _clicked()
        if event_id is None:
            return NOTHING
        ui = load_ui(ui_lang or "en")
        shown = store.find_shown(event_id)
        if shown is None:
            return [html.P(ui["detail_missing"], className="tl-hint")], no_update, ""
        ev = shown.event
        if ctx.triggered_id["type"] == ids.C_REJECT:
            store.add_corrections([corr.reject(shown.key, ev, _author())])
            return ([html.P(ui["c_rejected"], className="tl-hint")], store.data_version(),
                    ui["c_rejected"])
        values = {k: _value(i, event_id) for i, k in enumerate(
            ("type", "source", "target", "date", "precision"))}
        try:
            changes = edit_changes(ev, values, store)
            if not changes:
                return no_update, no_update, ui["c_nothing"]
            store.add_corrections([corr.edit(shown.key, ev, changes, _author())])
        except (TimelineError, ValueError) as err:
            return no_update, no_update, ui["c_error"].format(error=str(err))
        new_id = corr.apply_changes(ev, changes).id
        return (_show(store, new_id, ui, reports), store.data_version(),
                ui["c_saved"].format(what=_describe(changes)))


def _register_add(app: Dash, store: Store) -> None:
    @app.callback(*_panel_outputs(),
                  Input({"type": ids.C_ADD, "id": ALL}, "n_clicks"),
                  *_form_states(ids.C_SENTENCE, ids.C_ADD_TYPE, ids.C_ADD_SOURCE,
                                ids.C_ADD_TARGET, ids.C_ADD_DATE, ids.C_ADD_PRECISION),
                  prevent_initial_call=True)
    def add(_clicks, _sentences, _types, _sources, _targets, _dates, _precisions, ui_lang,
            reports):  # type: ignore[no-untyped-def]
        event_id = _clicked()
        if event_id is None:
            return NOTHING
        ui = load_ui(ui_lang or "en")
        values = {k: _value(i, event_id) for i, k in enumerate(
            ("sentence", "type", "source", "target", "date", "precision"))}
        try:
            ev = _new_event(store, event_id, values)
        except (TimelineError, ValueError) as err:
            return no_update, no_update, ui["c_error"].format(error=str(err))
        store.add_corrections([corr.add(ev, _author())])
        return _show(store, ev.id, ui, reports), store.data_version(), ui["c_added"]


def _register_merge(app: Dash, store: Store) -> None:
    @app.callback(Output(ids.MERGE_PENDING, "data"), Output(ids.MERGE_BANNER, "hidden"),
                  Output(ids.MERGE_LABEL, "children"), *_panel_outputs(),
                  Input({"type": ids.C_MERGE, "id": ALL}, "n_clicks"),
                  Input(ids.MERGE_DO, "n_clicks"), Input(ids.MERGE_CANCEL, "n_clicks"),
                  State(ids.MERGE_PENDING, "data"),
                  State({"type": ids.C_SAVE, "id": ALL}, "id"),
                  State(ids.UI_LANG, "value"), State(ids.REPORTS, "value"),
                  prevent_initial_call=True)
    def merge(_picks, done, cancelled, pending, current, ui_lang, reports):  # type: ignore[no-untyped-def]
        ui = load_ui(ui_lang or "en")
        skip = (no_update,) * 3
        if ctx.triggered_id == ids.MERGE_CANCEL:
            return (None, True, "") + skip if cancelled else (no_update,) * 6
        if ctx.triggered_id != ids.MERGE_DO:
            event_id = _clicked()
            shown = store.find_shown(event_id) if event_id else None
            if shown is None:
                return (no_update,) * 6
            return event_id, False, _summary(shown.event, ui), no_update, no_update, ""
        if not done:
            return (no_update,) * 6
        other_id = str(current[0]["id"]) if current else None
        a = store.find_shown(pending) if pending else None
        b = store.find_shown(other_id) if other_id and other_id != pending else None
        if a is None or b is None:
            return no_update, no_update, no_update, no_update, no_update, ui["merge_same"]
        store.add_corrections([corr.merge(a.key, a.event, b.key, b.event, _author())])
        return (None, True, "", _show(store, a.event.id, ui, reports), store.data_version(),
                ui["c_merged"])


def _register_actor_form(app: Dash, store: Store) -> None:
    @app.callback(Output(ids.ACTOR_NOTE, "children"), Input(ids.ACTOR_ADD, "n_clicks"),
                  State(ids.ACTOR_MODE, "value"), State(ids.ACTOR_NAME, "value"),
                  State(ids.ACTOR_CODE, "value"), State(ids.ACTOR_KIND, "value"),
                  State(ids.ACTOR_ID, "value"), State(ids.ACTOR_ALIAS, "value"),
                  State(ids.ACTOR_LANG, "value"), State(ids.UI_LANG, "value"),
                  prevent_initial_call=True)
    def add_actor(clicks, mode, name, code, kind, actor_id, alias, lang, ui_lang):  # type: ignore[no-untyped-def]
        if not clicks:
            return no_update
        ui = load_ui(ui_lang or "en")
        db = store.path
        try:
            if mode == "alias":
                if not userdata.add_alias(db, (actor_id or "").strip(), alias or "", lang):
                    return ui["c_nothing"]
                what, where = f"{alias!r} → {actor_id}", userdata.aliases_file(db, lang)
            else:
                pairs = [(alias, lang)] if (alias or "").strip() else []
                new_id = userdata.add_actor(db, name or "", code or "", kind, pairs)
                what, where = new_id, userdata.actors_file(db)
        except TimelineError as err:
            return ui["c_error"].format(error=err.message)
        return ui["actor_added"].format(what=what, file=where.name)


def _new_event(store: Store, event_id: str, values: Mapping[str, Any]) -> Event:
    """The event the "add" form describes, in the article of the event shown."""
    frame = store.events_frame()
    rows = frame.loc[frame["id"] == event_id, "article_id"]
    article = store.article(str(rows.iloc[0])) if not rows.empty else None
    if article is None:
        raise TimelineError("the article of this event is no longer in the store")
    text = article.text
    try:
        start, end = (int(x) for x in str(values["sentence"] or "").split(":"))
    except ValueError:
        raise TimelineError("pick a sentence of the article first") from None
    if not 0 <= start < end <= len(text):
        raise TimelineError("the sentence is not in the article any more")
    if values["type"] not in EVENT_TYPES:
        raise TimelineError("pick the event's type")
    source = userdata.actors_from_codes(values["source"], store.path)
    if not source:
        raise TimelineError("give the source's code")
    return Event(article.id, str(values["type"] or ""), source,
                 userdata.actors_from_codes(values["target"], store.path),
                 _when(values["date"], values["precision"]), "occurred", text[start:end],
                 start, end, 1.0, (Span(start, end),))
