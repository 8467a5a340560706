"""The first page comes with the layout, built for the URL the browser opened (#17)."""
from __future__ import annotations

import json

from tests.fixtures.demo import fill_demo_store
from timeline.dashboard import create_app, ids, prepare


def find(node, wanted: str):
    """The component of id ``wanted`` in a layout's JSON."""
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == wanted:
            return node
        return next((f for v in node.values() if (f := find(v, wanted)) is not None), None)
    if isinstance(node, list):
        return next((f for v in node if (f := find(v, wanted)) is not None), None)
    return None


def layout_for(app, referrer: str | None) -> dict:
    headers = {"Referer": referrer} if referrer is not None else {}
    got = app.server.test_client().get("/_dash-layout", headers=headers)
    assert got.status_code == 200
    return json.loads(got.data)


def test_first_page_built_for_the_query_of_the_page(tmp_path):
    app = create_app(fill_demo_store(tmp_path / "demo.db"))
    tree = layout_for(app, "http://localhost/?actors=RUS&ui=ar")
    assert find(tree, ids.ACTORS)["props"]["value"] == ["RUS"]
    assert find(tree, ids.WRAPPER)["props"]["dir"] == "rtl"
    # the page's callback sees it built for this URL and leaves it
    assert find(tree, ids.RENDERED)["props"]["data"] == "ar"
    assert find(tree, ids.WRITTEN)["props"]["data"] == "?actors=RUS&ui=ar"
    assert find(tree, ids.PREPARE_POLL) is None
    plain = layout_for(app, "http://localhost/")
    assert find(plain, ids.ACTORS)["props"]["value"] == []
    assert find(plain, ids.WRITTEN)["props"]["data"] == ""


def test_first_page_left_to_its_callback_without_a_referrer_of_this_site(tmp_path):
    app = create_app(fill_demo_store(tmp_path / "demo.db"))
    for referrer in (None, "http://elsewhere.example/?actors=RUS"):
        tree = layout_for(app, referrer)
        assert find(tree, ids.ACTORS) is None and find(tree, ids.PREPARE_POLL) is not None
        assert find(tree, ids.RENDERED)["props"]["data"] is None


def test_first_page_not_built_while_the_events_are_prepared(tmp_path):
    store = fill_demo_store(tmp_path / "demo.db")
    waiting = prepare.Progress()  # still at its first step
    serve = prepare.first_layout(store, waiting)
    app = create_app(store)
    with app.server.test_request_context("/_dash-layout",
                                         headers={"Referer": "http://localhost/"}):
        assert find(json.loads(json.dumps(serve().to_plotly_json(), default=_plain)),
                    ids.PREPARE_POLL) is not None
        waiting.step = len(prepare.STEPS)
        assert find(json.loads(json.dumps(serve().to_plotly_json(), default=_plain)),
                    ids.ACTORS) is not None


def _plain(value):
    return value.to_plotly_json() if hasattr(value, "to_plotly_json") else str(value)
