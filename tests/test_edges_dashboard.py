"""The dashboard checks what it is sent: the Host header and every callback value."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from tests.test_reliability import ingest_once, write_corpus
from timeline.dashboard import create_app
from timeline.store import Store


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("dash")
    db = folder / "s.db"
    ingest_once([write_corpus(folder / "in", 12)], db)
    store = Store(db)
    try:
        app = create_app(store, host="timeline.lan")
    except TypeError:  # a version without --host checks: the tests show what it lets through
        app = create_app(store)
    yield app
    store.close()


def _request(client: Any, output_has: str, values: dict[str, Any]) -> dict:
    """The callback request of the callback writing ``output_has`` (``id.property``), its
    inputs and state set from ``values`` (``id.property`` -> value; None otherwise)."""
    deps = json.loads(client.get("/_dash-dependencies").data)
    dep = next((d for d in deps if d["output"] == output_has), None) or \
        next(d for d in deps if output_has in d["output"].strip(".").split("..."))
    outputs = [dict(zip(("id", "property"), o.split("."))) for o in
               dep["output"].strip(".").split("...")]

    def filled(items: list[dict]) -> list[Any]:  # a pattern (ALL): no such component
        return [[] if isinstance(i["id"], dict) else
                {**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in items]

    return {"output": dep["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": filled(dep["inputs"]),
            "state": filled(dep["state"]),
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep["inputs"]][:1]}


def _post(client: Any, payload: dict) -> Any:
    return client.post("/_dash-update-component", data=json.dumps(payload),
                       content_type="application/json")


def test_edges_dashboard_answers_only_its_own_host_names(app) -> None:
    client = app.server.test_client()
    for host in ("127.0.0.1:8050", "localhost:8050", "localhost", "[::1]:8050",
                 "timeline.lan:8050"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host
    for host in ("attacker.example:8050", "evil.example", "127.0.0.1.evil.example:8050"):
        assert client.get("/", headers={"Host": host}).status_code == 403, host
        assert client.get("/_dash-layout", headers={"Host": host}).status_code == 403


def test_edges_dashboard_interface_language_is_never_a_path(app, tmp_path: Path) -> None:
    client = app.server.test_client()
    fake = tmp_path / "x"
    fake.mkdir()
    (fake / "ui.json").write_text(json.dumps({"app_title": "PLANTED"}), encoding="utf-8")
    for lang in (str(fake), "../../../../" + str(fake), "../en", 5, ["ar"]):
        payload = _request(client, "table.rowData", {"ui-lang.value": lang})
        res = _post(client, payload)
        assert res.status_code in (200, 204), (lang, res.status_code)
        assert b"PLANTED" not in res.data
    from timeline.lexicon import load_ui
    assert load_ui("../../" + str(fake)) == load_ui("en")


def test_edges_dashboard_wrong_types_are_ignored_not_a_500(app) -> None:
    client = app.server.test_client()
    wrong = {"f-actors.value": 5, "f-role.value": {"x": 1}, "f-types.value": [1, 2],
             "f-dates.start_date": 20210101, "f-dates.end_date": ["x"],
             "f-langs.value": "ar", "f-outlets.value": [[]], "f-text.value": 7,
             "f-confidence.value": "high", "f-pair.data": {"a": 1}, "lanes.value": 3,
             "period.value": [], "f-reports.value": "yes", "ui-lang.value": "xx"}
    res = _post(client, _request(client, "table.rowData", wrong))
    assert res.status_code == 200, res.data[:300]
    from timeline.dashboard.guard import clean_payload
    form = {"inputs": [[{"id": {"type": "c-save", "id": "e1"}, "property": "n_clicks",
                         "value": "many"}]],
            "state": [[{"id": {"type": "c-date", "id": "e1"}, "property": "value",
                        "value": {"$gt": 1}}],
                      [{"id": {"type": "c-source", "id": "e1"}, "property": "value",
                        "value": "RUS"}]]}
    cleaned = clean_payload(form)
    assert [cleaned["inputs"][0][0]["value"], cleaned["state"][0][0]["value"],
            cleaned["state"][1][0]["value"]] == [None, None, "RUS"]
    detail = _request(client, "detail.children", {"timeline.clickData": "not a click",
                                                  "table.cellClicked": 12})
    assert _post(client, detail).status_code in (200, 204)


def test_edges_dashboard_sizes_are_capped(app) -> None:
    client = app.server.test_client()
    many = [f"X{i:06d}" for i in range(100_000)]
    t0 = time.monotonic()
    res = _post(client, _request(client, "table.rowData", {"f-actors.value": many,
                                                           "f-outlets.value": many}))
    assert res.status_code in (200, 413)
    assert time.monotonic() - t0 < 5  # before: 52 s
    huge = _request(client, "table.rowData", {"f-text.value": "x" * 2_000_000})
    assert _post(client, huge).status_code == 413
