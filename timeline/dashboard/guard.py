"""What the dashboard's server accepts: the Host header, and the values of callback requests.

A page on another site can reach a dashboard on this machine through DNS rebinding; the
Host header tells: only ``127.0.0.1``, ``localhost`` (and ``[::1]``) or the host given
to ``serve --host`` are answered, anything else gets 403.

Every callback request (``/_dash-update-component``) is at most ``MAX_BODY`` bytes, and
each value it carries for a control of the page is checked against what that control
can send: the interface language against the known list, a text as a string of limited
length, a list as a list of at most ``MAX_ITEMS`` strings, a number as a number. A
value the page cannot send is ignored (the callback sees the control empty) with a
note on the server's log; a list too long keeps its first ``MAX_ITEMS`` values.
"""
from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Request, request
from werkzeug.exceptions import Forbidden, RequestEntityTooLarge

from timeline.dashboard import ids
from timeline.dashboard.state import UI_LANGS
from timeline.model import EVENT_TYPES

log = logging.getLogger("timeline.dashboard")

MAX_BODY = 1_000_000  # bytes of one callback request
MAX_ITEMS = 200  # values of one list (actors, outlets, ...)
MAX_TEXT = 1000  # characters of one text
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
_CALLBACK_PATH = "/_dash-update-component"

Check = Callable[[Any], Any]  # the value as the callback may see it; raises ValueError


def _text(limit: int = MAX_TEXT) -> Check:
    def check(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str) or len(value) > limit:
            raise ValueError("not a text")
        return value
    return check


def _one_of(choices: Iterable[Any]) -> Check:
    known = frozenset(choices)

    def check(value: Any) -> Any:
        if value is None or (isinstance(value, (str, bool)) and value in known):
            return value
        raise ValueError("not one of the choices")
    return check


def _texts(choices: Iterable[str] | None = None, limit: int = 200) -> Check:
    known = frozenset(choices) if choices is not None else None

    def check(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(
                isinstance(v, str) and len(v) <= limit for v in value[:MAX_ITEMS]):
            raise ValueError("not a list of texts")
        if known is not None and not set(value[:MAX_ITEMS]) <= known:
            raise ValueError("unknown values")
        return value[:MAX_ITEMS]
    return check


def _number(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError("not a number")
    return value


def _numbers(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > 2:
        raise ValueError("not a pair of numbers")
    return [_number(v) for v in value]


def _flag(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    raise ValueError("not true or false")


def _click(value: Any) -> Any:
    if value is None or isinstance(value, dict):
        return value
    raise ValueError("not a click")


#: (component id, property) -> the check of its value. Pattern-matching ids
#: ({"type": ..., ...}) are keyed by their type; their values come as one per component.
CHECKS: dict[tuple[str, str], Check] = {
    (ids.UI_LANG, "value"): _one_of(UI_LANGS),
    (ids.ACTORS, "value"): _texts(),
    (ids.ROLE, "value"): _one_of(("either", "source", "target")),
    (ids.TYPES, "value"): _texts(EVENT_TYPES),
    (ids.DATES, "start_date"): _text(40),
    (ids.DATES, "end_date"): _text(40),
    (ids.DATE_SLIDER, "value"): _numbers,
    (ids.DATE_SLIDER, "min"): _number,
    (ids.DATE_SLIDER, "max"): _number,
    (ids.LANGS, "value"): _texts(limit=20),
    (ids.OUTLETS, "value"): _texts(),
    (ids.TEXT, "value"): _text(),
    (ids.CONFIDENCE, "value"): _number,
    (ids.PAIR, "data"): _texts(limit=200),
    (ids.REPORTS, "value"): _flag,
    (ids.URL, "search"): _text(20_000),
    (ids.RENDERED, "data"): _one_of(UI_LANGS),
    (ids.WRITTEN, "data"): _text(20_000),
    (ids.TABLE_SEARCH, "value"): _text(),
    (ids.MATRIX, "clickData"): _click,
    (ids.TIMELINE, "clickData"): _click,
    (ids.TABLE, "cellClicked"): _click,
    (ids.ACTOR_NAME, "value"): _text(200),
    (ids.ACTOR_CODE, "value"): _text(40),
    (ids.ACTOR_ID, "value"): _text(200),
    (ids.ACTOR_ALIAS, "value"): _text(200),
    (ids.ACTOR_LANG, "value"): _text(10),
    (ids.ACTOR_KIND, "value"): _text(40),
    (ids.ACTOR_MODE, "value"): _text(40),
    # the correction form of the event shown (pattern-matching ids, one value per form)
    (ids.C_TYPE, "value"): _text(40),
    (ids.C_SOURCE, "value"): _text(2000),
    (ids.C_TARGET, "value"): _text(2000),
    (ids.C_DATE, "value"): _text(40),
    (ids.C_PRECISION, "value"): _text(20),
    (ids.C_SENTENCE, "value"): _text(40),
    (ids.C_ADD_TYPE, "value"): _text(40),
    (ids.C_ADD_SOURCE, "value"): _text(2000),
    (ids.C_ADD_TARGET, "value"): _text(2000),
    (ids.C_ADD_DATE, "value"): _text(40),
    (ids.C_ADD_PRECISION, "value"): _text(20),
}
for _button in (ids.CLEAR, ids.PAIR_REMOVE, ids.UNDATED_ITEM, ids.DOWNLOAD_ITEM, ids.C_SAVE,
                ids.C_REJECT, ids.C_MERGE, ids.C_ADD, ids.MERGE_DO, ids.MERGE_CANCEL,
                ids.ACTOR_ADD):
    CHECKS[(_button, "n_clicks")] = _number  # a count of clicks


def _key(component: Any) -> str | None:
    if isinstance(component, str):
        return component
    if isinstance(component, dict) and isinstance(component.get("type"), str):
        return component["type"]
    return None


def clean_payload(payload: Any) -> Any:
    """The callback request ``payload`` with every value a control cannot send replaced by
    None (and noted in the log); lists cut to ``MAX_ITEMS``."""
    if not isinstance(payload, dict):
        return payload
    for part in ("inputs", "state"):
        items = payload.get(part)
        if not isinstance(items, list):
            continue
        for group in items:
            for item in group if isinstance(group, list) else [group]:
                if not isinstance(item, dict):
                    continue
                check = CHECKS.get((_key(item.get("id")) or "", str(item.get("property"))))
                if check is None or "value" not in item:
                    continue
                try:
                    item["value"] = check(item["value"])
                except (ValueError, TypeError) as err:
                    log.warning("timeline: ignored a value of %s.%s the page cannot send (%s)",
                                _key(item.get("id")), item.get("property"), err)
                    item["value"] = None
    return payload


class GuardedRequest(Request):
    """Flask's request, with the JSON of a callback request checked (``clean_payload``)."""

    max_content_length = MAX_BODY

    def get_json(self, *args: Any, **kwargs: Any) -> Any:
        data = super().get_json(*args, **kwargs)
        if self.path.endswith(_CALLBACK_PATH) and not getattr(self, "_timeline_clean", False):
            data = clean_payload(data)
            self._timeline_clean = True
        return data


def protect(server: Flask, hosts: Iterable[str] = ()) -> None:
    """Check the Host header of every request and the body of every callback request."""
    allowed = LOCAL_HOSTS | {h.lower() for h in hosts if h}
    server.request_class = GuardedRequest

    @server.before_request
    def check_host() -> None:
        host = (request.host or "").lower()
        name = host[:host.find("]") + 1] if host.startswith("[") else host.split(":")[0]
        if name not in allowed:
            log.warning("timeline: refused a request for host %r", host[:100])
            raise Forbidden("unknown host")
        if request.content_length is not None and request.content_length > MAX_BODY:
            raise RequestEntityTooLarge()
